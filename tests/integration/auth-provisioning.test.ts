// Artist provisioning and password resets (the artist CLI's operations) and studio sessions, on both engines:
// the auth module's repositories against real databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtist, linkArtist, listArtists } from '../../src/modules/auth/artists.js';
import { ensureLocalArtist, localSubject, resetPassword } from '../../src/modules/auth/local-artist.js';
import { verifyPassword } from '../../src/modules/auth/passwords.js';
import { createSession, deleteSession, resumeSession } from '../../src/modules/auth/sessions.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';

describe.each(ENGINES)('artist provisioning and sessions on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(engine, {
      LOCAL_ARTIST_EMAIL: 'Local@Example.com',
      LOCAL_ARTIST_PASSWORD: 'the first configured password',
    });
  });
  afterAll(() => t?.cleanup());

  it('creates, links and lists artists; a second create with the same e-mail is refused', async () => {
    const created = await createArtist(t.handle, { email: ' Ada@Example.com ', name: ' Ada ' });
    expect(created).toMatchObject({ email: 'ada@example.com', displayName: 'Ada', idpSubject: null });
    expect(created.hasPassword).toBe(false);
    await expect(createArtist(t.handle, { email: 'ada@example.com', name: 'Again' })).rejects.toThrow(
      /already exists/,
    );
    const linked = await linkArtist(t.handle, 'ADA@example.com', ' auth0|ada ');
    expect(linked.idpSubject).toBe('auth0|ada');
    await expect(linkArtist(t.handle, 'nobody@example.com', 'x')).rejects.toThrow(/no artist/);
    expect((await listArtists(t.handle)).map((a) => a.email)).toContain('ada@example.com');
  });

  it('keeps the local artist in step with LOCAL_ARTIST_PASSWORD and resets passwords, ending sessions', async () => {
    expect(await ensureLocalArtist(t.config, t.handle)).toEqual({
      created: true,
      username: 'local@example.com',
    });
    const [local] = (await listArtists(t.handle)).filter((a) => a.email === 'local@example.com');
    expect(local?.idpSubject).toBe(localSubject(local?.id ?? ''));

    const session = await createSession(t.config, t.handle, {
      artistId: local?.id ?? '',
      remember: false,
      ip: '127.0.0.1',
      userAgent: 'test',
      idToken: 'id-token',
    });
    const resumed = await resumeSession(t.config, t.handle, session.token);
    expect(resumed?.artist).toEqual({ id: local?.id, email: 'local@example.com', displayName: 'The Artist' });
    expect(resumed?.csrfToken).toBe(session.csrfToken);

    const password = await resetPassword(t.handle, 'local@example.com');
    const row = await t.handle.db
      .selectFrom('artists')
      .select('password_hash')
      .where('email', '=', 'local@example.com')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password, row.password_hash ?? '')).toBe(true);
    expect(await resumeSession(t.config, t.handle, session.token)).toBeNull();
    await expect(resetPassword(t.handle, 'nobody@example.com')).rejects.toThrow(/no artist/);

    // The configured password is the source of truth again on the next start.
    await ensureLocalArtist(t.config, t.handle);
    const again = await t.handle.db
      .selectFrom('artists')
      .select('password_hash')
      .where('email', '=', 'local@example.com')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('the first configured password', again.password_hash ?? '')).toBe(true);
  });

  it('ends a session after its idle timeout and returns the ID token when one is deleted', async () => {
    const ada = (await listArtists(t.handle)).find((a) => a.email === 'ada@example.com');
    const session = await createSession(t.config, t.handle, {
      artistId: ada?.id ?? '',
      remember: false,
      ip: null,
      userAgent: null,
      idToken: 'the-id-token',
    });
    const later = new Date(Date.now() + (t.config.session.idleTimeoutMinutes + 1) * 60_000);
    expect(await resumeSession(t.config, t.handle, session.token, later)).toBeNull();
    const kept = await createSession(t.config, t.handle, {
      artistId: ada?.id ?? '',
      remember: false,
      ip: null,
      userAgent: null,
      idToken: 'the-id-token',
    });
    expect(await deleteSession(t.handle, kept.id)).toBe('the-id-token');
    expect(await deleteSession(t.handle, kept.id)).toBeNull();
  });
});
