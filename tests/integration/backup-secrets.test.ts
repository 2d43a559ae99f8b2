// No secret of an installation ever leaves it in a backup, and a restore needs none: a site with the embedded
// issuer, a signed-in studio session, a form kept across a sign-in and its generated keys is backed up; every entry
// of the archive is read and searched for each secret (password hash, session and CSRF values, the kept form, the
// issuer's state, the signing key and generated secret). The archive is then restored into an empty installation,
// whose own keys it leaves alone; the artist signs in after `npm run artist -- reset-password` (resetPassword), and
// into a fresh install that already made its local artist, the restored account keeps that install's sign-in.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import {
  ensureLocalArtist,
  printLocalCredentials,
  resetPassword,
} from '../../src/modules/auth/local-artist.js';
import { scanArchive } from '../../src/modules/backups/archive.js';
import { restoreArchive } from '../../src/modules/backups/restore.js';
import { createBackup } from '../../src/modules/backups/service.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { Browser, freePort, parseForms } from '../e2e/auth-client.js';
import { insertPrint } from '../helpers/catalogue.js';
import { openTestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';

const EMAIL = 'printmaker@studio.test';

interface Site {
  app: FastifyInstance;
  base: string;
  config: Config;
  handle: DatabaseHandle;
  storage: Storage;
  close(): Promise<void>;
}

/** The whole app on a port of its own with the embedded issuer (as `npm start`), on a fresh database. */
async function startSite(engine: (typeof ENGINES)[number]): Promise<Site> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await openTestApp(engine, { PUBLIC_URL: base, LOCAL_ARTIST_EMAIL: EMAIL }, { listenPort: port });
  return {
    app: t.app,
    base,
    config: t.config,
    handle: t.handle,
    storage: t.storage,
    close: () => t.cleanup(),
  };
}

/** Opens a studio page and signs in on the embedded issuer's page with a real HTTP client on the way. */
async function signIn(
  site: Site,
  password: string,
  path = '/studio',
): Promise<{ status: number; url: string; html: string }> {
  const browser = new Browser();
  const start = await browser.navigate(`${site.base}${path}`);
  const page = parseForms(await start.res.text(), start.url)[0];
  if (!page) throw new Error(`no sign-in form at ${start.url}`);
  const done = await browser.navigate(page.action, { form: { email: EMAIL, password } });
  return { status: done.res.status, url: done.url, html: await done.res.text() };
}

/** The local artist of a new installation, with the password it prints once. */
async function localArtist(site: Site): Promise<string> {
  let printed = '';
  printLocalCredentials(
    await ensureLocalArtist(site.config, site.handle),
    site.config,
    (t) => (printed += t),
  );
  const password = /^password: (.+)$/m.exec(printed)?.[1];
  if (!password) throw new Error('no password printed');
  return password;
}

/** Every string value inside a JSON value (keys of the issuer's state and key material). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe.each(ENGINES)('secrets stay out of backups on %s', (engine) => {
  let source: Site;
  let password: string;
  let archiveKey: string;
  let entries: Map<string, Buffer>;
  let secrets: Map<string, string>;

  beforeAll(async () => {
    source = await startSite(engine);
    password = await localArtist(source);
    const artist = await source.handle.db
      .selectFrom('artists')
      .selectAll()
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow();
    await insertPrint(source.handle, artist.id, { title: { da: 'Havn ved daggry', en: 'Harbour at dawn' } });

    // A signed-in session (and the issuer's own session, grant and codes), then a studio form posted by a
    // browser without a session: kept for after the sign-in.
    const signedIn = await signIn(source, password);
    expect(signedIn.url).toBe(`${source.base}/studio`);
    const stranger = new Browser();
    const kept = await stranger.request(`${source.base}/studio/settings`, {
      form: { profileName: 'typed before signing in', copyrightLine: 'stash-marker-7f3a' },
    });
    expect(kept.status).toBe(303);

    const db = source.handle.db;
    secrets = new Map<string, string>([['password', password]]);
    secrets.set('password hash', artist.password_hash!);
    for (const part of artist.password_hash!.split('$').filter((p) => p.length >= 16))
      secrets.set(`password hash part ${part.slice(0, 6)}`, part);
    const sessions = await db.selectFrom('sessions').selectAll().execute();
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      secrets.set(`session ${s.id.slice(0, 6)}`, s.id);
      secrets.set(`csrf ${s.id.slice(0, 6)}`, s.csrf_secret);
    }
    const stash = await db.selectFrom('studio_form_stash').selectAll().execute();
    expect(stash).toHaveLength(1);
    secrets.set('stash id', stash[0]!.id);
    secrets.set('stash browser key', stash[0]!.browser_key);
    secrets.set('stashed form', 'stash-marker-7f3a');
    const state = await db.selectFrom('app_state').selectAll().execute();
    const keys = state.find((r) => r.key === 'auth.keys');
    expect(keys).toBeDefined();
    for (const value of stringsIn(keys!.value).filter((v) => v.length >= 20))
      secrets.set(`app_state ${value.slice(0, 6)}`, value);
    const { rows: payloads } = await source.handle.executor.executeSql(
      'select id, payload from oidc_payloads',
    );
    expect(payloads.length).toBeGreaterThan(0);
    // Their ids are the issuer's session cookies, grants and codes; uid/jti the interaction and token ids.
    for (const p of payloads) {
      secrets.set(`issuer state ${String(p.id).slice(0, 6)}`, String(p.id));
      const payload = (typeof p.payload === 'string' ? JSON.parse(p.payload) : p.payload) as Record<
        string,
        unknown
      >;
      for (const field of ['uid', 'jti'] as const) {
        const value = payload[field];
        if (typeof value === 'string' && value.length >= 16)
          secrets.set(`issuer ${field} ${value.slice(0, 6)}`, value);
      }
    }

    const backup = await createBackup(
      { config: source.config, database: source.handle, storage: source.storage },
      artist.id,
    );
    expect(backup.status).toBe('verified');
    archiveKey = backup.storageKey!;
    entries = new Map();
    await scanArchive(await source.storage.getStream('backups', archiveKey), async (entry, chunks) => {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      entries.set(entry.name, Buffer.concat(parts));
    });
  }, 120_000);

  afterAll(() => source?.close());

  /** Restores the source's archive, read from the source's backups area, into another installation. */
  const restoreInto = (target: Site) =>
    restoreArchive(
      { database: target.handle, storage: target.storage },
      () => source.storage.getStream('backups', archiveKey),
      { actor: 'test' },
    );

  it('writes no secret into any entry of the archive', () => {
    expect(entries.has('db/artists.ndjson')).toBe(true);
    expect(entries.has('db/prints.ndjson')).toBe(true);
    expect(secrets.size).toBeGreaterThan(8);
    for (const [name, body] of entries) {
      const text = body.toString('latin1');
      for (const [what, secret] of secrets) expect(text.includes(secret), `${what} in ${name}`).toBe(false);
    }
    const artists = entries
      .get('db/artists.ndjson')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(artists.map((a) => a.email)).toEqual([EMAIL]);
    expect(artists[0]).not.toHaveProperty('password_hash');
    for (const table of ['sessions', 'studio_form_stash', 'app_state', 'oidc_payloads'])
      expect([...entries.keys()], table).not.toContain(`db/${table}.ndjson`);
  });

  it('restores into an empty installation without touching its keys; the artist signs in after a reset', async () => {
    const target = await startSite(engine);
    try {
      const keysBefore = await target.handle.db.selectFrom('app_state').selectAll().orderBy('key').execute();
      expect(keysBefore.length).toBeGreaterThan(0);
      const result = await restoreInto(target);
      expect(result.tables.artists?.insert).toBe(1);
      expect(await target.handle.db.selectFrom('app_state').selectAll().orderBy('key').execute()).toEqual(
        keysBefore,
      );
      const restored = await target.handle.db
        .selectFrom('artists')
        .selectAll()
        .where('email', '=', EMAIL)
        .executeTakeFirstOrThrow();
      expect(restored.password_hash).toBeNull();
      // The old password is not in the archive, so it does not open the restored site.
      expect((await signIn(target, password)).url).not.toBe(`${target.base}/studio`);

      const fresh = await resetPassword(target.handle, EMAIL);
      const signedIn = await signIn(target, fresh);
      expect(signedIn.url).toBe(`${target.base}/studio`);
      expect(signedIn.status).toBe(200);
      expect((await signIn(target, fresh, '/studio/prints')).html).toContain('Harbour at dawn');
    } finally {
      await target.close();
    }
  }, 120_000);

  it('restores into a fresh install that made its local artist: the account keeps that install’s sign-in', async () => {
    const target = await startSite(engine);
    try {
      const installPassword = await localArtist(target);
      const result = await restoreInto(target);
      expect(result.warnings.join('\n')).toMatch(/replaced the empty artist account/);
      const signedIn = await signIn(target, installPassword);
      expect(signedIn.url).toBe(`${target.base}/studio`);
      // The restored account, with its content, and still the site owner.
      const backups = await signIn(target, installPassword, '/studio/backups');
      expect(backups.url).toBe(`${target.base}/studio/backups`);
      expect(backups.html).toContain('No backups yet.');
      expect((await signIn(target, installPassword, '/studio/prints')).html).toContain('Harbour at dawn');
    } finally {
      await target.close();
    }
  }, 120_000);
});
