import type { Call, CallMedia, CallOutcome, CallParticipant } from '@ycyw/protocol';
import type { DeviceError, MediaProblem } from './media-devices';

const mediaName: Record<CallMedia, string> = { audio: 'audio call', video: 'video call' };
const names = (people: readonly CallParticipant[]) => people.map((p) => p.displayName).join(', ');

/** UI text of calls: controls (their accessible names are fixed by SPEC.md), banners, quality panel. */
export const callStrings = {
  startVideoCall: 'Start video call',
  startAudioCall: 'Start audio call',
  joinCall: 'Join call',
  callInProgress: (media: CallMedia) => `A ${mediaName[media]} is in progress in this conversation.`,
  acceptCall: 'Accept call',
  declineCall: 'Decline call',
  hangUp: 'Hang up',
  muteMicrophone: 'Mute microphone',
  unmuteMicrophone: 'Unmute microphone',
  turnCameraOff: 'Turn camera off',
  turnCameraOn: 'Turn camera on',
  shareScreen: 'Share screen',
  stopSharing: 'Stop sharing',
  camera: 'Camera',
  microphone: 'Microphone',
  unnamedDevice: (kind: 'camera' | 'microphone', n: number) => `${kind === 'camera' ? 'Camera' : 'Microphone'} ${n}`,
  yourVideo: 'Your video',
  yourScreen: 'Your screen',
  videoOf: (name: string) => `Video of ${name}`,
  screenOf: (name: string) => `Screen of ${name}`,
  incomingTitle: 'Incoming call',
  incoming: (name: string, media: CallMedia) => `${name} is calling you: ${mediaName[media]}.`,
  callPanel: 'Call',
  calling: (media: CallMedia) => `Calling… (${mediaName[media]})`,
  inCall: (media: CallMedia, names: readonly string[]) =>
    `${media === 'video' ? 'Video' : 'Audio'} call with ${names.join(', ')}`,
  ended: 'Call ended',
  /** Why a call this user was in (or started) is over, from its final participants. */
  endedBecause: (call: Call, selfUserId: string): string => {
    if (call.answeredAt !== null) return 'Call ended';
    const others = call.participants.filter((p) => p.userId !== selfUserId);
    const busy = others.filter((p) => p.state === 'busy');
    if (busy.length > 0 && busy.length === others.length) {
      return `${names(busy)} ${busy.length > 1 ? 'are' : 'is'} busy in another call.`;
    }
    const declined = others.filter((p) => p.state === 'declined');
    if (declined.length > 0 && declined.length === others.length) return `${names(declined)} declined the call.`;
    return 'No answer.';
  },
  dismiss: 'Close',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost, reconnecting…',
  controls: 'Call controls',
  devices: 'Devices',
  quality: 'Call quality',
  qualityOf: (name: string) => `Connection to ${name}`,
  qualityLabels: {
    roundTrip: 'Round-trip time',
    inbound: 'Receiving',
    outbound: 'Sending',
    packetLoss: 'Packet loss',
    framesPerSecond: 'Frames per second',
    codec: 'Codec',
    path: 'Path',
  },
  path: { host: 'host (direct)', srflx: 'srflx (through NAT)', relay: 'relay (TURN)' },
  notAvailable: '—',
  milliseconds: (ms: number) => `${Math.round(ms)} ms`,
  kilobitsPerSecond: (kbps: number) => `${Math.round(kbps)} kbit/s`,
  percent: (value: number) => `${value.toFixed(1)} %`,
  mediaProblem: (problem: MediaProblem): string => {
    const what = problem.wanted === 'audio-video' ? 'camera or microphone' : 'microphone';
    switch (problem.reason) {
      case 'denied':
        return `The browser is not allowed to use your ${what}. Allow it in the site settings, or go on without it.`;
      case 'missing':
        return `No ${what} was found. Plug one in, or go on without it.`;
      case 'busy':
        return `Your ${what} is in use by another application. Close it, or go on without it.`;
      case 'failed':
        return `Your ${what} could not be started.`;
    }
  },
  continueAudioOnly: 'Continue with audio only',
  continueReceiveOnly: 'Continue without camera and microphone',
  tryAgain: 'Try again',
  cancel: 'Cancel',
  deviceError: (error: DeviceError): string =>
    error.device === 'screen'
      ? 'Your screen could not be shared.'
      : `Switching ${error.device === 'camera' ? 'camera' : 'microphone'} failed${error.reason === 'busy' ? ': it is in use by another application' : ''}.`,
  /** The readable part of a call entry in the Messages list, beside the server's own summary. */
  outcome: { answered: 'Call', missed: 'Missed call', declined: 'Declined call', cancelled: 'Cancelled call' } satisfies Record<
    CallOutcome,
    string
  >,
  callEntryJoined: (names: readonly string[]) => `With ${names.join(', ')}`,
} as const;
