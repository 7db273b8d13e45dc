// The "embed" button's dialog: the iframe snippet for the current lab and language (shown as
// text in a read-only textarea, never parsed as markup), its suggested height and a copy button.
import type { PageState } from '../state';
import { pageUrl } from '../state';
import { h } from './dom';
import { labInfo } from './labs';
import type { Texts } from './texts';

function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The HTML a host pastes: our iframe plus the optional auto-height script. */
export function embedSnippet(
  src: string,
  scriptSrc: string,
  title: string,
  height: number,
): string {
  return (
    `<iframe data-prayog src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" ` +
    `style="border:0;max-width:100%" loading="lazy"></iframe>\n` +
    `<script src="${attr(scriptSrc)}" async></script>`
  );
}

export interface EmbedDialog {
  button: HTMLButtonElement;
  dialog: HTMLDialogElement;
  update(state: PageState): void;
}

export function createEmbedDialog(texts: Texts, baseUri: string, initial: PageState): EmbedDialog {
  const view = { state: initial };
  const titleId = 'embed-title';
  const codeId = 'embed-code';
  const intro = h('p');
  const code = h('textarea', {
    id: codeId,
    readonly: true,
    rows: '6',
    spellcheck: 'false',
    dir: 'ltr',
  });
  const copy = texts.text(
    h('button', { type: 'button', class: 'button', 'data-action': 'copy-embed' }),
    'embed.copy',
  );
  const close = texts.text(
    h('button', { type: 'button', class: 'button button-quiet' }),
    'embed.close',
  );
  const feedback = h('p', { class: 'copy-feedback', role: 'status' });
  const dialog = h(
    'dialog',
    { class: 'embed-dialog', 'aria-labelledby': titleId },
    texts.text(h('h2', { id: titleId }), 'embed.title'),
    intro,
    texts.text(h('label', { for: codeId }), 'embed.code_label'),
    code,
    h('div', { class: 'dialog-actions' }, copy, close, feedback),
    texts.text(h('p', { class: 'hint' }), 'embed.script_note'),
  );
  const button = texts.text(
    h('button', {
      type: 'button',
      class: 'button button-quiet',
      'data-action': 'embed',
      'data-control': 'embed',
      'aria-haspopup': 'dialog',
    }),
    'embed.button',
  );

  const render = () => {
    const lab = labInfo(view.state.lab);
    texts.text(intro, 'embed.intro', { height: lab.embedHeight });
    const src = pageUrl({ ...view.state, embed: true }, baseUri);
    const title = texts.t('embed.iframe_title', { lab: texts.t(lab.short) });
    code.value = embedSnippet(src, new URL('embed.js', baseUri).href, title, lab.embedHeight);
  };
  texts.onChange(render);

  button.addEventListener('click', () => {
    render();
    texts.unbind(feedback);
    feedback.textContent = '';
    dialog.showModal();
    code.focus();
    code.select();
    code.scrollTop = 0;
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  copy.addEventListener('click', async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(code.value);
      ok = true;
    } catch {
      code.focus();
      code.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
    texts.text(feedback, ok ? 'embed.copied' : 'embed.copy_failed');
  });

  return {
    button,
    dialog,
    update(state) {
      view.state = state;
      render();
    },
  };
}
