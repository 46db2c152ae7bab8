import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { callStrings } from './call.strings';
import { CallService } from './call-service';

/** In a conversation: start an audio or video call, or join the one going on there. */
@Component({
  selector: 'app-call-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (joinable(); as call) {
      <div class="call-controls">
        <p class="call-controls__note">{{ strings.callInProgress(call.media) }}</p>
        <button type="button" class="button" [disabled]="calls.busy()" (click)="calls.accept(call)">{{ strings.joinCall }}</button>
      </div>
    } @else if (!calls.inCallIn(conversationId())) {
      <div class="call-controls">
        <button type="button" class="button button--quiet" [disabled]="!canStart()" (click)="calls.start(conversationId(), 'video')">
          {{ strings.startVideoCall }}
        </button>
        <button type="button" class="button button--quiet" [disabled]="!canStart()" (click)="calls.start(conversationId(), 'audio')">
          {{ strings.startAudioCall }}
        </button>
      </div>
    }
    @if (calls.activeCall() === null && calls.error(); as error) {
      <p class="call-controls__error" role="alert">{{ error }}</p>
    }
    <p class="call-controls__notice" role="status">{{ calls.activeCall() === null ? calls.notice() : '' }}</p>
  `,
  styles: `
    .call-controls {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .call-controls__note {
      margin: 0;
      font-size: 0.9rem;
    }
    .call-controls__notice:empty {
      display: none;
    }
    .call-controls__notice,
    .call-controls__error {
      margin: 0;
      color: var(--danger);
      font-size: 0.9rem;
    }
  `,
})
export class CallControls {
  readonly conversationId = input.required<string>();
  /** Calls need someone to call: a conversation still waiting for its agent has nobody yet. */
  readonly available = input(true);

  protected readonly calls = inject(CallService);
  protected readonly strings = callStrings;
  protected readonly joinable = computed(() => this.calls.joinableCallIn(this.conversationId()));
  protected readonly canStart = computed(() => this.available() && !this.calls.busy() && this.calls.activeCall() === null);
}
