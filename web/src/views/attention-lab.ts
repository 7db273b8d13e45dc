// The attention lab's own views (seed 000). Sequence mode: the chosen example's tokens, a query x
// key heatmap per arm and head, Q / K / V, the score pipeline of the chosen query row (raw QKᵀ →
// ÷√d → softmax), the maths with the chosen cell's numbers, attention entropy over time, and the
// √d-scaling and n² cost demos. Image mode: the seed's four steps for one held-out scene — the
// image with the attention map over it, features → map → weighted sum → prediction, and a region
// table in the spirit of the seed's Face / Background / Car table.
import type { ConfigValues } from '../../../wasm/api.js';
import { formatNumber, isMessageKey, type MessageKey } from '../i18n';
import type { ImagesView, SequenceView, ViewRequest, WorkerToPage } from '../protocol';
import { createBarGroups } from './bars';
import { clear, h } from './dom';
import { createHeatmap, type Heatmap } from './heatmap';
import { createImageCanvas } from './image-canvas';
import type { LabContext, LabDetail } from './lab-shell';
import { createLineChart } from './line-chart';
import { createMathsPanel, texNumber } from './maths-panel';

type Snapshot = Extract<WorkerToPage, { type: 'lab-snapshot' }>;

interface Selection {
  example: number;
  arm: number;
  layer: number;
  head: number;
  query: number;
  key: number;
  image: number;
}

const armKey = (name: string): MessageKey =>
  (isMessageKey(`arm.${name}`) ? `arm.${name}` : 'arm.main') as MessageKey;

/** Softmax of scale x row in float64 (the bars' third row; equals the engine's weights). */
function softmax(row: ArrayLike<number>, scale: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, scale * row[i]);
  const e = Array.from(row, (v) => Math.exp(scale * v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function createAttentionDetail(ctx: LabContext): LabDetail {
  const { texts } = ctx;
  // key -1: follow the chosen query's strongest key until the reader picks a cell.
  const sel: Selection = { example: 0, arm: 0, layer: 0, head: 0, query: 0, key: -1, image: 0 };
  let mode: 'sequence' | 'images' = 'sequence';
  let arms: string[] = [];
  let layers = 1;
  let count = 0;

  // --- example / image chooser ---------------------------------------------------------------
  const prev = texts.attr(
    h(
      'button',
      { type: 'button', class: 'button button-quiet btn-small', 'data-action': 'prev-example' },
      '‹',
    ),
    'aria-label',
    'attn.example.prev',
  );
  const next = texts.attr(
    h(
      'button',
      { type: 'button', class: 'button button-quiet btn-small', 'data-action': 'next-example' },
      '›',
    ),
    'aria-label',
    'attn.example.next',
  );
  const which = h('span', { class: 'example-which', 'aria-live': 'polite' });
  const layerSel = h('select', { 'data-action': 'layer', id: 'attn-layer' });
  const layerWrap = h(
    'span',
    { class: 'layer-pick' },
    texts.text(h('label', { for: 'attn-layer' }), 'attn.layer'),
    layerSel,
  );
  const chooser = h('div', { class: 'example-chooser' }, prev, which, next, layerWrap);
  const move = (d: number) => {
    if (!count) return;
    if (mode === 'sequence') sel.example = (sel.example + d + count) % count;
    else sel.image = (sel.image + d + count) % count;
    ctx.refresh();
  };
  prev.addEventListener('click', () => move(-1));
  next.addEventListener('click', () => move(1));
  layerSel.addEventListener('change', () => {
    sel.layer = Number(layerSel.value);
    ctx.refresh();
  });

  // --- sequence views ------------------------------------------------------------------------------
  const tokens = h('div', { class: 'token-rows', dir: 'ltr' });
  const headsBox = h('div', { class: 'head-grid' });
  let headMaps: Heatmap[][] = [];
  const pipeline = createBarGroups(texts, { id: 'pipeline', title: 'attn.pipeline.title' });
  const pipelineNote = h('p', { class: 'view-note' });
  const qMap = createHeatmap(texts, {
    id: 'q',
    title: 'attn.q.title',
    xLabel: 'attn.axis.dim',
    yLabel: 'attn.axis.position',
    domain: 'symmetric',
    cellMax: 14,
  });
  const kMap = createHeatmap(texts, {
    id: 'k',
    title: 'attn.k.title',
    xLabel: 'attn.axis.dim',
    yLabel: 'attn.axis.position',
    domain: 'symmetric',
    cellMax: 14,
  });
  const vMap = createHeatmap(texts, {
    id: 'v',
    title: 'attn.v.title',
    xLabel: 'attn.axis.dim',
    yLabel: 'attn.axis.position',
    domain: 'symmetric',
    cellMax: 14,
  });
  const maths = createMathsPanel(texts, { id: 'maths', title: 'attn.maths.title' });
  const entropyChart = createLineChart(texts, {
    id: 'entropy',
    title: 'attn.entropy.title',
    xLabel: 'chart.step',
    yLabel: 'attn.entropy.y',
    yMin: 0,
    digits: 3,
  });
  const estimator = h('p', { class: 'view-note', 'data-estimator': 'straight-through' });

  // Demos
  const scalingBtn = texts.text(
    h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'demo-scaling' }),
    'attn.demo.scaling.run',
  );
  const costBtn = texts.text(
    h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'demo-cost' }),
    'attn.demo.cost.run',
  );
  const scalingOut = h('div', { class: 'demo-out', 'data-demo': 'scaling' });
  const costOut = h('div', { class: 'demo-out', 'data-demo': 'cost' });
  scalingBtn.addEventListener('click', () => {
    if (ctx.sessionId() < 0) return;
    scalingBtn.disabled = true;
    ctx.send({ type: 'lab-demo', id: ctx.sessionId(), demo: 'scaling' });
  });
  costBtn.addEventListener('click', () => {
    if (ctx.sessionId() < 0) return;
    costBtn.disabled = true;
    texts.text(costOut, 'attn.demo.cost.running');
    ctx.send({ type: 'lab-demo', id: ctx.sessionId(), demo: 'cost' });
  });

  const section = (title: MessageKey, ...children: Array<Node | null>) =>
    h(
      'section',
      { class: 'lab-panel' },
      texts.text(h('h3', { class: 'lab-panel-title' }), title),
      ...children,
    );

  const sequenceEl = h(
    'div',
    { class: 'attn-sequence' },
    section('attn.tokens.title', tokens),
    section(
      'attn.heads.title',
      texts.text(h('p', { class: 'view-note' }), 'attn.heads.note'),
      estimator,
      headsBox,
    ),
    h(
      'div',
      { class: 'two-col' },
      section('attn.pipeline.section', pipeline.el, pipelineNote),
      maths.el,
    ),
    section(
      'attn.qkv.title',
      texts.text(h('p', { class: 'view-note' }), 'attn.qkv.note'),
      h('div', { class: 'qkv-row' }, qMap.el, kMap.el, vMap.el),
    ),
    entropyChart.el,
    section(
      'attn.demo.title',
      texts.text(h('p', { class: 'view-note' }), 'attn.demo.scaling.note'),
      scalingBtn,
      scalingOut,
      texts.text(h('p', { class: 'view-note' }), 'attn.demo.cost.note'),
      costBtn,
      costOut,
    ),
  );

  // --- image views ------------------------------------------------------------------------------
  const image = createImageCanvas(texts, { id: 'scene', title: 'img.scene.title', scale: 10 });
  const featureMap = createHeatmap(texts, {
    id: 'features',
    title: 'img.step1.title',
    xLabel: 'img.axis.x',
    yLabel: 'img.axis.y',
    cellMax: 12,
  });
  const attnMap = createHeatmap(texts, {
    id: 'attention-map',
    title: 'img.step2.title',
    xLabel: 'img.axis.x',
    yLabel: 'img.axis.y',
    cellMax: 12,
  });
  const contextBars = createBarGroups(texts, { id: 'context', title: 'img.step3.title' });
  const probBars = createBarGroups(texts, { id: 'probs', title: 'img.step4.title' });
  const verdict = h('p', { class: 'view-note', 'data-verdict': '' });
  const regionTable = h('table', { class: 'region-table', 'data-table': 'regions' });
  const objectChart = createLineChart(texts, {
    id: 'object-attention',
    title: 'img.object.title',
    xLabel: 'chart.step',
    yLabel: 'img.object.y',
    yMin: 0,
    yMax: 100,
    digits: 1,
  });
  const imagesEl = h(
    'div',
    { class: 'attn-images', hidden: true },
    h(
      'div',
      { class: 'two-col' },
      section(
        'img.overlay.title',
        image.el,
        verdict,
        texts.text(h('p', { class: 'view-note' }), 'img.overlay.note'),
      ),
      section(
        'img.regions.title',
        regionTable,
        texts.text(h('p', { class: 'view-note' }), 'img.regions.note'),
      ),
    ),
    section(
      'img.steps.title',
      h('div', { class: 'steps-strip' }, featureMap.el, attnMap.el, contextBars.el, probBars.el),
    ),
    objectChart.el,
  );

  const el = h('div', { class: 'attn-detail' }, chooser, sequenceEl, imagesEl);

  // --- rendering: sequence ----------------------------------------------------------------------
  const tokenRow = (label: MessageKey, values: string[], compare?: string[], arm?: string) => {
    const row = h('div', { class: 'token-row', 'data-row': arm ? `predicted-${arm}` : label });
    row.append(
      texts.text(
        h('span', { class: 'token-label' }),
        label,
        arm ? { arm: texts.t(armKey(arm)) } : {},
      ),
    );
    values.forEach((v, i) => {
      const cls = compare ? (compare[i] === v ? 'token ok' : 'token bad') : 'token';
      row.append(h('span', { class: cls }, v));
    });
    return row;
  };

  const ensureHeadMaps = (v: SequenceView) => {
    const shape = v.heads.map((r) => r.length).join(',');
    if (headsBox.dataset.shape === shape) return;
    headsBox.dataset.shape = shape;
    clear(headsBox);
    headMaps = v.heads.map((row, a) =>
      row.map((_, hd) => {
        const map = createHeatmap(texts, {
          id: `head-${arms[a] ?? a}-${hd}`,
          title: 'attn.head.title',
          xLabel: 'attn.axis.key',
          yLabel: 'attn.axis.query',
          domain: [0, 1],
          showValues: false,
          cellMax: 28,
        });
        map.el.dataset.arm = arms[a] ?? String(a);
        map.el.dataset.head = String(hd);
        const caption = texts.text(h('p', { class: 'head-caption' }), 'attn.head.caption', {
          arm: texts.t(armKey(arms[a] ?? 'main')),
          head: hd + 1,
        });
        map.el.prepend(caption);
        map.onSelect((r, c) => {
          sel.arm = a;
          sel.head = hd;
          sel.query = r;
          sel.key = c;
          ctx.refresh();
        });
        headsBox.append(map.el);
        return map;
      }),
    );
  };

  const renderSequence = (v: SequenceView) => {
    count = v.count;
    sel.example = v.example;
    sel.arm = v.arm;
    sel.layer = v.layer;
    sel.head = v.head;
    const t = v.input.length;
    sel.query = Math.min(sel.query, t - 1);
    texts.text(which, 'attn.example.which', { n: v.example + 1, count: v.count });

    clear(tokens);
    tokens.append(tokenRow('attn.tokens.input', v.input), tokenRow('attn.tokens.target', v.target));
    v.predicted.forEach((p, a) =>
      tokens.append(tokenRow('attn.tokens.predicted', p, v.target, arms[a])),
    );

    const chosenKey = (() => {
      if (sel.key >= 0) return Math.min(sel.key, t - 1);
      let best = 0;
      for (let c = 1; c < t; c++) {
        if (v.weights.data[sel.query * t + c] > v.weights.data[sel.query * t + best]) best = c;
      }
      return best;
    })();
    ensureHeadMaps(v);
    const labels = v.input.map((s, i) => `${s}${subscript(i + 1)}`);
    v.heads.forEach((row, a) =>
      row.forEach((w, hd) => {
        const map = headMaps[a]?.[hd];
        if (!map) return;
        map.set({ rows: t, cols: t, values: w, rowLabels: labels, colLabels: labels });
        if (a === sel.arm && hd === sel.head) {
          map.el.dataset.selected = '1';
          map.select(sel.query, chosenKey);
        } else {
          delete map.el.dataset.selected;
        }
      }),
    );

    // The chosen query row through the pipeline.
    const q = sel.query;
    const raw = Array.from(v.scores.data.subarray(q * t, (q + 1) * t));
    const scaled = raw.map((x) => x * v.scale);
    const soft = softmax(raw, v.scale);
    const rows: Array<{ label: MessageKey; values: number[]; range?: [number, number] }> = [
      { label: 'attn.pipeline.raw', values: raw },
      { label: v.scale === 1 ? 'attn.pipeline.unscaled' : 'attn.pipeline.scaled', values: scaled },
      { label: 'attn.pipeline.softmax', values: soft, range: [0, 1] },
    ];
    if (v.picks.length) {
      rows.push({
        label: 'attn.pipeline.pick',
        values: Array.from(v.picks.subarray(q * t, (q + 1) * t)),
        range: [0, 1],
      });
    }
    pipeline.set({ labels, rows, highlight: chosenKey });
    texts.text(pipelineNote, 'attn.pipeline.note', {
      query: labels[q],
      arm: texts.t(armKey(arms[v.arm] ?? 'main')),
      head: v.head + 1,
    });

    const dk = v.q.cols;
    const dimLabels = Array.from({ length: dk }, (_, i) => String(i + 1));
    qMap.set({ rows: t, cols: dk, values: v.q.data, rowLabels: labels, colLabels: dimLabels });
    kMap.set({ rows: t, cols: dk, values: v.k.data, rowLabels: labels, colLabels: dimLabels });
    vMap.set({ rows: t, cols: dk, values: v.v.data, rowLabels: labels, colLabels: dimLabels });
    qMap.select(q, 0);
    kMap.select(chosenKey, 0);

    // The maths with the chosen cell's numbers (Latin digits inside formulas).
    const lang = texts.lang;
    const k = chosenKey;
    const s = raw[k];
    const w = v.weights.data[q * t + k];
    const dot = (() => {
      const terms: string[] = [];
      for (let i = 0; i < Math.min(dk, 3); i++) {
        terms.push(
          `(${texNumber(lang, v.q.data[q * dk + i], 2)})(${texNumber(lang, v.k.data[k * dk + i], 2)})`,
        );
      }
      return terms.join(' + ') + (dk > 3 ? ' + \\cdots' : '');
    })();
    const scaleTex = v.scale === 1 ? '' : `/\\sqrt{${dk}}`;
    const tex =
      `\\mathrm{Attention}(Q,K,V) = \\mathrm{softmax}\\!\\left(\\frac{QK^{\\top}}{${v.scale === 1 ? '1' : '\\sqrt{d_k}'}}\\right)V \\\\[6pt]` +
      `s_{${q + 1},${k + 1}} = q_{${q + 1}}\\cdot k_{${k + 1}} = ${dot} = ${texNumber(lang, s, 3)} \\\\[4pt]` +
      `\\frac{s_{${q + 1},${k + 1}}}{${v.scale === 1 ? '1' : `\\sqrt{${dk}}`}} = ${texNumber(lang, s * v.scale, 3)} \\qquad ` +
      `a_{${q + 1},${k + 1}} = \\frac{e^{s_{${q + 1},${k + 1}}${scaleTex}}}{\\sum_j e^{s_{${q + 1},j}${scaleTex}}} = ${texNumber(lang, w, 3)}`;
    maths.set(tex, {
      key: 'attn.maths.note',
      params: { query: labels[q], key: labels[k], weight: formatNumber(lang, w * 100, 1) },
    });
  };

  // --- rendering: images ---------------------------------------------------------------------
  const className = (name: string) =>
    isMessageKey(`img.class.${name}`) ? texts.t(`img.class.${name}` as MessageKey) : name;

  const renderImages = (v: ImagesView) => {
    count = v.count;
    sel.image = v.image;
    texts.text(which, 'img.which', { n: v.image + 1, count: v.count });
    const g = v.grid;
    const objectMask = Uint8Array.from(v.regions, (r) => (r === 1 ? 1 : 0));
    // The overlay shows where the weight goes; scaled to its max so a peaked map is visible.
    let max = 0;
    for (const a of v.attention) max = Math.max(max, a);
    const overlay = Float32Array.from(v.attention, (a) => (max > 0 ? a / max : 0));
    image.set({
      h: 24,
      w: 24,
      rgb: v.pixels,
      overlay: { rows: g, cols: g, values: overlay, alpha: 0.55 },
      outline: { rows: g, cols: g, mask: objectMask },
    });
    const correct = v.label === v.predicted;
    verdict.dataset.correct = correct ? '1' : '0';
    texts.text(verdict, correct ? 'img.verdict.ok' : 'img.verdict.bad', {
      label: className(v.classes[v.label] ?? ''),
      predicted: className(v.classes[v.predicted] ?? ''),
      p: formatNumber(texts.lang, (v.probs[v.predicted] ?? 0) * 100, 1),
    });
    const axis = Array.from({ length: g }, (_, i) => String(i + 1));
    featureMap.set({ rows: g, cols: g, values: v.featureMean, rowLabels: axis, colLabels: axis });
    attnMap.set({ rows: g, cols: g, values: v.attention, rowLabels: axis, colLabels: axis });
    const c = Array.from(v.context);
    contextBars.set({
      labels: c.map((_, i) => String(i + 1)),
      rows: [{ label: 'img.step3.row', values: c }],
    });
    probBars.set({
      labels: v.classes.map(className),
      rows: [{ label: 'img.step4.row', values: Array.from(v.probs), range: [0, 1] }],
      highlight: v.predicted,
    });

    // Region table: this image, and the held-out mean.
    clear(regionTable);
    const lang = texts.lang;
    const head = h(
      'tr',
      {},
      texts.text(h('th', { scope: 'col' }), 'img.regions.region'),
      texts.text(h('th', { scope: 'col', class: 'num' }), 'img.regions.cells'),
      texts.text(h('th', { scope: 'col', class: 'num' }), 'img.regions.share'),
      texts.text(h('th', { scope: 'col', class: 'num' }), 'img.regions.percell'),
      texts.text(h('th', { scope: 'col', class: 'num' }), 'img.regions.mean'),
    );
    const names: MessageKey[] = [
      'img.region.object',
      'img.region.background',
      'img.region.distractor',
    ];
    const order = [1, 0, 2];
    regionTable.append(
      texts.text(h('caption'), 'img.regions.caption'),
      h('thead', {}, head),
      h(
        'tbody',
        {},
        ...order.map((r, i) =>
          h(
            'tr',
            { 'data-region': ['background', 'object', 'distractor'][r] },
            texts.text(h('th', { scope: 'row' }), names[i]),
            h('td', { class: 'num' }, formatNumber(lang, v.table.cells[r], 0)),
            h(
              'td',
              { class: 'num', 'data-value': String(v.table.mass[r]) },
              `${formatNumber(lang, v.table.mass[r] * 100, 1)}%`,
            ),
            h(
              'td',
              { class: 'num' },
              v.table.cells[r] ? `${formatNumber(lang, v.table.perCell[r], 2)}×` : '—',
            ),
            h('td', { class: 'num' }, `${formatNumber(lang, v.heldoutTable.mass[r] * 100, 1)}%`),
          ),
        ),
      ),
    );
  };

  // --- demos -----------------------------------------------------------------------------------
  const demoTable = (cols: MessageKey[], rows: string[][]) =>
    h(
      'table',
      { class: 'demo-table' },
      h(
        'thead',
        {},
        h('tr', {}, ...cols.map((c) => texts.text(h('th', { scope: 'col', class: 'num' }), c))),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) => h('tr', {}, ...r.map((x) => h('td', { class: 'num' }, x)))),
      ),
    );

  const onDemo = (demo: 'scaling' | 'cost', points: Array<Record<string, number>>) => {
    const lang = texts.lang;
    const f = (v: number, d = 2) => formatNumber(lang, v, d);
    if (demo === 'scaling') {
      scalingBtn.disabled = false;
      clear(scalingOut);
      scalingOut.append(
        demoTable(
          [
            'attn.demo.col.d',
            'attn.demo.col.h_off',
            'attn.demo.col.h_on',
            'attn.demo.col.h_max',
            'attn.demo.col.g_off',
            'attn.demo.col.g_on',
          ],
          points.map((p) => [
            f(p.dModel, 0),
            f(p.entropyUnscaled),
            f(p.entropyScaled),
            f(p.maxEntropy),
            f(p.qkGradNormUnscaled, 4),
            f(p.qkGradNormScaled, 4),
          ]),
        ),
        texts.text(h('p', { class: 'view-note' }), 'attn.demo.scaling.read'),
      );
    } else {
      costBtn.disabled = false;
      clear(costOut);
      costOut.append(
        demoTable(
          [
            'attn.demo.col.n',
            'attn.demo.col.ms',
            'attn.demo.col.mb',
            'attn.demo.col.attn_mb',
            'attn.demo.col.macs',
          ],
          points.map((p) => [
            f(p.length, 0),
            p.ms < 0 ? '—' : f(p.ms, 2),
            f(p.bytes / 1048576, 2),
            f(p.attentionBytes / 1048576, 2),
            f(p.macs / 1e6, 1),
          ]),
        ),
        texts.text(h('p', { class: 'view-note' }), 'attn.demo.cost.read'),
      );
    }
  };

  return {
    el,
    viewRequest(): ViewRequest {
      if (mode === 'images') return { kind: 'images', image: sel.image };
      return {
        kind: 'sequence',
        example: sel.example,
        arm: sel.arm,
        layer: sel.layer,
        head: sel.head,
      };
    },
    opened(names: string[], config: ConfigValues) {
      arms = names;
      mode = config.mode === 'images' ? 'images' : 'sequence';
      layers = Number(config.layers ?? 1);
      sequenceEl.hidden = mode !== 'sequence';
      imagesEl.hidden = mode !== 'images';
      layerWrap.hidden = mode !== 'sequence' || layers < 2;
      clear(layerSel);
      for (let l = 0; l < layers; l++) {
        const o = texts.text(h('option', { value: String(l) }), 'attn.layer.option', { n: l + 1 });
        layerSel.append(o);
      }
      sel.layer = Math.min(sel.layer, layers - 1);
      layerSel.value = String(sel.layer);
      sel.arm = 0;
      sel.head = Math.min(sel.head, Number(config.heads ?? 1) - 1);
      headsBox.dataset.shape = '';
      const hard = names.includes('hard');
      estimator.hidden = !hard;
      if (hard) texts.text(estimator, 'attn.estimator');
      entropyChart.setSeries(names.map((n, i) => ({ key: n, label: armKey(n), dash: i > 0 })));
      objectChart.setSeries([{ key: 'main', label: 'arm.main' }]);
      clear(scalingOut);
      clear(costOut);
    },
    render(snap: Snapshot) {
      if (snap.steps > 0 || snap.stepsDone > 0) {
        if (mode === 'sequence')
          entropyChart.push(
            snap.stepsDone,
            snap.arms.map((a) => a.metrics.entropy ?? null),
          );
        else
          objectChart.push(snap.stepsDone, [(snap.arms[0]?.metrics.object_attention ?? 0) * 100]);
      }
      if (snap.view.kind === 'sequence') renderSequence(snap.view);
      else if (snap.view.kind === 'images') renderImages(snap.view);
    },
    frame() {
      entropyChart.draw();
      objectChart.draw();
    },
    canvases() {
      const out: Array<{ name: string; canvas: HTMLCanvasElement | null }> = [];
      if (mode === 'sequence') {
        headMaps.forEach((row, a) =>
          row.forEach((m, hd) =>
            out.push({ name: `head-${arms[a]}-${hd + 1}`, canvas: m.canvas() }),
          ),
        );
        out.push({ name: 'pipeline', canvas: pipeline.canvas() });
        out.push({ name: 'entropy', canvas: entropyChart.canvas() });
      } else {
        out.push({ name: 'scene', canvas: image.canvas() });
        out.push({ name: 'attention-map', canvas: attnMap.canvas() });
        out.push({ name: 'object-attention', canvas: objectChart.canvas() });
      }
      return out;
    },
    onDemo,
  };
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
function subscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUB[Number(d)])
    .join('');
}
