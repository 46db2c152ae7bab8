import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

// A minimal STUN/TURN client over UDP (RFC 8489, RFC 8656): just enough to ask a TURN server for a relay
// allocation with long-term credentials and see what it answers. Tests use it to prove that coturn
// accepts the credentials the server mints and refuses expired or forged ones.

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;

const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
} as const;

const UDP_PROTOCOL = 17;

export interface TurnServerAddress {
  host: string;
  port: number;
}

export type AllocateResult =
  | { ok: true; relayedAddress: { address: string; port: number } }
  | { ok: false; errorCode: number; reason: string };

interface StunMessage {
  type: number;
  transactionId: Buffer;
  attributes: Map<number, Buffer>;
}

function encode(type: number, attributes: [number, Buffer][], integrityKey?: Buffer): Buffer {
  const transactionId = randomBytes(12);
  const body = Buffer.concat(attributes.map(([attrType, value]) => attribute(attrType, value)));
  const header = (length: number) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(type, 0);
    h.writeUInt16BE(length, 2);
    h.writeUInt32BE(MAGIC_COOKIE, 4);
    transactionId.copy(h, 8);
    return h;
  };
  if (!integrityKey) return Buffer.concat([header(body.length), body]);
  // MESSAGE-INTEGRITY covers everything before it, with a length that already counts it (24 bytes).
  const signed = Buffer.concat([header(body.length + 24), body]);
  const mac = createHmac('sha1', integrityKey).update(signed).digest();
  return Buffer.concat([signed, attribute(ATTR.MESSAGE_INTEGRITY, mac)]);
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function decode(packet: Buffer): StunMessage | undefined {
  if (packet.length < 20 || packet.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
  const attributes = new Map<number, Buffer>();
  let offset = 20;
  const end = 20 + packet.readUInt16BE(2);
  while (offset + 4 <= end) {
    const type = packet.readUInt16BE(offset);
    const length = packet.readUInt16BE(offset + 2);
    attributes.set(type, packet.subarray(offset + 4, offset + 4 + length));
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: packet.readUInt16BE(0), transactionId: packet.subarray(8, 20), attributes };
}

/** Sends one request and resolves with the answer to it, retransmitting a few times (it is UDP). */
function transact(socket: Socket, server: TurnServerAddress, request: Buffer, timeoutMs = 3000): Promise<StunMessage> {
  const transactionId = request.subarray(8, 20);
  return new Promise((resolve, reject) => {
    const onMessage = (packet: Buffer) => {
      const message = decode(packet);
      if (!message || !message.transactionId.equals(transactionId)) return;
      cleanup();
      resolve(message);
    };
    const send = () => socket.send(request, server.port, server.host);
    const retransmit = setInterval(send, 250);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no STUN answer from ${server.host}:${server.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearInterval(retransmit);
      clearTimeout(timer);
      socket.off('message', onMessage);
    };
    socket.on('message', onMessage);
    send();
  });
}

async function withSocket<T>(run: (socket: Socket) => Promise<T>): Promise<T> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    return await run(socket);
  } finally {
    socket.close();
  }
}

/** True when a STUN server answers a binding request at this address. */
export async function answersStun(server: TurnServerAddress, timeoutMs = 500): Promise<boolean> {
  return withSocket(async (socket) => {
    try {
      const answer = await transact(socket, server, encode(BINDING_REQUEST, []), timeoutMs);
      return answer.type === BINDING_SUCCESS;
    } catch {
      return false;
    }
  });
}

function errorOf(message: StunMessage): { errorCode: number; reason: string } {
  const value = message.attributes.get(ATTR.ERROR_CODE);
  if (!value) return { errorCode: 0, reason: 'error response without ERROR-CODE' };
  return { errorCode: (value[2]! & 0x07) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/**
 * Asks the TURN server for a UDP relay with these long-term credentials: the unauthenticated request
 * first (answered 401 with a realm and nonce), then the signed one. Resolves with the relayed address,
 * or with the error code the server answered the signed request with.
 */
export async function allocate(server: TurnServerAddress, username: string, password: string): Promise<AllocateResult> {
  const transport = Buffer.from([UDP_PROTOCOL, 0, 0, 0]);
  return withSocket(async (socket) => {
    const challenge = await transact(socket, server, encode(ALLOCATE_REQUEST, [[ATTR.REQUESTED_TRANSPORT, transport]]));
    const realm = challenge.attributes.get(ATTR.REALM);
    const nonce = challenge.attributes.get(ATTR.NONCE);
    if (challenge.type !== ALLOCATE_ERROR || !realm || !nonce) {
      throw new Error(`expected a 401 challenge with realm and nonce, got type 0x${challenge.type.toString(16)}`);
    }
    const key = createHash('md5').update(`${username}:${realm.toString('utf8')}:${password}`).digest();
    const answer = await transact(
      socket,
      server,
      encode(
        ALLOCATE_REQUEST,
        [
          [ATTR.REQUESTED_TRANSPORT, transport],
          [ATTR.USERNAME, Buffer.from(username, 'utf8')],
          [ATTR.REALM, realm],
          [ATTR.NONCE, nonce],
        ],
        key,
      ),
    );
    if (answer.type === ALLOCATE_SUCCESS) {
      const relayed = answer.attributes.get(ATTR.XOR_RELAYED_ADDRESS);
      if (!relayed || relayed[1] !== 0x01) throw new Error('allocation without an IPv4 XOR-RELAYED-ADDRESS');
      const port = relayed.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
      const address = (relayed.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
      return { ok: true, relayedAddress: { address: [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.'), port } };
    }
    if (answer.type === ALLOCATE_ERROR) return { ok: false, ...errorOf(answer) };
    throw new Error(`unexpected STUN message type 0x${answer.type.toString(16)}`);
  });
}
