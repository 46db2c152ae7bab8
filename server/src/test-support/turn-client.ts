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
const CREATE_PERMISSION_REQUEST = 0x0008;
const CREATE_PERMISSION_SUCCESS = 0x0108;
const CREATE_PERMISSION_ERROR = 0x0118;

const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_PEER_ADDRESS: 0x0012,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
} as const;

const UDP_PROTOCOL = 17;

export interface TurnServerAddress {
  host: string;
  port: number;
}

export type TurnError = { ok: false; errorCode: number; reason: string };

export type AllocateResult = { ok: true; relayedAddress: { address: string; port: number } } | TurnError;

/** An allocation held open on its socket, to ask for more with the same credentials. */
export interface TurnAllocation {
  /** Asks the server to let this peer address send to the relay (CreatePermission); its answer. */
  createPermission(peerIPv4: string): Promise<{ ok: true } | TurnError>;
  close(): void;
}

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
  const { result, allocation } = await openAllocation(server, username, password);
  allocation?.close();
  return result;
}

/** Like `allocate`, but keeps a successful allocation open: close it when done. */
export async function openAllocation(
  server: TurnServerAddress,
  username: string,
  password: string,
): Promise<{ result: AllocateResult; allocation?: TurnAllocation }> {
  const transport = Buffer.from([UDP_PROTOCOL, 0, 0, 0]);
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const challenge = await transact(socket, server, encode(ALLOCATE_REQUEST, [[ATTR.REQUESTED_TRANSPORT, transport]]));
    const realm = challenge.attributes.get(ATTR.REALM);
    const nonce = challenge.attributes.get(ATTR.NONCE);
    if (challenge.type !== ALLOCATE_ERROR || !realm || !nonce) {
      throw new Error(`expected a 401 challenge with realm and nonce, got type 0x${challenge.type.toString(16)}`);
    }
    const key = createHash('md5').update(`${username}:${realm.toString('utf8')}:${password}`).digest();
    const credentials: [number, Buffer][] = [
      [ATTR.USERNAME, Buffer.from(username, 'utf8')],
      [ATTR.REALM, realm],
      [ATTR.NONCE, nonce],
    ];
    const answer = await transact(socket, server, encode(ALLOCATE_REQUEST, [[ATTR.REQUESTED_TRANSPORT, transport], ...credentials], key));
    if (answer.type === ALLOCATE_ERROR) {
      socket.close();
      return { result: { ok: false, ...errorOf(answer) } };
    }
    if (answer.type !== ALLOCATE_SUCCESS) throw new Error(`unexpected STUN message type 0x${answer.type.toString(16)}`);
    const relayed = answer.attributes.get(ATTR.XOR_RELAYED_ADDRESS);
    if (!relayed || relayed[1] !== 0x01) throw new Error('allocation without an IPv4 XOR-RELAYED-ADDRESS');
    const allocation: TurnAllocation = {
      async createPermission(peerIPv4) {
        const reply = await transact(
          socket,
          server,
          encode(CREATE_PERMISSION_REQUEST, [[ATTR.XOR_PEER_ADDRESS, xorAddress(peerIPv4, 0)], ...credentials], key),
        );
        if (reply.type === CREATE_PERMISSION_SUCCESS) return { ok: true };
        if (reply.type === CREATE_PERMISSION_ERROR) return { ok: false, ...errorOf(reply) };
        throw new Error(`unexpected STUN message type 0x${reply.type.toString(16)}`);
      },
      close: () => socket.close(),
    };
    return { result: { ok: true, relayedAddress: readXorAddress(relayed) }, allocation };
  } catch (error) {
    socket.close();
    throw error;
  }
}

/** An XOR-…-ADDRESS attribute value for an IPv4 address. */
function xorAddress(ipv4: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const address = ipv4.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  value.writeUInt32BE((address ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

function readXorAddress(value: Buffer): { address: string; port: number } {
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const address = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
  return { address: [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.'), port };
}
