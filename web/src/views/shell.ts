// Page chrome (header, footer: marked data-chrome, absent in embed mode), the language switch and
// the compact bar of embed mode with its "open in Prayog" link.
import { LANGS, type Lang, type MessageKey } from '../i18n';
import type { PageState } from '../state';
import { pageUrl } from '../state';
import { h } from './dom';
import { labInfo } from './labs';
import type { Texts } from './texts';

export interface LangSwitch {
  el: HTMLElement;
  update(lang: Lang): void;
}

export function createLangSwitch(texts: Texts, onSelect: (lang: Lang) => void): LangSwitch {
  const names: Record<Lang, MessageKey> = { hi: 'lang.hi', en: 'lang.en' };
  const buttons = LANGS.map((lang) => {
    const b = texts.text(
      h('button', {
        type: 'button',
        class: 'lang-button',
        'data-action': 'lang',
        'data-lang': lang,
        lang,
      }),
      names[lang],
    );
    b.addEventListener('click', () => onSelect(lang));
    return b;
  });
  const el = texts.attr(
    h('div', { class: 'lang-switch', role: 'group', 'data-control': 'lang' }, ...buttons),
    'aria-label',
    'lang.label',
  );
  return {
    el,
    update(lang) {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    },
  };
}

export function createHeader(
  texts: Texts,
  langSwitch: HTMLElement,
  embedButton: HTMLElement,
): HTMLElement {
  return h(
    'header',
    { class: 'site-header', 'data-chrome': '' },
    h(
      'div',
      { class: 'brand' },
      h(
        'p',
        { class: 'brand-name' },
        texts.text(h('span', { class: 'brand-main' }), 'app.name'),
        texts.text(h('span', { class: 'brand-alt' }), 'app.name_latin'),
      ),
      texts.text(h('p', { class: 'tagline' }), 'app.tagline'),
    ),
    h('div', { class: 'header-tools' }, langSwitch, embedButton),
  );
}

export interface Footer {
  el: HTMLElement;
  setVersion(version: string): void;
}

export function createFooter(texts: Texts): Footer {
  const version = h('p', { class: 'footer-version' });
  return {
    el: h(
      'footer',
      { class: 'site-footer', 'data-chrome': '' },
      texts.text(h('p'), 'footer.text'),
      version,
    ),
    setVersion(v) {
      texts.text(version, 'footer.version', { version: v });
    },
  };
}

export interface EmbedBar {
  el: HTMLElement;
  update(state: PageState): void;
}

/** Embed mode's only chrome: the lab name, the language switch and a link to the full page. */
export function createEmbedBar(texts: Texts, langSwitch: HTMLElement, baseUri: string): EmbedBar {
  const name = h('span', { class: 'embed-lab' });
  const link = h(
    'a',
    { class: 'open-full', target: '_blank', rel: 'noopener', 'data-control': 'open-full' },
    texts.text(h('span'), 'embed.open_full'),
    h('span', { 'aria-hidden': 'true' }, ' ↗'),
    texts.text(h('span', { class: 'visually-hidden' }), 'embed.new_tab'),
  );
  const el = h(
    'div',
    { class: 'embed-bar' },
    h(
      'p',
      { class: 'embed-brand' },
      texts.text(h('span', { class: 'brand-main' }), 'app.name'),
      ' · ',
      name,
    ),
    h('div', { class: 'embed-tools' }, langSwitch, link),
  );
  return {
    el,
    update(state) {
      texts.text(name, labInfo(state.lab).short);
      link.href = pageUrl({ ...state, embed: false }, baseUri);
    },
  };
}
