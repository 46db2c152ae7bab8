import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { callStrings } from './call.strings';
import { CallService } from './call-service';

/** The ringing call, on whatever page the person is: who calls, for what, and Accept / Decline. */
@Component({
  selector: 'app-incoming-call-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (calls.incomingCall(); as call) {
      <div class="incoming" role="alertdialog" aria-labelledby="incoming-call-title" aria-describedby="incoming-call-text">
        <h2 id="incoming-call-title" class="incoming__title">{{ strings.incomingTitle }}</h2>
        <p id="incoming-call-text" class="incoming__text">{{ strings.incoming(callerName(), call.media) }}</p>
        <div class="incoming__actions">
          <button type="button" class="button" [disabled]="calls.busy()" (click)="calls.accept(call)">{{ strings.acceptCall }}</button>
          <button type="button" class="button button--danger" (click)="calls.decline()">{{ strings.declineCall }}</button>
        </div>
      </div>
    }
  `,
  styles: `
    .incoming {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.6rem 1rem;
      background: var(--success-soft);
      border-bottom: 1px solid var(--border);
    }
    .incoming__title {
      margin: 0;
      font-size: 1rem;
    }
    .incoming__text {
      margin: 0;
      flex: 1;
    }
    .incoming__actions {
      display: flex;
      gap: 0.5rem;
    }
  `,
})
export class IncomingCallBanner {
  protected readonly calls = inject(CallService);
  protected readonly strings = callStrings;
  protected readonly callerName = computed(() => {
    const call = this.calls.incomingCall();
    return call?.participants.find((p) => p.userId === call.startedBy)?.displayName ?? '';
  });
}
