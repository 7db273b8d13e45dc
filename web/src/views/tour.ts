// "प्रयोग करके देखें": a lab's guided tour. Each step sets the lab's settings (over the defaults,
// with the reader's seed), measures the step's numbers in the engine, trains its budget in view,
// measures again and shows the engine's verdict on the seed's claim with the numbers — or says
// honestly that this seed did not show it and offers another. Arrow keys move between steps;
// the verdict is announced (aria-live). The tour only asks the shell and the worker; it never
// decides a verdict itself.
import type { ConfigValues, LabSchema } from '../../../wasm/api.js';
import { formatNumber, isMessageKey, locale, type MessageKey } from '../i18n';
import { defaults, parseField } from '../lab-config';
import type { PageToWorker, TourStepInfo, WorkerToPage } from '../protocol';
import type { LabId } from '../state';
import '../styles/tour.css';
import { clear, h } from './dom';
import type { LabShell } from './lab-shell';
import { createMathsPanel } from './maths-panel';
import type { Texts } from './texts';

/** Steps per animation frame while a guided step trains (the shell's fastest speed). */
const TOUR_SPEED = 50;

/** The seed's formula of each step (language-neutral TeX), where it has one. */
const FORMULAS: Record<string, string> = {
  'attention.softmax_sum': String.raw`\sum_j \mathrm{softmax}(s)_j = \sum_j \frac{e^{s_j}}{\sum_k e^{s_k}} = 1`,
  'attention.sqrt_d': String.raw`\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d}}\right) V`,
  'attention.hard_vs_soft': String.raw`\text{soft: } \sum_j a_j v_j \qquad \text{hard: } v_{j^*},\ j^* \sim a`,
  'attention.multi_head': String.raw`\mathrm{MultiHead} = \mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)\, W^O`,
  'attention.images': String.raw`a = \mathrm{softmax}(q^\top k_{ij}), \quad z = \sum_{ij} a_{ij} v_{ij}`,
  'attention.cost': String.raw`QK^\top:\ T \times T \ \Rightarrow\ O(T^2 d)`,
  'conv1x1.example': String.raw`32 \times 32 \times 64 \ \xrightarrow{\ 32 \text{ filters } 1\times1\ }\ 32 \times 32 \times 32`,
  'conv1x1.pixel': String.raw`O = \sum I \cdot W + b`,
  'conv1x1.bottleneck': String.raw`H W k^2 C_{in} C_{out} \ \text{vs}\ H W (C_{in} r + k^2 r\, C_{out})`,
  'conv1x1.spatial_limit': String.raw`O_{xy} = \sum_c I_{xyc} W_c + b \ \ (\text{no neighbours})`,
  'pretrain.stages': String.raw`h_i = f(W_i h_{i-1} + b_i)`,
  'pretrain.vanishing': String.raw`\frac{\partial L}{\partial W_1} = \delta_L \prod_{i} W_i^\top f'(z_i)`,
  'pretrain.relu_he': String.raw`f(z) = \max(0, z), \quad W \sim \mathcal{N}\!\left(0, \tfrac{2}{n_{in}}\right)`,
};

/** Numbers shown as percentages (the engine gives fractions). */
const PERCENT = /(accuracy|share|area|drop|chance)/;

export interface TourView {
  el: HTMLElement;
  handle(msg: WorkerToPage): void;
  /** Open step `n` (from 1); `run`: start it at once. */
  select(n: number, run: boolean): void;
}

export interface TourOptions {
  lab: LabId;
  schema: LabSchema;
  steps: TourStepInfo[];
  shell: LabShell;
  send(msg: PageToWorker): void;
  /** The reader moved to step n (the permalink follows). */
  onStep(n: number): void;
  open: boolean;
}

type Phase = 'idle' | 'opening' | 'measuring' | 'training' | 'judging' | 'done' | 'error';

export function createTour(texts: Texts, opts: TourOptions): TourView {
  const { lab, schema, steps, shell } = opts;
  const state = {
    index: 0,
    phase: 'idle' as Phase,
    session: -1,
    seed: null as number | null,
  };
  const key = (step: string, part: string) => `tour.${lab}.${step}.${part}`;
  const msgKey = (k: string): MessageKey | null => (isMessageKey(k) ? k : null);

  // --- view ------------------------------------------------------------------------------------
  const tabs = steps.map((s, i) => {
    const b = h('button', {
      type: 'button',
      class: 'tour-tab',
      'data-tour-step': String(i + 1),
      'aria-controls': `tour-${lab}-panel`,
    });
    const title = msgKey(key(s.id, 'title'));
    b.append(h('span', { class: 'tour-tab-n' }, String(i + 1)), ' ');
    const label = h('span', { class: 'tour-tab-label' });
    if (title) texts.text(label, title);
    else label.textContent = s.id;
    b.append(label);
    b.addEventListener('click', () => select(i + 1, false));
    return b;
  });
  const counter = h('p', { class: 'tour-counter' });
  const title = h('h3', { class: 'tour-title', id: `tour-${lab}-title` });
  const body = h('p', { class: 'tour-body' });
  const maths = createMathsPanel(texts, { id: `tour-${lab}`, title: 'tour.formula' });
  const runBtn = texts.text(
    h('button', { type: 'button', class: 'button btn-main', 'data-action': 'tour-run' }),
    'tour.run',
  );
  const progress = h('p', { class: 'tour-progress', 'data-tour-progress': '' });
  const verdict = h('div', {
    class: 'tour-verdict',
    'aria-live': 'polite',
    'data-verdict': '',
  });
  const prev = texts.text(
    h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'tour-prev' }),
    'tour.prev',
  );
  const next = texts.text(
    h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'tour-next' }),
    'tour.next',
  );
  const panel = h(
    'div',
    {
      class: 'tour-panel',
      id: `tour-${lab}-panel`,
      role: 'region',
      'aria-labelledby': `tour-${lab}-title`,
    },
    counter,
    title,
    body,
    maths.el,
    h('div', { class: 'tour-actions' }, runBtn, progress),
    verdict,
    h('div', { class: 'tour-nav' }, prev, next),
  );
  const summary = texts.text(h('summary'), 'tour.summary', { n: steps.length });
  const el = h(
    'details',
    { class: 'tour', 'data-tour': lab, 'data-control': 'tour', open: opts.open },
    summary,
    texts.text(h('p', { class: 'tour-intro' }), 'tour.intro'),
    h('div', { class: 'tour-tabs', role: 'group' }, ...tabs),
    panel,
  );
  texts.attr(el.querySelector('.tour-tabs') as HTMLElement, 'aria-label', 'tour.steps_label');

  const current = () => steps[state.index];

  const setPhase = (phase: Phase) => {
    state.phase = phase;
    el.dataset.phase = phase;
    runBtn.disabled = phase === 'opening' || phase === 'measuring' || phase === 'judging';
    texts.text(
      runBtn,
      phase === 'training' ? 'tour.running' : phase === 'done' ? 'tour.rerun' : 'tour.run',
    );
  };

  const renderStep = () => {
    const s = current();
    tabs.forEach((t, i) => t.setAttribute('aria-current', i === state.index ? 'step' : 'false'));
    texts.text(counter, 'tour.counter', { n: state.index + 1, total: steps.length });
    const t = msgKey(key(s.id, 'title'));
    const b = msgKey(key(s.id, 'body'));
    if (t) texts.text(title, t);
    if (b) texts.text(body, b);
    const tex = FORMULAS[`${lab}.${s.id}`];
    maths.el.hidden = !tex;
    if (tex) maths.set(tex);
    prev.disabled = state.index === 0;
    next.disabled = state.index === steps.length - 1;
    el.dataset.step = String(state.index + 1);
    el.dataset.stepId = s.id;
    clear(progress);
    texts.unbind(progress);
    clear(verdict);
    delete verdict.dataset.shown;
    setPhase('idle');
  };

  /** The numbers of a verdict as the sentence shows them, in the reader's language. */
  const shownNumbers = (numbers: Record<string, number>) => {
    const out: Record<string, string> = {};
    const significant = new Intl.NumberFormat(locale(texts.lang), { maximumSignificantDigits: 3 });
    for (const [name, v] of Object.entries(numbers)) {
      // A gap between two accuracies is in percentage points.
      if (name === 'gap') out[name] = formatNumber(texts.lang, v * 100, 1);
      else if (PERCENT.test(name)) out[name] = `${formatNumber(texts.lang, v * 100, 1)}%`;
      else if (Number.isInteger(v)) out[name] = formatNumber(texts.lang, v, 0);
      else out[name] = significant.format(v);
    }
    return out;
  };

  const stepValues = (): ConfigValues => {
    const s = current();
    const values = defaults(schema);
    for (const [k, raw] of Object.entries(s.settings)) {
      const field = schema.fields.find((f) => f.key === k);
      const v = field ? parseField(field, raw) : null;
      if (v !== null) values[k] = v;
    }
    values.seed = state.seed ?? Number(shell.session().config.seed ?? values.seed);
    return values;
  };

  const run = () => {
    const values = stepValues();
    state.seed = Number(values.seed);
    clear(verdict);
    delete verdict.dataset.shown;
    setPhase('opening');
    shell.openWith(values);
  };

  const select = (n: number, start: boolean) => {
    const i = Math.min(Math.max(1, Math.round(n)), steps.length) - 1;
    if (i !== state.index || state.phase !== 'idle') {
      state.index = i;
      renderStep();
    }
    opts.onStep(i + 1);
    if (start) run();
  };

  runBtn.addEventListener('click', () => {
    state.seed = null;
    run();
  });
  prev.addEventListener('click', () => select(state.index, false));
  next.addEventListener('click', () => select(state.index + 2, false));
  el.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea')) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      select(state.index + 1 + (event.key === 'ArrowRight' ? 1 : -1), false);
      tabs[state.index]?.focus();
    }
  });

  shell.listen({
    opened(id) {
      if (state.phase !== 'opening') return;
      state.session = id;
      setPhase('measuring');
      opts.send({ type: 'tour-measure', id, step: current().id });
    },
    snapshot(id, done) {
      if (state.phase !== 'training' || id !== state.session) return;
      texts.text(progress, 'tour.progress', { n: done, total: current().steps });
    },
    paused() {
      if (state.phase !== 'training') return;
      const { id, stepsDone } = shell.session();
      if (id !== state.session) return;
      if (stepsDone >= current().steps) {
        setPhase('judging');
        opts.send({ type: 'tour-judge', id, step: current().id });
      } else {
        // The reader paused (or the run diverged): the verdict waits for the whole budget.
        setPhase('idle');
        texts.text(progress, 'tour.paused', { n: stepsDone, total: current().steps });
      }
    },
    stopped() {
      // The engine died mid-step: the reader runs the step again once it is back.
      if (state.phase === 'idle' || state.phase === 'done') return;
      state.session = -1;
      setPhase('idle');
      texts.unbind(progress);
      progress.textContent = '';
    },
  });

  const showVerdict = (shown: boolean, numbers: Record<string, number>) => {
    const s = current();
    clear(verdict);
    verdict.dataset.shown = shown ? '1' : '0';
    const k = msgKey(key(s.id, shown ? 'yes' : 'no'));
    const line = h('p', { class: 'tour-verdict-text' });
    const badge = texts.text(
      h('span', { class: `tour-badge ${shown ? 'tour-yes' : 'tour-no'}` }),
      shown ? 'tour.shown' : 'tour.not_shown',
    );
    if (k) texts.text(line, k, shownNumbers(numbers));
    verdict.append(badge, line);
    if (!shown) {
      const other = (state.seed ?? 1) + 1;
      const retry = texts.text(
        h('button', { type: 'button', class: 'button', 'data-action': 'tour-retry' }),
        'tour.other_seed',
        { seed: other },
      );
      retry.addEventListener('click', () => {
        state.seed = other;
        run();
      });
      verdict.append(texts.text(h('p', { class: 'hint' }), 'tour.not_shown_why'), retry);
    }
    setPhase('done');
  };

  renderStep();

  return {
    el,
    select,
    handle(msg) {
      switch (msg.type) {
        case 'tour-measured': {
          if (msg.id !== state.session || state.phase !== 'measuring') return;
          if (msg.step !== current().id) return;
          const budget = current().steps;
          if (budget > 0) {
            setPhase('training');
            texts.text(progress, 'tour.progress', { n: 0, total: budget });
            shell.runTo(budget, TOUR_SPEED);
          } else {
            setPhase('judging');
            opts.send({ type: 'tour-judge', id: msg.id, step: msg.step });
          }
          break;
        }
        case 'tour-verdict': {
          if (msg.id !== state.session || state.phase !== 'judging') return;
          if (msg.step !== current().id) return;
          showVerdict(msg.shown, msg.numbers);
          break;
        }
        case 'error': {
          if (msg.during !== 'lab' || msg.op !== 'tour' || msg.id !== state.session) return;
          setPhase('error');
          clear(verdict);
          verdict.append(texts.text(h('p', { class: 'ctl-error' }), 'tour.error'));
          break;
        }
        default:
          break;
      }
    },
  };
}
