import { TestBed } from '@angular/core/testing';
import { FakeMediaStream, FakeTrack, installFakeWebRtc } from './fake-peer-connection';
import { MediaDevices, mediaProblemOf } from './media-devices';

describe('mediaProblemOf', () => {
  it('tells a blocked device from a missing or busy one', () => {
    expect(mediaProblemOf(new DOMException('', 'NotAllowedError'), 'audio-video')).toEqual({ reason: 'denied', wanted: 'audio-video' });
    expect(mediaProblemOf(new DOMException('', 'NotFoundError'), 'audio')).toEqual({ reason: 'missing', wanted: 'audio' });
    expect(mediaProblemOf(new DOMException('', 'NotReadableError'), 'audio')).toEqual({ reason: 'busy', wanted: 'audio' });
    expect(mediaProblemOf(new Error('?'), 'audio')).toEqual({ reason: 'failed', wanted: 'audio' });
  });
});

describe('MediaDevices', () => {
  let restore: () => void;
  let getUserMedia: ReturnType<typeof vi.fn>;
  let getDisplayMedia: ReturnType<typeof vi.fn>;
  let media: MediaDevices;

  beforeEach(() => {
    restore = installFakeWebRtc();
    getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
      const tracks = [new FakeTrack('audio')];
      if (constraints.video) tracks.push(new FakeTrack('video'));
      return new FakeMediaStream(tracks);
    });
    getDisplayMedia = vi.fn(async () => new FakeMediaStream([new FakeTrack('video')]));
    const mediaDevices = Object.assign(new EventTarget(), { getUserMedia, getDisplayMedia, enumerateDevices: async () => [] });
    Object.defineProperty(globalThis.navigator, 'mediaDevices', { value: mediaDevices, configurable: true });
    media = TestBed.inject(MediaDevices);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    restore();
  });

  it('captures microphone and camera, and mutes on the same track', async () => {
    await media.capture('audio-video');
    const audio = media.audio()!;
    media.setMicrophoneMuted(true);
    expect(audio.enabled).toBe(false);
    expect(media.microphoneMuted()).toBe(true);
    media.setMicrophoneMuted(false);
    expect(audio.enabled).toBe(true);
  });

  it('turning the camera off sends black frames, then releases the camera; turning it on captures it again', async () => {
    await media.capture('audio-video');
    const first = media.camera()!;

    const turningOff = media.setCameraOff(true);
    expect(first.enabled).toBe(false);
    expect(media.camera()).toBe(first);
    await turningOff;
    expect(media.camera()).toBeNull();
    expect((first as unknown as FakeTrack).readyState).toBe('ended');
    expect(media.cameraOff()).toBe(true);
    expect(media.cameraInUse()).toBe(true);

    await media.setCameraOff(false);
    expect(media.camera()).not.toBeNull();
    expect(media.camera()).not.toBe(first);
    expect(media.camera()!.enabled).toBe(true);
    expect(media.cameraOff()).toBe(false);
  });

  it('turned back on while its black frames go out, the camera keeps its track', async () => {
    await media.capture('audio-video');
    const first = media.camera()!;
    const calls = getUserMedia.mock.calls.length;

    const turningOff = media.setCameraOff(true);
    await media.setCameraOff(false);
    await turningOff;

    expect(media.camera()).toBe(first);
    expect(first.enabled).toBe(true);
    expect(getUserMedia.mock.calls.length).toBe(calls);
  });

  it('a camera that cannot be captured again stays off and says why', async () => {
    await media.capture('audio-video');
    await media.setCameraOff(true);
    getUserMedia.mockRejectedValueOnce(new DOMException('', 'NotReadableError'));

    await media.setCameraOff(false);

    expect(media.camera()).toBeNull();
    expect(media.cameraOff()).toBe(true);
    expect(media.switchError()).toEqual({ reason: 'busy', device: 'camera' });
  });

  it('an audio call has no camera to turn off', async () => {
    await media.capture('audio');
    await media.setCameraOff(true);
    expect(media.cameraInUse()).toBe(false);
    expect(media.cameraOff()).toBe(false);
  });

  it('records a denied camera as a problem and rejects, so the call is not started with it', async () => {
    getUserMedia.mockRejectedValueOnce(new DOMException('', 'NotAllowedError'));
    await expect(media.capture('audio-video')).rejects.toBeTruthy();
    expect(media.problem()).toEqual({ reason: 'denied', wanted: 'audio-video' });
    expect(media.audio()).toBeNull();
  });

  it('a switched camera replaces the track; while the camera is off the choice waits for it to be turned on', async () => {
    await media.capture('audio-video');
    const first = media.camera()!;
    await media.selectCamera('camera-2');
    expect(media.camera()).not.toBe(first);
    expect((first as unknown as FakeTrack).readyState).toBe('ended');
    expect(getUserMedia).toHaveBeenLastCalledWith({ video: { deviceId: { exact: 'camera-2' } } });

    await media.setCameraOff(true);
    const calls = getUserMedia.mock.calls.length;
    await media.selectCamera('camera-3');
    expect(getUserMedia.mock.calls.length).toBe(calls);
    await media.setCameraOff(false);
    expect(getUserMedia).toHaveBeenLastCalledWith({ video: { deviceId: { ideal: 'camera-3' } } });
  });

  it('stops sharing when the browser’s own "Stop sharing" ends the screen track', async () => {
    expect(await media.startScreenShare()).toBe(true);
    const screen = media.screen()!;
    screen.dispatchEvent(new Event('ended'));
    expect(media.screen()).toBeNull();
  });

  it('a cancelled screen picker is no error', async () => {
    getDisplayMedia.mockRejectedValueOnce(new DOMException('', 'NotAllowedError'));
    expect(await media.startScreenShare()).toBe(false);
    expect(media.switchError()).toBeNull();
  });

  it('release stops every local track', async () => {
    await media.capture('audio-video');
    const tracks = [media.audio(), media.camera()] as unknown as FakeTrack[];
    media.release();
    expect(tracks.every((t) => t.readyState === 'ended')).toBe(true);
    expect(media.localStream()).toBeNull();
  });
});
