// "Show the maths": the lab's formula typeset by KaTeX with the live numbers of the selected cell,
// and a translated note under it. set() is called every frame; KaTeX only runs when the TeX
// changed, since typesetting costs far more than a frame's string compare.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import '../styles/lab-views.css';
import type { MessageKey, Params } from '../i18n';
import { h } from './dom';
import type { Texts } from './texts';

export { texNumber } from './csv';

export interface MathsNote {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface MathsPanel {
  el: HTMLElement;
  set(tex: string, note?: MathsNote): void;
}

export function createMathsPanel(
  texts: Texts,
  opts: { id: string; title: MessageKey },
): MathsPanel {
  const title = h('h3', { class: 'lab-view-title' });
  texts.text(title, opts.title);
  const formula = h('div', { class: 'maths-formula' });
  const note = h('p', { class: 'maths-note' });
  note.hidden = true;
  const el = h(
    'section',
    { class: 'lab-view maths-panel', 'data-maths': opts.id },
    title,
    formula,
    note,
  );
  const state = { tex: null as string | null, note: '' };

  return {
    el,
    set(tex, next) {
      if (tex !== state.tex) {
        state.tex = tex;
        katex.render(tex, formula, {
          throwOnError: false,
          output: 'htmlAndMathml',
          strict: 'ignore',
        });
      }
      const noteId = next ? JSON.stringify([next.key, next.params ?? {}]) : '';
      if (noteId === state.note) return;
      state.note = noteId;
      note.hidden = !next;
      if (next) texts.text(note, next.key, (next.params ?? {}) as Params);
      else {
        texts.unbind(note);
        note.textContent = '';
      }
    },
  };
}
