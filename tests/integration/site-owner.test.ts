// Backups and takedown notices concern the whole site: only its owner (the first artist) may see or act on them,
// through the JSON API and the studio alike. A second artist of the same installation gets 403 for every backup
// action and every takedown page, sees no link to either, and changes nothing — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../src/modules/backups/service.js';
import { insertTakedownNotice } from '../../src/modules/legal/repository.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';
import { ENGINES } from '../helpers/db.js';

const FORM = 'application/x-www-form-urlencoded';

describe.each(ENGINES)('the site owner’s areas on %s', (engine) => {
  let t: TestApp;
  let owner: Record<string, string>;
  let other: Record<string, string>;
  let backupId: string;
  let backupSha: string;
  let noticeId: string;

  beforeAll(async () => {
    t = await openTestApp(engine, {}, { jobs: 'queued' });
    const ownerId = await createArtist(t.handle, 'Site Owner');
    const otherId = await createArtist(t.handle, 'Second Artist');
    await insertPrint(t.handle, ownerId, { status: 'draft', title: { da: 'Hemmelig', en: 'Unseen draft' } });
    owner = await asArtist(t.config, t.handle, ownerId);
    other = await asArtist(t.config, t.handle, otherId);
    const made = await createBackup({ config: t.config, database: t.handle, storage: t.storage }, ownerId);
    backupId = made.id;
    backupSha = made.sha256!;
    noticeId = await insertTakedownNotice(
      t.handle.db,
      {
        workConcerned: 'Photograph of a lighthouse',
        infringingUrls: ['https://gallery.example/prints/lighthouse'],
        description: 'Copied.',
        claimantName: 'Clara Claimant',
        claimantEmail: 'clara@example.org',
        claimantAddress: 'Strandvejen 1',
        claimantPhone: '+45 12 34 56 78',
        signature: 'Clara Claimant',
      },
      'en',
    );
  }, 90_000);

  afterAll(async () => await t?.cleanup());

  const state = async () => ({
    backups: await t.handle.db.selectFrom('backups').select(['id', 'status']).orderBy('id').execute(),
    jobs: (await t.handle.executor.executeSql("select id from pgboss.job where name = 'backup.create'")).rows,
    notices: await t.handle.db.selectFrom('takedown_notices').selectAll().execute(),
    actions: await t.handle.db.selectFrom('takedown_actions').selectAll().orderBy('id').execute(),
  });

  const form = (headers: Record<string, string>, fields: Record<string, string>) => ({
    headers: { cookie: headers.cookie ?? '', 'content-type': FORM },
    payload: new URLSearchParams({ ...fields, _csrf: headers['x-csrf-token'] ?? '' }).toString(),
  });

  it('refuses every backup action of the API to another artist (403) and starts nothing', async () => {
    const before = await state();
    for (const [method, url] of [
      ['GET', '/api/v1/artist/backups'],
      ['POST', '/api/v1/artist/backups'],
      ['GET', `/api/v1/artist/backups/${backupId}/download`],
      ['GET', '/api/v1/artist/backups/00000000-0000-4000-8000-000000000000/download'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: other,
        ...(method === 'POST' ? { payload: { includeVersions: true } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json(), url).toEqual({
        error: { code: 'FORBIDDEN', message: 'Backups are handled by the site owner only' },
      });
      expect(res.body).not.toContain(backupSha);
    }
    expect(await state()).toEqual(before);
    // The owner still has them all.
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/artist/backups', headers: owner });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ backups: { id: string }[] }>().backups.map((b) => b.id)).toEqual([backupId]);
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/artist/backups/${backupId}/download`,
      headers: { ...owner, range: 'bytes=0-9' },
    });
    expect(download.statusCode).toBe(206);
  });

  it('refuses the studio’s backups pages to another artist (403) and starts nothing', async () => {
    const before = await state();
    for (const url of ['/studio/backups', `/studio/backups/${backupId}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: other.cookie ?? '' } });
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toContain('handled by its owner only');
      expect(res.body, url).not.toContain(backupSha);
      expect(res.body, url).not.toContain('Back up now');
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/studio/backups',
      ...form(other, { includeVersions: '1' }),
    });
    expect(post.statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('refuses the takedown notices to another artist (403): no list, no notice, no action, no status', async () => {
    const before = await state();
    for (const url of [
      '/studio/takedowns',
      '/studio/takedowns?status=open',
      `/studio/takedowns/${noticeId}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: other.cookie ?? '' } });
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toContain('Takedown notices concern the whole site');
      for (const secret of ['Clara Claimant', 'clara@example.org', 'lighthouse'])
        expect(res.body, url).not.toContain(secret);
    }
    const action = await t.app.inject({
      method: 'POST',
      url: `/studio/takedowns/${noticeId}/actions`,
      ...form(other, { action: 'note', note: 'Not mine to handle', takenOn: '', newStatus: 'rejected' }),
    });
    expect(action.statusCode).toBe(403);
    const status = await t.app.inject({
      method: 'POST',
      url: `/studio/takedowns/${noticeId}/status`,
      ...form(other, { status: 'rejected', statusNote: '' }),
    });
    expect(status.statusCode).toBe(403);
    expect(await state()).toEqual(before);
    // The owner reads the notice.
    const shown = await t.app.inject({
      method: 'GET',
      url: `/studio/takedowns/${noticeId}`,
      headers: { cookie: owner.cookie ?? '' },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('clara@example.org');
  });

  it('shows the site owner as the artist of the public site, also after the site is handed over', async () => {
    const about = async (lang: string) => (await t.app.inject({ method: 'GET', url: `/${lang}/about` })).body;
    expect(await about('en')).toContain('Site Owner');
    // Handing over (`npm run artist -- set-role` twice): the second artist becomes the only owner.
    await t.handle.db
      .updateTable('artists')
      .set({ role: 'owner' })
      .where('display_name', '=', 'Second Artist')
      .execute();
    await t.handle.db
      .updateTable('artists')
      .set({ role: 'artist' })
      .where('display_name', '=', 'Site Owner')
      .execute();
    const da = await about('da'); // not rendered before, so not from the page cache
    expect(da).toContain('Second Artist');
    expect(da).not.toContain('Site Owner');
    await t.handle.db
      .updateTable('artists')
      .set({ role: 'owner' })
      .where('display_name', '=', 'Site Owner')
      .execute();
    await t.handle.db
      .updateTable('artists')
      .set({ role: 'artist' })
      .where('display_name', '=', 'Second Artist')
      .execute();
  });

  it('offers the backups and takedown notices only in the owner’s navigation and dashboard', async () => {
    const nav = (html: string) => /<nav class="studio-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    const mine = await t.app.inject({
      method: 'GET',
      url: '/studio',
      headers: { cookie: owner.cookie ?? '' },
    });
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/studio',
      headers: { cookie: other.cookie ?? '' },
    });
    expect(mine.statusCode).toBe(200);
    expect(theirs.statusCode).toBe(200);
    expect(nav(mine.body)).toContain('href="/studio/backups"');
    expect(nav(mine.body)).toContain('href="/studio/takedowns"');
    expect(mine.body).toContain('1</strong> <a href="/studio/takedowns">open takedown notice</a>');
    expect(nav(theirs.body)).toContain('href="/studio/prints"');
    expect(nav(theirs.body)).not.toContain('/studio/backups');
    expect(theirs.body).not.toContain('/studio/takedowns');
    expect(theirs.body).not.toContain('takedown notice');
  });
});
