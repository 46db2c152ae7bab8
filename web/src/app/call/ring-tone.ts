import { playTones } from '../core/tone';

/** A repeating tone: these frequencies together for `onSeconds`, every `everySeconds`. */
export interface Cadence {
  readonly frequencies: readonly number[];
  readonly onSeconds: number;
  readonly everySeconds: number;
}

/** What the person being called hears: the 440 + 480 Hz ring, two seconds on, four off. */
export const incomingRing: Cadence = { frequencies: [440, 480], onSeconds: 2, everySeconds: 6 };

/**
 * What the caller hears while the others' devices ring (ringback): the 425 Hz tone of most European
 * networks, one second on, four off — quieter in character than the ring, so nobody takes it for one.
 */
export const ringback: Cadence = { frequencies: [425], onSeconds: 1, everySeconds: 5 };

/**
 * A call's tone, synthesised with WebAudio (nothing to download). Browsers may keep the audio context
 * suspended until the person has interacted with the page; the screen says what is happening anyway.
 */
export class RingTone {
  readonly #cadence: Cadence;
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(cadence: Cadence) {
    this.#cadence = cadence;
  }

  /** Idempotent. */
  start(): void {
    if (this.#context !== null || typeof AudioContext === 'undefined') return;
    const { frequencies, onSeconds, everySeconds } = this.#cadence;
    try {
      const context = new AudioContext();
      this.#context = context;
      const ring = () => playTones(context, frequencies, context.currentTime, onSeconds);
      void context.resume().catch(() => undefined);
      ring();
      this.#timer = setInterval(ring, everySeconds * 1000);
    } catch {
      this.#context = null;
    }
  }

  /** Idempotent. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const context = this.#context;
    this.#context = null;
    void context?.close().catch(() => undefined);
  }
}
