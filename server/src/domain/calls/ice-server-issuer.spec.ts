import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { IceServerIssuer, type IceSettings } from './ice-server-issuer.js';

const NOW = new Date('2026-11-25T21:50:14.900Z');
const NOW_SECONDS = 1_795_643_414; // NOW in whole Unix seconds
const fixedClock: Clock = { now: () => NOW };
const SECRET = 'a shared coturn secret, long enough';

const settings = (overrides: Partial<IceSettings>): IceSettings => ({
  stunUrls: [],
  turnUrls: [],
  turnSecret: null,
  turnTtlSeconds: 3600,
  ...overrides,
});

describe('IceServerIssuer', () => {
  it('hands out no server and a ttl of 0 when nothing is configured', () => {
    const issuer = new IceServerIssuer(settings({}), fixedClock);

    expect(issuer.configured).toBe(false);
    expect(issuer.issueFor('user-1')).toEqual({ iceServers: [], ttlSeconds: 0 });
  });

  it('hands out the STUN servers alone, without credentials, when only STUN is configured', () => {
    const issuer = new IceServerIssuer(settings({ stunUrls: ['stun:stun1.example:3478', 'stun:stun2.example:3478'] }), fixedClock);

    expect(issuer.configured).toBe(true);
    expect(issuer.issueFor('user-1')).toEqual({
      iceServers: [{ urls: ['stun:stun1.example:3478', 'stun:stun2.example:3478'] }],
      ttlSeconds: 0,
    });
  });

  it('mints TURN credentials with the TURN REST API scheme: `<expiry>:<userId>` and base64 HMAC-SHA1 of it', () => {
    const turnUrls = ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349?transport=tcp'];
    const issuer = new IceServerIssuer(
      settings({ stunUrls: ['stun:turn.example:3478'], turnUrls, turnSecret: SECRET, turnTtlSeconds: 600 }),
      fixedClock,
    );

    const issued = issuer.issueFor('user-42');

    const username = `${NOW_SECONDS + 600}:user-42`;
    expect(issued).toEqual({
      iceServers: [
        { urls: ['stun:turn.example:3478'] },
        { urls: turnUrls, username, credential: createHmac('sha1', SECRET).update(username).digest('base64') },
      ],
      ttlSeconds: 600,
    });
  });

  it('matches a credential computed by hand for a known secret and username', () => {
    const issuer = new IceServerIssuer(settings({ turnUrls: ['turn:t.example'], turnSecret: 'secret', turnTtlSeconds: 3600 }), {
      now: () => new Date(0),
    });

    const [turn] = issuer.issueFor('bob').iceServers;

    // printf '3600:bob' | openssl dgst -sha1 -hmac secret -binary | base64
    expect(turn).toEqual({ urls: ['turn:t.example'], username: '3600:bob', credential: '0VVXXmBa9gtdeHC6FHzKPTN47Ss=' });
  });

  it('gives each user their own credential', () => {
    const issuer = new IceServerIssuer(settings({ turnUrls: ['turn:t.example'], turnSecret: SECRET }), fixedClock);

    const [a] = issuer.issueFor('alice').iceServers;
    const [b] = issuer.issueFor('bob').iceServers;

    expect(a?.username).not.toBe(b?.username);
    expect(a?.credential).not.toBe(b?.credential);
  });

  it('leaves TURN out when URLs are configured without a secret', () => {
    const issuer = new IceServerIssuer(settings({ turnUrls: ['turn:t.example'] }), fixedClock);

    expect(issuer.configured).toBe(false);
    expect(issuer.issueFor('user-1')).toEqual({ iceServers: [], ttlSeconds: 0 });
  });
});
