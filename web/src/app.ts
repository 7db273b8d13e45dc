// Wires the page: URL state -> views, language switch and lab navigation (no reloads), the engine
// worker -> "about this engine". All state lives in the objects created here, none at module level.
import { wasmSimdSupported, type LabSchema } from '../../wasm/api.js';
import { browserWatchdog, startEngine, type EngineClient } from './engine-client';
import { reportHeight } from './embed-height';
import type { Lang } from './i18n';
import type { WorkerToPage } from './protocol';
import { parseLabParams } from './lab-config';
import { findPreset } from './presets';
import { defaultLab, parseState, serializeState, type LabId, type PageState } from './state';
import { createLabShell, type LabShell } from './views/lab-shell';
import { LAB_UI } from './views/lab-ui';
import { createAboutView, type EngineStatus } from './views/about';
import { h } from './views/dom';
import { createEmbedDialog } from './views/embed-dialog';
import { createLabNav, createLabsView, labInfo } from './views/labs';
import { createNoticeBar } from './views/notices';
import { createTour, type TourView } from './views/tour';
import type { Tours } from './protocol';
import { createEmbedBar, createFooter, createHeader, createLangSwitch } from './views/shell';
import { Texts } from './views/texts';

interface EngineSession {
  client: EngineClient | null;
  status: EngineStatus;
  /** Engines started after a crash (the labs re-open their sessions when it is ready). */
  restarts: number;
}

function noSimdBox(texts: Texts): HTMLElement {
  return h(
    'div',
    { class: 'alert alert-warning nosimd', role: 'alert', hidden: true },
    texts.text(h('p', { class: 'alert-title' }), 'nosimd.title'),
    texts.text(h('p'), 'nosimd.body'),
    texts.text(h('p'), 'nosimd.browsers'),
  );
}

function setMetaDescription(doc: Document, content: string): void {
  let meta = doc.querySelector<HTMLMetaElement>('meta[name="description"]');
  if (!meta) {
    meta = doc.createElement('meta');
    meta.name = 'description';
    doc.head.append(meta);
  }
  meta.content = content;
}

/** history.pushState / replaceState, which some sandboxed or file: pages refuse. */
function writeUrl(win: Window, state: PageState, push: boolean): void {
  const url = serializeState(state) + win.location.hash;
  try {
    if (push) win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
  } catch {
    // The page keeps working; only the address bar is not updated.
  }
}

export function startApp(win: Window): void {
  const doc = win.document;
  const html = doc.documentElement;
  const baseUri = doc.baseURI;
  // Kept as loaded: lab settings are parsed once the engine has sent the schemas, after the page
  // has already rewritten the address bar.
  const initialSearch = win.location.search;
  const fallbackLab = defaultLab(doc);
  const parsed = parseState(initialSearch, fallbackLab);
  const state: PageState = parsed.state;
  const texts = new Texts(state.lang);
  const engine: EngineSession = { client: null, status: 'loading', restarts: 0 };

  // --- views -------------------------------------------------------------------------------
  const labs = createLabsView(texts);
  const about = createAboutView(texts, {
    compact: state.embed,
    requestBench(run, sizes) {
      if (!engine.client || engine.status !== 'ready') return false;
      engine.client.send({ type: 'bench', run, sizes });
      return true;
    },
  });
  const noSimd = noSimdBox(texts);
  const langSwitch = createLangSwitch(texts, (lang) => setLang(lang));
  const notices = createNoticeBar(texts, parsed.notices);
  const main = h(
    'main',
    { id: 'main', class: 'page-main', tabindex: '-1' },
    notices.el,
    noSimd,
    h('div', { class: 'content' }, labs.sections, about.el),
  );

  const nav = state.embed ? null : createLabNav(texts, (lab) => setLab(lab));
  const embedDialog = state.embed ? null : createEmbedDialog(texts, baseUri, state);
  const embedBar = state.embed ? createEmbedBar(texts, langSwitch.el, baseUri) : null;
  const footer = state.embed ? null : createFooter(texts);

  const root = h('div', { class: 'app' });
  if (state.embed) {
    html.dataset.embed = '1';
    root.append(embedBar!.el, main);
  } else {
    const skip = texts.text(
      h('a', { class: 'skip-link', href: '#main', 'data-chrome': '' }),
      'app.skip',
    );
    root.append(
      skip,
      createHeader(texts, langSwitch.el, embedDialog!.button),
      nav!.el,
      main,
      footer!.el,
    );
    doc.body.append(embedDialog!.dialog);
  }
  doc.body.prepend(root);

  // URL ?hide=a,b hides the named controls ([data-control]); unknown names hide nothing.
  for (const el of doc.querySelectorAll<HTMLElement>('[data-control]')) {
    if (state.hide.includes(el.dataset.control ?? '')) el.hidden = true;
  }

  // --- state -> views ----------------------------------------------------------------------
  const render = () => {
    html.lang = state.lang;
    labs.show(state.lab);
    nav?.update(state);
    langSwitch.update(state.lang);
    embedBar?.update(state);
    embedDialog?.update(state);
    doc.title = texts.t('meta.title', { lab: texts.t(labInfo(state.lab).short) });
    setMetaDescription(doc, texts.t('meta.description'));
  };

  const setLang = (lang: Lang) => {
    if (lang === state.lang) return;
    state.lang = lang;
    texts.setLang(lang);
    render();
    writeUrl(win, state, false);
  };

  const setLab = (lab: LabId) => {
    if (lab === state.lab) return;
    state.lab = lab;
    state.config = shells.get(lab)?.parts ?? [];
    state.preset = shells.get(lab)?.preset ?? null;
    // A tour belongs to its lab: another lab's tour=/step= would make the link refuse it.
    if (state.tour?.lab !== lab) state.tour = null;
    startShell(lab);
    render();
    updateVisibility();
    writeUrl(win, state, true);
  };

  // --- live labs -------------------------------------------------------------------------------
  // One shell per lab, made when the engine has sent the schemas; the shown lab's settings live
  // in the URL. A lab without a LAB_UI entry shows only its description.
  const shells = new Map<
    LabId,
    {
      shell: LabShell;
      schema: LabSchema;
      parts: string[];
      preset: string | null;
      started: boolean;
    }
  >();
  const startShell = (lab: LabId) => {
    const entry = shells.get(lab);
    if (!entry || entry.started) return;
    entry.started = true;
    entry.shell.start();
  };
  // Each lab's own section: one lab's section out of view must not pause another's.
  const inView = { page: !doc.hidden, sections: new Map<LabId, boolean>() };
  const updateVisibility = () => {
    for (const [lab, { shell }] of shells) {
      shell.setVisible(inView.page && (inView.sections.get(lab) ?? true) && lab === state.lab);
    }
  };
  doc.addEventListener('visibilitychange', () => {
    inView.page = !doc.hidden;
    updateVisibility();
  });

  const tours = new Map<LabId, TourView>();
  const startLabs = (schemas: LabSchema[], tourSteps: Tours) => {
    for (const schema of schemas) {
      const lab = schema.lab as LabId;
      const ui = LAB_UI[lab];
      if (!ui || shells.has(lab)) continue;
      // The URL's preset and settings belong to the lab it opened.
      const preset = lab === state.lab && state.preset ? findPreset(lab, state.preset) : null;
      const fromUrl = lab === state.lab ? parseLabParams(initialSearch, schema, preset) : null;
      if (fromUrl) notices.add(fromUrl.notices);
      const entry = {
        schema,
        parts: [] as string[],
        preset: preset?.name ?? null,
        started: false,
        shell: createLabShell(texts, {
          lab,
          schema,
          initial: fromUrl?.values ?? {},
          preset,
          autoplay: state.embed && state.autoplay && lab === state.lab,
          onPreset(name) {
            entry.preset = name;
            if (state.lab === lab) state.preset = name;
          },
          hidden: state.hide,
          visibleWhen: ui.visibleWhen,
          first: ui.first,
          glossary: ui.glossary,
          viewKeys: ui.viewKeys,
          metrics: ui.metrics,
          accuracyMetric: ui.accuracyMetric,
          send: (msg) => engine.client?.send(msg),
          onConfig(parts) {
            entry.parts = parts;
            if (state.lab === lab) {
              state.config = parts;
              writeUrl(win, state, false);
              embedDialog?.update(state);
            }
          },
          makeDetail: ui.makeDetail,
          onRestartEngine: () => restartEngine(),
          win,
        }),
      };
      shells.set(lab, entry);
      labs.attach(lab, entry.shell.el);
      // A lab builds its model and data only when it is first shown.
      if (lab === state.lab) startShell(lab);
      const steps = tourSteps[lab as keyof Tours] ?? [];
      if (steps.length) {
        const deepLink = state.tour?.lab === lab ? state.tour.step : null;
        const tour = createTour(texts, {
          lab,
          schema,
          steps,
          shell: entry.shell,
          send: (msg) => engine.client?.send(msg),
          open: deepLink !== null,
          onStep(n) {
            if (state.lab !== lab) return;
            state.tour = { lab, step: n };
            writeUrl(win, state, false);
            embedDialog?.update(state);
          },
        });
        entry.shell.tourSlot.append(tour.el);
        tours.set(lab, tour);
        // ?tour=<lab>&step=N: that step runs as soon as the lab is in view.
        if (deepLink !== null) tour.select(deepLink, true);
      }
      if ('IntersectionObserver' in win) {
        new IntersectionObserver((entries) => {
          inView.sections.set(
            lab,
            entries.some((e) => e.isIntersecting),
          );
          updateVisibility();
        }).observe(entry.shell.el);
      }
    }
    updateVisibility();
  };

  // Back/forward: the entry's URL is the state again, parsed as strictly as at load (its notices
  // replace the old ones). The lab re-opens only when the entry's settings differ from what runs
  // (an entry left by a language switch usually holds the same), so going back does not cost a
  // run for nothing.
  win.addEventListener('popstate', () => {
    const search = win.location.search;
    const parsedNext = parseState(search, fallbackLab);
    const next = parsedNext.state;
    state.lab = next.lab;
    if (next.lang !== state.lang) {
      state.lang = next.lang;
      texts.setLang(next.lang);
    }
    const list = [...parsedNext.notices];
    const entry = shells.get(state.lab);
    if (entry) {
      const preset = next.preset ? findPreset(state.lab, next.preset) : null;
      const fromUrl = parseLabParams(search, entry.schema, preset);
      list.push(...fromUrl.notices);
      const running = entry.shell.session().config;
      const differs = entry.schema.fields.some((f) => fromUrl.values[f.key] !== running[f.key]);
      if (!entry.started || differs) {
        entry.started = true;
        entry.shell.openWith(fromUrl.values);
      } else {
        entry.shell.discardDraft();
      }
    }
    notices.set(list);
    state.config = shells.get(state.lab)?.parts ?? [];
    state.preset = shells.get(state.lab)?.preset ?? null;
    state.tour = next.tour;
    startShell(state.lab);
    render();
    updateVisibility();
  });

  render();
  writeUrl(win, state, false);
  reportHeight(win, () => state.lab);

  // --- engine ------------------------------------------------------------------------------
  const setStatus = (status: EngineStatus) => {
    engine.status = status;
    html.dataset.engine = status;
    noSimd.hidden = status !== 'no-simd';
    about.setStatus(status);
  };

  const onMessage = (message: WorkerToPage) => {
    switch (message.type) {
      case 'ready':
        about.setSystem(message.system);
        if (message.system.simd) startLabs(message.schemas, message.tours);
        if (engine.restarts > 0 && message.system.simd) {
          for (const entry of shells.values()) if (entry.started) entry.shell.restart();
        }
        footer?.setVersion(String(message.system.version));
        setStatus(message.system.simd ? 'ready' : 'no-simd');
        if (!state.embed && engine.status === 'ready') about.runBench();
        break;
      case 'lab-opened':
      case 'lab-reconfigured':
      case 'lab-snapshot':
      case 'lab-weights':
      case 'lab-demo':
      case 'lab-lr':
        for (const { shell } of shells.values()) shell.handle(message);
        break;
      case 'tour-measured':
      case 'tour-verdict':
        for (const tour of tours.values()) tour.handle(message);
        break;
      case 'error':
        if (message.during === 'lab') {
          for (const { shell } of shells.values()) shell.handle(message);
          for (const tour of tours.values()) tour.handle(message);
        } else if (message.during === 'init') {
          about.showError(message.key, message.detail, message.params);
          setStatus(message.key === 'error.no_simd' ? 'no-simd' : 'error');
        } else {
          about.handle(message);
        }
        break;
      default:
        about.handle(message);
    }
  };

  if (!wasmSimdSupported()) {
    setStatus('no-simd');
    return;
  }
  const boot = () => {
    // The moment the engine was asked for (the page's clock; see the shell's data-first-step-at).
    html.dataset.shownAt = String(Math.round(win.performance.now()));
    setStatus('loading');
    engine.client = startEngine(
      baseUri,
      {
        onMessage,
        onFailure(key, detail) {
          about.showError(key, detail);
          setStatus('error');
        },
        onCrash(detail) {
          engine.client = null;
          setStatus('stopped');
          const shown = shells.get(state.lab);
          about.showError('error.engine_stopped', detail, {
            step: String(shown?.shell.session().stepsDone ?? 0),
          });
          for (const entry of shells.values()) if (entry.started) entry.shell.engineStopped(detail);
        },
      },
      browserWatchdog(win),
    );
  };
  // One click brings the engine back; every lab then re-opens with its last good settings.
  const restartEngine = () => {
    if (engine.client) return;
    engine.restarts += 1;
    boot();
  };
  // An article may hold several embeds: each starts its worker (and its wasm memory) only once
  // it is scrolled into view, so the ones further down cost only their page until then.
  if (state.embed && win.parent !== win && 'IntersectionObserver' in win) {
    setStatus('idle');
    const watch = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      watch.disconnect();
      boot();
    });
    watch.observe(root);
  } else {
    boot();
  }
}
