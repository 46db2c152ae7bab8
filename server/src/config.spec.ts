import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to port 3000 and an SQLite file under ./data', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({ kind: 'sqlite', file: path.resolve('data', 'support.sqlite') });
    expect(config.allowedOrigins).toEqual([]);
    expect(config.ice).toEqual({ stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 3600 });
  });

  it('puts the SQLite file under DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/var/lib/ycyw' });

    expect(config.database).toEqual({ kind: 'sqlite', file: '/var/lib/ycyw/support.sqlite' });
  });

  it('keeps attachments under DATA_DIR/attachments, 10 MiB at most unless ATTACHMENT_MAX_BYTES says otherwise', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/ycyw' }).attachments).toEqual({ dir: '/var/lib/ycyw/attachments', maxBytes: 10 * 1024 * 1024 });
    expect(loadConfig({ ATTACHMENT_MAX_BYTES: '2048' }).attachments.maxBytes).toBe(2048);
    expect(() => loadConfig({ ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const url = 'postgres://support:secret@db.internal:5432/support';

    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
  });

  it('reads PORT and comma-separated lists, trimming blanks', () => {
    const config = loadConfig({
      PORT: '8080',
      ALLOWED_ORIGINS: ' https://a.example , https://b.example,, ',
      STUN_URLS: 'stun:s.example:3478',
      TURN_URLS: 'turn:t.example:3478',
      TURN_SECRET: 'sixteen chars at least',
    });

    expect(config.port).toBe(8080);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.ice).toMatchObject({ stunUrls: ['stun:s.example:3478'], turnUrls: ['turn:t.example:3478'], turnSecret: 'sixteen chars at least' });
  });

  it.each(['abc', '70000', '-1', '80.5'])('throws naming PORT for PORT=%s', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(/Invalid configuration:[\s\S]*PORT/);
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', TURN_SECRET: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/TURN_SECRET/);
  });

  it('rings calls for 30 s and keeps a disconnected call device for 15 s by default', () => {
    expect(loadConfig({}).calls).toEqual({ ringTimeoutMs: 30_000, reconnectGraceMs: 15_000 });
  });

  it('reads CALL_RING_TIMEOUT_MS and CALL_RECONNECT_GRACE_MS', () => {
    const config = loadConfig({ CALL_RING_TIMEOUT_MS: '500', CALL_RECONNECT_GRACE_MS: '0' });

    expect(config.calls).toEqual({ ringTimeoutMs: 500, reconnectGraceMs: 0 });
  });

  it.each(['0', '-5', 'soon', '1.5'])('throws naming CALL_RING_TIMEOUT_MS for CALL_RING_TIMEOUT_MS=%s', (value) => {
    expect(() => loadConfig({ CALL_RING_TIMEOUT_MS: value })).toThrow(/CALL_RING_TIMEOUT_MS/);
  });

  it('returns a frozen configuration', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ice)).toBe(true);
    expect(Object.isFrozen(config.calls)).toBe(true);
  });
});
