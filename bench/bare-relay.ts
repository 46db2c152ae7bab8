// The baseline: a bare socket.io 4.8 relay, the least a chat-and-signaling server can do. A client joins
// the room named in its handshake; `message:send` is acknowledged, then emitted to the room as
// `message:new`; `signal` is forwarded to one socket id. No authentication, validation, storage or
// presence. With REDIS_URL, several of these share events through the same Redis streams adapter as
// the product's nodes. Same event names and shapes as the product, so one client harness drives both.
import http from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/readyz' ? 200 : 404).end();
});
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });

if (process.env.REDIS_URL) {
  const { Redis } = await import('ioredis');
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  const prefix = process.env.REDIS_KEY_PREFIX ?? 'bare:';
  io.adapter(createAdapter(new Redis(process.env.REDIS_URL), { streamName: `${prefix}socket.io`, maxLen: 100_000 }));
}

let nextMessageId = 1;

io.on('connection', (socket) => {
  const room: unknown = socket.handshake.auth?.room;
  if (typeof room === 'string') socket.join(room);
  socket.emit('session:ready', { deviceId: socket.id });

  socket.on('message:send', (payload: { conversationId: string; clientMessageId: string; body: string }, ack: (result: unknown) => void) => {
    const message = {
      id: nextMessageId++,
      conversationId: payload.conversationId,
      senderId: socket.id,
      clientMessageId: payload.clientMessageId,
      kind: 'text',
      body: payload.body,
      createdAt: new Date().toISOString(),
    };
    ack({ ok: true, message });
    io.to(payload.conversationId).emit('message:new', { message });
  });

  socket.on('signal', (payload: { callId: string; to: string; description?: unknown; candidate?: unknown }, ack: (result: unknown) => void) => {
    io.to(payload.to).emit('signal', { callId: payload.callId, from: socket.id, description: payload.description, candidate: payload.candidate });
    ack({ ok: true });
  });

  // The hold mode's end-to-end liveness check (the product answers it too).
  socket.on('presence:set', (_payload: unknown, ack: (result: unknown) => void) => ack({ ok: true }));
});

server.listen(port, host);
process.once('SIGTERM', () => {
  io.close();
  process.exit(0);
});
