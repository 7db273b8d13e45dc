// The "embed" button's dialog: the current lab and its settings as (a) the <prayog-lab> custom
// element, (b) a plain iframe, (c) a permalink, each with a copy button; options for the height
// (fit the content or fixed px) and for starting when in view, with a scaled preview of the height.
// Snippets are shown as text in read-only fields, never parsed as markup.
import type { PageState } from '../state';
import { pageUrl } from '../state';
import { h } from './dom';
import { labInfo } from './labs';
import type { Texts } from './texts';
import type { MessageKey } from '../i18n';

export const HEIGHT_MIN = 100;
export const HEIGHT_MAX = 10000;
/** The screen the preview compares the frame with (a common laptop viewport). */
const SCREEN_PX = 800;

function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export interface EmbedOptions {
  /** 'auto': the frame fits its content (needs embed.js); else a fixed height in px. */
  height: 'auto' | number;
  autoplay: boolean;
}

/** `<prayog-lab>` with the state's lab, language, preset, hidden controls and settings. */
export function elementSnippet(state: PageState, opts: EmbedOptions, scriptSrc: string): string {
  const attrs: Array<[string, string]> = [
    ['lab', state.lab],
    ['lang', state.lang],
  ];
  if (state.preset) attrs.push(['preset', state.preset]);
  if (state.hide.length) attrs.push(['hide', state.hide.join(',')]);
  if (!opts.autoplay) attrs.push(['autoplay', 'off']);
  attrs.push(['height', String(opts.height)]);
  if (state.config.length) attrs.push(['settings', state.config.join('&')]);
  const list = attrs.map(([k, v]) => `${k}="${attr(v)}"`).join(' ');
  return `<prayog-lab ${list}></prayog-lab>\n<script src="${attr(scriptSrc)}" async></script>`;
}

/** A plain iframe (what survives editors that strip scripts), plus embed.js when it fits its content. */
export function iframeSnippet(
  src: string,
  scriptSrc: string,
  title: string,
  opts: EmbedOptions,
  suggested: number,
): string {
  const auto = opts.height === 'auto';
  const height = auto ? suggested : (opts.height as number);
  const frame =
    `<iframe${auto ? ' data-prayog' : ''} src="${attr(src)}" title="${attr(title)}" width="100%" ` +
    `height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  return auto ? `${frame}\n<script src="${attr(scriptSrc)}" async></script>` : frame;
}

/** A height typed by the author, or null when it is not a whole number in range. */
export function parseHeight(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n >= HEIGHT_MIN && n <= HEIGHT_MAX ? n : null;
}

export interface EmbedDialog {
  button: HTMLButtonElement;
  dialog: HTMLDialogElement;
  update(state: PageState): void;
}

interface Snippet {
  field: HTMLTextAreaElement | HTMLInputElement;
  el: HTMLElement;
  feedback: HTMLElement;
}

export function createEmbedDialog(texts: Texts, baseUri: string, initial: PageState): EmbedDialog {
  const view = { state: initial, opts: { height: 'auto', autoplay: true } as EmbedOptions };
  const scriptSrc = new URL('embed.js', baseUri).href;

  const snippet = (
    id: string,
    label: MessageKey,
    note: MessageKey | null,
    rows: number,
  ): Snippet => {
    const field =
      rows > 1
        ? h('textarea', { id, readonly: true, rows: String(rows), spellcheck: 'false', dir: 'ltr' })
        : h('input', { id, type: 'text', readonly: true, spellcheck: 'false', dir: 'ltr' });
    const feedback = h('span', { class: 'copy-feedback', role: 'status' });
    const copy = texts.text(
      h('button', { type: 'button', class: 'button', 'data-action': `copy-${id}` }),
      'embed.copy',
    );
    copy.addEventListener('click', async () => {
      let ok = false;
      try {
        await navigator.clipboard.writeText(field.value);
        ok = true;
      } catch {
        field.focus();
        field.select();
        try {
          ok = document.execCommand('copy');
        } catch {
          ok = false;
        }
      }
      texts.text(feedback, ok ? 'embed.copied' : 'embed.copy_failed');
    });
    const el = h(
      'section',
      { class: 'embed-snippet', 'data-snippet': id },
      texts.text(h('label', { for: id }), label),
      note ? texts.text(h('p', { class: 'hint' }), note) : null,
      field,
      h('div', { class: 'dialog-actions' }, copy, feedback),
    );
    return { field, el, feedback };
  };

  const element = snippet('embed-element', 'embed.element_label', 'embed.element_note', 3);
  const iframe = snippet('embed-iframe', 'embed.iframe_label', 'embed.iframe_note', 4);
  const link = snippet('embed-link', 'embed.link_label', null, 1);

  // --- options ---------------------------------------------------------------------------------
  const autoRadio = h('input', {
    type: 'radio',
    name: 'embed-height',
    id: 'embed-height-auto',
    value: 'auto',
    checked: true,
  });
  const fixedRadio = h('input', {
    type: 'radio',
    name: 'embed-height',
    id: 'embed-height-fixed',
    value: 'fixed',
  });
  const heightInput = h('input', {
    id: 'embed-height-px',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    dir: 'ltr',
    size: '6',
    'aria-describedby': 'embed-height-help',
  });
  const heightHelp = h('p', { id: 'embed-height-help', class: 'ctl-help' });
  const heightError = h('p', { class: 'ctl-error', role: 'alert', hidden: true });
  const autoplayBox = h('input', { type: 'checkbox', id: 'embed-autoplay', checked: true });
  const options = h(
    'fieldset',
    { class: 'embed-options' },
    texts.text(h('legend'), 'embed.height_label'),
    h(
      'div',
      { class: 'embed-radio' },
      autoRadio,
      texts.text(h('label', { for: 'embed-height-auto' }), 'embed.height_auto'),
    ),
    h(
      'div',
      { class: 'embed-radio' },
      fixedRadio,
      texts.text(h('label', { for: 'embed-height-fixed' }), 'embed.height_fixed'),
      heightInput,
    ),
    heightHelp,
    heightError,
    h(
      'div',
      { class: 'embed-radio' },
      autoplayBox,
      texts.text(h('label', { for: 'embed-autoplay' }), 'embed.autoplay_label'),
    ),
  );

  // --- preview: the frame beside a laptop screen, at 1/10 scale --------------------------------
  const screenBox = h('div', { class: 'preview-screen' });
  const frameBox = h('div', { class: 'preview-frame', 'data-preview-height': '' });
  const screenLabel = h('span', { class: 'preview-label' });
  const frameLabel = h('span', { class: 'preview-label' });
  const preview = h(
    'figure',
    { class: 'embed-preview', 'aria-hidden': 'false' },
    texts.text(h('figcaption'), 'embed.preview_label'),
    h(
      'div',
      { class: 'preview-row' },
      h('div', { class: 'preview-col' }, screenBox, screenLabel),
      h('div', { class: 'preview-col' }, frameBox, frameLabel),
    ),
  );

  const titleId = 'embed-title';
  const intro = texts.text(h('p'), 'embed.intro');
  const close = texts.text(
    h('button', { type: 'button', class: 'button button-quiet', 'data-action': 'close-embed' }),
    'embed.close',
  );
  const dialog = h(
    'dialog',
    { class: 'embed-dialog', 'aria-labelledby': titleId },
    texts.text(h('h2', { id: titleId }), 'embed.title'),
    intro,
    h('div', { class: 'embed-layout' }, options, preview),
    element.el,
    iframe.el,
    link.el,
    h('div', { class: 'dialog-actions' }, close),
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
    const { state, opts } = view;
    const lab = labInfo(state.lab);
    const suggested = lab.embedHeight;
    if (!heightInput.value) heightInput.value = String(suggested);
    texts.text(heightHelp, 'embed.height_help', { min: HEIGHT_MIN, max: HEIGHT_MAX });
    const embedState: PageState = { ...state, embed: true, autoplay: opts.autoplay };
    const title = texts.t('embed.iframe_title', { lab: texts.t(lab.short) });
    element.field.value = elementSnippet(state, opts, scriptSrc);
    iframe.field.value = iframeSnippet(
      pageUrl(embedState, baseUri),
      scriptSrc,
      title,
      opts,
      suggested,
    );
    link.field.value = pageUrl({ ...state, embed: false, autoplay: false }, baseUri);
    const px = opts.height === 'auto' ? suggested : opts.height;
    // 1/10 scale, the frame capped at two screens so a tall frame still fits the dialog.
    screenBox.style.height = `${SCREEN_PX / 10}px`;
    frameBox.style.height = `${Math.min(px, 2 * SCREEN_PX) / 10}px`;
    frameBox.dataset.previewHeight = String(px);
    frameBox.classList.toggle('preview-auto', opts.height === 'auto');
    texts.text(screenLabel, 'embed.preview_screen', { height: SCREEN_PX });
    texts.text(frameLabel, opts.height === 'auto' ? 'embed.preview_auto' : 'embed.preview_frame', {
      height: px,
    });
  };
  texts.onChange(render);

  const readOptions = () => {
    const fixed = fixedRadio.checked;
    heightInput.disabled = !fixed;
    heightError.hidden = true;
    heightInput.removeAttribute('aria-invalid');
    if (fixed) {
      const px = parseHeight(heightInput.value);
      if (px === null) {
        heightError.hidden = false;
        heightInput.setAttribute('aria-invalid', 'true');
        const keep =
          view.opts.height === 'auto' ? labInfo(view.state.lab).embedHeight : view.opts.height;
        texts.text(heightError, 'embed.height_bad', {
          min: HEIGHT_MIN,
          max: HEIGHT_MAX,
          height: keep,
        });
        view.opts = { ...view.opts, height: keep };
      } else {
        view.opts = { ...view.opts, height: px };
      }
    } else {
      view.opts = { ...view.opts, height: 'auto' };
    }
    view.opts = { ...view.opts, autoplay: autoplayBox.checked };
    render();
  };
  for (const el of [autoRadio, fixedRadio, autoplayBox]) el.addEventListener('change', readOptions);
  heightInput.addEventListener('input', readOptions);
  heightInput.disabled = true;

  button.addEventListener('click', () => {
    render();
    for (const s of [element, iframe, link]) {
      texts.unbind(s.feedback);
      s.feedback.textContent = '';
    }
    dialog.showModal();
    element.field.focus();
    element.field.select();
    element.field.scrollTop = 0;
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
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
