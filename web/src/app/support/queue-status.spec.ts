import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { QueuePosition } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { getByRole } from '../core/by-role';
import { FakeSocketService } from '../core/fake-socket-service';
import { RequestError } from '../core/request-error';
import { SocketService } from '../core/socket-service';
import { QueueStatus } from './queue-status';

describe('QueueStatus', () => {
  let socket: FakeSocketService;
  let answer: () => Promise<{ queuePosition: QueuePosition }>;
  let fixture: ComponentFixture<QueueStatus>;
  /** The status's lines, joined by " | ". */
  const status = () =>
    [...getByRole(fixture.nativeElement as HTMLElement, 'status').querySelectorAll('p')].map((line) => line.textContent?.trim()).join(' | ');
  const position = (value: number, estimatedWaitSeconds: number | null, agentsOnline = 1, conversationId = 'c1') => ({
    conversationId,
    position: value,
    estimatedWaitSeconds,
    agentsOnline,
  });

  async function render(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: ApiClient, useValue: { queuePosition: () => answer() } },
      ],
    });
    fixture = TestBed.createComponent(QueueStatus);
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  beforeEach(() => {
    socket = new FakeSocketService();
  });

  it('shows the place in line and the estimate fetched on arrival', async () => {
    answer = async () => ({ queuePosition: position(3, 240) });
    await render();
    expect(status()).toBe('You are number 3 in line | Estimated wait: about 4 min');
  });

  it('follows queue:position events for this conversation only', async () => {
    answer = async () => ({ queuePosition: position(3, null) });
    await render();
    socket.receive('queue:position', position(2, 90));
    socket.receive('queue:position', position(1, 30, 1, 'another'));
    await fixture.whenStable();
    expect(status()).toBe('You are number 2 in line | Estimated wait: about 2 min');
  });

  it('says that no agent is online when none is', async () => {
    answer = async () => ({ queuePosition: position(1, null, 0) });
    await render();
    expect(status()).toContain('No agent is online right now');
  });

  it('shows nothing when the conversation no longer waits (409)', async () => {
    answer = async () => {
      throw new RequestError('conflict', 'not waiting', 409);
    };
    await render();
    expect(status()).toBe('');
  });

  it('keeps an event that arrived while the first fetch was on its way', async () => {
    let reply!: (value: { queuePosition: QueuePosition }) => void;
    answer = () => new Promise((resolve) => (reply = resolve));
    await render();
    socket.receive('queue:position', position(1, 60));
    reply({ queuePosition: position(2, 120) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
    expect(status()).toBe('You are number 1 in line | Estimated wait: about 1 min');
  });
});
