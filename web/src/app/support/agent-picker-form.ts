import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { limits, type AgentSummary, type Conversation } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { deskErrorText } from './desk-error-text';
import { DeskService } from './desk-service';
import { supportStrings } from './support.strings';

export type AgentPickerMode = 'transfer' | 'invite';

/**
 * Choosing another agent to hand the conversation to (with a note) or to invite into it. Everyone is listed,
 * but only agents online now can be chosen: the server refuses the others, so they show why instead.
 */
@Component({
  selector: 'app-agent-picker-form',
  imports: [FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="agent-picker card" aria-labelledby="agent-picker-title" (submit)="confirm($event)">
      <h2 id="agent-picker-title" class="agent-picker__title">{{ transfer() ? strings.transferTitle : strings.inviteTitle }}</h2>
      <div class="field">
        <label for="agent-picker-agent">{{ strings.agentLabel }}</label>
        <select #agentSelect id="agent-picker-agent" [value]="agentId()" (change)="choose($event)">
          <!-- Enabled, so a browser never preselects the first agent on its own. -->
          <option value="">{{ strings.chooseAgent }}</option>
          @for (agent of candidates(); track agent.userId) {
            <option [value]="agent.userId" [disabled]="agent.status !== 'online'">
              {{ strings.agentOption(agent.displayName, agent.status) }}
            </option>
          }
        </select>
        @if (agents() !== null && candidates().length === 0) {
          <p class="hint">{{ strings.noOtherAgent }}</p>
        }
      </div>
      @if (transfer()) {
        <div class="field">
          <label for="agent-picker-note">{{ strings.noteLabel }}</label>
          <textarea
            id="agent-picker-note"
            rows="2"
            [attr.maxlength]="noteMax"
            [placeholder]="strings.notePlaceholder"
            [value]="note()"
            (input)="note.set(textOf($event))"
          ></textarea>
        </div>
      }
      <app-form-error [message]="error()" />
      <div class="actions">
        <button type="button" class="button button--quiet" (click)="cancelled.emit()">{{ strings.cancel }}</button>
        <button type="submit" class="button" [disabled]="busy()">
          {{ transfer() ? strings.confirmTransfer : strings.confirmInvite }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .agent-picker {
      display: grid;
      gap: 0.75rem;
      max-width: 28rem;
      padding: 1rem;
    }
    .agent-picker__title {
      margin: 0;
      font-size: 1.05rem;
    }
    .hint {
      margin: 0;
      font-size: 0.9rem;
    }
  `,
})
export class AgentPickerForm {
  readonly mode = input.required<AgentPickerMode>();
  readonly conversation = input.required<Conversation>();
  /** The conversation as the server left it after the transfer or invitation. */
  readonly done = output<Conversation>();
  readonly cancelled = output<void>();

  readonly #api = inject(ApiClient);
  readonly #desk = inject(DeskService);
  readonly #auth = inject(AuthService);
  protected readonly strings = supportStrings;
  protected readonly noteMax = limits.transferNoteMaxChars;
  protected readonly agents = signal<readonly AgentSummary[] | null>(null);
  protected readonly agentId = signal('');
  protected readonly note = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly transfer = computed(() => this.mode() === 'transfer');
  /** Other agents; for an invitation, only those not in the conversation yet. */
  protected readonly candidates = computed(() => {
    const members = new Set(this.conversation().members.map((member) => member.userId));
    return (this.agents() ?? []).filter(
      (agent) => agent.userId !== this.#auth.user()?.id && (this.transfer() || !members.has(agent.userId)),
    );
  });

  // Signal queries cannot be #private (Angular reads them from outside the class).
  private readonly agentSelect = viewChild.required<ElementRef<HTMLSelectElement>>('agentSelect');

  constructor() {
    void this.#loadAgents();
    // The form opens from a button: the person continues in it rather than back at the top of the page.
    afterNextRender(() => this.agentSelect().nativeElement.focus());
  }

  protected choose(event: Event): void {
    this.agentId.set((event.target as HTMLSelectElement).value);
    this.error.set(null);
  }

  protected textOf(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async confirm(event: Event): Promise<void> {
    event.preventDefault();
    const agentId = this.agentId();
    if (agentId === '') {
      this.error.set(this.strings.agentRequired);
      return;
    }
    const conversationId = this.conversation().id;
    const note = this.note().trim();
    this.busy.set(true);
    this.error.set(null);
    try {
      const conversation = this.transfer()
        ? await this.#desk.transfer({ conversationId, toUserId: agentId, ...(note ? { note } : {}) })
        : await this.#desk.invite(conversationId, agentId);
      this.done.emit(conversation);
    } catch (error) {
      this.error.set(deskErrorText(error));
      // Whoever was chosen may have gone away: show everyone's current status.
      void this.#loadAgents();
    } finally {
      this.busy.set(false);
    }
  }

  async #loadAgents(): Promise<void> {
    try {
      const { agents } = await this.#api.agents();
      this.agents.set(agents);
      const chosen = agents.find((agent) => agent.userId === this.agentId());
      if (chosen !== undefined && chosen.status !== 'online') this.agentId.set('');
    } catch (error) {
      this.error.set(errorText(error));
    }
  }
}
