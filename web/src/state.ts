// Page state <-> URL. Parsing is strict: every value is checked against a closed set or pattern;
// a bad value falls back to its default and leaves a notice (shown translated). Unknown parameter
// names are ignored, so later labs can add their own without breaking old pages.
import type { Lang, MessageKey } from './i18n';

export type LabId = 'attention' | 'conv1x1' | 'pretrain';
export const LAB_IDS: readonly LabId[] = ['attention', 'conv1x1', 'pretrain'];

export interface PageState {
  lab: LabId;
  lang: Lang;
  embed: boolean;
  /** Names of controls to hide ([a-z0-9_-]+), in URL order, without repeats. */
  hide: string[];
  /** The shown lab's settings as URL parts ("v=1", "seed=1", "lr=0.01"...), see lab-config.ts. */
  config: string[];
}

export interface Notice {
  key: MessageKey;
  params: Record<string, string>;
}

export const DEFAULT_STATE: Readonly<PageState> = {
  lab: 'attention',
  lang: 'hi',
  embed: false,
  hide: [],
  config: [],
};

const NAME = /^[a-z0-9_-]{1,32}$/;
const MAX_HIDE = 32;
const MAX_SHOWN = 40;

/** A URL value as it may appear in a notice: bounded length, control characters removed. */
function shown(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

function isLab(value: string): value is LabId {
  return (LAB_IDS as readonly string[]).includes(value);
}

function isLang(value: string): value is Lang {
  return value === 'hi' || value === 'en';
}

/** Parses a location.search string. Never throws. */
export function parseState(search: string): { state: PageState; notices: Notice[] } {
  const state: PageState = { ...DEFAULT_STATE, hide: [], config: [] };
  const notices: Notice[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { state, notices };
  }
  const single = (name: string): string | null => {
    const all = params.getAll(name);
    if (all.length > 1) notices.push({ key: 'notice.repeated', params: { name } });
    return all.length ? all[0] : null;
  };

  const lab = single('lab');
  if (lab !== null) {
    if (isLab(lab)) state.lab = lab;
    else notices.push({ key: 'notice.bad_lab', params: { value: shown(lab) } });
  }
  const lang = single('lang');
  if (lang !== null) {
    if (isLang(lang)) state.lang = lang;
    else notices.push({ key: 'notice.bad_lang', params: { value: shown(lang) } });
  }
  const embed = single('embed');
  if (embed !== null) {
    if (embed === '1') state.embed = true;
    else if (embed !== '0' && embed !== '') {
      notices.push({ key: 'notice.bad_embed', params: { value: shown(embed) } });
    }
  }
  const hide = single('hide');
  if (hide !== null && hide !== '') {
    for (const name of hide.split(',')) {
      if (name === '') continue;
      if (!NAME.test(name)) {
        notices.push({ key: 'notice.bad_hide', params: { value: shown(name) } });
      } else if (!state.hide.includes(name) && state.hide.length < MAX_HIDE) {
        state.hide.push(name);
      }
    }
  }
  return { state, notices };
}

/** The query string of a state ("?lab=...&lang=..."); every value is already URL-safe. */
export function serializeState(state: PageState): string {
  const parts = [`lab=${state.lab}`, `lang=${state.lang}`];
  if (state.embed) parts.push('embed=1');
  if (state.hide.length) parts.push(`hide=${state.hide.join(',')}`);
  parts.push(...state.config);
  return `?${parts.join('&')}`;
}

/** Absolute URL of the page (index.html beside document.baseURI) for a state. */
export function pageUrl(state: PageState, baseUri: string): string {
  return new URL(`index.html${serializeState(state)}`, baseUri).href;
}
