// The lab shell every lab shares: settings generated from the lab's schema (labels and help from the
// catalogs), play / pause / step / reset / speed, the metrics strip, loss and accuracy charts with
// every arm overlaid, a status line that explains errors and divergence (with "halve the learning
// rate and resume"), exports (PNG, CSV, JSON) and the glossary. The lab-specific views plug in as
// a LabDetail. Training happens in the worker; this file only asks and draws.
import type { ConfigValues, LabSchema, SchemaField } from '../../../wasm/api.js';
import { formatNumber, isMessageKey, type MessageKey, type Params } from '../i18n';
import { baseValues, defaults, parseField, serializeLabParams } from '../lab-config';
import { PRESETS, presetKeys, type Preset } from '../presets';
import type { LabId } from '../state';
import { createPlayer, DEFAULT_SPEED, SPEEDS, type Player } from '../lab-player';
import type { EngineError, PageToWorker, ViewRequest, WorkerToPage } from '../protocol';
import '../styles/lab-shell.css';
import { clear, h } from './dom';
import { canvasToPng, createExportMenu, csvFromColumns, downloadBlob } from './download';
import { errorKey } from './errors';
import { glossaryTerms } from './glossary';
import { createLineChart, type LineChart } from './line-chart';
import type { Texts } from './texts';

type Snapshot = Extract<WorkerToPage, { type: 'lab-snapshot' }>;

/** The lab-specific part of a lab (attention heatmaps, 1x1 explorer, pretraining timeline...). */
export interface LabDetail {
  el: HTMLElement;
  /** What the next snapshot should carry. */
  viewRequest(): ViewRequest;
  /** A new session (new settings): its arms, primary first, and its settings. */
  opened(arms: string[], config: ConfigValues): void;
  /** Only view settings (LabShellOptions.viewKeys) changed: the session and its training go on. */
  reconfigured?(config: ConfigValues): void;
  render(snapshot: Snapshot): void;
  /** Once per animation frame while anything changed (charts batch their redraws). */
  frame(): void;
  /** Canvases the "PNG" export saves, by file name stem. */
  canvases(): Array<{ name: string; canvas: HTMLCanvasElement | null }>;
  onDemo?(demo: 'scaling' | 'cost', points: Array<Record<string, number>>): void;
}

export interface LabContext {
  texts: Texts;
  send(msg: PageToWorker): void;
  /** Current session id (for demo requests), or -1 before the first. */
  sessionId(): number;
  /** Ask for a fresh snapshot without training (a view selection changed). */
  refresh(): void;
  /** Settings in use (last good). */
  config(): ConfigValues;
}

export interface LabShellOptions {
  lab: LabId;
  schema: LabSchema;
  /** Settings from the URL (already parsed against the schema, over the preset's values). */
  initial: ConfigValues;
  /** The preset the settings start from (?preset=), or null. */
  preset: Preset | null;
  /** Start playing as soon as the first session is open (embedded, ?autoplay=1). */
  autoplay?: boolean;
  /** The reader picked another preset (null: none); its settings are being opened. */
  onPreset?(name: string | null): void;
  /** Keys hidden by ?hide=... */
  hidden: string[];
  /** Keys shown before the others. */
  first?: string[];
  /** Glossary terms of this lab (views/glossary.ts), in order. */
  glossary?: readonly string[];
  /** Keys that change only the lab's views: a change of only these keeps the session (and its
   * training) and is sent as lab-reconfigure instead of re-opening the lab. */
  viewKeys?: string[];
  /** Fields shown only when the predicate holds (e.g. image keys in image mode). */
  visibleWhen?: Record<string, (values: ConfigValues) => boolean>;
  /** Metric names of the strip and of the history, in order; the first is the loss. */
  metrics: string[];
  /** Metrics drawn in the accuracy chart (0..1 shown as %). */
  accuracyMetric: string;
  send(msg: PageToWorker): void;
  /** The settings changed and were accepted: update the permalink. */
  onConfig(parts: string[]): void;
  makeDetail(ctx: LabContext): LabDetail;
  /** The reader asked for a new engine after the worker died (see LabShell.engineStopped). */
  onRestartEngine?(): void;
  win: Window;
}

export interface LabShell {
  el: HTMLElement;
  /** Messages from the worker for this lab. */
  handle(msg: WorkerToPage): void;
  start(): void;
  setVisible(visible: boolean): void;
  /** A guided step: open a new session with exactly these settings (the inputs follow). */
  openWith(values: ConfigValues): void;
  /** Plays until `target` steps are done (at `speed` steps per frame), then pauses. */
  runTo(target: number, speed: number): void;
  /** Session id in use (-1 before the first), and its steps done. */
  session(): { id: number; stepsDone: number; playing: boolean; config: ConfigValues };
  /** Told after every session opened, snapshot handled and pause. */
  listen(listener: ShellListener): void;
  /** The element guided tours go in (above the lab's bar). */
  tourSlot: HTMLElement;
  /** The worker died: its session is gone. Say so (with the step reached) and offer a restart. */
  engineStopped(detail: string): void;
  /** A new engine is ready: open a session with the last good settings (the inputs stay). */
  restart(): void; /** The inputs show what runs again (a draft typed but not run is dropped, errors cleared). */
  discardDraft(): void;
}

export interface ShellListener {
  opened?(id: number): void;
  snapshot?(id: number, stepsDone: number): void;
  paused?(): void;
  /** The engine died: whatever was waiting for an answer will not get one. */
  stopped?(): void;
}

/** Catalog key of a field label / help / choice, when present. */
function fieldKey(kind: 'field' | 'help', lab: string, key: string): MessageKey | null {
  const k = `${kind}.${lab}.${key}`;
  return isMessageKey(k) ? k : null;
}
function choiceKey(lab: string, key: string, value: string): MessageKey | null {
  for (const k of [`choice.${lab}.${key}.${value}`, `choice.${key}.${value}`]) {
    if (isMessageKey(k)) return k;
  }
  return null;
}

const METRIC_DIGITS: Record<string, number> = { loss: 4, grad_norm: 3, entropy: 3, ms: 2 };
const PERCENT = new Set(['accuracy', 'object_attention', 'test_accuracy']);

/** Session ids are unique across the page's shells (they share one worker and its messages). */
let nextSessionId = 1;

export function createLabShell(texts: Texts, opts: LabShellOptions): LabShell {
  const { lab, schema, win } = opts;
  const doc = win.document;
  let sessionId = -1;
  let preset: Preset | null = opts.preset;
  let autoplay = opts.autoplay ?? false;
  let good: ConfigValues = { ...baseValues(schema, preset), ...opts.initial };
  let draft: ConfigValues = { ...good };
  let arms: string[] = [];
  let lastSnapshot: Snapshot | null = null;
  const history: { step: number[]; byArm: Record<string, number[]>[] } = { step: [], byArm: [] };

  const send = (msg: PageToWorker) => opts.send(msg);

  // --- settings form -----------------------------------------------------------------------
  const fieldErrors = new Map<string, HTMLElement>();
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const wrappers = new Map<string, HTMLElement>();

  const fieldLabel = (key: string): string => {
    const k = fieldKey('field', lab, key);
    return k ? texts.t(k) : key;
  };

  const showFieldError = (key: string, err: EngineError | null) => {
    const box = fieldErrors.get(key);
    const input = inputs.get(key);
    if (!box || !input) return;
    if (!err) {
      box.hidden = true;
      clear(box);
      input.removeAttribute('aria-invalid');
      return;
    }
    box.hidden = false;
    texts.text(box, errorKey(err.key), translatedParams(err.params));
    input.setAttribute('aria-invalid', 'true');
  };

  const translatedParams = (params: Record<string, string> = {}): Params => {
    // The field's name as the reader sees it in the settings, not its key.
    return params.field ? { ...params, field: fieldLabel(params.field) } : { ...params };
  };

  const valueText = (f: SchemaField, v: ConfigValues[string]) =>
    typeof v === 'number' ? String(v) : String(v ?? f.default);

  const makeControl = (f: SchemaField): HTMLElement => {
    const id = `ctl-${lab}-${f.key}`;
    const label = h('label', { for: id, class: 'ctl-label' });
    const lk = fieldKey('field', lab, f.key);
    if (lk) texts.text(label, lk);
    else label.textContent = f.key;
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.type === 'bool') {
      input = h('input', { id, type: 'checkbox', 'data-key': f.key });
      (input as HTMLInputElement).checked = Boolean(good[f.key]);
    } else if (f.type === 'choice') {
      const select = h('select', { id, 'data-key': f.key });
      for (const c of f.choices ?? []) {
        const o = h('option', { value: c });
        const ck = choiceKey(lab, f.key, c);
        if (ck) texts.text(o, ck);
        else o.textContent = c;
        select.append(o);
      }
      select.value = String(good[f.key]);
      input = select;
    } else {
      input = h('input', {
        id,
        type: 'text',
        inputmode: f.type === 'int' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        spellcheck: 'false',
        'data-key': f.key,
        dir: 'ltr',
      });
      (input as HTMLInputElement).value = valueText(f, good[f.key]);
    }
    inputs.set(f.key, input);
    const helpId = `${id}-help`;
    const help = h('p', { id: helpId, class: 'ctl-help' });
    const hk = fieldKey('help', lab, f.key);
    // Bounds as typed (0.00001, not a rounded 0): they are what the input accepts.
    if (hk) texts.text(help, hk, { min: String(f.min), max: String(f.max) });
    else help.hidden = true;
    const errId = `${id}-error`;
    const err = h('p', { id: errId, class: 'ctl-error', role: 'alert', hidden: true });
    fieldErrors.set(f.key, err);
    input.setAttribute('aria-describedby', `${helpId} ${errId}`);
    input.addEventListener('change', () => onInput(f, input));
    const wrap = h(
      'div',
      { class: `ctl ctl-${f.type}`, 'data-control': f.key },
      f.type === 'bool' ? h('div', { class: 'ctl-check' }, input, label) : label,
      f.type === 'bool' ? null : input,
      help,
      err,
    );
    wrappers.set(f.key, wrap);
    return wrap;
  };

  const readInput = (f: SchemaField, input: HTMLInputElement | HTMLSelectElement) =>
    f.type === 'bool' ? (input as HTMLInputElement).checked : input.value;

  const onInput = (f: SchemaField, input: HTMLInputElement | HTMLSelectElement) => {
    const raw = readInput(f, input);
    const value = typeof raw === 'boolean' ? raw : parseField(f, raw);
    if (value === null) {
      // The same message the engine gives, so both languages read the same everywhere.
      const text = String(raw).trim();
      const isNum = f.type === 'int' || f.type === 'float';
      const n = Number(text);
      showFieldError(f.key, {
        key:
          isNum && text !== '' && !Number.isFinite(n) && /nan|inf/i.test(text)
            ? 'error.not_finite'
            : 'error.out_of_range',
        detail: '',
        params: {
          field: f.key,
          value: text,
          min: String(f.min),
          max: String(f.max),
        },
      });
      return;
    }
    showFieldError(f.key, null);
    draft = { ...draft, [f.key]: value };
    updateVisibility();
    const changed = Object.keys(draft).filter((k) => draft[k] !== good[k]);
    // A change event with nothing new (e.g. fired again on blur) keeps the running session.
    if (changed.length === 0 && sessionId >= 0 && !pendingOpen && !pendingViews) return;
    const viewKeys = opts.viewKeys ?? [];
    if (sessionId >= 0 && !pendingOpen && changed.every((k) => viewKeys.includes(k))) {
      reconfigure(draft);
    } else {
      open(draft);
    }
  };

  // Fields named in `first` lead (e.g. the attention lab's mode), the rest in schema order.
  const first = opts.first ?? [];
  const ordered = [
    ...first
      .map((k) => schema.fields.find((f) => f.key === k))
      .filter((f): f is SchemaField => !!f),
    ...schema.fields.filter((f) => !first.includes(f.key)),
  ];
  const controls = ordered.map(makeControl);

  // Presets: a seed example as a whole setting; picking one opens it (keeping the seed).
  const presetId = `preset-${lab}`;
  const presetSel = h('select', { id: presetId, 'data-action': 'preset' });
  presetSel.append(texts.text(h('option', { value: '' }), 'preset.none'));
  for (const p of PRESETS[lab]) {
    presetSel.append(texts.text(h('option', { value: p.name }), presetKeys(lab, p.name).label));
  }
  const presetAbout = h('p', { class: 'ctl-help', id: `${presetId}-help`, 'aria-live': 'polite' });
  presetSel.setAttribute('aria-describedby', `${presetId}-help`);
  const showPreset = () => {
    presetSel.value = preset?.name ?? '';
    if (preset) {
      const keys = presetKeys(lab, preset.name);
      texts.text(presetAbout, 'preset.applied', {
        name: texts.t(keys.label),
        about: texts.t(keys.about),
      });
    } else {
      texts.text(presetAbout, 'preset.help');
    }
  };
  const presetCtl = h(
    'div',
    { class: 'ctl ctl-preset', 'data-control': 'preset' },
    texts.text(h('label', { for: presetId, class: 'ctl-label' }), 'preset.label'),
    presetSel,
    presetAbout,
  );
  presetSel.addEventListener('change', () => {
    const next = PRESETS[lab].find((p) => p.name === presetSel.value) ?? null;
    preset = next;
    showPreset();
    opts.onPreset?.(next?.name ?? null);
    openValues({ ...baseValues(schema, next), seed: good.seed });
  });

  const form = h(
    'form',
    { class: 'lab-controls', 'data-lab-controls': lab, novalidate: true },
    presetCtl,
    ...controls,
  );
  form.addEventListener('submit', (e) => e.preventDefault());

  const updateVisibility = () => {
    for (const [key, wrap] of wrappers) {
      const pred = opts.visibleWhen?.[key];
      wrap.hidden = opts.hidden.includes(key) || (pred ? !pred(draft) : false);
    }
  };
  updateVisibility();
  showPreset();

  const syncInputs = (values: ConfigValues) => {
    for (const f of schema.fields) {
      const input = inputs.get(f.key);
      if (!input) continue;
      if (f.type === 'bool') (input as HTMLInputElement).checked = Boolean(values[f.key]);
      else input.value = valueText(f, values[f.key]);
      showFieldError(f.key, null);
    }
    updateVisibility();
  };

  // --- transport -----------------------------------------------------------------------------
  const button = (action: string, key: MessageKey, extra: Record<string, string> = {}) =>
    texts.text(
      h('button', {
        type: 'button',
        class: action === 'play' || action === 'pause' ? 'button btn-main' : 'button button-quiet',
        'data-action': action,
        ...extra,
      }),
      key,
    );
  const playBtn = button('play', 'shell.play');
  const pauseBtn = button('pause', 'shell.pause');
  const stepBtn = button('step', 'shell.step');
  const resetBtn = button('reset', 'shell.reset');
  const speedSel = h('select', { id: `speed-${lab}`, 'data-action': 'speed' });
  for (const s of SPEEDS) {
    const o = h('option', { value: String(s) });
    texts.text(o, 'shell.speed.option', { n: s });
    speedSel.append(o);
  }
  speedSel.value = String(DEFAULT_SPEED);
  const speedLabel = texts.text(h('label', { for: `speed-${lab}` }), 'shell.speed');
  const stepsOut = h('span', { class: 'steps-done', 'data-metric': 'steps', 'data-value': '0' });
  const rate = h('span', { class: 'steps-rate', 'data-metric': 'steps_per_s' });
  const transport = h(
    'div',
    { class: 'transport', role: 'group', 'data-control': 'transport' },
    playBtn,
    pauseBtn,
    stepBtn,
    resetBtn,
    h('span', { class: 'speed', 'data-control': 'speed' }, speedLabel, speedSel),
    h('span', { class: 'progress' }, stepsOut, rate),
  );
  texts.attr(transport, 'aria-label', 'shell.transport');

  // --- metrics strip ---------------------------------------------------------------------------
  const strip = h('div', { class: 'metrics-strip', 'aria-live': 'off' });

  const metricText = (name: string, v: number) =>
    PERCENT.has(name)
      ? `${formatNumber(texts.lang, v * 100, 1)}%`
      : formatNumber(texts.lang, v, METRIC_DIGITS[name] ?? 3);

  const renderStrip = (snap: Snapshot) => {
    clear(strip);
    snap.arms.forEach((arm, i) => {
      const row = h('div', { class: 'metrics-arm', 'data-arm-row': arm.name });
      if (snap.arms.length > 1) {
        const ak = isMessageKey(`arm.${arm.name}`) ? (`arm.${arm.name}` as MessageKey) : null;
        const name = h('span', { class: 'metrics-arm-name' });
        if (ak) name.textContent = texts.t(ak);
        else name.textContent = arm.name;
        row.append(name);
      }
      for (const m of opts.metrics) {
        const v = arm.metrics[m];
        if (v === undefined) continue;
        const mk = isMessageKey(`metric.${m}`) ? (`metric.${m}` as MessageKey) : null;
        const cell = h('span', {
          class: 'metric',
          'data-metric': m,
          'data-value': Number.isFinite(v) ? String(v) : 'NaN',
        });
        if (snap.arms.length > 1) cell.dataset.arm = arm.name;
        if (i > 0) cell.dataset.secondary = '1';
        cell.append(
          h('span', { class: 'metric-name' }, mk ? texts.t(mk) : m),
          h('span', { class: 'metric-value' }, metricText(m, v)),
        );
        row.append(cell);
      }
      strip.append(row);
    });
  };

  // --- charts (every arm overlaid) ---------------------------------------------------------------
  const lossChart = createLineChart(texts, {
    id: 'loss',
    title: 'chart.loss.title',
    xLabel: 'chart.step',
    yLabel: 'chart.loss.y',
    logY: true,
    digits: 4,
  });
  const accChart = createLineChart(texts, {
    id: 'accuracy',
    title: 'chart.accuracy.title',
    xLabel: 'chart.step',
    yLabel: 'chart.accuracy.y',
    yMin: 0,
    yMax: 100,
    digits: 1,
  });
  const charts: Array<[string, LineChart]> = [
    ['loss', lossChart],
    ['accuracy', accChart],
  ];

  const armSeries = (names: string[]) =>
    names.map((name, i) => ({
      key: name,
      label: (isMessageKey(`arm.${name}`) ? `arm.${name}` : 'arm.main') as MessageKey,
      dash: i > 0,
    }));

  const resetHistory = () => {
    history.step = [];
    history.byArm = arms.map(() => ({}));
    lossChart.setSeries(armSeries(arms));
    accChart.setSeries(armSeries(arms));
  };

  const recordHistory = (snap: Snapshot) => {
    // After a divergence the lab went back to its checkpoint: history after it is gone too.
    while (history.step.length && history.step[history.step.length - 1] > snap.stepsDone) {
      history.step.pop();
      for (const m of history.byArm) for (const k of Object.keys(m)) m[k].pop();
    }
    const last = history.step[history.step.length - 1];
    if (snap.stepsDone === 0 || snap.stepsDone === last) return;
    history.step.push(snap.stepsDone);
    snap.arms.forEach((arm, i) => {
      const bucket = (history.byArm[i] ??= {});
      for (const m of opts.metrics) (bucket[m] ??= []).push(arm.metrics[m] ?? Number.NaN);
    });
    lossChart.push(
      snap.stepsDone,
      snap.arms.map((a) => a.metrics.loss ?? null),
    );
    accChart.push(
      snap.stepsDone,
      snap.arms.map((a) => {
        const v = a.metrics[opts.accuracyMetric];
        return v === undefined ? null : v * 100;
      }),
    );
  };

  const rebuildCharts = () => {
    lossChart.setSeries(armSeries(arms));
    accChart.setSeries(armSeries(arms));
    history.step.forEach((s, j) => {
      lossChart.push(
        s,
        history.byArm.map((m) => m.loss?.[j] ?? null),
      );
      accChart.push(
        s,
        history.byArm.map((m) => {
          const v = m[opts.accuracyMetric]?.[j];
          return v === undefined ? null : v * 100;
        }),
      );
    });
  };

  // --- status line ---------------------------------------------------------------------------
  const status = h('div', { class: 'lab-status', 'data-lab-status': '' });
  // Why a refused permalink runs the defaults: kept when training starts (an autoplaying embed
  // starts at once), until another message replaces it.
  let keepOnPlay = false;
  const showStatus = (
    kind: 'error' | 'diverged' | 'stopped' | 'info' | null,
    key?: string,
    params?: Record<string, string>,
    detail?: string,
    note?: MessageKey,
  ) => {
    clear(status);
    keepOnPlay = false;
    status.dataset.kind = kind ?? '';
    if (!kind || !key) return;
    const box = h('div', {
      class: `alert ${kind === 'info' ? 'alert-info' : 'alert-error'}`,
      role: kind === 'info' ? 'status' : 'alert',
      'data-error': kind === 'info' ? undefined : errorKey(key),
    });
    const mk = kind === 'info' && isMessageKey(key) ? key : errorKey(key);
    box.append(texts.text(h('p', { class: 'alert-title' }), mk, translatedParams(params)));
    if (note) box.append(texts.text(h('p'), note));
    if (kind === 'diverged') {
      const lr = Number(good.lr);
      const half = lr / 2;
      const fix = texts.text(
        h('button', { type: 'button', class: 'button', 'data-action': 'halve-lr' }),
        'shell.halve_lr',
        { lr: formatNumber(texts.lang, half, 6) },
      );
      fix.addEventListener('click', () => halveAndResume());
      box.append(texts.text(h('p'), 'shell.diverged.why'), fix);
    }
    if (kind === 'stopped' && opts.onRestartEngine) {
      const restartBtn = texts.text(
        h('button', { type: 'button', class: 'button', 'data-action': 'restart-engine' }),
        'shell.restart_engine',
      );
      const onRestart = opts.onRestartEngine;
      restartBtn.addEventListener('click', () => {
        restartBtn.disabled = true;
        onRestart();
      });
      box.append(texts.text(h('p'), 'shell.engine_stopped.why'), restartBtn);
    }
    if (detail) {
      box.append(
        h(
          'p',
          { class: 'alert-detail' },
          texts.text(h('span'), 'error.detail_label'),
          ': ',
          h('code', {}, detail),
        ),
      );
    }
    status.append(box);
  };

  // --- exports ---------------------------------------------------------------------------------
  const stamp = () => `prayog-${lab}-seed${String(good.seed)}-step${lastSnapshot?.stepsDone ?? 0}`;
  const exportPng = async () => {
    const all: Array<{ name: string; canvas: HTMLCanvasElement | null }> = [
      // Charts with their title and legend drawn in (a bare plot would not say what it shows).
      ...charts.map(([name, c]) => ({ name, canvas: c.exportCanvas() ?? c.canvas() })),
      ...detail.canvases(),
    ];
    for (const { name, canvas } of all) {
      if (!canvas || !canvas.width) continue;
      downloadBlob(doc, `${stamp()}-${name}.png`, await canvasToPng(canvas));
    }
  };
  const exportCsv = () => {
    const header = ['step'];
    const cols: number[][] = [history.step];
    arms.forEach((arm, i) => {
      for (const m of opts.metrics) {
        header.push(arms.length > 1 ? `${arm}_${m}` : m);
        cols.push(history.byArm[i]?.[m] ?? []);
      }
    });
    downloadBlob(
      doc,
      `${stamp()}.csv`,
      new Blob([csvFromColumns(header, cols)], { type: 'text/csv' }),
    );
  };
  const exportJson = () => {
    if (sessionId >= 0) send({ type: 'lab-weights', id: sessionId });
  };
  const exports = createExportMenu(texts, [
    { key: 'shell.export.png', action: 'export-png', run: () => void exportPng() },
    { key: 'shell.export.csv', action: 'export-csv', run: exportCsv },
    { key: 'shell.export.json', action: 'export-json', run: exportJson },
  ]);
  exports.dataset.control = 'export';

  // --- play loop -------------------------------------------------------------------------------
  const rateState = { t0: 0, s0: 0 };
  let target: number | null = null;
  let speedBefore: number | null = null;
  const listeners: ShellListener[] = [];
  const player: Player = createPlayer({
    request(steps) {
      if (sessionId < 0) {
        player.answered();
        return;
      }
      // A guided step stops exactly at its budget.
      const done = lastSnapshot?.stepsDone ?? 0;
      const n = target === null ? steps : Math.min(steps, target - done);
      if (n <= 0) {
        player.answered();
        target = null;
        setSpeed(speedBefore ?? player.speed);
        player.pause();
        return;
      }
      send({ type: 'lab-step', id: sessionId, steps: n, view: detail.viewRequest() });
    },
    frame: (cb) => win.requestAnimationFrame(cb),
    cancelFrame: (handle) => win.cancelAnimationFrame(handle),
    onChange(playing) {
      const pressedPlay = doc.activeElement === playBtn;
      playBtn.hidden = playing;
      pauseBtn.hidden = !playing;
      root.dataset.playing = playing ? '1' : '0';
      if (playing) {
        rateState.t0 = win.performance.now();
        rateState.s0 = lastSnapshot?.stepsDone ?? 0;
        // An old error no longer applies once the run goes on; an info note (lr halved) does.
        if (status.dataset.kind !== 'info' && !keepOnPlay) showStatus(null);
        // Keep the keyboard where the reader pressed play; an autoplaying embed takes no focus
        // (it would pull the host article's focus into the frame).
        if (pressedPlay) pauseBtn.focus({ preventScroll: true });
      } else {
        if (doc.activeElement === pauseBtn) playBtn.focus({ preventScroll: true });
        // A pause by the reader also ends a guided run early.
        if (target !== null) {
          target = null;
          if (speedBefore !== null) setSpeed(speedBefore);
        }
        speedBefore = null;
        for (const l of listeners) l.paused?.();
      }
    },
  });
  pauseBtn.hidden = true;

  const ctx: LabContext = {
    texts,
    send,
    sessionId: () => sessionId,
    refresh: () => {
      if (sessionId >= 0 && !player.playing && !player.busy) {
        player.answered();
        send({ type: 'lab-step', id: sessionId, steps: 0, view: detail.viewRequest() });
      }
    },
    config: () => good,
  };
  const detail = opts.makeDetail(ctx);

  let frameQueued = false;
  const queueFrame = () => {
    if (frameQueued) return;
    frameQueued = true;
    win.requestAnimationFrame(() => {
      frameQueued = false;
      lossChart.draw();
      accChart.draw();
      detail.frame();
    });
  };

  // `whole`: the settings came as a whole (preset, guided step, back/forward), not typed by the
  // reader; refused, the inputs and the permalink go back to what runs.
  const open = (config: ConfigValues, whole = false) => {
    const id = nextSessionId++;
    pendingOpen = { id, config, whole };
    // Tests wait on it: a session is being opened (cleared when it opened or was refused).
    root.dataset.opening = String(id);
    send({ type: 'lab-open', id, lab, config });
  };
  let pendingOpen: { id: number; config: ConfigValues; whole: boolean } | null = null;
  /** New settings as a whole (a preset, a guided step, the defaults): the inputs follow. */
  const openValues = (values: ConfigValues) => {
    syncInputs(values);
    draft = values;
    open(values, true);
  };
  // View-only settings sent to the running session (the last request wins).
  let pendingViews: { req: number; config: ConfigValues } | null = null;
  let nextReq = 1;
  const reconfigure = (config: ConfigValues) => {
    const req = nextReq++;
    pendingViews = { req, config };
    send({ type: 'lab-reconfigure', id: sessionId, req, config });
  };

  const halveAndResume = () => {
    const lr = Number(good.lr) / 2;
    send({ type: 'lab-lr', id: sessionId, lr });
  };

  playBtn.addEventListener('click', () => {
    if (sessionId < 0) return;
    player.play();
  });
  pauseBtn.addEventListener('click', () => {
    player.pause();
    if (detailState.stale) {
      renderDetail(detailState.stale, false);
      queueFrame();
    }
  });
  stepBtn.addEventListener('click', () => {
    if (sessionId >= 0) player.step();
  });
  resetBtn.addEventListener('click', () => {
    if (sessionId < 0) return;
    player.pause();
    send({
      type: 'lab-reset',
      id: sessionId,
      seed: Number(good.seed),
      view: detail.viewRequest(),
    });
    resetHistory();
    showStatus(null);
  });
  speedSel.addEventListener('change', () => player.setSpeed(Number(speedSel.value)));
  const setSpeed = (n: number) => {
    player.setSpeed(n);
    speedSel.value = String(n);
  };

  // --- glossary --------------------------------------------------------------------------------
  const glossary = h(
    'details',
    { class: 'glossary', 'data-control': 'glossary' },
    texts.text(h('summary'), 'glossary.title'),
  );
  const dl = h('dl', { class: 'glossary-list' });
  for (const term of glossaryTerms(opts.glossary)) {
    dl.append(
      h(
        'div',
        { class: 'glossary-item' },
        h('dt', {}, h('span', { lang: 'hi' }, term.hi), ' · ', h('span', { lang: 'en' }, term.en)),
        texts.text(h('dd'), `glossary.${term.term}.def` as MessageKey),
      ),
    );
  }
  glossary.append(dl);

  const settings = h(
    'details',
    { class: 'lab-settings', open: !doc.documentElement.dataset.embed, 'data-control': 'settings' },
    texts.text(h('summary'), 'shell.settings'),
    form,
  );

  const tourSlot = h('div', { class: 'tour-slot' });
  const root = h(
    'div',
    { class: 'lab-shell', 'data-shell': lab, 'data-playing': '0', 'data-ready': '0' },
    tourSlot,
    h('div', { class: 'lab-bar' }, transport, exports),
    status,
    strip,
    h(
      'div',
      { class: 'lab-body' },
      settings,
      h(
        'div',
        { class: 'lab-main' },
        h('div', { class: 'lab-charts' }, lossChart.el, accChart.el),
        detail.el,
      ),
    ),
    glossary,
  );

  // ?hide=... also names the shell's parts (transport, speed, export, settings, glossary).
  for (const el of root.querySelectorAll<HTMLElement>('[data-control]')) {
    if (opts.hidden.includes(el.dataset.control ?? '')) el.hidden = true;
  }

  texts.onChange(() => {
    if (lastSnapshot) renderStrip(lastSnapshot);
  });

  // --- messages --------------------------------------------------------------------------------
  // The lab's own views (heatmaps, bars, KaTeX) are the page's heaviest drawing: while playing
  // they refresh at most every DETAIL_EVERY_MS, the metrics strip and the curves every snapshot;
  // a pause or a single step always shows the latest state.
  const DETAIL_EVERY_MS = 120;
  const detailState = { at: 0, stale: null as Snapshot | null };
  const renderDetail = (snap: Snapshot, throttle: boolean) => {
    const now = win.performance.now();
    if (throttle && now - detailState.at < DETAIL_EVERY_MS) {
      detailState.stale = snap;
      return;
    }
    detailState.at = now;
    detailState.stale = null;
    detail.render(snap);
  };

  const handle = (msg: WorkerToPage) => {
    switch (msg.type) {
      case 'lab-opened': {
        if (!pendingOpen || msg.id !== pendingOpen.id) return;
        const wasPlaying = player.playing;
        player.pause();
        player.answered();
        // The first session after a refused permalink: the status line says why it runs the
        // defaults, and stays.
        const fallback = sessionId < 0 && keepOnPlay;
        sessionId = msg.id;
        good = { ...pendingOpen.config };
        draft = { ...good };
        pendingOpen = null;
        delete root.dataset.opening;
        arms = msg.arms;
        resetHistory();
        detail.opened(arms, good);
        opts.onConfig(serializeLabParams(schema, good, preset));
        root.dataset.ready = '1';
        root.dataset.session = String(sessionId);
        if (!fallback) showStatus(null);
        send({ type: 'lab-step', id: sessionId, steps: 0, view: detail.viewRequest() });
        // Embedded with autoplay: the first session starts by itself (the player still waits
        // while the lab is out of view).
        if (wasPlaying || autoplay) player.play();
        autoplay = false;
        for (const l of listeners) l.opened?.(sessionId);
        break;
      }
      case 'lab-reconfigured': {
        if (msg.id !== sessionId || !pendingViews || msg.req !== pendingViews.req) return;
        good = { ...pendingViews.config };
        pendingViews = null;
        opts.onConfig(serializeLabParams(schema, good, preset));
        showStatus(null);
        detail.reconfigured?.(good);
        ctx.refresh();
        break;
      }
      case 'lab-snapshot': {
        if (msg.id !== sessionId) return;
        player.answered();
        lastSnapshot = msg;
        stepsOut.dataset.value = String(msg.stepsDone);
        root.dataset.wasmBytes = String(msg.wasmBytes);
        texts.text(stepsOut, 'shell.steps_done', { n: msg.stepsDone });
        if (player.playing) {
          const dt = (win.performance.now() - rateState.t0) / 1000;
          const ds = msg.stepsDone - rateState.s0;
          if (dt > 0.5 && ds > 0) texts.text(rate, 'shell.rate', { n: Math.round(ds / dt) });
        }
        // When the first trained step arrived (the page's clock): with the page's data-shown-at,
        // the time from scrolling an embed into view to its first step (tests, bench).
        if (msg.stepsDone > 0 && !root.dataset.firstStepAt) {
          root.dataset.firstStepAt = String(Math.round(win.performance.now()));
        }
        renderStrip(msg);
        recordHistory(msg);
        if (msg.diverged) {
          player.pause();
          rebuildCharts();
          showStatus('diverged', msg.diverged.key, msg.diverged.params, msg.diverged.detail);
        }
        renderDetail(msg, player.playing && !msg.diverged);
        queueFrame();
        for (const l of listeners) l.snapshot?.(msg.id, msg.stepsDone);
        break;
      }
      case 'lab-lr': {
        if (msg.id !== sessionId) return;
        good = { ...good, lr: msg.lr };
        draft = { ...draft, lr: msg.lr };
        syncInputs(good);
        opts.onConfig(serializeLabParams(schema, good, preset));
        showStatus('info', 'shell.lr_halved', { lr: formatNumber(texts.lang, msg.lr, 6) });
        player.play();
        break;
      }
      case 'lab-weights': {
        if (msg.id !== sessionId) return;
        downloadBlob(
          doc,
          `${stamp()}-weights.json`,
          new Blob([msg.json], { type: 'application/json' }),
        );
        break;
      }
      case 'lab-demo': {
        if (msg.id !== sessionId) return;
        detail.onDemo?.(msg.demo, msg.points);
        break;
      }
      case 'error': {
        if (msg.during !== 'lab') return;
        if (msg.op === 'reconfigure') {
          if (msg.id !== sessionId || !pendingViews || msg.req !== pendingViews.req) return;
          pendingViews = null;
          // Refused view settings: the session keeps its last good ones; say which field.
          const field = msg.params?.field;
          if (field && inputs.has(field)) showFieldError(field, msg);
          showStatus('error', msg.key, msg.params, msg.detail);
          draft = { ...good };
          return;
        }
        if (msg.op === 'open') {
          if (!pendingOpen || msg.id !== pendingOpen.id) return;
          const whole = pendingOpen.whole;
          pendingOpen = null;
          delete root.dataset.opening;
          // The settings were refused: the last good lab keeps running; say which field.
          const field = msg.params?.field;
          if (whole && sessionId >= 0) {
            syncInputs(good);
            opts.onConfig(serializeLabParams(schema, good, preset));
          } else if (field && inputs.has(field)) showFieldError(field, msg);
          if (sessionId < 0) {
            // Nothing good yet (bad permalink): fall back to the defaults, the reason still shown.
            showStatus('error', msg.key, msg.params, msg.detail, 'shell.defaults_instead');
            keepOnPlay = true;
            openValues(defaults(schema));
          } else {
            showStatus('error', msg.key, msg.params, msg.detail);
            draft = { ...good };
          }
          return;
        }
        if (msg.id !== sessionId) return;
        player.answered();
        player.pause();
        showStatus('error', msg.key, msg.params, msg.detail);
        break;
      }
      default:
        break;
    }
  };

  return {
    el: root,
    handle,
    start() {
      open(good);
    },
    setVisible(visible) {
      player.setVisible(visible);
    },
    openWith(values) {
      player.pause();
      openValues({ ...defaults(schema), ...values });
    },
    runTo(steps, speed) {
      if (sessionId < 0) return;
      target = steps;
      if (speedBefore === null) speedBefore = player.speed;
      setSpeed(speed);
      player.play();
    },
    session: () => ({
      id: sessionId,
      stepsDone: lastSnapshot?.stepsDone ?? 0,
      playing: player.playing,
      config: good,
    }),
    listen(listener) {
      listeners.push(listener);
    },
    tourSlot,
    engineStopped(detail) {
      const step = lastSnapshot?.stepsDone ?? 0;
      // The session died with the worker: nothing asked of it will be answered.
      sessionId = -1;
      pendingOpen = null;
      pendingViews = null;
      target = null;
      delete root.dataset.opening;
      player.pause();
      player.answered();
      root.dataset.ready = '0';
      root.dataset.engine = 'stopped';
      showStatus('stopped', 'error.engine_stopped', { step: String(step) }, detail);
      for (const l of listeners) l.stopped?.();
    },
    restart() {
      delete root.dataset.engine;
      open(good);
    },
    discardDraft() {
      if (pendingOpen) return;
      syncInputs(good);
      draft = { ...good };
    },
  };
}
