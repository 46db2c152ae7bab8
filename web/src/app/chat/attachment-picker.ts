import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import type { Message } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { errorText } from '../core/error-text';
import { RequestError } from '../core/request-error';
import { attachmentAccept, attachmentProblem } from './attachment-check';
import { chatStrings } from './chat.strings';
import { newClientMessageId } from './client-message-id';

/**
 * "Attach file": a photo of the car or a PDF, checked here first (type, size) and then uploaded as the
 * request body; the server answers with its `kind: 'file'` message.
 */
@Component({
  selector: 'app-attachment-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="attach">
      <input
        id="attach-file"
        class="attach__input visually-hidden"
        type="file"
        [accept]="accept"
        [disabled]="disabled() || uploading() !== null"
        (change)="pick($event)"
      />
      <label for="attach-file" class="button button--quiet attach__label" [class.attach__label--disabled]="disabled()">
        {{ strings.attachFile }}
      </label>
      <p class="attach__status" role="status">{{ uploading() ? strings.uploading(uploading()!) : '' }}</p>
      @if (error(); as error) {
        <p class="attach__error" role="alert">{{ error }}</p>
      }
    </div>
  `,
  styles: `
    .attach {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.75rem;
    }
    .attach__input:focus-visible + .attach__label {
      box-shadow: var(--focus);
    }
    .attach__label {
      min-height: 2.25rem;
      font-size: 0.9rem;
    }
    .attach__label--disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    .attach__status,
    .attach__error {
      margin: 0;
      font-size: 0.85rem;
    }
    .attach__status:empty {
      display: none;
    }
    .attach__status {
      color: var(--muted-text);
    }
    .attach__error {
      color: var(--danger);
    }
  `,
})
export class AttachmentPicker {
  readonly conversationId = input.required<string>();
  readonly disabled = input(false);
  /** The stored `kind: 'file'` message, as the server acknowledged it. */
  readonly uploaded = output<Message>();
  readonly #api = inject(ApiClient);
  protected readonly strings = chatStrings;
  protected readonly accept = attachmentAccept;
  /** The name of the file on its way, or null. */
  protected readonly uploading = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  protected async pick(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared at once, so picking the same file again (after an error) fires another change.
    input.value = '';
    if (file === undefined) return;
    const problem = attachmentProblem(file);
    this.error.set(problem);
    if (problem !== null) return;
    this.uploading.set(file.name);
    try {
      const { message } = await this.#api.uploadAttachment(this.conversationId(), file, newClientMessageId());
      this.uploaded.emit(message);
    } catch (error) {
      this.error.set(
        error instanceof RequestError && error.code === 'payload_too_large' ? this.strings.fileRefusedTooLarge(file.name) : errorText(error),
      );
    } finally {
      this.uploading.set(null);
    }
  }
}
