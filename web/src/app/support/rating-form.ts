import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { limits, type Conversation, type Rating } from '@ycyw/protocol';
import { FormError } from '../core/form-error';
import { deskErrorText } from './desk-error-text';
import { DeskService } from './desk-service';
import { supportStrings } from './support.strings';

const scores = [1, 2, 3, 4, 5] as const;

/**
 * The customer rates a resolved conversation from 1 to 5 stars, with an optional comment; once rated, the
 * thanks (from the conversation's own rating, so every tab agrees) and a way to change it.
 */
@Component({
  selector: 'app-rating-form',
  imports: [FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (!editing() && rating(); as rating) {
      <p class="rated" role="status">
        {{ strings.ratedThanks(rating.score) }}
        <button type="button" class="link-button" (click)="edit()">{{ strings.changeRating }}</button>
      </p>
    } @else {
      <form class="rating card" aria-labelledby="rating-title" (submit)="send($event)">
        <h2 id="rating-title" class="rating__title">{{ strings.ratingTitle }}</h2>
        <fieldset class="rating__scores" role="radiogroup" aria-labelledby="rating-legend">
          <legend id="rating-legend" class="rating__legend">{{ strings.ratingLabel }}</legend>
          @for (value of scores; track value) {
            <label class="rating__score">
              <input type="radio" name="rating" [value]="value" [checked]="score() === value" (change)="score.set(value)" />
              <span aria-hidden="true" class="rating__stars">{{ '★'.repeat(value) }}</span>
              {{ strings.stars(value) }}
            </label>
          }
        </fieldset>
        <div class="field">
          <label for="rating-comment">{{ strings.commentLabel }}</label>
          <textarea
            id="rating-comment"
            rows="2"
            [attr.maxlength]="commentMax"
            [placeholder]="strings.commentPlaceholder"
            [value]="comment()"
            (input)="comment.set(textOf($event))"
          ></textarea>
        </div>
        <app-form-error [message]="error()" />
        <div class="actions">
          <button type="submit" class="button" [disabled]="busy()">{{ strings.sendRating }}</button>
        </div>
      </form>
    }
  `,
  styles: `
    .rated {
      margin: 0;
      text-align: center;
      color: var(--success);
      font-weight: 600;
    }
    .rating {
      display: grid;
      gap: 0.75rem;
      padding: 1rem;
    }
    .rating__title {
      margin: 0;
      font-size: 1.05rem;
    }
    .rating__scores {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0;
      padding: 0;
      border: 0;
    }
    .rating__legend {
      padding: 0;
      margin-bottom: 0.3rem;
      font-weight: 600;
      font-size: 0.9rem;
    }
    .rating__score {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      cursor: pointer;
    }
    .rating__score input {
      width: auto;
    }
    .rating__stars {
      color: #c98a00;
    }
  `,
})
export class RatingForm {
  readonly conversation = input.required<Conversation>();
  readonly #desk = inject(DeskService);
  protected readonly strings = supportStrings;
  protected readonly scores = scores;
  protected readonly commentMax = limits.ratingCommentMaxChars;
  /** The acknowledged rating shows at once; conversation:updated then brings the same to every tab. */
  readonly #acknowledged = signal<Rating | null>(null);
  protected readonly rating = computed(() => newer(this.conversation().rating, this.#acknowledged()));
  protected readonly score = signal<number | null>(null);
  protected readonly comment = signal('');
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected textOf(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  /** Starts from the rating given, since rating again replaces it. */
  protected edit(): void {
    const rating = this.rating();
    this.score.set(rating?.score ?? null);
    this.comment.set(rating?.comment ?? '');
    this.editing.set(true);
  }

  protected async send(event: Event): Promise<void> {
    event.preventDefault();
    const score = this.score();
    if (score === null) {
      this.error.set(this.strings.ratingRequired);
      return;
    }
    const comment = this.comment().trim();
    this.busy.set(true);
    this.error.set(null);
    try {
      const conversation = await this.#desk.rate({ conversationId: this.conversation().id, score, ...(comment ? { comment } : {}) });
      this.#acknowledged.set(conversation.rating);
      this.editing.set(false);
    } catch (error) {
      this.error.set(deskErrorText(error));
    } finally {
      this.busy.set(false);
    }
  }
}

function newer(a: Rating | null, b: Rating | null): Rating | null {
  if (a === null || b === null) return a ?? b;
  return b.ratedAt > a.ratedAt ? b : a;
}
