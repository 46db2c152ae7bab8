import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { limits } from '@ycyw/protocol';
import { chatStrings } from './chat.strings';

/**
 * The field a message is written in. Enter sends, Shift+Enter starts a new line. While this person may not
 * write here, it stays visible but disabled, described by the reason why.
 */
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
        [disabled]="blockedReason() !== null"
        [attr.aria-describedby]="blockedReason() !== null ? 'composer-blocked' : hint() !== null ? 'composer-hint' : null"
        (input)="edit($event)"
        (keydown.enter)="sendOnEnter($event)"
      ></textarea>
      <button type="submit" class="button" [disabled]="blockedReason() !== null">{{ strings.send }}</button>
    </form>
    @if (blockedReason(); as reason) {
      <p id="composer-blocked" class="composer__note">{{ reason }}</p>
    } @else if (hint(); as hint) {
      <p id="composer-hint" class="composer__note">{{ hint }}</p>
    }
  `,
  styles: `
    .composer {
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
    }
    .composer__note {
      margin: 0.3rem 0 0;
      color: var(--muted-text);
      font-size: 0.85rem;
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
  /** Why this person cannot write here now, or null when they can. */
  readonly blockedReason = input<string | null>(null);
  /** Something to know before writing (e.g. that it reopens the conversation). */
  readonly hint = input<string | null>(null);
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
    if (body.length === 0 || this.blockedReason() !== null) return;
    this.sent.emit(body);
    this.draft.set('');
  }
}
