// The pretrain lab's views on the worker side (seed 002): every arm's stage timeline and last step
// (cheap), the reconstructions of the greedy arm, layer-1 feature tiles per arm, the chosen unit's
// h = f(Wx + b) and, when the page asks (about once a second), the comparison table, which needs a
// held-out pass (kept and sent with every later view). The gradient norms of every answered
// request are kept per session, and each view carries the ones the page has not drawn yet.
// Everything arrives copied out of the wasm heap, so the buffers can be transferred.
import type { LabHandle } from '../../../wasm/api.js';
import type { LabView, PretrainArmView, PretrainView, Tensor2, ViewRequest } from '../protocol';

type Req = Extract<ViewRequest, { kind: 'pretrain' }>;

const grid = (g: Tensor2): Tensor2 => ({ rows: g.rows, cols: g.cols, data: g.data });

/** Most gradient points kept per session (one per answered request). */
const MAX_GRAD_POINTS = 20000;

/** Per session: every answered request's gradient norms, and the last comparison table. */
interface Memory {
  steps: number[];
  norms: number[][][];
  comparison: PretrainView['comparison'];
}
const memories = new WeakMap<LabHandle, Memory>();

function remember(h: LabHandle, stepsDone: number, arms: PretrainArmView[]): Memory {
  let m = memories.get(h);
  if (!m) memories.set(h, (m = { steps: [], norms: [], comparison: null }));
  // A reset or a divergence went back: forget what came after.
  while (m.steps.length && m.steps[m.steps.length - 1] > stepsDone) {
    m.steps.pop();
    m.norms.pop();
  }
  if (stepsDone > 0 && m.steps[m.steps.length - 1] !== stepsDone) {
    m.steps.push(stepsDone);
    m.norms.push(arms.map((a) => a.gradNorms));
    if (m.steps.length > MAX_GRAD_POINTS) {
      m.steps.splice(0, m.steps.length - MAX_GRAD_POINTS);
      m.norms.splice(0, m.norms.length - MAX_GRAD_POINTS);
    }
  }
  return m;
}

/** First index of a sorted array whose value exceeds x. */
function after(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function pretrainView(h: LabHandle, request: ViewRequest): LabView {
  if (request.kind !== 'pretrain') return { kind: 'none' };
  const req: Req = request;
  const names = h.arms();
  const arms: PretrainArmView[] = [];
  let dims: number[] = [];
  let testCount = 1;
  names.forEach((name, a) => {
    const tl = h.pretrainTimeline(a);
    dims = tl.dims;
    testCount = tl.testCount;
    const st = h.pretrainStep(a);
    const width = tl.dims[1] ?? 1;
    const features =
      req.features > 0
        ? grid(h.pretrainFeatures(a, Math.min(req.features, width)))
        : { rows: 0, cols: 256, data: new Float32Array(0) };
    arms.push({
      name,
      current: tl.current,
      stages: tl.stages.map((s) => ({
        kind: s.kind,
        layer: s.layer,
        begin: s.begin,
        end: s.end,
        frozen: Array.from(s.frozen),
        reconBefore: s.reconBefore,
        reconAfter: s.reconAfter,
      })),
      loss: st.loss,
      supervisedLoss: st.supervisedLoss,
      reconError: st.reconError,
      gradNorms: Array.from(st.gradNorms),
      features,
    });
  });
  // Reconstructions: the first arm that trains decoders (greedy).
  const reconArm = Math.max(0, names.indexOf('greedy'));
  const rec = h.pretrainRecon(reconArm);
  // The chosen unit, clamped to this model (the page may still ask for a layer of a deeper one).
  const arm = Math.min(req.arm, names.length - 1);
  const layer = Math.min(req.layer, dims.length - 2);
  const unit = Math.min(req.unit, (dims[layer + 1] ?? 1) - 1);
  const example = Math.min(req.example, testCount - 1);
  const u = h.pretrainUnit({ arm, layer, unit, example });
  const memory = remember(h, h.stepsDone(), arms);
  if (req.comparison) memory.comparison = h.pretrainComparison();
  const from = after(memory.steps, req.gradFrom);
  const view: PretrainView = {
    kind: 'pretrain',
    dims,
    testCount,
    arms,
    recon: { arm: reconArm, inputs: grid(rec.inputs), outputs: grid(rec.reconstructions) },
    unit: { arm, layer, unit, example, ...u },
    comparison: memory.comparison,
    gradSteps: memory.steps.slice(from),
    gradNorms: memory.norms.slice(from),
  };
  return view;
}

/** The Float32Arrays of a pretrain view (moved, not copied, by postMessage). */
export function pretrainTransferables(v: PretrainView): ArrayBufferView[] {
  return [
    ...v.arms.map((a) => a.features.data),
    v.recon.inputs.data,
    v.recon.outputs.data,
    v.unit.inputs,
    v.unit.weights,
  ];
}
