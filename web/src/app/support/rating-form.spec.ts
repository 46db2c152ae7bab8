import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { Conversation, RatePayload } from '@ycyw/protocol';
import { getByRole, queryByRole } from '../core/by-role';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { RatingForm } from './rating-form';

const resolved: Conversation = {
  id: 'c1',
  subject: 'Flat tyre',
  topic: 'vehicle',
  status: 'resolved',
  members: [],
  createdAt: '2026-01-01T12:00:00.000Z',
  lastMessageId: 3,
  queuedAt: '2026-01-01T12:00:00.000Z',
  resolvedAt: '2026-01-01T12:30:00.000Z',
  rating: null,
};

describe('RatingForm', () => {
  let socket: FakeSocketService;
  let fixture: ComponentFixture<RatingForm>;
  const page = () => fixture.nativeElement as HTMLElement;
  const rates = () => socket.sent.filter((sent) => sent.event === 'conversation:rate').map((sent) => sent.payload);

  async function render(conversation: Conversation): Promise<void> {
    fixture.componentRef.setInput('conversation', conversation);
    await fixture.whenStable();
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    socket.respond = async (_event, payload) => {
      const { score, comment } = payload as RatePayload;
      return { ok: true, conversation: { ...resolved, rating: { score, comment: comment ?? null, ratedAt: '2026-01-01T13:00:00.000Z' } } };
    };
    TestBed.configureTestingModule({ providers: [{ provide: SocketService, useValue: socket }] });
    fixture = TestBed.createComponent(RatingForm);
  });

  it('offers 1 to 5 stars in a radio group named Rating, a Comment box and Send rating', async () => {
    await render(resolved);
    const group = getByRole(page(), 'radiogroup', 'Rating');
    expect(['1 star', '2 stars', '3 stars', '4 stars', '5 stars'].map((name) => getByRole(group, 'radio', name))).toHaveLength(5);
    expect(getByRole(page(), 'textbox', 'Comment')).toBeTruthy();
    expect(getByRole(page(), 'button', 'Send rating')).toBeTruthy();
  });

  it('sends the chosen score with the trimmed comment, then thanks the customer with the score', async () => {
    await render(resolved);
    getByRole(page(), 'radio', '4 stars').click();
    const comment = getByRole<HTMLTextAreaElement>(page(), 'textbox', 'Comment');
    comment.value = '  Quick and kind  ';
    comment.dispatchEvent(new Event('input'));
    getByRole(page(), 'button', 'Send rating').click();
    await vi.waitFor(() => expect(rates()).toEqual([{ conversationId: 'c1', score: 4, comment: 'Quick and kind' }]));
    await fixture.whenStable();

    expect(getByRole(page(), 'status').textContent).toContain('Thank you — you rated this 4/5');
    expect(queryByRole(page(), 'radiogroup', 'Rating')).toBeNull();
  });

  it('leaves an empty comment out', async () => {
    await render(resolved);
    getByRole(page(), 'radio', '5 stars').click();
    getByRole(page(), 'button', 'Send rating').click();
    await vi.waitFor(() => expect(rates()).toEqual([{ conversationId: 'c1', score: 5 }]));
  });

  it('asks for a score before sending anything', async () => {
    await render(resolved);
    getByRole(page(), 'button', 'Send rating').click();
    await fixture.whenStable();
    expect(getByRole(page(), 'alert').textContent).toContain('Please choose a rating');
    expect(rates()).toEqual([]);
  });

  it("shows the server's refusal", async () => {
    socket.respond = async () => ({ ok: false, error: { code: 'conflict', message: 'not resolved' } });
    await render(resolved);
    getByRole(page(), 'radio', '2 stars').click();
    getByRole(page(), 'button', 'Send rating').click();
    await vi.waitFor(() => expect(queryByRole(page(), 'alert')).not.toBeNull());
    expect(queryByRole(page(), 'radiogroup', 'Rating')).not.toBeNull();
  });

  it('thanks with the rating the conversation already has, from any tab', async () => {
    await render({ ...resolved, rating: { score: 3, comment: null, ratedAt: '2026-01-01T13:00:00.000Z' } });
    expect(getByRole(page(), 'status').textContent).toContain('Thank you — you rated this 3/5');
  });
});
