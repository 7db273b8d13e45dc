// Message lookup and number formatting for the two catalogs. Every visible string goes through t().
import { en } from './en';
import { hi } from './hi';

export type Lang = 'hi' | 'en';
export const LANGS: readonly Lang[] = ['hi', 'en'];

export type MessageKey = keyof typeof hi;
export type Params = Readonly<Record<string, string | number>>;

// Compile-time proof that both catalogs have exactly the same keys.
type Missing = Exclude<MessageKey, keyof typeof en> | Exclude<keyof typeof en, MessageKey>;
const sameKeys: [Missing] extends [never] ? true : false = true;
void sameKeys;

const CATALOGS: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { hi, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(hi, key);
}

export function locale(lang: Lang): string {
  return lang === 'hi' ? 'hi-IN' : 'en-IN';
}

/** Formats a number for display in the given language (grouping, decimals). */
export function formatNumber(lang: Lang, value: number, maximumFractionDigits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits }).format(value);
}

/** The message `key` in `lang`, with {name} placeholders filled (numbers formatted for `lang`). */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = CATALOGS[lang][key];
  return template.replace(/\{([a-z0-9_]+)\}/gi, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(lang, value, 2) : value;
  });
}
