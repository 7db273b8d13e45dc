// Live translation: views bind an element's text (or an attribute) to a catalog key once; a
// language switch re-applies every binding, so nothing reloads and no view keeps its own copy.
import { t, type Lang, type MessageKey, type Params } from '../i18n';

interface Binding {
  key: MessageKey;
  params: Params;
}

type Slot = 'text' | `attr:${string}`;

export class Texts {
  // Views rebuild some content on every snapshot (the pretrain comparison table: ~30 bound cells,
  // 60 times a second). A Map keyed by element kept every discarded cell alive; here an element
  // holds its own bindings (WeakMap) and the list to re-apply holds it weakly, swept as it grows.
  private readonly slotsOf = new WeakMap<Element, Map<Slot, Binding>>();
  private readonly bound = new Set<WeakRef<Element>>();
  private sweepAt = 1024;
  private readonly listeners: Array<(lang: Lang) => void> = [];

  constructor(private current: Lang) {}

  get lang(): Lang {
    return this.current;
  }

  /** The message now (not bound: for one-off strings such as a clipboard snippet). */
  t(key: MessageKey, params?: Params): string {
    return t(this.current, key, params);
  }

  /** Binds el.textContent to a key; binding the same element again replaces the old binding. */
  text<E extends Element>(el: E, key: MessageKey, params: Params = {}): E {
    this.set(el, 'text', { key, params });
    return el;
  }

  /** Binds an attribute (aria-label, title, placeholder, content...) to a key. */
  attr<E extends Element>(el: E, name: string, key: MessageKey, params: Params = {}): E {
    this.set(el, `attr:${name}`, { key, params });
    return el;
  }

  /** Forgets the bindings of an element (call before discarding it). */
  unbind(el: Element): void {
    this.slotsOf.delete(el);
  }

  /** Runs `fn` now and after every language switch (for content that is rebuilt, e.g. charts). */
  onChange(fn: (lang: Lang) => void): void {
    this.listeners.push(fn);
    fn(this.current);
  }

  setLang(lang: Lang): void {
    this.current = lang;
    for (const ref of this.bound) {
      const el = ref.deref();
      const slots = el && this.slotsOf.get(el);
      if (!el || !slots) {
        this.bound.delete(ref);
        continue;
      }
      for (const [slot, binding] of slots) this.apply(el, slot, binding);
    }
    for (const fn of this.listeners) fn(lang);
  }

  private set(el: Element, slot: Slot, binding: Binding): void {
    let slots = this.slotsOf.get(el);
    if (!slots) {
      this.slotsOf.set(el, (slots = new Map()));
      this.bound.add(new WeakRef(el));
      if (this.bound.size >= this.sweepAt) this.sweep();
    }
    slots.set(slot, binding);
    this.apply(el, slot, binding);
  }

  /** Drops the references to elements gone (collected, or unbound); amortised O(1) per bind. */
  private sweep(): void {
    for (const ref of this.bound) {
      const el = ref.deref();
      if (!el || !this.slotsOf.has(el)) this.bound.delete(ref);
    }
    this.sweepAt = Math.max(1024, 2 * this.bound.size);
  }

  private apply(el: Element, slot: Slot, { key, params }: Binding): void {
    const value = t(this.current, key, params);
    if (slot === 'text') el.textContent = value;
    else el.setAttribute(slot.slice(5), value);
  }
}
