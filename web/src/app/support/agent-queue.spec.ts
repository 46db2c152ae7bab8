import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { Conversation, QueueEntry } from '@ycyw/protocol';
import { Inbox } from '../chat/inbox';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { announcedText, getByRole, queryAllByRole } from '../core/by-role';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { AgentQueue } from './agent-queue';

const queuedAt = '2026-01-01T12:00:00.000Z';

function entry(conversationId: string, position: number, name: string): QueueEntry {
  return {
    conversationId,
    subject: `Subject ${conversationId}`,
    topic: 'vehicle',
    customer: { userId: `u-${conversationId}`, displayName: name },
    createdAt: '2026-01-01T11:00:00.000Z',
    queuedAt,
    position,
  };
}

describe('AgentQueue', () => {
  let socket: FakeSocketService;
  let fixture: ComponentFixture<AgentQueue>;
  let navigated: unknown[][];
  let queue: QueueEntry[];
  const page = () => fixture.nativeElement as HTMLElement;
  const rows = () => queryAllByRole(getByRole(page(), 'list', 'Waiting customers'), 'listitem');

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(AgentQueue);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(Date.parse(queuedAt) + 3 * 60_000);
    socket = new FakeSocketService();
    navigated = [];
    queue = [entry('c1', 1, 'Camille'), entry('c2', 2, 'Dana')];
    const taken = { id: 'c1' } as Conversation;
    socket.respond = async () => ({ ok: true, conversation: taken });
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        {
          provide: ApiClient,
          useValue: { queue: async () => ({ queue }), deskStats: async () => ({ ratings: { average: 4.5, count: 12 } }) },
        },
        { provide: AuthService, useValue: { user: signal({ id: 'ana' }), onSignOut: () => () => undefined } },
        { provide: Inbox, useValue: { add: () => undefined } },
        { provide: Router, useValue: { navigate: async (commands: unknown[]) => navigated.push(commands) } },
      ],
    });
  });

  afterEach(() => vi.useRealTimers());

  it('shows subject, topic, customer and the wait counted from queuedAt, ticking', async () => {
    await render();
    const [first, second] = rows();
    expect(announcedText(first!)).toMatch(/^Number 1 in the queue:\s*Subject c1\s*Vehicle · Camille · waiting for 3 min/);
    expect(announcedText(second!)).toMatch(/^Number 2 in the queue:\s*Subject c2\s*Vehicle · Dana · waiting for 3 min/);
    expect(getByRole(first!, 'button', 'Take')).toBeTruthy();
    vi.advanceTimersByTime(60_000);
    await fixture.whenStable();
    expect(rows()[0]!.textContent).toContain('waiting for 4 min');
  });

  it('takes the conversation waiting longest with Take oldest, and opens it', async () => {
    await render();
    getByRole(page(), 'button', 'Take oldest').click();
    await vi.waitFor(() => expect(navigated).toEqual([['/conversations', 'c1']]));
    expect(socket.sent).toEqual([{ event: 'queue:take-next', payload: {} }]);
  });

  it('disables Take oldest while nobody waits', async () => {
    queue = [];
    await render();
    expect(getByRole<HTMLButtonElement>(page(), 'button', 'Take oldest').disabled).toBe(true);
    socket.receive('queue:updated', { queue: [entry('c3', 1, 'Eli')] });
    await fixture.whenStable();
    expect(getByRole<HTMLButtonElement>(page(), 'button', 'Take oldest').disabled).toBe(false);
  });

  it('says so when another agent took the last one first', async () => {
    socket.respond = async () => ({ ok: false, error: { code: 'not_found', message: 'nobody waits' } });
    await render();
    getByRole(page(), 'button', 'Take oldest').click();
    await vi.waitFor(() => expect(getByRole(page(), 'alert').textContent).toContain('Nobody is waiting any more'));
  });

  it('shows the average customer rating', async () => {
    await render();
    expect(page().textContent).toContain('Average rating: 4.5 (12 ratings)');
  });
});
