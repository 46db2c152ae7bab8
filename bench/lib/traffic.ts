import type { BenchClient } from './bench-client.js';
import { LatencySamples } from './latency-samples.js';
import { sdpLike, sdpPrefix } from './sdp.js';

/** A chat message of ordinary length after the timing prefix. */
const CHAT_TEXT = 'Hello, the car I rented has a flat tyre near the station, can you help me please?';

export interface TrafficCounts {
  sent: number;
  acked: number;
  refused: number;
  delivered: number;
}

/**
 * Fixed-rate traffic from the connected clients, and the timing of what comes back. Everything runs in
 * this one process, so one clock (`performance.now()`) times emit → ack and emit → arrival at the peer;
 * the send time travels in the message body (and in the SDP of a signal).
 */
export class Traffic {
  readonly ack = new LatencySamples();
  readonly delivery = new LatencySamples();
  readonly signalAck = new LatencySamples();
  readonly signalRelay = new LatencySamples();
  /** How late the loop emitted a message compared with its schedule: a saturated harness shows here. */
  readonly lag = new LatencySamples();
  readonly messages: TrafficCounts = { sent: 0, acked: 0, refused: 0, delivered: 0 };
  readonly signals: TrafficCounts = { sent: 0, acked: 0, refused: 0, delivered: 0 };
  /** Messages answered (acked or refused), warm-up included: CPU per message divides by this. */
  answeredMessages = 0;
  /** Error codes of refused acknowledgements, with counts. */
  readonly refusals = new Map<string, number>();
  #messageSeq = 0;
  #signalSeq = 0;
  /** Sequence numbers from here on are measured; those before are warm-up. */
  #recordMessagesFrom = Number.POSITIVE_INFINITY;
  #recordSignalsFrom = Number.POSITIVE_INFINITY;

  /**
   * @param clients every client; message `n` is sent by `clients[n % length]` to its peer.
   * @param callers the customer of each pair in a call; signals alternate direction within a pair.
   */
  constructor(
    readonly clients: readonly BenchClient[],
    readonly callers: readonly BenchClient[],
    readonly runId: string,
  ) {
    for (const client of clients) this.#listen(client);
  }

  /**
   * Sends `messageRate × seconds` messages and `signalRate × seconds` signals on schedule (open loop:
   * nobody waits for an answer before the next send), measured or as warm-up. Resolves once all are sent.
   */
  drive(seconds: number, rates: { messages: number; signals: number }, measured: boolean): Promise<void> {
    const messageCount = Math.round(rates.messages * seconds);
    const signalCount = this.callers.length > 0 ? Math.round(rates.signals * seconds) : 0;
    if (measured) {
      this.#recordMessagesFrom = Math.min(this.#recordMessagesFrom, this.#messageSeq);
      this.#recordSignalsFrom = Math.min(this.#recordSignalsFrom, this.#signalSeq);
    }
    const start = performance.now();
    let messages = 0;
    let signals = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        const elapsed = (now - start) / 1000;
        const dueMessages = Math.min(messageCount, Math.floor(elapsed * rates.messages));
        for (; messages < dueMessages; messages++) {
          if (measured) this.lag.add(now - (start + (messages * 1000) / rates.messages));
          this.#sendMessage();
        }
        const dueSignals = Math.min(signalCount, Math.floor(elapsed * rates.signals));
        for (; signals < dueSignals; signals++) this.#sendSignal();
        if (messages >= messageCount && signals >= signalCount) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, 2);
    });
  }

  /** Waits (at most `ms`) for the answers and deliveries of everything measured. */
  async drain(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    const settled = (c: TrafficCounts) => c.acked + c.refused >= c.sent && c.delivered >= c.acked;
    while (performance.now() < deadline && !(settled(this.messages) && settled(this.signals))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  #sendMessage(): void {
    const seq = this.#messageSeq++;
    const sender = this.clients[seq % this.clients.length]!;
    const measured = seq >= this.#recordMessagesFrom;
    const sentAt = performance.now();
    const payload = {
      conversationId: sender.conversationId,
      clientMessageId: `${this.runId}-${seq}`,
      body: `m|${seq}|${sender.index}|${sentAt.toFixed(3)}|${CHAT_TEXT}`,
    };
    if (measured) this.messages.sent++;
    sender.socket.emit('message:send', payload, (result: { ok: boolean; error?: { code: string } }) => {
      this.answeredMessages++;
      if (!measured) return;
      this.#answered(this.messages, this.ack, sentAt, result);
    });
  }

  #sendSignal(): void {
    const seq = this.#signalSeq++;
    const caller = this.callers[seq % this.callers.length]!;
    // Offer one way, then the other: both directions of each pair carry the same load.
    const from = Math.floor(seq / this.callers.length) % 2 === 0 ? caller : caller.peer!;
    const to = from.peer!;
    const measured = seq >= this.#recordSignalsFrom;
    const sentAt = performance.now();
    const payload = {
      callId: from.callId,
      to: to.deviceId,
      description: { type: 'offer', sdp: sdpLike(`${seq}|${from.index}|${sentAt.toFixed(3)}`) },
    };
    if (measured) this.signals.sent++;
    from.socket.emit('signal', payload, (result: { ok: boolean; error?: { code: string } }) => {
      if (!measured) return;
      this.#answered(this.signals, this.signalAck, sentAt, result);
    });
  }

  #answered(counts: TrafficCounts, samples: LatencySamples, sentAt: number, result: { ok: boolean; error?: { code: string } }): void {
    if (result?.ok) {
      counts.acked++;
      samples.add(performance.now() - sentAt);
      return;
    }
    counts.refused++;
    const code = result?.error?.code ?? 'malformed';
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  #listen(client: BenchClient): void {
    client.socket.on('message:new', (event: { message?: { body?: unknown } }) => {
      const body = event?.message?.body;
      if (typeof body !== 'string' || !body.startsWith('m|')) return;
      const [, seq, sender, sentAt] = body.split('|', 4);
      // Every member's devices get the message, the sender's too: only the peer's arrival is a delivery.
      if (Number(sender) === client.index || Number(seq) < this.#recordMessagesFrom) return;
      this.messages.delivered++;
      this.delivery.add(performance.now() - Number(sentAt));
    });
    client.socket.on('signal', (event: { description?: { sdp?: string } }) => {
      const sdp = event?.description?.sdp;
      if (typeof sdp !== 'string') return;
      const [seq, , sentAt] = sdpPrefix(sdp).split('|');
      if (Number(seq) < this.#recordSignalsFrom) return;
      this.signals.delivered++;
      this.signalRelay.add(performance.now() - Number(sentAt));
    });
  }
}
