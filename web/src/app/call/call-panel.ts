import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthService } from '../core/auth-service';
import { callStrings } from './call.strings';
import { CallQualityPanel } from './call-quality-panel';
import { CallService } from './call-service';
import { MediaDevices } from './media-devices';
import { MediaStreamDirective } from './media-stream';

/** The call this tab is in: everyone's video, the controls, device choice and connection quality. */
@Component({
  selector: 'app-call-panel',
  imports: [CallQualityPanel, MediaStreamDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './call-panel.html',
  styleUrl: './call-panel.css',
})
export class CallPanel {
  protected readonly calls = inject(CallService);
  protected readonly media = inject(MediaDevices);
  protected readonly strings = callStrings;
  readonly #auth = inject(AuthService);
  /** Why the call is over ("No answer.", "… declined the call."), while its ended notice shows. */
  protected readonly endedText = computed(() => {
    const phase = this.calls.phase();
    return phase.kind === 'ended' ? this.strings.endedBecause(phase.call, this.#auth.user()?.id ?? '') : null;
  });
  protected readonly status = computed(() => {
    const phase = this.calls.phase();
    if (phase.kind === 'calling') return this.strings.calling(phase.call.media);
    if (phase.kind === 'in-call') return this.strings.inCall(phase.call.media, this.calls.remotes().map((r) => r.displayName));
    return '';
  });

  protected toggleMicrophone(): void {
    this.media.setMicrophoneMuted(!this.media.microphoneMuted());
  }

  protected toggleCamera(): void {
    void this.media.setCameraOff(!this.media.cameraOff());
  }

  protected toggleScreenShare(): void {
    if (this.media.screen() !== null) this.media.stopScreenShare();
    else void this.media.startScreenShare();
  }

  protected selectCamera(event: Event): void {
    void this.media.selectCamera((event.target as HTMLSelectElement).value);
  }

  protected selectMicrophone(event: Event): void {
    void this.media.selectMicrophone((event.target as HTMLSelectElement).value);
  }

  /** Connecting or reconnecting, shown on a remote tile until media flows. */
  protected linkNote(state: RTCPeerConnectionState): string | null {
    if (state === 'new' || state === 'connecting') return this.strings.connecting;
    if (state === 'disconnected' || state === 'failed') return this.strings.reconnecting;
    return null;
  }
}
