import { playTones } from '../core/tone';

/**
 * The ring of an incoming call, synthesised with WebAudio (nothing to download): the 440 + 480 Hz tone of
 * North American phones, two seconds on, four off. Browsers may keep the audio context suspended until
 * the person has interacted with the page; the banner is there for them anyway.
 */
export class RingTone {
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#context !== null || typeof AudioContext === 'undefined') return;
    try {
      const context = new AudioContext();
      this.#context = context;
      const ring = () => playTones(context, [440, 480], context.currentTime, 2);
      void context.resume().catch(() => undefined);
      ring();
      this.#timer = setInterval(ring, 6000);
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
