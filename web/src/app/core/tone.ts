/**
 * Plays these frequencies together, from `at` (on the context's clock) for `seconds`, quietly: the app's
 * sounds are synthesised with WebAudio, so there is nothing to download.
 */
export function playTones(context: AudioContext, frequencies: readonly number[], at: number, seconds: number, volume = 0.08): void {
  const gain = context.createGain();
  gain.gain.value = volume;
  gain.connect(context.destination);
  for (const frequency of frequencies) {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(at);
    oscillator.stop(at + seconds);
  }
}
