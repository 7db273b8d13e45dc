// An error box: the translated message of an error key, plus the technical detail as plain text.
import { isMessageKey, type MessageKey } from '../i18n';
import { h } from './dom';
import type { Texts } from './texts';

/** The catalog key for an error key from the engine (unknown keys become error.unknown). */
export function errorKey(key: string): MessageKey {
  return key.startsWith('error.') && isMessageKey(key) ? key : 'error.unknown';
}

export function errorBox(
  texts: Texts,
  key: string,
  detail: string,
  params: Record<string, string> = {},
): HTMLElement {
  const box = h('div', { class: 'alert alert-error', role: 'alert', 'data-error': errorKey(key) });
  box.append(texts.text(h('p', { class: 'alert-title' }), errorKey(key), params));
  if (detail) {
    box.append(
      h(
        'p',
        { class: 'alert-detail' },
        texts.text(h('span'), 'error.detail_label'),
        ': ',
        h('code', {}, detail),
      ),
    );
  }
  return box;
}
