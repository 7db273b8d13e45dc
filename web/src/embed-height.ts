// Inside a frame, the page tells its parent how tall it is, so the host's embed.js can size the
// iframe: {type: 'prayog:height', height, lab}, at load and whenever the height changes, at most
// once per animation frame. Incoming messages are never read.
import type { LabId } from './state';

export interface HeightMessage {
  type: 'prayog:height';
  height: number;
  lab: LabId;
}

export function reportHeight(win: Window, getLab: () => LabId): void {
  if (win.parent === win) return;
  const doc = win.document;
  const sent = { height: -1, frame: 0, timer: 0 };

  const post = (force: boolean) => {
    win.cancelAnimationFrame(sent.frame);
    win.clearTimeout(sent.timer);
    sent.frame = 0;
    sent.timer = 0;
    const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (!force && height === sent.height) return;
    sent.height = height;
    const message: HeightMessage = { type: 'prayog:height', height, lab: getLab() };
    win.parent.postMessage(message, '*');
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
