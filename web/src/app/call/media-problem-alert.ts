import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { callStrings } from './call.strings';
import { CallService } from './call-service';
import { MediaDevices } from './media-devices';

/** Says why the camera or microphone cannot be used, and offers to go on with less. */
@Component({
  selector: 'app-media-problem-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (media.problem(); as problem) {
      <div class="problem" role="alert">
        <p class="problem__text">{{ strings.mediaProblem(problem) }}</p>
        <div class="problem__actions">
          @if (problem.wanted === 'audio-video') {
            <button type="button" class="button" (click)="calls.continueWith('audio')">{{ strings.continueAudioOnly }}</button>
          }
          <button type="button" class="button button--quiet" (click)="calls.continueWith('none')">{{ strings.continueReceiveOnly }}</button>
          <button type="button" class="button button--quiet" (click)="calls.retryCapture()">{{ strings.tryAgain }}</button>
          <button type="button" class="button button--quiet" (click)="calls.cancelCapture()">{{ strings.cancel }}</button>
        </div>
      </div>
    }
  `,
  styles: `
    .problem {
      display: grid;
      gap: 0.5rem;
      padding: 0.6rem 1rem;
      background: var(--danger-soft);
      color: var(--danger);
    }
    .problem__text {
      margin: 0;
      font-weight: 600;
    }
    .problem__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
})
export class MediaProblemAlert {
  protected readonly calls = inject(CallService);
  protected readonly media = inject(MediaDevices);
  protected readonly strings = callStrings;
}
