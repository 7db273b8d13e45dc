// The greedy layer-wise pretraining lab's own views (seed 002): the stage timeline of each arm
// (pretrain L1 → lock → L2 → … → head → fine-tune, lock icons on frozen layers, the current stage
// marked), the reconstructions of the stage being pretrained, layer-1 features as tiles, per-layer
// gradient norms of both arms on log scales (vanishing gradients), the final comparison table in
// the shape of the seed's table, and the maths h_i = f(W_i h_{i-1} + b_i) with one unit's numbers.
//
// The shell's loss chart overlays metrics.loss, which the worker sets to every arm's cross-entropy
// of the whole network on its labelled batch (trainMetrics): comparable between the arms in every
// stage. While the greedy arm pretrains, its head is still untrained, so its curve stays near
// ln 10 ≈ 2.3 until the head stage; the stage's own objective (reconstruction error) is shown in
// the timeline and under the reconstructions.
import type { ConfigValues } from '../../../wasm/api.js';
import { formatNumber, isMessageKey, type MessageKey } from '../i18n';
import type { PretrainArmView, PretrainView, ViewRequest, WorkerToPage } from '../protocol';
import '../styles/pretrain-lab.css';
import { clear, h } from './dom';
import { createImageCanvas, createTiles, type Tiles } from './image-canvas';
import type { LabContext, LabDetail } from './lab-shell';
import { createLineChart, type LineChart } from './line-chart';
import { createMathsPanel, texNumber } from './maths-panel';

type Snapshot = Extract<WorkerToPage, { type: 'lab-snapshot' }>;

/** Layer-1 units shown as tiles per arm. */
const FEATURE_TILES = 32;
/** Reconstructions per row (each with its input above it). */
const RECON_COLS = 4;
/** The comparison table needs a held-out pass: asked for at most this often while training. */
const COMPARISON_EVERY_MS = 1000;
const SVG = 'http://www.w3.org/2000/svg';

const armKey = (name: string): MessageKey =>
  (isMessageKey(`arm.${name}`) ? `arm.${name}` : 'arm.main') as MessageKey;

/** A small padlock (closed: frozen; open: the stage trains this layer). */
function lockIcon(doc: Document, closed: boolean): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'pre-lock-icon');
  const shackle = doc.createElementNS(SVG, 'path');
  shackle.setAttribute(
    'd',
    closed ? 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2' : 'M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2',
  );
  shackle.setAttribute('fill', 'none');
  shackle.setAttribute('stroke', 'currentColor');
  shackle.setAttribute('stroke-width', '1.8');
  const body = doc.createElementNS(SVG, 'rect');
  body.setAttribute('x', '2.5');
  body.setAttribute('y', '7');
  body.setAttribute('width', '11');
  body.setAttribute('height', '8');
  body.setAttribute('rx', '1.5');
  body.setAttribute('fill', 'currentColor');
  svg.append(shackle, body);
  return svg;
}

/** The seed's four steps: which one a stage is. */
function seedStep(kind: string, layer: number): number {
  if (kind === 'pretrain') return layer === 0 ? 1 : 2;
  if (kind === 'head') return 3;
  return 4;
}

function activationTex(activation: string, head: boolean): { name: string; tex: string } {
  if (head) return { name: '\\mathrm{id}', tex: 'z' };
  if (activation === 'tanh') return { name: '\\tanh', tex: '\\tanh(z)' };
  if (activation === 'relu') return { name: '\\mathrm{ReLU}', tex: '\\max(0, z)' };
  return { name: '\\sigma', tex: '\\frac{1}{1 + e^{-z}}' };
}

export function createPretrainDetail(ctx: LabContext): LabDetail {
  const { texts } = ctx;
  const doc = document;
  const sel = { arm: 0, layer: 0, unit: 0, example: 0 };
  let arms: string[] = [];
  let config: ConfigValues = {};
  let dims: number[] = [];
  let testCount = 1;
  let lastComparisonAt = -Infinity;
  let timelineShape = '';
  let lastGradStep = 0;

  const section = (title: MessageKey, ...children: Array<Node | null>) =>
    h(
      'section',
      { class: 'lab-panel' },
      texts.text(h('h3', { class: 'lab-panel-title' }), title),
      ...children,
    );
  const note = (key: MessageKey) => texts.text(h('p', { class: 'view-note' }), key);

  // --- stage timeline -------------------------------------------------------------------------
  const timelines = h('div', { class: 'pre-timelines' });
  const nowLine = h('p', { class: 'pre-now', 'aria-live': 'polite' });
  const timelineEl = section('pre.timeline.title', nowLine, timelines, note('pre.timeline.note'));

  const layerName = (l: number, depth: number) =>
    l === depth ? texts.t('pre.layer.head') : texts.t('pre.layer.short', { n: l + 1 });

  const buildTimelines = (view: PretrainView) => {
    clear(timelines);
    const depth = view.dims.length - 2;
    for (const arm of view.arms) {
      const list = h('ol', { class: 'pre-timeline', 'data-timeline': arm.name });
      arm.stages.forEach((st, i) => {
        const title = h('span', { class: 'pre-stage-name' });
        if (st.kind === 'pretrain') texts.text(title, 'pre.stage.pretrain', { n: st.layer + 1 });
        else texts.text(title, `pre.stage.${st.kind}` as MessageKey);
        const seed = h('span', { class: 'pre-stage-seed' });
        if (st.kind !== 'end_to_end') {
          texts.text(seed, 'pre.stage.seed_step', { n: seedStep(st.kind, st.layer) });
        }
        const locks = h('span', { class: 'pre-locks' });
        st.frozen.forEach((f, l) => {
          const chip = h('span', {
            class: f ? 'pre-layer frozen' : 'pre-layer trains',
            'data-layer': String(l + 1),
            'data-frozen': f ? '1' : '0',
          });
          chip.append(lockIcon(doc, Boolean(f)), h('span', {}, layerName(l, depth)));
          texts.attr(chip, 'title', f ? 'pre.lock.frozen' : 'pre.lock.trains', {
            layer: layerName(l, depth),
          });
          locks.append(chip);
        });
        const range = h('span', { class: 'pre-stage-range' });
        const recon = h('span', { class: 'pre-stage-recon' });
        const bar = h('span', { class: 'pre-stage-bar' }, h('span', { class: 'pre-stage-fill' }));
        list.append(
          h(
            'li',
            { class: 'pre-stage', 'data-stage': String(i), 'data-kind': st.kind },
            h('span', { class: 'pre-stage-head' }, title, seed),
            locks,
            range,
            recon,
            bar,
          ),
        );
      });
      timelines.append(
        h(
          'div',
          { class: 'pre-timeline-arm', 'data-arm': arm.name },
          texts.text(h('h4', { class: 'pre-arm-name' }), armKey(arm.name)),
          list,
        ),
      );
    }
  };

  const renderTimelines = (view: PretrainView, stepsDone: number) => {
    const shape = JSON.stringify(
      view.arms.map((a) => [a.name, a.stages.map((s) => [s.kind, s.layer, s.begin, s.end])]),
    );
    if (shape !== timelineShape) {
      timelineShape = shape;
      buildTimelines(view);
    }
    const lang = texts.lang;
    view.arms.forEach((arm) => {
      const list = timelines.querySelector(`[data-timeline="${arm.name}"]`);
      if (!list) return;
      list.querySelectorAll<HTMLElement>('li.pre-stage').forEach((li, i) => {
        const st = arm.stages[i];
        if (!st) return;
        const current = i === arm.current;
        li.toggleAttribute('data-current', current);
        li.dataset.done = i < arm.current ? '1' : '0';
        if (current) li.setAttribute('aria-current', 'step');
        else li.removeAttribute('aria-current');
        const last = i === arm.stages.length - 1;
        const range = li.querySelector('.pre-stage-range') as HTMLElement;
        texts.text(range, last ? 'pre.stage.steps_open' : 'pre.stage.steps', {
          from: formatNumber(lang, st.begin + 1, 0),
          to: formatNumber(lang, st.end, 0),
        });
        const recon = li.querySelector('.pre-stage-recon') as HTMLElement;
        if (st.kind === 'pretrain' && Number.isFinite(st.reconBefore)) {
          texts.text(recon, 'pre.stage.recon', {
            before: formatNumber(lang, st.reconBefore, 4),
            after: formatNumber(lang, st.reconAfter, 4),
          });
        } else {
          texts.unbind(recon);
          recon.textContent = '';
        }
        const span = Math.max(1, st.end - st.begin);
        const done = Math.min(1, Math.max(0, (stepsDone - st.begin) / span));
        (li.querySelector('.pre-stage-fill') as HTMLElement).style.width = `${done * 100}%`;
      });
    });
    // What the primary arm is doing now, in the seed's words.
    const a = view.arms[0];
    const st = a?.stages[a.current];
    if (a && st) {
      const key = `pre.now.${st.kind}` as MessageKey;
      texts.text(nowLine, key, {
        arm: texts.t(armKey(a.name)),
        n: st.layer + 1,
        below: st.layer,
        step: seedStep(st.kind, st.layer),
      });
    }
  };

  // --- reconstructions ------------------------------------------------------------------------
  const reconImage = createImageCanvas(texts, { id: 'reconstructions', title: 'pre.recon.title' });
  const reconNote = h('p', { class: 'view-note', 'data-recon': '' });
  const reconEl = section('pre.recon.section', reconImage.el, reconNote, note('pre.recon.read'));

  const renderRecon = (view: PretrainView) => {
    const { inputs, outputs } = view.recon;
    const n = inputs.rows;
    if (n === 0) return;
    // Blocks of RECON_COLS glyphs: the inputs, and right under each its reconstruction.
    const G = 16;
    const cols = Math.min(n, RECON_COLS);
    const blocks = Math.ceil(n / cols);
    const w = cols * (G + 1) - 1;
    const blockH = 2 * G + 1;
    const hgt = blocks * (blockH + 3) - 3;
    const gray = new Float32Array(w * hgt).fill(1);
    const put = (data: Float32Array, k: number, y0: number) => {
      const x0 = (k % cols) * (G + 1);
      for (let y = 0; y < G; y++)
        for (let x = 0; x < G; x++) gray[(y0 + y) * w + x0 + x] = data[k * 256 + y * G + x];
    };
    for (let k = 0; k < n; k++) {
      const y0 = Math.floor(k / cols) * (blockH + 3);
      put(inputs.data, k, y0);
      for (let x = 0; x < G; x++) gray[(y0 + G) * w + (k % cols) * (G + 1) + x] = 0.5;
      if (outputs.rows === n) put(outputs.data, k, y0 + G + 1);
    }
    reconImage.set({ h: hgt, w, gray });
    const arm = view.arms[view.recon.arm];
    const st = arm?.stages[arm.current];
    reconNote.dataset.rows = String(outputs.rows);
    if (!arm || outputs.rows === 0 || !st) {
      texts.text(reconNote, 'pre.recon.none');
      return;
    }
    const k = st.kind === 'pretrain' ? st.layer + 1 : view.dims.length - 2;
    texts.text(
      reconNote,
      st.kind === 'pretrain' && Number.isFinite(arm.reconError)
        ? 'pre.recon.now'
        : 'pre.recon.stack',
      {
        arm: texts.t(armKey(arm.name)),
        k,
        mse: formatNumber(texts.lang, arm.reconError, 4),
      },
    );
  };

  // --- layer-1 features -----------------------------------------------------------------------
  const featuresBox = h('div', { class: 'two-col pre-features' });
  let featureTiles: Tiles[] = [];
  const featuresEl = section('pre.features.section', featuresBox, note('pre.features.note'));

  // --- per-layer gradient norms ---------------------------------------------------------------
  const gradBox = h('div', { class: 'lab-charts pre-grads' });
  let gradCharts: LineChart[] = [];
  const gradEl = section('pre.grad.section', note('pre.grad.note'), gradBox);

  const gradSeriesKey = (l: number, depth: number): MessageKey =>
    (l === depth ? 'pre.grad.head' : `pre.grad.l${l + 1}`) as MessageKey;

  // --- comparison table -----------------------------------------------------------------------
  const table = h('table', { class: 'demo-table pre-table', 'data-table': 'comparison' });
  const tableEl = section(
    'pre.table.section',
    h('div', { class: 'demo-out' }, table),
    note('pre.table.note'),
  );
  let lastComparison: PretrainView['comparison'] = null;

  const renderTable = (view: PretrainView, snap: Snapshot) => {
    if (view.comparison) lastComparison = view.comparison;
    const cmp = lastComparison;
    const lang = texts.lang;
    const f = (v: number, d: number) => formatNumber(lang, v, d);
    clear(table);
    const cols = view.arms.map((a) => a.name);
    const head = h(
      'tr',
      {},
      texts.text(h('th', { scope: 'col' }), 'pre.table.feature'),
      ...cols.map((name) =>
        texts.text(
          h('th', { scope: 'col', 'data-arm': name }),
          (isMessageKey(`pre.table.${name}`) ? `pre.table.${name}` : armKey(name)) as MessageKey,
        ),
      ),
    );
    // A cell with words is bound by key, so a language switch re-translates it while paused.
    type Cell =
      | { text: string; value?: number }
      | { key: MessageKey; params?: Record<string, string>; value?: number }
      | MessageKey;
    const row = (
      id: string,
      label: MessageKey,
      cell: (arm: PretrainArmView, i: number) => Cell,
      params = {},
    ) =>
      h(
        'tr',
        { 'data-row': id },
        texts.text(h('th', { scope: 'row' }), label, params),
        ...view.arms.map((arm, i) => {
          const c = cell(arm, i);
          const td = h('td', { 'data-arm': arm.name });
          if (typeof c === 'string') texts.text(td, c);
          else {
            if ('key' in c) texts.text(td, c.key, c.params);
            else td.textContent = c.text;
            td.className = 'num';
            if (c.value !== undefined) td.dataset.value = String(c.value);
          }
          return td;
        }),
      );
    const cmpRow = (name: string) => cmp?.rows.find((r) => r.arm === name);
    const metric = (i: number, m: string) => snap.arms[i]?.metrics[m];
    const pct = (v: number | undefined) =>
      v === undefined || !Number.isFinite(v)
        ? { text: '—' }
        : { text: `${f(v * 100, 1)}%`, value: v };
    const ratio = (arm: PretrainArmView) => {
      const g = arm.gradNorms;
      const r = g[0] / g[g.length - 1];
      return g[0] > 0 && Number.isFinite(r)
        ? { text: r < 0.01 ? r.toExponential(1) : f(r, 3), value: r }
        : { text: '—' };
    };
    table.append(
      texts.text(h('caption'), 'pre.table.caption'),
      h('thead', {}, head),
      h(
        'tbody',
        {},
        row('process', 'pre.row.process', (a) =>
          a.name === 'greedy' ? 'pre.row.process.greedy' : 'pre.row.process.random',
        ),
        row('init', 'pre.row.init', (a) =>
          a.name === 'greedy' ? 'pre.row.init.greedy' : 'pre.row.init.random',
        ),
        row(
          'steps_to_target',
          'pre.row.steps_to_target',
          (a) => {
            const r = cmpRow(a.name);
            if (!r) return { text: '—' };
            return r.stepsToTarget < 0
              ? { key: 'pre.row.not_yet', value: -1 }
              : { text: f(r.stepsToTarget, 0), value: r.stepsToTarget };
          },
          { target: f(cmp?.target ?? 0.5, 2) },
        ),
        row('test_accuracy', 'pre.row.test_accuracy', (_a, i) => pct(metric(i, 'test_accuracy'))),
        row('accuracy', 'pre.row.accuracy', (_a, i) => pct(metric(i, 'accuracy'))),
        row('test_loss', 'pre.row.test_loss', (a) => {
          const r = cmpRow(a.name);
          return r ? { text: f(r.testLoss, 3), value: r.testLoss } : { text: '—' };
        }),
        row('grad_ratio', 'pre.row.grad_ratio', (a) => ratio(a)),
        row('time', 'pre.row.time', (a) => {
          const r = cmpRow(a.name);
          return r
            ? {
                key: 'pre.row.time.value',
                params: { s: f(r.ms / 1000, 1), per: f(r.msPerStep, 2) },
                value: r.ms,
              }
            : { text: '—' };
        }),
      ),
    );
  };

  // --- maths: one unit ------------------------------------------------------------------------
  const maths = createMathsPanel(texts, { id: 'unit', title: 'pre.maths.title' });
  const armSel = h('select', { id: 'pre-unit-arm', 'data-action': 'unit-arm' });
  const layerSel = h('select', { id: 'pre-unit-layer', 'data-action': 'unit-layer' });
  const unitIn = h('input', {
    id: 'pre-unit-unit',
    type: 'number',
    min: '1',
    step: '1',
    inputmode: 'numeric',
    'data-action': 'unit-unit',
    dir: 'ltr',
  });
  const exampleIn = h('input', {
    id: 'pre-unit-example',
    type: 'number',
    min: '1',
    step: '1',
    inputmode: 'numeric',
    'data-action': 'unit-example',
    dir: 'ltr',
  });
  const pick = (id: string, key: MessageKey, input: HTMLElement) =>
    h('span', { class: 'pre-pick' }, texts.text(h('label', { for: id }), key), input);
  const unitControls = h(
    'div',
    { class: 'example-chooser pre-unit-controls' },
    pick('pre-unit-arm', 'pre.unit.arm', armSel),
    pick('pre-unit-layer', 'pre.unit.layer', layerSel),
    pick('pre-unit-unit', 'pre.unit.unit', unitIn),
    pick('pre-unit-example', 'pre.unit.example', exampleIn),
  );
  const glyph = createImageCanvas(texts, { id: 'unit-glyph', title: 'pre.unit.glyph', scale: 5 });
  const mathsEl = h(
    'div',
    { class: 'pre-maths' },
    unitControls,
    h('div', { class: 'pre-maths-row' }, maths.el, glyph.el),
  );
  const clampInt = (v: string, lo: number, hi: number) => {
    const n = Math.round(Number(v));
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
  };
  armSel.addEventListener('change', () => {
    sel.arm = Number(armSel.value);
    ctx.refresh();
  });
  layerSel.addEventListener('change', () => {
    sel.layer = Number(layerSel.value);
    sel.unit = Math.min(sel.unit, (dims[sel.layer + 1] ?? 1) - 1);
    unitIn.value = String(sel.unit + 1);
    unitIn.max = String(dims[sel.layer + 1] ?? 1);
    ctx.refresh();
  });
  unitIn.addEventListener('change', () => {
    sel.unit = clampInt(unitIn.value, 1, dims[sel.layer + 1] ?? 1) - 1;
    unitIn.value = String(sel.unit + 1);
    ctx.refresh();
  });
  exampleIn.addEventListener('change', () => {
    sel.example = clampInt(exampleIn.value, 1, testCount) - 1;
    exampleIn.value = String(sel.example + 1);
    ctx.refresh();
  });

  const fillUnitControls = () => {
    clear(armSel);
    arms.forEach((name, i) =>
      armSel.append(texts.text(h('option', { value: String(i) }), armKey(name))),
    );
    armSel.value = String(sel.arm);
    clear(layerSel);
    const depth = dims.length - 2;
    for (let l = 0; l <= depth; l++) {
      const o = h('option', { value: String(l) });
      if (l === depth) texts.text(o, 'pre.unit.layer.head');
      else texts.text(o, 'pre.unit.layer.option', { n: l + 1 });
      layerSel.append(o);
    }
    layerSel.value = String(sel.layer);
    unitIn.max = String(dims[sel.layer + 1] ?? 1);
    unitIn.value = String(sel.unit + 1);
    exampleIn.max = String(testCount);
    exampleIn.value = String(sel.example + 1);
  };

  let glyphExample = -1;
  const renderMaths = (view: PretrainView) => {
    const u = view.unit;
    const lang = texts.lang;
    const depth = view.dims.length - 2;
    const head = u.layer === depth;
    const i = u.layer + 1;
    const act = activationTex(String(config.activation ?? 'sigmoid'), head);
    // The three largest contributions w_j·h_j, then the rest as ⋯.
    const order = Array.from({ length: u.fanIn }, (_, j) => j).sort(
      (a, b) => Math.abs(u.weights[b] * u.inputs[b]) - Math.abs(u.weights[a] * u.inputs[a]),
    );
    const shown = order.slice(0, 3);
    const term = (j: number) =>
      `(${texNumber(lang, u.weights[j], 3)})(${texNumber(lang, u.inputs[j], 3)})`;
    const terms = shown.slice(0, 2).map(term).join(' + ');
    const third = shown.length > 2 ? `+ ${term(shown[2])} ` : '';
    let rest = 0;
    for (const j of order.slice(3)) rest += u.weights[j] * u.inputs[j];
    const restTex = u.fanIn > 3 ? `+ \\underbrace{\\cdots}_{${texNumber(lang, rest, 3)}}` : '';
    const n = u.unit + 1;
    const hTex = head ? `z_{${n}}` : act.tex.replace(/z/g, `z_{${n}}`);
    const tex =
      `h_{${i}} = f(W_{${i}}\\, h_{${i - 1}} + b_{${i}}) \\\\[6pt]` +
      '\\begin{aligned}' +
      `z_{${n}} &= \\sum_{j=1}^{${u.fanIn}} W_{${i}}[j,${n}]\\, h_{${i - 1},j} + b_{${i},${n}} \\\\` +
      `&= ${terms} \\\\` +
      `&\\quad ${third}${restTex} + (${texNumber(lang, u.bias, 3)}) \\\\` +
      `&= ${texNumber(lang, u.preActivation, 4)} \\\\[4pt]` +
      `h_{${i},${n}} &= ${act.name}(z_{${n}}) = ${hTex} = ${texNumber(lang, u.output, 4)}` +
      '\\end{aligned}';
    maths.set(tex, {
      key: head ? 'pre.maths.note.head' : 'pre.maths.note',
      params: {
        arm: texts.t(armKey(arms[u.arm] ?? 'main')),
        layer: head ? texts.t('pre.layer.head') : String(i),
        unit: n,
        digit: u.unit,
        example: u.example + 1,
        fan: u.fanIn,
      },
    });
    // The held-out glyph itself (layer 1's inputs are its pixels).
    if (u.layer === 0 && u.fanIn === 256 && glyphExample !== u.example) {
      glyphExample = u.example;
      glyph.set({ h: 16, w: 16, gray: u.inputs });
    }
    glyph.el.hidden = glyphExample < 0;
  };

  const el = h(
    'div',
    { class: 'pre-detail' },
    timelineEl,
    h('div', { class: 'two-col' }, reconEl, featuresEl),
    gradEl,
    tableEl,
    section('pre.maths.section', mathsEl),
  );

  return {
    el,
    viewRequest(): ViewRequest {
      const now = performance.now();
      const comparison = now - lastComparisonAt >= COMPARISON_EVERY_MS;
      if (comparison) lastComparisonAt = now;
      return {
        kind: 'pretrain',
        arm: sel.arm,
        layer: sel.layer,
        unit: sel.unit,
        example: sel.example,
        features: FEATURE_TILES,
        comparison,
        gradFrom: lastGradStep,
      };
    },
    opened(names: string[], values: ConfigValues) {
      arms = names;
      config = values;
      const depth = Number(values.depth ?? 4);
      const width = Number(values.width ?? 256);
      dims = [256];
      for (let l = 0; l < depth; l++) dims.push(Math.max(1, width >> l));
      dims.push(10);
      sel.arm = Math.min(sel.arm, names.length - 1);
      sel.layer = Math.min(sel.layer, depth);
      sel.unit = Math.min(sel.unit, dims[sel.layer + 1] - 1);
      timelineShape = '';
      lastGradStep = 0;
      lastComparisonAt = -Infinity;
      lastComparison = null;
      glyphExample = -1;
      fillUnitControls();
      // Feature tiles and gradient charts: one per arm.
      clear(featuresBox);
      featureTiles = names.map((name) => {
        const t = createTiles(texts, { id: `features-${name}`, title: armKey(name) });
        t.el.dataset.arm = name;
        featuresBox.append(t.el);
        return t;
      });
      clear(gradBox);
      gradCharts = names.map((name) => {
        const c = createLineChart(texts, {
          id: `grad-${name}`,
          title: armKey(name),
          xLabel: 'chart.step',
          yLabel: 'pre.grad.y',
          logY: true,
          digits: 5,
        });
        c.el.dataset.arm = name;
        c.setSeries(
          Array.from({ length: depth + 1 }, (_, l) => ({
            key: `l${l + 1}`,
            label: gradSeriesKey(l, depth),
          })),
        );
        gradBox.append(c.el);
        return c;
      });
    },
    render(snap: Snapshot) {
      const view = snap.view;
      if (view.kind !== 'pretrain') return;
      dims = view.dims;
      if (testCount !== view.testCount) {
        testCount = view.testCount;
        exampleIn.max = String(testCount);
      }
      // A reset or a divergence went back in time: the gradient curves start again there.
      if (snap.stepsDone < lastGradStep) {
        for (const c of gradCharts) c.clear();
        lastGradStep = 0;
      }
      renderTimelines(view, snap.stepsDone);
      renderRecon(view);
      view.arms.forEach((arm, i) => {
        const t = featureTiles[i];
        if (t && arm.features.rows > 0) {
          t.set({ count: arm.features.rows, h: 16, w: 16, values: arm.features.data, cols: 8 });
        }
      });
      // Gradient norms: 0 (a layer the stage does not update) leaves a gap on the log scale.
      view.gradSteps.forEach((step, p) => {
        if (step <= lastGradStep) return;
        view.gradNorms[p].forEach((norms, i) =>
          gradCharts[i]?.push(
            step,
            norms.map((g) => (g > 0 && Number.isFinite(g) ? g : null)),
          ),
        );
        lastGradStep = step;
      });
      renderTable(view, snap);
      renderMaths(view);
    },
    frame() {
      for (const c of gradCharts) c.draw();
    },
    canvases() {
      const out: Array<{ name: string; canvas: HTMLCanvasElement | null }> = [];
      arms.forEach((name, i) => {
        out.push({ name: `grad-norms-${name}`, canvas: gradCharts[i]?.exportCanvas() ?? null });
        out.push({ name: `features-${name}`, canvas: featureTiles[i]?.canvas() ?? null });
      });
      out.push({ name: 'reconstructions', canvas: reconImage.canvas() });
      return out;
    },
  };
}
