import { ChangeDetectionStrategy, Component, output, signal } from '@angular/core';
import { limits } from '@ycyw/protocol';
import { chatStrings } from './chat.strings';

/** The field a message is written in. Enter sends, Shift+Enter starts a new line. */
@Component({
  selector: 'app-message-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="composer" (submit)="send($event)">
      <label class="visually-hidden" for="message-body">{{ strings.messageLabel }}</label>
      <textarea
        id="message-body"
        name="message"
        rows="2"
        autocomplete="off"
        [attr.maxlength]="maxLength"
        [placeholder]="strings.messagePlaceholder"
        [value]="draft()"
        (input)="edit($event)"
        (keydown.enter)="sendOnEnter($event)"
      ></textarea>
      <button type="submit" class="button">{{ strings.send }}</button>
    </form>
  `,
  styles: `
    .composer {
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
    }
    textarea {
      flex: 1;
      resize: none;
      min-height: 2.75rem;
      max-height: 10rem;
    }
  `,
})
export class MessageComposer {
  /** The trimmed text to send. */
  readonly sent = output<string>();
  /** Each keystroke; the conversation throttles what it tells the others. */
  readonly typed = output<void>();
  protected readonly strings = chatStrings;
  protected readonly maxLength = limits.messageBodyMaxChars;
  protected readonly draft = signal('');

  protected edit(event: Event): void {
    this.draft.set((event.target as HTMLTextAreaElement).value);
    if (this.draft().trim().length > 0) this.typed.emit();
  }

  protected sendOnEnter(event: Event): void {
    const key = event as KeyboardEvent;
    if (key.shiftKey || key.isComposing) return;
    this.send(event);
  }

  protected send(event: Event): void {
    event.preventDefault();
    const body = this.draft().trim();
    if (body.length === 0) return;
    this.sent.emit(body);
    this.draft.set('');
  }
}
