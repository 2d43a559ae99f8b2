import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ logLevel: 'info' }, stream), text: () => text };
}

describe('the log', () => {
  it('keeps a database error’s code and constraint but not the values of the failed statement', async () => {
    const pg = new PGlite();
    await pg.exec('create table sessions (id text primary key, csrf_secret text not null)');
    await pg.query('insert into sessions values ($1, $2)', ['sid-1', 'first-secret-value']);
    const error = await pg
      .query('insert into sessions values ($1, $2)', ['sid-1', 'csrf-secret-value-42'])
      .catch((e: unknown) => e);
    await pg.close();
    expect(JSON.stringify(Object.entries(error as object))).toContain('csrf-secret-value-42');

    const { log, text } = capture();
    log.error({ err: error }, 'request failed');
    log.error({ err: new Error('wrapped', { cause: error }) }, 'again');
    const logged = text();
    expect(logged).toContain('"code":"23505"');
    expect(logged).toContain('sessions_pkey');
    expect(logged).not.toContain('csrf-secret-value-42');
    expect(logged).not.toContain('sid-1');
  });

  it('replaces credentials in URLs', () => {
    expect(redactUrl('/studio/auth/callback?code=abc&state=xyz&lang=da')).toBe(
      '/studio/auth/callback?code=[redacted]&state=[redacted]&lang=da',
    );
    expect(redactUrl('/uploads/direct/signed-token')).toBe('/uploads/direct/[redacted]');
    expect(redactUrl('/da/rooms/room-token/prints/x')).toBe('/da/rooms/[redacted]');
    expect(redactUrl('/rooms/room-token/media/images/a.webp?download=1')).toBe(
      '/rooms/[redacted]?download=1',
    );
    expect(redactUrl('/%72ooms/room-token')).toBe('/rooms/[redacted]');
    expect(redactUrl('/language/en?next=%2Fen%2Frooms%2Froom-token')).toBe('/language/en?next=[redacted]');
    expect(redactUrl('/da/verify/7KQ2-M9XD-4TGH-0BNC-W3RP')).toBe('/da/verify/[redacted]');
    expect(redactUrl('/verify/7KQ2-M9XD-4TGH-0BNC-W3RP')).toBe('/verify/[redacted]');
    expect(redactUrl('/en/verify?code=7KQ2')).toBe('/en/verify?code=[redacted]');
    expect(redactUrl('/language/da?next=%2Fda%2Fverify%2F7KQ2-M9XD')).toBe('/language/da?next=[redacted]');
    expect(redactUrl('/language/en?next=%2Fen%2Fgalleries')).toBe('/language/en?next=%2Fen%2Fgalleries');
  });
});
