// The worker's side of the lab sessions: one lab per lab name (each shell on the page has its own
// session, so every lab keeps its run while another is shown); trains the steps the page asks for
// and answers each request with one snapshot (metrics of every arm + the views the page asked for).
// The page asks again only when it has drawn the last answer, so the worker never runs ahead of
// the screen, and a paused or hidden page simply stops asking. No DOM here.
import { PrayogError, type Engine, type LabHandle } from '../../wasm/api.js';
import type {
  ArmSnapshot,
  DemoPoints,
  EngineError,
  ImagesView,
  LabView,
  PageToWorker,
  SequenceView,
  ViewRequest,
  WorkerToPage,
} from './protocol';
import { conv1x1Transferables, conv1x1View } from './worker-views/conv1x1';
import { pretrainTransferables, pretrainView } from './worker-views/pretrain';

type LabMessage = Extract<
  PageToWorker,
  {
    type:
      | 'lab-open'
      | 'lab-reconfigure'
      | 'lab-step'
      | 'lab-reset'
      | 'lab-lr'
      | 'lab-weights'
      | 'lab-demo'
      | 'tour-measure'
      | 'tour-judge';
  }
>;

/** Held-out metrics (accuracy, entropy: a full pass over the held-out set) refresh this often. */
const HELDOUT_EVERY_MS = 200;

interface Session {
  id: number;
  lab: string;
  handle: LabHandle;
  mode: 'sequence' | 'images' | 'generic';
  /** The last held-out metrics per arm and when they were computed (performance.now()). */
  heldout: ArmSnapshot[] | null;
  heldoutAt: number;
  heldoutStep: number;
  /** What the last held-out pass took (ms). */
  heldoutMs: number;
  /** Guided steps' "before" numbers (tour-measure), by step id, for their tour-judge. */
  tourBefore: Map<string, Record<string, number>>;
}

export interface LabRunner {
  handle(msg: LabMessage): void;
}

function errorOf(err: unknown, fallbackKey = 'error.unknown'): EngineError {
  if (err instanceof PrayogError) return { key: err.key, detail: err.detail, params: err.params };
  if (err instanceof Error) return { key: fallbackKey, detail: `${err.name}: ${err.message}` };
  return { key: fallbackKey, detail: String(err) };
}

function armSnapshots(s: Session): ArmSnapshot[] {
  const h = s.handle;
  if (s.mode === 'sequence') {
    return h.arms().map((name, i) => {
      const m = h.armMetrics(i);
      return {
        name,
        metrics: {
          loss: m.loss,
          accuracy: m.accuracy,
          entropy: m.entropy,
          grad_norm: m.gradNorm,
          heldout_loss: m.heldoutLoss,
        },
      };
    });
  }
  if (s.mode === 'images') {
    const m = h.imageMetrics();
    return [
      {
        name: 'main',
        metrics: {
          loss: m.loss,
          accuracy: m.accuracy,
          object_attention: m.objectAttention,
          entropy: m.entropy,
          grad_norm: m.gradNorm,
          heldout_loss: m.heldoutLoss,
        },
      },
    ];
  }
  return h.arms().map((name, i) => ({ name, metrics: h.armValues(i) }));
}

function sequenceView(h: LabHandle, req: Extract<ViewRequest, { kind: 'sequence' }>): SequenceView {
  const arms = h.arms();
  let ex = h.example();
  if (req.example !== ex.index && req.example < ex.count) {
    h.selectExample(req.example);
    ex = h.example();
  }
  const arm = Math.min(req.arm, arms.length - 1);
  const heads: Float32Array[][] = [];
  let layer = req.layer;
  let head = req.head;
  // Clamp to the model (the page may ask for head 3 of a 2-head model after a config change).
  const probe = (a: number, l: number, hd: number) => {
    try {
      return h.attention({ arm: a, layer: l, head: hd });
    } catch {
      return null;
    }
  };
  if (!probe(0, layer, 0)) layer = 0;
  for (let a = 0; a < arms.length; a++) {
    const row: Float32Array[] = [];
    for (let hd = 0; hd < 4; hd++) {
      const att = probe(a, layer, hd);
      if (!att) break;
      row.push(att.weights);
    }
    heads.push(row);
  }
  if (head >= heads[0].length) head = 0;
  const sel = h.attention({ arm, layer, head });
  const sym = (ids: Int32Array) => Array.from(ids, (id) => ex.symbols[id] ?? '?');
  return {
    kind: 'sequence',
    example: ex.index,
    count: ex.count,
    input: sym(ex.input),
    target: sym(ex.target),
    predicted: ex.predicted.map(sym),
    heads,
    arm,
    layer,
    head,
    scale: sel.scale,
    scores: { rows: sel.rows, cols: sel.cols, data: sel.scores },
    weights: { rows: sel.rows, cols: sel.cols, data: sel.weights },
    picks: sel.picks,
    q: sel.q,
    k: sel.k,
    v: sel.v,
  };
}

function imagesView(h: LabHandle, req: Extract<ViewRequest, { kind: 'images' }>): ImagesView {
  const m = h.imageMetrics();
  const index = Math.min(req.image, m.count - 1);
  const v = h.imageView(index);
  return {
    kind: 'images',
    image: v.index,
    count: m.count,
    classes: m.classes,
    label: v.label,
    predicted: v.predicted,
    grid: v.grid,
    pixels: v.pixels,
    regions: v.regions,
    featureMean: v.featureMean,
    scores: v.scores,
    scale: v.scale,
    attention: v.attention,
    context: v.context,
    probs: v.probs,
    entropy: v.entropy,
    table: v.table,
    heldoutTable: m.regions,
  };
}

/**
 * Views of the other labs, by request kind: each lab's worker-side view function lives in
 * worker-views/<lab>.ts and is listed here. It copies out what the page asked for.
 */
const LAB_VIEWS: Record<string, (h: LabHandle, req: ViewRequest) => LabView> = {
  pretrain: pretrainView,
  conv1x1: conv1x1View,
};

function view(s: Session, req: ViewRequest): LabView {
  if (req.kind === 'sequence' && s.mode === 'sequence') return sequenceView(s.handle, req);
  if (req.kind === 'images' && s.mode === 'images') return imagesView(s.handle, req);
  const other = LAB_VIEWS[req.kind];
  if (other && s.mode === 'generic') return other(s.handle, req);
  return { kind: 'none' };
}

/** Float32Arrays of a snapshot, so postMessage moves them instead of copying. */
function transferables(v: LabView): Transferable[] {
  const out: Transferable[] = [];
  const add = (a: ArrayBufferView) => out.push(a.buffer as ArrayBuffer);
  if (v.kind === 'sequence') {
    for (const row of v.heads) row.forEach(add);
    [v.scores.data, v.weights.data, v.picks, v.q.data, v.k.data, v.v.data].forEach(add);
  } else if (v.kind === 'images') {
    [v.pixels, v.regions, v.featureMean, v.scores, v.attention, v.context, v.probs].forEach(add);
  } else if (v.kind === 'pretrain') {
    pretrainTransferables(v).forEach(add);
  } else if (v.kind === 'conv1x1') {
    conv1x1Transferables(v).forEach(add);
  }
  // Distinct buffers only: transferring the same buffer twice throws.
  return [...new Set(out)];
}

export function createLabRunner(
  getEngine: () => Engine | null,
  post: (msg: WorkerToPage, transfer?: Transferable[]) => void,
): LabRunner {
  // One session per lab: every live lab on the page has its own shell, and each keeps its run.
  const sessions = new Map<string, Session>();

  const fail = (
    op: NonNullable<Extract<WorkerToPage, { type: 'error' }>['op']>,
    id: number,
    err: unknown,
  ) => post({ type: 'error', during: 'lab', op, id, ...errorOf(err) });

  const current = (
    id: number,
    op: 'step' | 'reset' | 'lr' | 'weights' | 'demo' | 'reconfigure' | 'tour',
  ): Session | null => {
    for (const s of sessions.values()) if (s.id === id) return s;
    post({
      type: 'error',
      during: 'lab',
      op,
      id,
      key: 'error.not_ready',
      detail: 'no such lab session',
    });
    return null;
  };

  const snapshot = (
    s: Session,
    steps: number,
    trainMs: number,
    req: ViewRequest,
    diverged?: EngineError,
  ) => {
    const now = performance.now();
    const stepsDone = s.handle.stepsDone();
    // Held-out metrics cost a pass over the held-out set: fresh after a pause, a divergence or a
    // step request of 0 (the page wants the current truth), otherwise a few times a second —
    // and never more than a fifth of the time (a CNN's held-out pass costs many steps).
    if (
      !s.heldout ||
      steps === 0 ||
      diverged ||
      now - s.heldoutAt >= Math.max(HELDOUT_EVERY_MS, 4 * s.heldoutMs) ||
      stepsDone < s.heldoutStep
    ) {
      s.heldout = armSnapshots(s);
      s.heldoutMs = performance.now() - now;
      s.heldoutAt = performance.now();
      s.heldoutStep = stepsDone;
    }
    // The training loss and gradient norm are fresh on every snapshot (they cost nothing).
    const fresh = s.handle.trainMetrics();
    const arms = s.heldout.map((arm, i) => {
      const metrics = { ...arm.metrics };
      if (diverged) {
        // The last step's loss is the blow-up itself; the weights are back at the checkpoint,
        // whose held-out loss is the honest "current" number where a lab reports one.
        if (metrics.heldout_loss !== undefined) metrics.loss = metrics.heldout_loss;
        return { name: arm.name, metrics };
      }
      if (Number.isFinite(fresh.loss[i])) metrics.loss = fresh.loss[i];
      if (Number.isFinite(fresh.gradNorm[i])) metrics.grad_norm = fresh.gradNorm[i];
      return { name: arm.name, metrics };
    });
    const v = view(s, req);
    const msg: WorkerToPage = {
      type: 'lab-snapshot',
      id: s.id,
      stepsDone,
      trainMs,
      steps,
      arms,
      view: v,
      wasmBytes: getEngine()?.memoryBytes() ?? 0,
    };
    if (diverged) msg.diverged = diverged;
    post(msg, transferables(v));
  };

  const open = (msg: Extract<LabMessage, { type: 'lab-open' }>) => {
    const engine = getEngine();
    if (!engine) {
      post({
        type: 'error',
        during: 'lab',
        op: 'open',
        id: msg.id,
        key: 'error.not_ready',
        detail: '',
      });
      return;
    }
    let handle: LabHandle;
    try {
      handle = engine.createLab(msg.lab, msg.config);
    } catch (err) {
      fail('open', msg.id, err); // the previous session stays: the last good state survives
      return;
    }
    sessions.get(msg.lab)?.handle.dispose();
    const mode =
      msg.lab !== 'attention' ? 'generic' : msg.config.mode === 'images' ? 'images' : 'sequence';
    const session: Session = {
      id: msg.id,
      lab: msg.lab,
      handle,
      mode,
      heldout: null,
      heldoutAt: 0,
      heldoutStep: 0,
      heldoutMs: 0,
      tourBefore: new Map(),
    };
    sessions.set(msg.lab, session);
    post({ type: 'lab-opened', id: msg.id, lab: msg.lab, arms: handle.arms() });
  };

  const step = (msg: Extract<LabMessage, { type: 'lab-step' }>) => {
    const s = current(msg.id, 'step');
    if (!s) return;
    let diverged: EngineError | undefined;
    const t0 = performance.now();
    try {
      if (msg.steps > 0) s.handle.step(msg.steps);
    } catch (err) {
      const e = errorOf(err);
      if (e.key !== 'error.diverged') {
        fail('step', msg.id, err);
        return;
      }
      diverged = e;
      s.heldout = null;
    }
    const trainMs = performance.now() - t0;
    try {
      snapshot(s, msg.steps, trainMs, msg.view, diverged);
    } catch (err) {
      fail('step', msg.id, err);
    }
  };

  return {
    handle(msg) {
      switch (msg.type) {
        case 'lab-open':
          open(msg);
          break;
        case 'lab-step':
          step(msg);
          break;
        case 'lab-reconfigure': {
          // View-only settings (the 1x1 explorer's sizes): the lab and its training stay.
          const s = current(msg.id, 'reconfigure');
          if (!s) return;
          try {
            s.handle.configureViews(msg.config);
            post({ type: 'lab-reconfigured', id: msg.id, req: msg.req });
          } catch (err) {
            post({
              type: 'error',
              during: 'lab',
              op: 'reconfigure',
              id: msg.id,
              req: msg.req,
              ...errorOf(err),
            });
          }
          break;
        }
        case 'lab-reset': {
          const s = current(msg.id, 'reset');
          if (!s) return;
          try {
            s.handle.reset(msg.seed);
            s.heldout = null;
            snapshot(s, 0, 0, msg.view);
          } catch (err) {
            fail('reset', msg.id, err);
          }
          break;
        }
        case 'lab-lr': {
          const s = current(msg.id, 'lr');
          if (!s) return;
          try {
            s.handle.setLearningRate(msg.lr);
            post({ type: 'lab-lr', id: msg.id, lr: msg.lr });
          } catch (err) {
            fail('lr', msg.id, err);
          }
          break;
        }
        case 'lab-weights': {
          const s = current(msg.id, 'weights');
          if (!s) return;
          try {
            const { arms } = s.handle.weights();
            const json = JSON.stringify(
              {
                lab: s.lab,
                steps: s.handle.stepsDone(),
                arms: arms.map((a) => ({
                  name: a.name,
                  tensors: a.tensors.map((t) => ({
                    name: t.name,
                    shape: t.shape,
                    values: Array.from(t.values),
                  })),
                })),
              },
              null,
              1,
            );
            post({ type: 'lab-weights', id: msg.id, json });
          } catch (err) {
            fail('weights', msg.id, err);
          }
          break;
        }
        case 'lab-demo': {
          const s = current(msg.id, 'demo');
          if (!s) return;
          try {
            const points = (msg.demo === 'scaling'
              ? s.handle.scalingDemo()
              : s.handle.costDemo()) as unknown as DemoPoints;
            post({ type: 'lab-demo', id: msg.id, demo: msg.demo, points });
          } catch (err) {
            fail('demo', msg.id, err);
          }
          break;
        }
        case 'tour-measure': {
          const s = current(msg.id, 'tour');
          if (!s) return;
          try {
            const numbers = s.handle.measureClaim(msg.step);
            s.tourBefore.set(msg.step, numbers);
            post({ type: 'tour-measured', id: msg.id, step: msg.step, numbers });
          } catch (err) {
            fail('tour', msg.id, err);
          }
          break;
        }
        case 'tour-judge': {
          const s = current(msg.id, 'tour');
          const engine = getEngine();
          if (!s || !engine) return;
          try {
            // Without a "before" (the page lost it), the step is measured from now on both sides.
            const after = s.handle.measureClaim(msg.step);
            const before = s.tourBefore.get(msg.step) ?? after;
            const verdict = engine.judgeClaim(s.lab, msg.step, before, after);
            post({ type: 'tour-verdict', id: msg.id, step: msg.step, ...verdict });
          } catch (err) {
            fail('tour', msg.id, err);
          }
          break;
        }
      }
    },
  };
}
