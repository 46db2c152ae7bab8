import { DatePipe } from '@angular/common';
import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Message } from '@ycyw/protocol';
import { CallControls } from '../call/call-controls';
import { callStrings } from '../call/call.strings';
import { transcriptUrl } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { FormError } from '../core/form-error';
import { PresenceService } from '../core/presence-service';
import { DeskActions } from '../support/desk-actions';
import { QueueStatus } from '../support/queue-status';
import { RatingForm } from '../support/rating-form';
import { supportStrings } from '../support/support.strings';
import { AttachmentPicker } from './attachment-picker';
import { AttachmentPreview } from './attachment-preview';
import { chatStrings } from './chat.strings';
import { ConversationRoom } from './conversation-room';
import { MessageComposer } from './message-composer';
import { PresenceDot } from './presence-dot';

/** How close to the bottom (px) still counts as "following the conversation". */
const followThreshold = 80;

/**
 * The page of one conversation: its members, the desk's actions, the timeline, the customer's place in
 * the queue or rating, and the composer.
 */
@Component({
  selector: 'app-conversation-view',
  imports: [
    AttachmentPicker,
    AttachmentPreview,
    CallControls,
    DatePipe,
    DeskActions,
    FormError,
    MessageComposer,
    PresenceDot,
    QueueStatus,
    RatingForm,
    RouterLink,
  ],
  providers: [ConversationRoom],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.css',
})
export class ConversationView {
  /** From the route, `/conversations/:id`. */
  readonly id = input.required<string>();

  protected readonly room = inject(ConversationRoom);
  protected readonly presence = inject(PresenceService);
  protected readonly strings = chatStrings;
  protected readonly callStrings = callStrings;
  protected readonly topicLabels = supportStrings.topics;
  protected readonly roleLabels = supportStrings.roles;
  readonly #auth = inject(AuthService);
  protected readonly myId = computed(() => this.#auth.user()?.id ?? null);
  protected readonly others = computed(
    () => this.room.conversation()?.members.filter((member) => member.userId !== this.myId()) ?? [],
  );
  /** Someone to call: another member, in a conversation not resolved. */
  protected readonly callable = computed(() => this.others().length > 0 && this.room.conversation()?.status !== 'resolved');
  protected readonly isAgent = computed(() => this.#auth.user()?.role === 'agent');
  protected readonly awaitingAgent = computed(() => this.room.conversation()?.status === 'waiting' && !this.isAgent());
  /** The customer's resolved conversation, which they can rate. */
  protected readonly rateable = computed(() => {
    const conversation = this.room.conversation();
    return conversation?.status === 'resolved' && !this.isAgent() ? conversation : null;
  });
  /**
   * A customer may always write: in a resolved conversation it reopens it. An agent may not write in a
   * resolved one (the server says `conflict`), nor in one they transferred away.
   */
  protected readonly composerBlocked = computed(() => {
    const conversation = this.room.conversation();
    if (conversation === null || !this.isAgent()) return null;
    if (!conversation.members.some((member) => member.userId === this.myId())) return this.strings.notAMember;
    return conversation.status === 'resolved' ? this.strings.agentCannotWriteResolved : null;
  });
  protected readonly composerHint = computed(() => (this.rateable() !== null ? this.strings.customerReopenHint : null));
  protected readonly transcriptUrl = computed(() => transcriptUrl(this.id()));

  // Signal queries cannot be #private (Angular reads them from outside the class).
  private readonly timeline = viewChild.required<ElementRef<HTMLElement>>('timeline');
  #following = true;
  readonly #destroyRef = inject(DestroyRef);

  constructor() {
    // The same page instance serves another conversation when only the id in the URL changes.
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.#following = true;
        void this.room.open(id);
      });
    });
    // Heights change after rendering too: a photo's preview once loaded ('load' does not bubble, so it is
    // caught on its way down), the timeline itself when a desk panel opens above it. Keep following.
    afterNextRender(() => {
      const timeline = this.timeline().nativeElement;
      const follow = () => {
        if (this.#following) timeline.scrollTop = timeline.scrollHeight;
      };
      timeline.addEventListener('load', follow, true);
      const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow);
      resized?.observe(timeline);
      this.#destroyRef.onDestroy(() => {
        timeline.removeEventListener('load', follow, true);
        resized?.disconnect();
      });
    });
    // Keeps the newest message in view while the person is reading the end of the conversation.
    afterRenderEffect(() => {
      this.room.messages();
      this.room.pending();
      this.room.typingNames();
      const timeline = this.timeline().nativeElement;
      if (this.#following) timeline.scrollTop = timeline.scrollHeight;
    });
  }

  protected trackScroll(): void {
    const timeline = this.timeline().nativeElement;
    this.#following = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < followThreshold;
  }

  protected send(body: string): void {
    this.#following = true;
    this.room.send(body);
  }

  protected attached(message: Message): void {
    this.#following = true;
    this.room.received(message);
  }
}
