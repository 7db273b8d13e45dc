// The play loop of a lab: once per animation frame, if the lab is playing, visible and the last
// answer has arrived, it asks the worker for `speed` more steps. One request in flight at a time,
// so a slow machine gets fewer steps per second instead of a queue, and the page stays smooth.
// No DOM: the view tells it what it needs (visibility, the request function, the clock).

export const SPEEDS: readonly number[] = [1, 2, 5, 10, 20, 50];
export const DEFAULT_SPEED = 5;

export interface PlayerDeps {
  request(steps: number): void;
  frame(cb: () => void): number;
  cancelFrame(handle: number): void;
  /** Called whenever playing / paused changes (the view updates its buttons). */
  onChange(playing: boolean): void;
}

export interface Player {
  readonly playing: boolean;
  readonly speed: number;
  play(): void;
  pause(): void;
  /** One step now (pauses first). */
  step(): void;
  setSpeed(steps: number): void;
  /** Page hidden or lab scrolled out of view: stop asking until visible again. */
  setVisible(visible: boolean): void;
  /** The answer to the last request arrived (or failed): the next frame may ask again. */
  answered(): void;
  /** True while a request is out. */
  readonly busy: boolean;
}

export function createPlayer(deps: PlayerDeps): Player {
  let playing = false;
  let visible = true;
  let pending = false;
  let speed = DEFAULT_SPEED;
  let handle: number | null = null;

  const loop = () => {
    handle = null;
    if (!playing || !visible) return;
    if (!pending) {
      pending = true;
      deps.request(speed);
    }
    handle = deps.frame(loop);
  };
  const start = () => {
    if (handle === null && playing && visible) handle = deps.frame(loop);
  };
  const stop = () => {
    if (handle !== null) deps.cancelFrame(handle);
    handle = null;
  };

  return {
    get playing() {
      return playing;
    },
    get speed() {
      return speed;
    },
    get busy() {
      return pending;
    },
    play() {
      if (playing) return;
      playing = true;
      deps.onChange(true);
      start();
    },
    pause() {
      if (!playing) return;
      playing = false;
      stop();
      deps.onChange(false);
    },
    step() {
      this.pause();
      if (pending) return;
      pending = true;
      deps.request(1);
    },
    setSpeed(steps) {
      speed = SPEEDS.includes(steps) ? steps : DEFAULT_SPEED;
    },
    setVisible(v) {
      visible = v;
      if (visible) start();
      else stop();
    },
    answered() {
      pending = false;
    },
  };
}
