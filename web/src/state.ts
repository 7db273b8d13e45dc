// Page state <-> URL. Parsing is strict: every value is checked against a closed set or pattern;
// a bad value falls back to its default and leaves a notice (shown translated). Unknown parameter
// names are ignored, so later labs can add their own without breaking old pages.
import type { Lang, MessageKey } from './i18n';
import { presetNames } from './presets';

export type LabId = 'attention' | 'conv1x1' | 'pretrain';
export const LAB_IDS: readonly LabId[] = ['attention', 'conv1x1', 'pretrain'];

export interface PageState {
  lab: LabId;
  lang: Lang;
  embed: boolean;
  /** Names of controls to hide ([a-z0-9_-]+), in URL order, without repeats. */
  hide: string[];
  /** A preset of the shown lab (presets.ts): only its syntax is checked here; lab-config.ts checks
   * that the lab has it once the schemas are known. */
  preset: string | null;
  /** Embedded: start training by itself whenever the lab is in view (autoplay=1). */
  autoplay: boolean;
  /** A guided step to open (?tour=<lab>&step=N, N from 1), or null. */
  tour: { lab: LabId; step: number } | null;
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
  preset: null,
  autoplay: false,
  tour: null,
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

/** The lab a page opens without `lab=` (a per-lab landing page names it in a meta tag). */
export function defaultLab(doc: Document): LabId {
  const named = doc.querySelector<HTMLMetaElement>('meta[name="prayog-lab"]')?.content ?? '';
  return isLab(named) ? named : DEFAULT_STATE.lab;
}

/** Parses a location.search string. Never throws. */
export function parseState(
  search: string,
  fallbackLab: LabId = DEFAULT_STATE.lab,
): { state: PageState; notices: Notice[] } {
  const state: PageState = { ...DEFAULT_STATE, lab: fallbackLab, hide: [], config: [] };
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
  // A tour names its lab: it opens that lab (without lab=) and must agree with lab= when given.
  const tour = single('tour');
  const step = single('step');
  let stepNumber = 1;
  if (step !== null) {
    if (/^[1-9][0-9]?$/.test(step)) stepNumber = Number(step);
    else notices.push({ key: 'notice.bad_step', params: { value: shown(step) } });
  }
  if (tour !== null) {
    if (!isLab(tour) || (lab !== null && isLab(lab) && lab !== tour)) {
      notices.push({ key: 'notice.bad_tour', params: { value: shown(tour) } });
    } else {
      state.lab = tour;
      state.tour = { lab: tour, step: stepNumber };
    }
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
  const autoplay = single('autoplay');
  if (autoplay !== null) {
    if (autoplay === '1') state.autoplay = true;
    else if (autoplay !== '0' && autoplay !== '') {
      notices.push({ key: 'notice.bad_autoplay', params: { value: shown(autoplay) } });
    }
  }
  const preset = single('preset');
  if (preset !== null && preset !== '') {
    if (presetNames(state.lab).includes(preset)) state.preset = preset;
    else {
      notices.push({
        key: 'notice.bad_preset',
        params: { value: shown(preset), list: presetNames(state.lab).join(', ') },
      });
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
  if (state.preset) parts.push(`preset=${state.preset}`);
  if (state.autoplay) parts.push('autoplay=1');
  if (state.tour) parts.push(`tour=${state.tour.lab}`, `step=${state.tour.step}`);
  if (state.hide.length) parts.push(`hide=${state.hide.join(',')}`);
  parts.push(...state.config);
  return `?${parts.join('&')}`;
}

/** Absolute URL of the page (index.html beside document.baseURI) for a state. */
export function pageUrl(state: PageState, baseUri: string): string {
  return new URL(`index.html${serializeState(state)}`, baseUri).href;
}
