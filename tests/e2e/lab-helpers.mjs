// What the lab e2e tests share: reading the shell's hooks, driving its settings and transport, and
// fingerprinting canvases. `lab` is the lab root selector, e.g. '[data-lab=attention]'.
export const DEVANAGARI = /[\u0900-\u097F]/;

export function labTools(lab) {
  const steps = async (page) =>
    Number(await page.getAttribute(`${lab} [data-metric=steps]`, 'data-value'));

  const session = (page) =>
    page.$eval(`${lab} [data-shell]`, (el) => Number(el.dataset.session ?? -1));

  /** Sets a setting as a reader would: a select's option, or text + Enter in an input. */
  async function setField(page, key, value) {
    const sel = `${lab} [data-control=${key}] [data-key=${key}]`;
    const tag = await page.$eval(sel, (el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(sel, value);
    else {
      await page.fill(sel, value);
      await page.press(sel, 'Enter');
      await page.$eval(sel, (el) => el.dispatchEvent(new Event('change', { bubbles: true })));
    }
  }

  /** Waits for the session opened after a settings change (data-session grows), then `ready`. */
  async function reopened(page, before, ready) {
    await page.waitForFunction(
      ([sel, b]) => Number(document.querySelector(sel)?.dataset.session) > b,
      [`${lab} [data-shell]`, before],
      { timeout: 30000 },
    );
    await ready(page);
  }

  /** Plays until at least `n` steps are done, then pauses (and lets the last answer land). */
  async function trainUntil(page, n, { timeout = 60000, settle = 0 } = {}) {
    await page.click(`${lab} [data-action=play]`);
    await page.waitForFunction(
      ([sel, n]) => Number(document.querySelector(sel)?.dataset.value) >= n,
      [`${lab} [data-metric=steps]`, n],
      { timeout },
    );
    await page.click(`${lab} [data-action=pause]`);
    if (settle) await page.waitForTimeout(settle);
  }

  return { steps, session, setField, reopened, trainUntil };
}

/** A canvas's pixels: a fingerprint `h` and `ink`, how many are drawn and not near-white. */
export async function pixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width) return null;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 720) ink++;
    }
    return { h, ink };
  }, selector);
}
