// A small bar with the notes about a URL that could not be followed exactly (bad lab, language, a
// lab setting out of range...). Lab settings are checked once the engine has sent the schemas, so
// notes can arrive after the page is drawn.
import type { Notice } from '../state';
import { clear, h } from './dom';
import type { Texts } from './texts';

export interface NoticeBar {
  el: HTMLElement;
  add(notices: Notice[]): void;
  /** The notes of a new URL (back/forward): they replace the old ones. */
  set(notices: Notice[]): void;
}

export function createNoticeBar(texts: Texts, initial: Notice[]): NoticeBar {
  const list = h('ul');
  const dismiss = texts.attr(
    h('button', { type: 'button', class: 'notice-dismiss', 'data-action': 'dismiss-notices' }, '×'),
    'aria-label',
    'notice.dismiss',
  );
  const bar = texts.attr(
    h('div', { class: 'notices', role: 'status', hidden: true }, list, dismiss),
    'aria-label',
    'notice.label',
  );
  let count = 0;
  dismiss.addEventListener('click', () => {
    bar.hidden = true;
    clear(list);
    count = 0;
  });
  const add = (notices: Notice[]) => {
    for (const n of notices)
      list.append(texts.text(h('li', { 'data-notice': n.key }), n.key, n.params));
    count += notices.length;
    bar.dataset.notices = String(count);
    bar.hidden = count === 0;
  };
  add(initial);
  const set = (notices: Notice[]) => {
    clear(list);
    count = 0;
    add(notices);
  };
  return { el: bar, add, set };
}
