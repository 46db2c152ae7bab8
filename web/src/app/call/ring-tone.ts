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
      const ring = () => {
        const gain = context.createGain();
        gain.gain.value = 0.08;
        gain.connect(context.destination);
        const now = context.currentTime;
        for (const frequency of [440, 480]) {
          const oscillator = context.createOscillator();
          oscillator.frequency.value = frequency;
          oscillator.connect(gain);
          oscillator.start(now);
          oscillator.stop(now + 2);
        }
      };
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
