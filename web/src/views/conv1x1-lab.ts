// The 1x1 convolution lab's own views (seed 001). Explorer: the real kernel on an H x W x C_in
// tensor — click or tap a pixel of the input (mean over channels) to see its C_in vector, the
// C_out x C_in weights, the C_out output vector and O = Σ I·W + b with those numbers; the layer's
// output shape, parameters and multiply-adds, compared live with a plain k x k conv, a 1x1
// bottleneck + k x k and an NiN mlpconv block; feature maps before / after the 1x1 layer as small
// multiples. Training: the four variants side by side (parameters, MACs, accuracy, ms per step), the
// chosen arm's 1x1 weight matrix as it learns, and one held-out image through that arm with the
// feature maps before / after its first 1x1 layer.
import type { ConfigValues, Conv1x1LayerCost } from '../../../wasm/api.js';
import { formatNumber, isMessageKey, type MessageKey } from '../i18n';
import type { Conv1x1View, ViewRequest, WorkerToPage } from '../protocol';
import '../styles/conv1x1-lab.css';
import { createBarGroups } from './bars';
import { clear, h } from './dom';
import { createHeatmap } from './heatmap';
import { createImageCanvas, createTiles } from './image-canvas';
import type { LabContext, LabDetail } from './lab-shell';
import { createMathsPanel, texNumber } from './maths-panel';

type Snapshot = Extract<WorkerToPage, { type: 'lab-snapshot' }>;

/** Explorer data that changes only when the lab is re-opened (kept from the last full view). */
interface ExplorerMaps {
  h: number;
  w: number;
  cin: number;
  cout: number;
  inputMean: Float32Array;
  weights: Float32Array;
  inputTiles: { count: number; h: number; w: number; data: Float32Array };
  outputTiles: { count: number; h: number; w: number; data: Float32Array };
}

const VARIANTS = ['plain', 'bottleneck', 'bottleneck_relu', 'pointwise_only'] as const;
const COST_ROWS = ['pointwise', 'plain', 'bottleneck', 'nin'] as const;
type CostRow = (typeof COST_ROWS)[number];

const armKey = (name: string): MessageKey =>
  (isMessageKey(`arm.${name}`) ? `arm.${name}` : 'arm.main') as MessageKey;

export function createConv1x1Detail(ctx: LabContext): LabDetail {
  const { texts } = ctx;
  const sel = { y: 0, x: 0, j: 0, arm: 0, layer: 0, image: 0 };
  let needFull = true;
  let maps: ExplorerMaps | null = null;
  let last: Conv1x1View | null = null;
  let lastSnap: Snapshot | null = null;
  let armNames: string[] = [];
  let task = 'colour';

  const num = (v: number, d = 0) => formatNumber(texts.lang, v, d);
  const section = (title: MessageKey, ...children: Array<Node | null>) =>
    h(
      'section',
      { class: 'lab-panel' },
      texts.text(h('h3', { class: 'lab-panel-title' }), title),
      ...children,
    );
  const note = (key: MessageKey) => texts.text(h('p', { class: 'view-note' }), key);

  // --- explorer ----------------------------------------------------------------------------------
  const counterValue = (name: string) =>
    h('dd', { class: 'c1-counter-value', 'data-counter': name, 'data-value': '' });
  const shapeOut = counterValue('shape');
  const paramsOut = counterValue('params');
  const macsOut = counterValue('macs');
  const counters = h(
    'dl',
    { class: 'c1-counters' },
    h('div', {}, texts.text(h('dt'), 'c1.counter.shape'), shapeOut),
    h('div', {}, texts.text(h('dt'), 'c1.counter.params'), paramsOut),
    h('div', {}, texts.text(h('dt'), 'c1.counter.macs'), macsOut),
  );
  const countersNote = h('p', { class: 'view-note', 'data-counter': 'formula' });

  const inputMap = createHeatmap(texts, {
    id: 'c1-input',
    title: 'c1.input.title',
    xLabel: 'c1.axis.x',
    yLabel: 'c1.axis.y',
    cellMax: 12,
    showValues: false,
  });
  const weightMap = createHeatmap(texts, {
    id: 'c1-weights',
    title: 'c1.weights.title',
    xLabel: 'c1.axis.cin',
    yLabel: 'c1.axis.cout',
    domain: 'symmetric',
    cellMax: 12,
    showValues: false,
  });
  const inBars = createBarGroups(texts, { id: 'c1-input-vector', title: 'c1.vec.input.title' });
  const outBars = createBarGroups(texts, { id: 'c1-output-vector', title: 'c1.vec.output.title' });
  const maths = createMathsPanel(texts, { id: 'c1-maths', title: 'c1.maths.title' });
  const pixelNote = h('p', { class: 'view-note', 'aria-live': 'polite', 'data-pixel': '' });

  inputMap.onSelect((r, c) => {
    sel.y = r;
    sel.x = c;
    ctx.refresh();
  });
  weightMap.onSelect((r) => {
    sel.j = r;
    if (last) renderExplorer(last);
  });

  // Cost comparison: one row per block, bars of MACs relative to the largest.
  const costBody = h('tbody');
  const costCells = new Map<
    CostRow,
    {
      name: HTMLElement;
      shape: HTMLElement;
      params: HTMLElement;
      macs: HTMLElement;
      rel: HTMLElement;
      bar: HTMLElement;
      row: HTMLElement;
    }
  >();
  for (const row of COST_ROWS) {
    const name = h('th', { scope: 'row' });
    // data-label: the column's name, shown beside each value when a narrow screen stacks the rows.
    const td = (col: string, label: MessageKey) =>
      texts.attr(h('td', { class: 'num', 'data-col': col }), 'data-label', label);
    const shape = td('shape', 'c1.cost.col.shape');
    const params = td('params', 'c1.cost.col.params');
    const macs = td('macs', 'c1.cost.col.macs');
    const rel = td('relative', 'c1.cost.col.relative');
    const bar = h('span', { class: 'c1-bar' });
    const tr = h(
      'tr',
      { 'data-cost': row },
      name,
      shape,
      params,
      macs,
      rel,
      h('td', { class: 'c1-bar-cell' }, h('span', { class: 'c1-bar-track' }, bar)),
    );
    costBody.append(tr);
    costCells.set(row, { name, shape, params, macs, rel, bar, row: tr });
  }
  const costTable = h(
    'table',
    { class: 'c1-table', 'data-table': 'costs' },
    texts.text(h('caption'), 'c1.cost.caption'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        texts.text(h('th', { scope: 'col' }), 'c1.cost.col.block'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.cost.col.shape'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.cost.col.params'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.cost.col.macs'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.cost.col.relative'),
        texts.text(h('th', { scope: 'col' }), 'c1.cost.col.bar'),
      ),
    ),
    costBody,
  );
  const costNote = h('p', { class: 'view-note', 'data-cost-note': '' });

  const inTiles = createTiles(texts, { id: 'c1-before', title: 'c1.tiles.before' });
  const outTiles = createTiles(texts, { id: 'c1-after', title: 'c1.tiles.after' });
  const tilesNote = h('p', { class: 'view-note' });

  const explorerEl = h(
    'div',
    { class: 'c1-explorer', 'data-part': 'explorer' },
    section(
      'c1.explorer.title',
      note('c1.explorer.note'),
      counters,
      countersNote,
      h(
        'div',
        { class: 'two-col' },
        h('div', { class: 'c1-col' }, inputMap.el, pixelNote, maths.el),
        h('div', { class: 'c1-col' }, weightMap.el, inBars.el, outBars.el),
      ),
    ),
    section('c1.cost.title', h('div', { class: 'c1-table-wrap' }, costTable), costNote),
    section('c1.tiles.title', tilesNote, h('div', { class: 'two-col' }, inTiles.el, outTiles.el)),
  );

  // --- training --------------------------------------------------------------------------------------
  const armBody = h('tbody');
  const armTable = h(
    'table',
    { class: 'c1-table', 'data-table': 'arms' },
    texts.text(h('caption'), 'c1.arms.caption'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        texts.text(h('th', { scope: 'col' }), 'c1.arms.col.variant'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.params'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.macs'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.relative'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.accuracy'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.loss'),
        texts.text(h('th', { scope: 'col', class: 'num' }), 'c1.arms.col.ms'),
      ),
    ),
    armBody,
  );
  let armRows: HTMLTableRowElement[] = [];

  const armSel = h('select', { id: 'c1-arm', 'data-action': 'c1-arm' });
  const layerSel = h('select', { id: 'c1-layer', 'data-action': 'c1-layer' });
  const layerWrap = h(
    'span',
    { class: 'c1-pick' },
    texts.text(h('label', { for: 'c1-layer' }), 'c1.pick.layer'),
    layerSel,
  );
  const picker = h(
    'div',
    { class: 'c1-picker' },
    h(
      'span',
      { class: 'c1-pick' },
      texts.text(h('label', { for: 'c1-arm' }), 'c1.pick.arm'),
      armSel,
    ),
    layerWrap,
  );
  armSel.addEventListener('change', () => {
    sel.arm = Number(armSel.value);
    sel.layer = 0;
    ctx.refresh();
  });
  layerSel.addEventListener('change', () => {
    sel.layer = Number(layerSel.value);
    ctx.refresh();
  });

  const trainWeights = createHeatmap(texts, {
    id: 'c1-train-weights',
    title: 'c1.train.weights.title',
    xLabel: 'c1.axis.cin',
    yLabel: 'c1.axis.cout',
    domain: 'symmetric',
    cellMax: 22,
    showValues: false,
  });
  const noPointwise = h('p', { class: 'view-note c1-none', 'data-none': '' });
  const trainWeightsNote = h('p', { class: 'view-note' });

  const prev = texts.attr(
    h(
      'button',
      { type: 'button', class: 'button button-quiet btn-small', 'data-action': 'prev-image' },
      '‹',
    ),
    'aria-label',
    'c1.image.prev',
  );
  const next = texts.attr(
    h(
      'button',
      { type: 'button', class: 'button button-quiet btn-small', 'data-action': 'next-image' },
      '›',
    ),
    'aria-label',
    'c1.image.next',
  );
  const which = h('span', { class: 'example-which', 'aria-live': 'polite' });
  const moveImage = (d: number) => {
    const count = last?.image.count ?? 0;
    if (!count) return;
    sel.image = (sel.image + d + count) % count;
    ctx.refresh();
  };
  prev.addEventListener('click', () => moveImage(-1));
  next.addEventListener('click', () => moveImage(1));
  const image = createImageCanvas(texts, { id: 'c1-image', title: 'c1.image.title', scale: 10 });
  const verdict = h('p', { class: 'view-note', 'data-verdict': '' });
  const probBars = createBarGroups(texts, { id: 'c1-probs', title: 'c1.probs.title' });
  const trainBefore = createTiles(texts, { id: 'c1-train-before', title: 'c1.train.before' });
  const trainAfter = createTiles(texts, { id: 'c1-train-after', title: 'c1.train.after' });
  const trainTilesNote = h('p', { class: 'view-note' });

  const taskNote = h('p', { class: 'view-note', 'data-task-note': '' });
  const trainingEl = h(
    'div',
    { class: 'c1-training', 'data-part': 'training' },
    section(
      'c1.train.title',
      taskNote,
      h('div', { class: 'c1-table-wrap' }, armTable),
      note('c1.arms.note'),
    ),
    section(
      'c1.train.view.title',
      picker,
      h(
        'div',
        { class: 'two-col' },
        h('div', { class: 'c1-col' }, trainWeights.el, noPointwise, trainWeightsNote),
        h(
          'div',
          { class: 'c1-col' },
          h('div', { class: 'example-chooser' }, prev, which, next),
          image.el,
          verdict,
          probBars.el,
        ),
      ),
      trainTilesNote,
      h('div', { class: 'two-col' }, trainBefore.el, trainAfter.el),
    ),
  );

  const el = h('div', { class: 'c1-detail' }, explorerEl, trainingEl);

  // --- rendering: explorer ---------------------------------------------------------------------------
  const shapeText = (c: Conv1x1LayerCost) => `${c.outH} × ${c.outW} × ${c.outC}`;

  const renderCosts = (v: Conv1x1View) => {
    const e = v.explorer;
    const c = e.costs;
    const max = Math.max(...COST_ROWS.map((r) => c[r].macs), 1);
    const names: Record<CostRow, [MessageKey, Record<string, string>]> = {
      pointwise: ['c1.cost.row.pointwise', { cin: num(e.cin), cout: num(e.cout) }],
      plain: ['c1.cost.row.plain', { k: String(e.k), cin: num(e.cin), cout: num(e.cout) }],
      bottleneck: [
        'c1.cost.row.bottleneck',
        { k: String(e.k), r: num(e.r), cin: num(e.cin), cout: num(e.cout) },
      ],
      nin: ['c1.cost.row.nin', { k: String(e.k), cin: num(e.cin), cout: num(e.cout) }],
    };
    for (const row of COST_ROWS) {
      const cells = costCells.get(row);
      if (!cells) continue;
      const cost = c[row];
      const [key, params] = names[row];
      texts.text(cells.name, key, params);
      cells.shape.textContent = shapeText(cost);
      cells.params.textContent = num(cost.params);
      cells.params.dataset.value = String(cost.params);
      cells.macs.textContent = num(cost.macs);
      cells.macs.dataset.value = String(cost.macs);
      cells.rel.textContent = `${num((cost.macs / Math.max(c.plain.macs, 1)) * 100, 1)}%`;
      cells.bar.style.width = `${Math.max(0.5, (cost.macs / max) * 100)}%`;
    }
    texts.text(costNote, 'c1.cost.note', {
      k: String(e.k),
      r: num(e.r),
      ratio: num(c.bottleneckRatio * 100, 1),
      saved: num((1 - c.bottleneckRatio) * 100, 1),
    });
  };

  const renderExplorer = (v: Conv1x1View) => {
    const e = v.explorer;
    if (e.inputMean && e.weights && e.inputTiles && e.outputTiles) {
      maps = {
        h: e.h,
        w: e.w,
        cin: e.cin,
        cout: e.cout,
        inputMean: e.inputMean,
        weights: e.weights,
        inputTiles: e.inputTiles,
        outputTiles: e.outputTiles,
      };
      needFull = false;
      inputMap.set({ rows: e.h, cols: e.w, values: e.inputMean });
      weightMap.set({ rows: e.cout, cols: e.cin, values: e.weights });
      inTiles.set({
        count: e.inputTiles.count,
        h: e.inputTiles.h,
        w: e.inputTiles.w,
        values: e.inputTiles.data,
      });
      outTiles.set({
        count: e.outputTiles.count,
        h: e.outputTiles.h,
        w: e.outputTiles.w,
        values: e.outputTiles.data,
      });
      texts.text(tilesNote, 'c1.tiles.note', {
        n: num(e.inputTiles.count),
        cin: num(e.cin),
        m: num(e.outputTiles.count),
        cout: num(e.cout),
      });
    }
    if (!maps || maps.cin !== e.cin || maps.cout !== e.cout || maps.h !== e.h || maps.w !== e.w) {
      needFull = true;
      return;
    }
    sel.y = e.y;
    sel.x = e.x;
    sel.j = Math.min(sel.j, e.cout - 1);
    inputMap.select(e.y, e.x);
    weightMap.select(sel.j, 0);

    // Counters.
    shapeOut.textContent = `${num(e.h)} × ${num(e.w)} × ${num(e.cout)}`;
    shapeOut.dataset.value = `${e.h}x${e.w}x${e.cout}`;
    paramsOut.textContent = num(e.params);
    paramsOut.dataset.value = String(e.params);
    macsOut.textContent = num(e.macs);
    macsOut.dataset.value = String(e.macs);
    texts.text(countersNote, 'c1.counter.note', {
      cin: num(e.cin),
      cout: num(e.cout),
      h: num(e.h),
      w: num(e.w),
      params: num(e.params),
      macs: num(e.macs),
      flops: num(2 * e.macs),
    });

    // The pixel's vectors.
    const cinLabels = Array.from({ length: e.cin }, (_, i) => String(i + 1));
    const coutLabels = Array.from({ length: e.cout }, (_, i) => String(i + 1));
    inBars.set({
      labels: cinLabels,
      rows: [{ label: 'c1.vec.input', values: Array.from(e.input) }],
    });
    outBars.set({
      labels: coutLabels,
      rows: [{ label: 'c1.vec.output', values: Array.from(e.output) }],
      highlight: sel.j,
    });
    texts.text(pixelNote, 'c1.pixel.note', {
      y: e.y + 1,
      x: e.x + 1,
      cin: num(e.cin),
      cout: num(e.cout),
    });
    pixelNote.dataset.y = String(e.y);
    pixelNote.dataset.x = String(e.x);

    // O(y, x, j) = Σ_i I(y, x, i) · W(j, i) + b(j) with the numbers of the chosen pixel and j.
    const lang = texts.lang;
    const j = sel.j;
    const row = maps.weights.subarray(j * e.cin, (j + 1) * e.cin);
    const shown = Math.min(e.cin, 3);
    const terms: string[] = [];
    for (let i = 0; i < shown; i++)
      terms.push(`(${texNumber(lang, e.input[i], 3)})(${texNumber(lang, row[i], 3)})`);
    if (e.cin > shown + 1) terms.push('\\cdots');
    if (e.cin > shown) {
      const i = e.cin - 1;
      terms.push(`(${texNumber(lang, e.input[i], 3)})(${texNumber(lang, row[i], 3)})`);
    }
    let dot = 0;
    for (let i = 0; i < e.cin; i++) dot += e.input[i] * row[i];
    const b = e.bias[j] ?? 0;
    const o = e.output[j];
    const py = e.y + 1;
    const px = e.x + 1;
    const J = j + 1;
    const tex =
      `O(x, y, j) = \\sum_{i=1}^{C_{in}} I(x, y, i)\\, W(j, i) + b(j) \\\\[6pt]` +
      `O(${px}, ${py}, ${J}) = ${terms.join(' + ')} + (${texNumber(lang, b, 3)}) \\\\[4pt]` +
      `= ${texNumber(lang, dot, 3)} + (${texNumber(lang, b, 3)}) = \\mathbf{${texNumber(lang, o, 3)}}`;
    maths.set(tex, {
      key: 'c1.maths.note',
      params: { x: px, y: py, j: J, cin: num(e.cin), cout: num(e.cout), value: num(o, 3) },
    });
    maths.el.dataset.y = String(e.y);
    maths.el.dataset.x = String(e.x);
    maths.el.dataset.j = String(j);
    maths.el.dataset.value = String(o);
    renderCosts(v);
  };

  // --- rendering: training ---------------------------------------------------------------------------
  const className = (name: string) =>
    isMessageKey(`c1.class.${name}`) ? texts.t(`c1.class.${name}` as MessageKey) : name;

  const buildArmRows = (names: string[]) => {
    for (const old of armBody.querySelectorAll('th, td')) texts.unbind(old);
    for (const old of armSel.options) texts.unbind(old);
    clear(armBody);
    armRows = names.map((name) => {
      const tr = h(
        'tr',
        { 'data-arm': name },
        texts.text(h('th', { scope: 'row' }), armKey(name)),
        ...['params', 'macs', 'relative', 'accuracy', 'loss', 'ms'].map((c) =>
          texts.attr(
            h('td', { class: 'num', 'data-col': c }),
            'data-label',
            `c1.arms.col.${c}` as MessageKey,
          ),
        ),
      );
      armBody.append(tr);
      return tr;
    });
    clear(armSel);
    names.forEach((name, i) =>
      armSel.append(texts.text(h('option', { value: String(i) }), armKey(name))),
    );
  };

  const renderTraining = (v: Conv1x1View, snap: Snapshot | null) => {
    const plain = v.arms.find((a) => a.name === 'plain');
    v.arms.forEach((a, i) => {
      const tr = armRows[i];
      if (!tr) return;
      const cell = (c: string) => tr.querySelector<HTMLElement>(`[data-col=${c}]`);
      const set = (c: string, text: string, value: number) => {
        const td = cell(c);
        if (!td) return;
        if (td.textContent !== text) td.textContent = text;
        td.dataset.value = String(value);
      };
      set('params', num(a.params), a.params);
      set('macs', num(a.macs), a.macs);
      const rel = plain ? a.macs / plain.macs : NaN;
      set('relative', Number.isFinite(rel) ? `${num(rel * 100, 1)}%` : '—', rel);
      const m = snap?.arms[i]?.metrics ?? {};
      const acc = m.accuracy ?? NaN;
      set('accuracy', Number.isFinite(acc) ? `${num(acc * 100, 1)}%` : '—', acc);
      set('loss', num(m.loss ?? NaN, 4), m.loss ?? NaN);
      const ms = m.ms ?? NaN;
      set('ms', ms > 0 ? num(ms, 2) : '—', ms);
      tr.classList.toggle('c1-selected', i === v.arm);
    });
    sel.arm = v.arm;
    armSel.value = String(v.arm);
    const arm = v.arms[v.arm];
    const layers = arm?.layers ?? 0;
    if (layerSel.options.length !== layers) {
      clear(layerSel);
      for (let l = 0; l < layers; l++)
        layerSel.append(
          texts.text(h('option', { value: String(l) }), 'c1.pick.layer.option', { n: l + 1 }),
        );
    }
    layerWrap.hidden = layers < 2;
    sel.layer = v.layer;
    layerSel.value = String(v.layer);
    const name = arm?.name ?? '';
    const wm = v.weights;
    trainWeights.el.hidden = wm.rows === 0;
    noPointwise.hidden = wm.rows !== 0;
    if (wm.rows === 0) {
      texts.text(noPointwise, 'c1.train.no_pointwise', { arm: texts.t(armKey(name)) });
      trainWeightsNote.hidden = true;
    } else {
      trainWeights.set({ rows: wm.rows, cols: wm.cols, values: wm.data });
      trainWeightsNote.hidden = false;
      texts.text(trainWeightsNote, 'c1.train.weights.note', {
        arm: texts.t(armKey(name)),
        layer: v.layer + 1,
        cin: num(wm.cols),
        cout: num(wm.rows),
        step: num(snap?.stepsDone ?? 0),
      });
    }
    trainWeights.el.dataset.arm = name;

    const img = v.image;
    sel.image = img.index;
    texts.text(which, 'c1.image.which', { n: img.index + 1, count: img.count });
    image.set({ h: 16, w: 16, rgb: img.pixels });
    const correct = img.label === img.predicted;
    verdict.dataset.correct = correct ? '1' : '0';
    texts.text(verdict, correct ? 'c1.verdict.ok' : 'c1.verdict.bad', {
      arm: texts.t(armKey(name)),
      label: className(img.classes[img.label] ?? ''),
      predicted: className(img.classes[img.predicted] ?? ''),
      p: num((img.probs[img.predicted] ?? 0) * 100, 1),
    });
    probBars.set({
      labels: img.classes.map(className),
      rows: [{ label: 'c1.probs.row', values: Array.from(img.probs), range: [0, 1] }],
      highlight: img.predicted,
    });
    const toTiles = (f: { h: number; w: number; c: number; data: Float32Array }) => {
      const n = f.h * f.w;
      const out = new Float32Array(f.c * n);
      for (let p = 0; p < n; p++)
        for (let c = 0; c < f.c; c++) out[c * n + p] = f.data[p * f.c + c];
      return { count: f.c, h: f.h, w: f.w, values: out };
    };
    const has = img.before.c > 0;
    trainBefore.el.hidden = !has;
    trainAfter.el.hidden = !has;
    if (has) {
      trainBefore.set(toTiles(img.before));
      trainAfter.set(toTiles(img.after));
      texts.text(trainTilesNote, 'c1.train.tiles.note', {
        arm: texts.t(armKey(name)),
        cin: num(img.before.c),
        cout: num(img.after.c),
        h: num(img.before.h),
        w: num(img.before.w),
      });
    } else {
      texts.text(trainTilesNote, 'c1.train.no_pointwise', { arm: texts.t(armKey(name)) });
    }
  };

  /** A new explorer tensor (new sizes or seed): its maps are fetched again. */
  const newTensor = (config: ConfigValues) => {
    const hh = Number(config.h ?? 32);
    const ww = Number(config.w ?? 32);
    // A different size: start at the centre pixel (the old one may lie outside it).
    if (!maps || maps.h !== hh || maps.w !== ww) {
      sel.y = Math.floor(hh / 2);
      sel.x = Math.floor(ww / 2);
    }
    needFull = true;
    maps = null;
  };

  texts.onChange(() => {
    if (last) {
      renderExplorer(last);
      renderTraining(last, lastSnap);
    }
  });

  return {
    el,
    viewRequest(): ViewRequest {
      return {
        kind: 'conv1x1',
        y: sel.y,
        x: sel.x,
        full: needFull,
        arm: sel.arm,
        layer: sel.layer,
        image: sel.image,
      };
    },
    opened(names: string[], config: ConfigValues) {
      armNames = names;
      task = String(config.task ?? 'colour');
      newTensor(config);
      sel.arm = 0;
      sel.layer = 0;
      buildArmRows(names);
      texts.text(taskNote, task === 'spatial' ? 'c1.task.spatial' : 'c1.task.colour');
      el.dataset.task = task;
      void VARIANTS;
    },
    reconfigured(config: ConfigValues) {
      // Only the explorer's sizes changed: the training views and their arms stay.
      newTensor(config);
    },
    render(snap: Snapshot) {
      lastSnap = snap;
      if (snap.view.kind !== 'conv1x1') return;
      last = snap.view;
      renderExplorer(snap.view);
      renderTraining(snap.view, snap);
      void armNames;
    },
    frame() {},
    canvases() {
      return [
        { name: 'input', canvas: inputMap.canvas() },
        { name: 'weights', canvas: weightMap.canvas() },
        { name: 'pixel-input', canvas: inBars.canvas() },
        { name: 'pixel-output', canvas: outBars.canvas() },
        { name: 'before', canvas: inTiles.canvas() },
        { name: 'after', canvas: outTiles.canvas() },
        { name: 'train-weights', canvas: trainWeights.canvas() },
        { name: 'image', canvas: image.canvas() },
      ];
    },
  };
}
