import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { Conversation, CustomerContext } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { announcedText, getByRole, queryByRole } from '../core/by-role';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { DeskActions } from './desk-actions';

const active: Conversation = {
  id: 'c1',
  subject: 'Flat tyre near Lyon',
  topic: 'vehicle',
  status: 'active',
  members: [
    { userId: 'cust', displayName: 'Camille', role: 'customer', lastReadMessageId: null },
    { userId: 'ana', displayName: 'Ana', role: 'agent', lastReadMessageId: null },
  ],
  createdAt: '2026-03-01T09:00:00.000Z',
  lastMessageId: 4,
  queuedAt: '2026-03-01T09:00:00.000Z',
  resolvedAt: null,
  rating: null,
};

const context: CustomerContext = {
  customer: { userId: 'cust', displayName: 'Camille', email: 'camille@example.com', memberSince: '2026-01-04T09:00:00.000Z' },
  conversations: [
    { id: 'c1', subject: 'Flat tyre near Lyon', topic: 'vehicle', status: 'active', createdAt: active.createdAt, resolvedAt: null, rating: null },
    {
      id: 'c0',
      subject: 'Refund of the deposit',
      topic: 'billing',
      status: 'resolved',
      createdAt: '2026-02-01T09:00:00.000Z',
      resolvedAt: '2026-02-01T10:00:00.000Z',
      rating: { score: 5, comment: 'Quick!', ratedAt: '2026-02-01T10:05:00.000Z' },
    },
  ],
};

describe('DeskActions', () => {
  let socket: FakeSocketService;
  let fixture: ComponentFixture<DeskActions>;
  const me = signal({ id: 'ana', role: 'agent' });
  const page = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };

  async function render(conversation: Conversation): Promise<void> {
    fixture = TestBed.createComponent(DeskActions);
    fixture.componentRef.setInput('conversation', conversation);
    await settle();
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    me.set({ id: 'ana', role: 'agent' });
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: AuthService, useValue: { user: me } },
        { provide: Router, useValue: { navigateByUrl: async () => true } },
        {
          provide: ApiClient,
          useValue: { customerContext: async () => context, agents: async () => ({ agents: [] }) },
        },
      ],
    });
  });

  it('resolves the conversation', async () => {
    socket.respond = async () => ({ ok: true, conversation: { ...active, status: 'resolved' } });
    await render(active);
    getByRole(page(), 'button', 'Resolve').click();
    await vi.waitFor(() => expect(socket.sent).toEqual([{ event: 'conversation:resolve', payload: { conversationId: 'c1' } }]));
  });

  it('shows why resolving failed', async () => {
    socket.respond = async () => ({ ok: false, error: { code: 'conflict', message: 'not active' } });
    await render(active);
    getByRole(page(), 'button', 'Resolve').click();
    await vi.waitFor(() => expect(queryByRole(page(), 'alert')).not.toBeNull());
  });

  it('opens the transfer form and the invitation form from their buttons', async () => {
    await render(active);
    getByRole(page(), 'button', 'Transfer').click();
    await settle();
    expect(getByRole(page(), 'button', 'Transfer conversation')).toBeTruthy();
    expect(getByRole(page(), 'textbox', 'Note')).toBeTruthy();

    getByRole(page(), 'button', 'Invite agent').click();
    await settle();
    expect(getByRole(page(), 'button', 'Send invitation')).toBeTruthy();
    expect(queryByRole(page(), 'button', 'Transfer conversation')).toBeNull();
  });

  it('toggles the Customer details region: who they are and how their earlier requests went', async () => {
    await render(active);
    const toggle = getByRole(page(), 'button', 'Customer details');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settle();

    const region = getByRole(page(), 'region', 'Customer details');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const text = announcedText(region);
    expect(text).toContain('Camille');
    expect(text).toContain('camille@example.com');
    expect(text).toContain('Jan 4, 2026');
    const history = getByRole(region, 'list', 'Conversations');
    expect(announcedText(history)).toMatch(/Flat tyre near Lyon\s*\(this one\).*in progress.*not rated/);
    expect(announcedText(history)).toMatch(/Refund of the deposit.*Billing · resolved · rated 5\/5 — “Quick!”/);

    toggle.click();
    await settle();
    expect(queryByRole(page(), 'region', 'Customer details')).toBeNull();
  });

  it('goes back to the queue after a transfer, even when the update without this agent came before the acknowledgement', async () => {
    const withoutAna = { ...active, members: active.members.filter((member) => member.userId !== 'ana') };
    let acknowledge!: () => void;
    socket.respond = () => new Promise((resolve) => (acknowledge = () => resolve({ ok: true, conversation: withoutAna })));
    TestBed.overrideProvider(ApiClient, {
      useValue: { agents: async () => ({ agents: [{ userId: 'bob', displayName: 'Bob', status: 'online', openConversations: 0 }] }) },
    });
    const navigated: string[] = [];
    TestBed.overrideProvider(Router, { useValue: { navigateByUrl: async (url: string) => navigated.push(url) } });
    await render(active);
    getByRole(page(), 'button', 'Transfer').click();
    await settle();
    const select = getByRole<HTMLSelectElement>(page(), 'combobox', 'Agent');
    select.value = 'bob';
    select.dispatchEvent(new Event('change'));
    getByRole(page(), 'button', 'Transfer conversation').click();
    await vi.waitFor(() => expect(socket.sent.map((sent) => sent.event)).toEqual(['conversation:transfer']));

    fixture.componentRef.setInput('conversation', withoutAna);
    await settle();
    acknowledge();
    await vi.waitFor(() => expect(navigated).toEqual(['/queue']));
  });

  it('offers only Customer details once the conversation is resolved', async () => {
    await render({ ...active, status: 'resolved' });
    expect(queryByRole(page(), 'button', 'Resolve')).toBeNull();
    expect(queryByRole(page(), 'button', 'Transfer')).toBeNull();
    expect(queryByRole(page(), 'button', 'Invite agent')).toBeNull();
    expect(getByRole(page(), 'button', 'Customer details')).toBeTruthy();
  });

  it('offers nothing to an agent who is no longer in the conversation (transferred away)', async () => {
    me.set({ id: 'bob', role: 'agent' });
    await render(active);
    expect(queryByRole(page(), 'button', 'Customer details')).toBeNull();
  });
});
