import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Attachment } from '@ycyw/protocol';
import { chatStrings } from './chat.strings';

/** A file in the timeline: a photo shows as a preview (opening full size), a PDF as a download link. */
@Component({
  selector: 'app-attachment-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (image()) {
      <a class="preview" [href]="attachment().url" target="_blank" rel="noopener">
        <img class="preview__image" [src]="attachment().url" [alt]="attachment().fileName" loading="lazy" />
      </a>
    } @else {
      <p class="file">
        <a class="file__link" [href]="attachment().url" [attr.download]="attachment().fileName">{{ attachment().fileName }}</a>
        <span class="file__size">{{ strings.fileSize(attachment().sizeBytes) }}</span>
      </p>
    }
  `,
  styles: `
    .preview {
      display: block;
      margin-top: 0.2rem;
    }
    .preview__image {
      display: block;
      max-width: min(100%, 18rem);
      max-height: 16rem;
      border-radius: calc(var(--radius) / 2);
      object-fit: contain;
      background: var(--surface-sunken);
    }
    .file {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0;
      overflow-wrap: anywhere;
    }
    .file__size {
      color: var(--muted-text);
      font-size: 0.85rem;
    }
  `,
})
export class AttachmentPreview {
  readonly attachment = input.required<Attachment>();
  protected readonly strings = chatStrings;
  protected readonly image = computed(() => this.attachment().contentType.startsWith('image/'));
}
