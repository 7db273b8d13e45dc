// A small bar with the notes about a URL that could not be followed exactly (bad lab, language...).
import type { Notice } from '../state';
import { h } from './dom';
import type { Texts } from './texts';

export function createNoticeBar(texts: Texts, notices: Notice[]): HTMLElement | null {
  if (!notices.length) return null;
  const dismiss = texts.attr(
    h('button', { type: 'button', class: 'notice-dismiss', 'data-action': 'dismiss-notices' }, '×'),
    'aria-label',
    'notice.dismiss',
  );
  const bar = texts.attr(
    h(
      'div',
      { class: 'notices', role: 'status', 'data-notices': String(notices.length) },
      h('ul', {}, ...notices.map((n) => texts.text(h('li'), n.key, n.params))),
      dismiss,
    ),
    'aria-label',
    'notice.label',
  );
  dismiss.addEventListener('click', () => bar.remove());
  return bar;
}
