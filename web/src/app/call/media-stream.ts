import { Directive, effect, ElementRef, inject, input } from '@angular/core';

/** Plays a MediaStream in the host <video> or <audio> (srcObject has no attribute to bind). */
@Directive({ selector: 'video[appMediaStream], audio[appMediaStream]' })
export class MediaStreamDirective {
  readonly appMediaStream = input.required<MediaStream | null>();

  constructor() {
    const element = inject<ElementRef<HTMLMediaElement>>(ElementRef).nativeElement;
    effect(() => {
      const stream = this.appMediaStream();
      if (element.srcObject === stream) return;
      element.srcObject = stream;
      // autoplay covers most cases; an explicit play() also resumes after a new stream object. A refusal
      // (autoplay policy before any click) leaves the element paused with its controls, nothing to report.
      if (stream !== null) void element.play().catch(() => undefined);
    });
  }
}
