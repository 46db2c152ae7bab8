import { Injectable } from '@angular/core';
import { playTones } from './tone';

/**
 * The short two-note sound of something new (a message, a waiting customer) while the tab is hidden. One
 * AudioContext for the tab: browsers allow a limited number, and one that was resumed during a click (see
 * `unlock`) may play later without one.
 */
@Injectable({ providedIn: 'root' })
export class Chime {
  #context: AudioContext | null = null;

  /** Call from a user gesture (a click): lets later chimes play in browsers that require one. */
  unlock(): void {
    void this.#audio()?.resume().catch(() => undefined);
  }

  play(): void {
    const context = this.#audio();
    if (context === null) return;
    void context.resume().catch(() => undefined);
    const now = context.currentTime;
    playTones(context, [880], now, 0.12);
    playTones(context, [1320], now + 0.14, 0.18);
  }

  #audio(): AudioContext | null {
    if (this.#context === null && typeof AudioContext !== 'undefined') {
      try {
        this.#context = new AudioContext();
      } catch {
        return null;
      }
    }
    return this.#context;
  }
}
