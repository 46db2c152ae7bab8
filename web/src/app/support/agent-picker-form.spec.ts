import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { AgentSummary, Conversation } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { getByRole, queryAllByRole, queryByRole } from '../core/by-role';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { AgentPickerForm, type AgentPickerMode } from './agent-picker-form';

const conversation: Conversation = {
  id: 'c1',
  subject: 'Refund',
  topic: 'billing',
  status: 'active',
  members: [
    { userId: 'cust', displayName: 'Camille', role: 'customer', lastReadMessageId: null },
    { userId: 'ana', displayName: 'Ana', role: 'agent', lastReadMessageId: null },
    { userId: 'sam', displayName: 'Sam', role: 'agent', lastReadMessageId: null },
  ],
  createdAt: '2026-01-01T12:00:00.000Z',
  lastMessageId: 1,
  queuedAt: '2026-01-01T12:00:00.000Z',
  resolvedAt: null,
  rating: null,
};

const agents: AgentSummary[] = [
  { userId: 'ana', displayName: 'Ana', status: 'online', openConversations: 1 },
  { userId: 'bob', displayName: 'Bob', status: 'online', openConversations: 0 },
  { userId: 'dee', displayName: 'Dee', status: 'away', openConversations: 2 },
  { userId: 'eve', displayName: 'Eve', status: 'offline', openConversations: 0 },
  { userId: 'sam', displayName: 'Sam', status: 'online', openConversations: 3 },
];

describe('AgentPickerForm', () => {
  let socket: FakeSocketService;
  let fixture: ComponentFixture<AgentPickerForm>;
  let done: Conversation[];
  const page = () => fixture.nativeElement as HTMLElement;
  const options = () =>
    queryAllByRole(getByRole(page(), 'combobox', 'Agent'), 'option').map((option) => ({
      name: option.textContent?.trim(),
      disabled: (option as HTMLOptionElement).disabled,
    }));

  async function render(mode: AgentPickerMode): Promise<void> {
    fixture = TestBed.createComponent(AgentPickerForm);
    fixture.componentRef.setInput('mode', mode);
    fixture.componentRef.setInput('conversation', conversation);
    fixture.componentInstance.done.subscribe((updated) => done.push(updated));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  function choose(agentId: string): void {
    const select = getByRole<HTMLSelectElement>(page(), 'combobox', 'Agent');
    select.value = agentId;
    select.dispatchEvent(new Event('change'));
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    socket.respond = async () => ({ ok: true, conversation });
    done = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: ApiClient, useValue: { agents: async () => ({ agents }) } },
        { provide: AuthService, useValue: { user: signal({ id: 'ana', role: 'agent' }) } },
      ],
    });
  });

  it('lists the other agents for a transfer, those not online disabled with their status', async () => {
    await render('transfer');
    expect(options()).toEqual([
      { name: 'Choose an agent', disabled: false },
      { name: 'Bob', disabled: false },
      { name: 'Dee (away)', disabled: true },
      { name: 'Eve (offline)', disabled: true },
      { name: 'Sam', disabled: false },
    ]);
  });

  it('transfers to the chosen agent with the note', async () => {
    await render('transfer');
    choose('bob');
    const note = getByRole<HTMLTextAreaElement>(page(), 'textbox', 'Note');
    note.value = ' Billing question ';
    note.dispatchEvent(new Event('input'));
    getByRole(page(), 'button', 'Transfer conversation').click();
    await vi.waitFor(() => expect(done).toHaveLength(1));
    expect(socket.sent).toEqual([
      { event: 'conversation:transfer', payload: { conversationId: 'c1', toUserId: 'bob', note: 'Billing question' } },
    ]);
  });

  it('invites only agents not in the conversation yet, without a note', async () => {
    await render('invite');
    expect(options().map((option) => option.name)).toEqual(['Choose an agent', 'Bob', 'Dee (away)', 'Eve (offline)']);
    expect(queryByRole(page(), 'textbox', 'Note')).toBeNull();
    choose('bob');
    getByRole(page(), 'button', 'Send invitation').click();
    await vi.waitFor(() => expect(done).toHaveLength(1));
    expect(socket.sent).toEqual([{ event: 'conversation:invite', payload: { conversationId: 'c1', userId: 'bob' } }]);
  });

  it('asks for an agent before sending anything', async () => {
    await render('invite');
    getByRole(page(), 'button', 'Send invitation').click();
    await fixture.whenStable();
    expect(getByRole(page(), 'alert').textContent).toContain('Please choose an agent.');
    expect(socket.sent).toEqual([]);
  });

  it('tells the agent when the server refuses (the other agent went away)', async () => {
    socket.respond = async () => ({ ok: false, error: { code: 'conflict', message: 'not online' } });
    await render('transfer');
    choose('bob');
    getByRole(page(), 'button', 'Transfer conversation').click();
    await vi.waitFor(() => expect(queryByRole(page(), 'alert')?.textContent).toContain('not available any more'));
    expect(done).toEqual([]);
  });
});
