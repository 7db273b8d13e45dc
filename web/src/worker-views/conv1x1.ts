// The 1x1 lab's views on the worker side (seed 001): the explorer at the chosen pixel (its C_in
// and C_out vectors and the cost comparison always; the input map, the weights and the channel
// tiles only when the page asks for them: they change only when the lab is re-opened), every arm's
// parameters and MACs, the chosen arm's 1x1 weight matrix and a held-out image through that arm.
// Everything arrives copied out of the wasm heap, so the buffers can be transferred.
import type { Conv1x1Explorer, LabHandle } from '../../../wasm/api.js';
import type { Conv1x1View, LabView, ViewRequest } from '../protocol';

/** Channels of the explorer's before/after small multiples. */
export const EXPLORER_TILES = 16;

export function conv1x1View(h: LabHandle, request: ViewRequest): LabView {
  if (request.kind !== 'conv1x1') return { kind: 'none' };
  const req = request;
  let explorer: Conv1x1Explorer;
  try {
    explorer = h.conv1x1Explorer({ y: req.y, x: req.x, full: req.full, tiles: EXPLORER_TILES });
  } catch {
    // The pixel lies outside a smaller tensor (sizes just changed): the corner, with everything.
    explorer = h.conv1x1Explorer({ y: 0, x: 0, full: true, tiles: EXPLORER_TILES });
  }
  const arms = h.conv1x1Arms();
  const arm = Math.min(req.arm, arms.length - 1);
  const layer = Math.min(req.layer, Math.max(0, arms[arm].layers - 1));
  const weights = h.conv1x1Weights(arm, layer);
  let image;
  try {
    image = h.conv1x1Image(arm, req.image);
  } catch {
    image = h.conv1x1Image(arm, 0);
  }
  const view: Conv1x1View = { kind: 'conv1x1', explorer, arms, arm, layer, weights, image };
  return view;
}

/** The typed arrays of a view (each a fresh copy), for postMessage's transfer list. */
export function conv1x1Transferables(v: Conv1x1View): ArrayBufferView[] {
  const e = v.explorer;
  const out: ArrayBufferView[] = [e.input, e.output, e.bias];
  if (e.inputMean) out.push(e.inputMean);
  if (e.weights) out.push(e.weights);
  if (e.inputTiles) out.push(e.inputTiles.data);
  if (e.outputTiles) out.push(e.outputTiles.data);
  out.push(v.weights.data, v.weights.bias, v.image.pixels, v.image.probs);
  out.push(v.image.before.data, v.image.after.data);
  return out;
}
