import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { CallMedia } from '@ycyw/protocol';
import { callStrings } from './call.strings';

/** What this tab captures for a call: both, the microphone only, or nothing (receive-only). */
export type CaptureMode = 'audio-video' | 'audio' | 'none';

/** Why the camera or microphone could not be used, in the words the UI needs to choose a message. */
export interface MediaProblem {
  readonly reason: 'denied' | 'missing' | 'busy' | 'failed';
  /** What was asked for when it failed. */
  readonly wanted: Exclude<CaptureMode, 'none'>;
}

/** A device switch or screen share that failed; the call goes on with what it had. */
export interface DeviceError {
  readonly reason: MediaProblem['reason'];
  readonly device: 'microphone' | 'camera' | 'screen';
}

export interface DeviceChoice {
  readonly deviceId: string;
  readonly label: string;
}

const storageKeys = { camera: 'ycyw.camera', microphone: 'ycyw.microphone' } as const;

/** Maps a getUserMedia failure to a problem the person can act on. */
export function mediaProblemOf(error: unknown, wanted: Exclude<CaptureMode, 'none'>): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { reason: 'denied', wanted };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { reason: 'missing', wanted };
  if (name === 'NotReadableError' || name === 'AbortError') return { reason: 'busy', wanted };
  return { reason: 'failed', wanted };
}

/** The capture a call's media asks for first. */
export function captureFor(media: CallMedia): Exclude<CaptureMode, 'none'> {
  return media === 'video' ? 'audio-video' : 'audio';
}

/** How long a camera being turned off sends black frames before it is released (a few frames at 30 fps). */
const blackFramesMs = 200;

/**
 * The local side of calls: microphone and camera (the person's chosen devices, remembered), mute
 * (track.enabled), camera off (the camera is released), switching devices, and the shared screen. Tracks
 * are exposed as signals; the call service pushes them to every peer link, which swaps them with
 * replaceTrack, so none of this renegotiates.
 */
@Injectable({ providedIn: 'root' })
export class MediaDevices {
  readonly #audio = signal<MediaStreamTrack | null>(null);
  readonly #camera = signal<MediaStreamTrack | null>(null);
  readonly #screen = signal<MediaStreamTrack | null>(null);
  readonly #microphoneMuted = signal(false);
  readonly #cameraOff = signal(false);
  /** The call was captured with a camera: on, or turned off (and then released). */
  readonly #cameraInUse = signal(false);
  readonly #devices = signal<readonly MediaDeviceInfo[]>([]);
  readonly #cameraId = signal<string | null>(readStored(storageKeys.camera));
  readonly #microphoneId = signal<string | null>(readStored(storageKeys.microphone));
  readonly #problem = signal<MediaProblem | null>(null);
  readonly #switchError = signal<DeviceError | null>(null);

  readonly audio = this.#audio.asReadonly();
  readonly camera = this.#camera.asReadonly();
  readonly screen = this.#screen.asReadonly();
  readonly microphoneMuted = this.#microphoneMuted.asReadonly();
  readonly cameraOff = this.#cameraOff.asReadonly();
  readonly cameraInUse = this.#cameraInUse.asReadonly();
  /** The last capture failure, until the person chooses how to go on. */
  readonly problem = this.#problem.asReadonly();
  /** A failed device switch or screen share (the call goes on with what it had). */
  readonly switchError = this.#switchError.asReadonly();
  /** The camera and microphone in use (what our own video shows). */
  readonly localStream = computed(() => {
    const tracks = [this.#audio(), this.#camera()].filter((track) => track !== null);
    return tracks.length > 0 ? new MediaStream(tracks) : null;
  });
  readonly screenStream = computed(() => {
    const track = this.#screen();
    return track === null ? null : new MediaStream([track]);
  });
  readonly cameras = computed(() => choices(this.#devices(), 'videoinput'));
  readonly microphones = computed(() => choices(this.#devices(), 'audioinput'));
  /** The device actually in use, else the chosen one. */
  readonly cameraId = computed(() => this.#camera()?.getSettings().deviceId ?? this.#cameraId() ?? '');
  readonly microphoneId = computed(() => this.#audio()?.getSettings().deviceId ?? this.#microphoneId() ?? '');

  readonly #mediaDevices: globalThis.MediaDevices | undefined = globalThis.navigator?.mediaDevices;

  constructor() {
    const refresh = () => void this.#enumerate();
    this.#mediaDevices?.addEventListener('devicechange', refresh);
    inject(DestroyRef).onDestroy(() => this.#mediaDevices?.removeEventListener('devicechange', refresh));
  }

  /**
   * Captures what a call needs. Resolves with the mode obtained; on failure records the problem and
   * rejects, so the caller can offer audio only or receive-only instead of starting with a dead camera.
   */
  async capture(mode: CaptureMode): Promise<CaptureMode> {
    this.#problem.set(null);
    if (mode === 'none') {
      this.release();
      return mode;
    }
    if (this.#mediaDevices === undefined) {
      this.#problem.set({ reason: 'failed', wanted: mode });
      throw new Error('mediaDevices unavailable');
    }
    let stream: MediaStream;
    try {
      stream = await this.#mediaDevices.getUserMedia({
        audio: this.#constraint(this.#microphoneId()),
        video: mode === 'audio-video' ? this.#constraint(this.#cameraId()) : false,
      });
    } catch (error) {
      // A remembered device that has gone away must not lock the person out: retry with the defaults.
      if (isName(error, 'OverconstrainedError') || (isName(error, 'NotFoundError') && this.#hasChosenDevices())) {
        this.#cameraId.set(null);
        this.#microphoneId.set(null);
        return this.capture(mode);
      }
      this.#problem.set(mediaProblemOf(error, mode));
      throw error;
    }
    this.release();
    this.#microphoneMuted.set(false);
    this.#cameraOff.set(false);
    this.#audio.set(this.#watchEnded(stream.getAudioTracks()[0] ?? null, 'audio'));
    this.#camera.set(this.#watchEnded(stream.getVideoTracks()[0] ?? null, 'camera'));
    this.#cameraInUse.set(this.#camera() !== null);
    await this.#enumerate();
    return mode;
  }

  /** Forgets the last capture problem (the person chose how to go on). */
  clearProblem(): void {
    this.#problem.set(null);
  }

  setMicrophoneMuted(muted: boolean): void {
    this.#microphoneMuted.set(muted);
    const track = this.#audio();
    if (track) track.enabled = !muted;
  }

  /**
   * Camera off releases the camera, so its light goes off, as people expect. It first sends black frames
   * for a moment, so that the other side's last picture is black rather than a frozen face; the links then
   * send nothing on that transceiver. Camera on captures the chosen camera again.
   */
  async setCameraOff(off: boolean): Promise<void> {
    if (off === this.#cameraOff() || !this.#cameraInUse()) return;
    this.#cameraOff.set(off);
    const track = this.#camera();
    if (off) {
      if (track === null) return;
      track.enabled = false;
      await new Promise((resolve) => setTimeout(resolve, blackFramesMs));
      // Turned back on meanwhile, or replaced: that track stays.
      if (!this.#cameraOff() || this.#camera() !== track) return;
      this.#camera.set(null);
      track.stop();
    } else if (track !== null) {
      // Turned back on before it was released.
      track.enabled = true;
    } else {
      await this.#replace('camera', { video: this.#constraint(this.#cameraId()) });
      // Not available again (unplugged, taken by another app): still off, and switchError says why.
      if (this.#camera() === null) this.#cameraOff.set(true);
    }
  }

  /** Switches to another camera; the links swap the track with replaceTrack. */
  async selectCamera(deviceId: string): Promise<void> {
    this.#cameraId.set(deviceId);
    writeStored(storageKeys.camera, deviceId);
    if (this.#camera() === null) return;
    await this.#replace('camera', { video: { deviceId: { exact: deviceId } } });
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.#microphoneId.set(deviceId);
    writeStored(storageKeys.microphone, deviceId);
    if (this.#audio() === null) return;
    await this.#replace('audio', { audio: { deviceId: { exact: deviceId } } });
  }

  /** Asks the browser for a screen, window or tab to share; resolves false if the person cancelled. */
  async startScreenShare(): Promise<boolean> {
    if (this.#screen() !== null) return true;
    this.#switchError.set(null);
    try {
      if (this.#mediaDevices?.getDisplayMedia === undefined) throw new DOMException('no screen capture', 'NotSupportedError');
      // Text on a screen needs sharpness more than motion: a modest frame rate leaves bits for detail.
      const stream = await this.#mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
      const track = stream.getVideoTracks()[0];
      if (track === undefined) return false;
      track.contentHint = 'detail';
      // The browser's own "Stop sharing" ends the track: the share stops as if our button was pressed.
      track.addEventListener('ended', () => {
        if (this.#screen() === track) this.#screen.set(null);
      });
      this.#screen.set(track);
      return true;
    } catch (error) {
      // Cancelling the browser's picker is a choice, not an error.
      if (!isName(error, 'NotAllowedError')) this.#switchError.set({ reason: mediaProblemOf(error, 'audio').reason, device: 'screen' });
      return false;
    }
  }

  stopScreenShare(): void {
    const track = this.#screen();
    this.#screen.set(null);
    track?.stop();
  }

  /** Stops every local track (the camera light goes off). */
  release(): void {
    for (const track of [this.#audio(), this.#camera()]) track?.stop();
    this.#audio.set(null);
    this.#camera.set(null);
    this.#cameraInUse.set(false);
    this.#cameraOff.set(false);
    this.stopScreenShare();
    this.#switchError.set(null);
  }

  async #replace(kind: 'audio' | 'camera', constraints: MediaStreamConstraints): Promise<void> {
    const target = kind === 'audio' ? this.#audio : this.#camera;
    this.#switchError.set(null);
    try {
      if (this.#mediaDevices === undefined) throw new DOMException('no media devices', 'NotSupportedError');
      const stream = await this.#mediaDevices.getUserMedia(constraints);
      const track = (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks())[0] ?? null;
      if (track === null) return;
      track.enabled = kind === 'audio' ? !this.#microphoneMuted() : !this.#cameraOff();
      const old = target();
      target.set(this.#watchEnded(track, kind));
      old?.stop();
    } catch (error) {
      this.#switchError.set({ reason: mediaProblemOf(error, 'audio').reason, device: kind === 'audio' ? 'microphone' : 'camera' });
    }
  }

  /** A device unplugged mid-call ends its track: fall back to the default one. */
  #watchEnded(track: MediaStreamTrack | null, kind: 'audio' | 'camera'): MediaStreamTrack | null {
    track?.addEventListener('ended', () => {
      const target = kind === 'audio' ? this.#audio : this.#camera;
      if (target() !== track) return;
      void this.#replace(kind, kind === 'audio' ? { audio: true } : { video: true });
    });
    return track;
  }

  #constraint(deviceId: string | null): MediaTrackConstraints | boolean {
    return deviceId ? { deviceId: { ideal: deviceId } } : true;
  }

  #hasChosenDevices(): boolean {
    return this.#cameraId() !== null || this.#microphoneId() !== null;
  }

  async #enumerate(): Promise<void> {
    try {
      this.#devices.set((await this.#mediaDevices?.enumerateDevices()) ?? []);
    } catch {
      this.#devices.set([]);
    }
  }
}

function choices(devices: readonly MediaDeviceInfo[], kind: MediaDeviceKind): DeviceChoice[] {
  const ofKind = devices.filter((device) => device.kind === kind && device.deviceId !== '');
  return ofKind.map((device, index) => ({
    deviceId: device.deviceId,
    label: device.label || callStrings.unnamedDevice(kind === 'videoinput' ? 'camera' : 'microphone', index + 1),
  }));
}

function isName(error: unknown, name: string): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === name;
}

function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Private mode or storage full: the choice lasts this session only.
  }
}
