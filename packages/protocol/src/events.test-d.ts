import { describe, expectTypeOf, it } from 'vitest';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from './index.js';

type Emit<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

describe('typed socket.io contract', () => {
  it('rejects wrong client payloads at compile time', () => {
    const send = (_payload: Emit<'message:send'>) => undefined;
    // @ts-expect-error clientMessageId is required
    send({ conversationId: 'c', body: 'hi' });
    // @ts-expect-error body is a string
    send({ conversationId: 'c', clientMessageId: 'm', body: 42 });
    const start = (_payload: Emit<'call:start'>) => undefined;
    // @ts-expect-error media is 'audio' | 'video'
    start({ conversationId: 'c', media: 'screen' });
    send({ conversationId: 'c', clientMessageId: 'm', body: 'hi' });
  });

  it('an acknowledgement is either ok with its data or an error with a known code', () => {
    type SendAck = Parameters<Parameters<ClientToServerEvents['message:send']>[1]>[0];
    expectTypeOf<SendAck>().toEqualTypeOf<AckResult<{ message: import('./index.js').Message }>>();
    const failure: SendAck = { ok: false, error: { code: 'forbidden', message: 'no' } };
    // @ts-expect-error not an error code of the contract
    const unknown: SendAck = { ok: false, error: { code: 'teapot', message: 'no' } };
    void failure;
    void unknown;
  });

  it('call events take a callId, and a signal names its recipient device', () => {
    const accept = (_payload: Emit<'call:accept'>) => undefined;
    // @ts-expect-error a call event names the call, not the conversation
    accept({ conversationId: 'c' });
    accept({ callId: 'c' });
    const signal = (_payload: Emit<'signal'>) => undefined;
    // @ts-expect-error `to`, the recipient's deviceId, is required
    signal({ callId: 'c', candidate: null });
    signal({ callId: 'c', to: 'device-2', candidate: null });
  });

  it('signal is relayed with the sender device in `from`', () => {
    expectTypeOf<Parameters<ServerToClientEvents['signal']>[0]>().toHaveProperty('from').toEqualTypeOf<string>();
  });
});
