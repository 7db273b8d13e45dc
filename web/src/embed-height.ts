// Inside a frame, the page tells its parent how tall it is, so the host's embed.js can size the
// iframe: {type: 'prayog:height', height, lab}, at load and whenever the height changes, at most
// once per animation frame. Incoming messages are never read.
import type { LabId } from './state';

export interface HeightMessage {
  type: 'prayog:height';
  height: number;
  lab: LabId;
}

const SHRINK_AFTER_MS = 1000;

export function reportHeight(win: Window, getLab: () => LabId): void {
  if (win.parent === win) return;
  const doc = win.document;
  const sent = { height: -1, frame: 0, timer: 0, shrink: 0, windowMax: 0 };

  const send = (height: number) => {
    win.clearTimeout(sent.shrink);
    sent.shrink = 0;
    sent.height = height;
    const message: HeightMessage = { type: 'prayog:height', height, lab: getLab() };
    win.parent.postMessage(message, '*');
  };
  const post = (force: boolean) => {
    win.cancelAnimationFrame(sent.frame);
    win.clearTimeout(sent.timer);
    sent.frame = 0;
    sent.timer = 0;
    const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (force || height > sent.height) {
      send(height);
      return;
    }
    if (height === sent.height) {
      sent.windowMax = height;
      return;
    }
    // Growth goes out at once (nothing may be cut off); a shrink only if the page stayed
    // smaller for SHRINK_AFTER_MS, and then to the tallest it was meanwhile, so a lab whose
    // numbers re-wrap while it trains does not make the host's article jump on every snapshot.
    if (!sent.shrink) {
      sent.windowMax = height;
      sent.shrink = win.setTimeout(() => {
        sent.shrink = 0;
        const now = Math.ceil(doc.documentElement.getBoundingClientRect().height);
        const settled = Math.max(sent.windowMax, now);
        if (settled < sent.height) send(settled);
      }, SHRINK_AFTER_MS);
    } else {
      sent.windowMax = Math.max(sent.windowMax, height);
    }
  };
  // One post per frame; a frame that is not painted (an off-screen cross-origin iframe can have
  // its animation frames paused) still reports after a short timeout.
  const schedule = () => {
    if (sent.frame || sent.timer) return;
    sent.frame = win.requestAnimationFrame(() => post(false));
    sent.timer = win.setTimeout(() => post(false), 250);
  };

  new ResizeObserver(schedule).observe(doc.documentElement);
  if (doc.readyState === 'complete') post(true);
  else win.addEventListener('load', () => post(true), { once: true });
}
