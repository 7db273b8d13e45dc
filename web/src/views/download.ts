// Exports: PNG of a view's canvas, CSV of a history, and a small labelled button group. Downloads
// use an anchor with an object URL; in a sandboxed iframe without allow-downloads the browser
// ignores the click, which is fine: nothing throws and the page goes on.
import '../styles/lab-views.css';
import type { MessageKey } from '../i18n';
import { h } from './dom';
import type { Texts } from './texts';

export { csvFromColumns } from './csv';

export function downloadBlob(doc: Document, filename: string, blob: Blob): void {
  const win = doc.defaultView;
  try {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: filename, hidden: true });
    doc.body.append(a);
    a.click();
    a.remove();
    // Revoked later: some browsers read the URL after click() returns.
    (win ?? globalThis).setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    // Sandboxes without downloads (or object URLs) simply do nothing.
  }
}

/**
 * A PNG of the canvas on a white background (chart canvases are transparent, which shows black
 * in some image viewers), at the canvas's full backing-store (HiDPI) resolution.
 */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const copy = canvas.ownerDocument.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    if (!ctx) return reject(new Error('canvas 2d context unavailable'));
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    copy.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    );
  });
}

export interface ExportItem {
  key: MessageKey;
  run: () => void;
  /** data-action value, e.g. 'export-png'. */
  action: string;
}

export function createExportMenu(texts: Texts, items: ExportItem[]): HTMLElement {
  const group = h('div', { class: 'export-menu', role: 'group' });
  texts.attr(group, 'aria-label', 'views.export.label');
  for (const item of items) {
    const button = h('button', {
      type: 'button',
      class: 'button button-quiet export-button',
      'data-action': item.action,
    });
    texts.text(button, item.key);
    button.addEventListener('click', () => item.run());
    group.append(button);
  }
  return group;
}
