// The three lab sections and the navigation between them. Until a lab's engine side lands, its
// section says what it teaches (all text from the catalogs); the live lab (views/lab-shell.ts) goes
// into it once the engine has loaded, and until then a loading line stands in its place.
import { formatNumber, type MessageKey } from '../i18n';
import type { LabId, PageState } from '../state';
import { serializeState } from '../state';
import { h } from './dom';
import type { Texts } from './texts';

export interface LabInfo {
  id: LabId;
  short: MessageKey;
  title: MessageKey;
  summary: MessageKey;
  see: MessageKey[];
  change: MessageKey[];
  formula: MessageKey;
  formulaNote: MessageKey;
  /** Suggested iframe height (px) of the embed snippet. */
  embedHeight: number;
  example(texts: Texts): HTMLElement;
}

function attentionExample(texts: Texts): HTMLElement {
  const rows: Array<[MessageKey, number, MessageKey]> = [
    ['lab.attention.example.face', 0.8, 'lab.attention.example.high'],
    ['lab.attention.example.background', 0.2, 'lab.attention.example.low'],
    ['lab.attention.example.car', 0.7, 'lab.attention.example.high'],
  ];
  const score = (value: number) => {
    const cell = h('td', { class: 'num' });
    // The score as a number in the current language, with a bar of the same length.
    const label = h('span');
    texts.onChange((lang) => {
      label.textContent = formatNumber(lang, value, 1);
    });
    const bar = h('span', { class: 'score-bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--score', String(value));
    cell.append(label, bar);
    return cell;
  };
  return h(
    'div',
    { class: 'example-table' },
    h(
      'table',
      {},
      texts.text(h('caption'), 'lab.attention.example.caption'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          texts.text(h('th', { scope: 'col' }), 'lab.attention.example.col_region'),
          texts.text(h('th', { scope: 'col', class: 'num' }), 'lab.attention.example.col_score'),
          texts.text(h('th', { scope: 'col' }), 'lab.attention.example.col_focus'),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map(([region, value, focus]) =>
          h(
            'tr',
            {},
            texts.text(h('th', { scope: 'row' }), region),
            score(value),
            texts.text(h('td'), focus),
          ),
        ),
      ),
    ),
    texts.text(h('p'), 'lab.attention.example.note'),
  );
}

function conv1x1Example(texts: Texts): HTMLElement {
  const [hgt, wid, cin, cout] = [32, 32, 64, 32];
  const params = cin * cout + cout;
  const macs = hgt * wid * cin * cout;
  const sizes = { h: hgt, w: wid, cin, cout };
  return h(
    'div',
    {},
    texts.text(h('p'), 'lab.conv1x1.example.text', sizes),
    texts.text(h('p'), 'lab.conv1x1.example.cost', {
      cin,
      params,
      macs,
      params3: 9 * cin * cout + cout,
      macs3: 9 * macs,
    }),
  );
}

function pretrainExample(texts: Texts): HTMLElement {
  const steps: MessageKey[] = [
    'lab.pretrain.step.1',
    'lab.pretrain.step.2',
    'lab.pretrain.step.3',
    'lab.pretrain.step.4',
  ];
  return h(
    'div',
    {},
    texts.text(h('p', { class: 'example-sub' }), 'lab.pretrain.steps.heading'),
    h('ol', { class: 'steps' }, ...steps.map((key) => texts.text(h('li'), key))),
  );
}

export const LABS: readonly LabInfo[] = [
  {
    id: 'attention',
    short: 'lab.attention.short',
    title: 'lab.attention.title',
    summary: 'lab.attention.summary',
    see: [
      'lab.attention.see.1',
      'lab.attention.see.2',
      'lab.attention.see.3',
      'lab.attention.see.4',
    ],
    change: [
      'lab.attention.change.1',
      'lab.attention.change.2',
      'lab.attention.change.3',
      'lab.attention.change.4',
    ],
    formula: 'lab.attention.formula',
    formulaNote: 'lab.attention.formula.note',
    embedHeight: 640,
    example: attentionExample,
  },
  {
    id: 'conv1x1',
    short: 'lab.conv1x1.short',
    title: 'lab.conv1x1.title',
    summary: 'lab.conv1x1.summary',
    see: ['lab.conv1x1.see.1', 'lab.conv1x1.see.2', 'lab.conv1x1.see.3', 'lab.conv1x1.see.4'],
    change: ['lab.conv1x1.change.1', 'lab.conv1x1.change.2', 'lab.conv1x1.change.3'],
    formula: 'lab.conv1x1.formula',
    formulaNote: 'lab.conv1x1.formula.note',
    embedHeight: 640,
    example: conv1x1Example,
  },
  {
    id: 'pretrain',
    short: 'lab.pretrain.short',
    title: 'lab.pretrain.title',
    summary: 'lab.pretrain.summary',
    see: ['lab.pretrain.see.1', 'lab.pretrain.see.2', 'lab.pretrain.see.3', 'lab.pretrain.see.4'],
    change: ['lab.pretrain.change.1', 'lab.pretrain.change.2', 'lab.pretrain.change.3'],
    formula: 'lab.pretrain.formula',
    formulaNote: 'lab.pretrain.formula.note',
    embedHeight: 640,
    example: pretrainExample,
  },
];

export function labInfo(id: LabId): LabInfo {
  return LABS.find((lab) => lab.id === id) ?? LABS[0];
}

function labSection(texts: Texts, lab: LabInfo): HTMLElement {
  const titleId = `lab-${lab.id}-title`;
  const list = (heading: MessageKey, keys: MessageKey[]) =>
    h(
      'div',
      { class: 'lab-list' },
      texts.text(h('h3'), heading),
      h('ul', {}, ...keys.map((key) => texts.text(h('li'), key))),
    );
  return h(
    'section',
    { class: 'lab', 'data-lab': lab.id, 'aria-labelledby': titleId },
    h('div', { class: 'lab-head' }, texts.text(h('h2', { id: titleId }), lab.title)),
    texts.text(h('p', { class: 'lead' }), lab.summary),
    h(
      'div',
      { class: 'lab-live', 'data-live': lab.id },
      // An embed waiting to be scrolled into view says so instead (main.css: data-engine=idle).
      texts.text(h('p', { class: 'lab-loading', 'data-soon': '' }), 'shell.loading'),
      texts.text(h('p', { class: 'lab-loading lab-idle', 'data-soon': '' }), 'engine.status.idle'),
    ),
    h(
      'details',
      { class: 'lab-about', 'data-control': 'about-lab', open: true },
      texts.text(h('summary'), 'lab.about.summary'),
      h(
        'div',
        { class: 'lab-columns' },
        list('lab.see.heading', lab.see),
        list('lab.change.heading', lab.change),
      ),
      h(
        'div',
        { class: 'lab-example' },
        texts.text(h('h3'), 'lab.example.heading'),
        lab.example(texts),
      ),
      h(
        'div',
        { class: 'lab-formula' },
        texts.text(h('h3'), 'lab.formula.heading'),
        texts.text(h('p', { class: 'formula', dir: 'ltr' }), lab.formula),
        texts.text(h('p'), lab.formulaNote),
      ),
      texts.text(h('p', { class: 'lab-common' }), 'lab.common'),
    ),
  );
}

export interface LabsView {
  sections: HTMLElement;
  show(lab: LabId): void;
  /** Puts a live lab into its section (the loading line goes; the about text stays, folded). */
  attach(lab: LabId, el: HTMLElement): void;
  section(lab: LabId): HTMLElement;
}

export function createLabsView(texts: Texts): LabsView {
  const all = LABS.map((lab) => labSection(texts, lab));
  const sections = h('div', { class: 'labs' }, ...all);
  return {
    sections,
    show(lab) {
      for (const section of all) section.hidden = section.dataset.lab !== lab;
    },
    attach(lab, el) {
      const section = all.find((s) => s.dataset.lab === lab);
      if (!section) return;
      for (const soon of section.querySelectorAll('[data-soon]')) soon.remove();
      section.querySelector('details.lab-about')?.removeAttribute('open');
      section.querySelector('[data-live]')?.append(el);
    },
    section(lab) {
      return all.find((s) => s.dataset.lab === lab) ?? all[0];
    },
  };
}

export interface LabNav {
  el: HTMLElement;
  update(state: PageState): void;
}

/** Links between the labs: real links (open in a new tab works), intercepted for no reload. */
export function createLabNav(texts: Texts, onSelect: (lab: LabId) => void): LabNav {
  const links = LABS.map((lab) => {
    const a = texts.text(h('a', { href: `?lab=${lab.id}`, 'data-nav-lab': lab.id }), lab.short);
    a.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
        return;
      event.preventDefault();
      onSelect(lab.id);
    });
    return a;
  });
  const el = texts.attr(
    h(
      'nav',
      { class: 'lab-nav', 'data-chrome': '' },
      h('ul', {}, ...links.map((a) => h('li', {}, a))),
    ),
    'aria-label',
    'nav.label',
  );
  return {
    el,
    update(state) {
      for (const a of links) {
        const id = a.dataset.navLab as LabId;
        a.href = serializeState({ ...state, lab: id });
        if (id === state.lab) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
  };
}
