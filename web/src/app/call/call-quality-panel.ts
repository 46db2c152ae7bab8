import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { callStrings } from './call.strings';
import { emptyQuality, type CallQuality } from './call-quality';
import { CallService } from './call-service';

/** getStats, once a second, per remote device: what a support agent checks when "the call is bad". */
@Component({
  selector: 'app-call-quality-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="quality" aria-labelledby="call-quality-title">
      <h2 id="call-quality-title" class="quality__title">{{ strings.quality }}</h2>
      @for (remote of calls.remotes(); track remote.deviceId) {
        @let q = qualityOf(remote.deviceId);
        <dl class="quality__list" [attr.aria-label]="strings.qualityOf(remote.displayName)">
          <div><dt>{{ labels.roundTrip }}</dt><dd>{{ q.roundTripMs === null ? none : strings.milliseconds(q.roundTripMs) }}</dd></div>
          <div><dt>{{ labels.inbound }}</dt><dd>{{ q.inboundKbps === null ? none : strings.kilobitsPerSecond(q.inboundKbps) }}</dd></div>
          <div><dt>{{ labels.outbound }}</dt><dd>{{ q.outboundKbps === null ? none : strings.kilobitsPerSecond(q.outboundKbps) }}</dd></div>
          <div><dt>{{ labels.packetLoss }}</dt><dd>{{ q.packetLossPercent === null ? none : strings.percent(q.packetLossPercent) }}</dd></div>
          <div><dt>{{ labels.framesPerSecond }}</dt><dd>{{ q.framesPerSecond ?? none }}</dd></div>
          <div><dt>{{ labels.codec }}</dt><dd>{{ q.codec ?? none }}</dd></div>
          <div><dt>{{ labels.path }}</dt><dd>{{ q.path === null ? none : strings.path[q.path] }}</dd></div>
        </dl>
      }
    </section>
  `,
  styles: `
    .quality {
      font-size: 0.8rem;
      opacity: 0.9;
    }
    .quality__title {
      margin: 0 0 0.25rem;
      font-size: 0.85rem;
    }
    .quality__list {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 1rem;
      margin: 0 0 0.25rem;
    }
    .quality__list div {
      display: flex;
      gap: 0.3rem;
    }
    .quality__list dt::after {
      content: ':';
    }
    .quality__list dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class CallQualityPanel {
  protected readonly calls = inject(CallService);
  protected readonly strings = callStrings;
  protected readonly labels = callStrings.qualityLabels;
  protected readonly none = callStrings.notAvailable;

  protected qualityOf(deviceId: string): CallQuality {
    return this.calls.quality().get(deviceId) ?? emptyQuality;
  }
}
