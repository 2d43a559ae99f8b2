// The studio's settings, takedown notices, audit log and backups pages over inject(), on PGlite and real
// PostgreSQL: the settings round trip with errors given back next to what was typed, a watermark change queueing
// the regeneration job on a real pg-boss queue (and a biography change not), notices from the public form listed,
// filtered, shown in full, actioned and resolved (trail and audit log read back), the audit log's filters and pages
// scoped to the artist, a backup made by the service listed with its report and downloadable, "Back up now" through
// the queue, and the session and CSRF checks on every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createBackup } from '../../src/modules/backups/service.js';
import { insertTakedownNotice } from '../../src/modules/legal/repository.js';
import { dayOf, startOfDay } from '../../src/modules/studio/audit.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';

interface Session {
  cookie: string;
  csrf: string;
}

/** The text of the element with this id (errors next to fields), tags stripped. */
function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match?.[1]?.replace(/<[^>]+>/g, '').trim();
}

/** The value of the input named `name`, as served (entities kept); '' for a bare `value`. */
function inputValue(html: string, name: string): string | undefined {
  for (const tag of html.matchAll(/<input((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs = new Map(
      [...(tag[1] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((m) => [m[1], m[2] ?? ''] as const),
    );
    if (attrs.get('name') === name) return attrs.get('value');
  }
  return undefined;
}

function textareaValue(html: string, name: string): string | undefined {
  return new RegExp(`<textarea[^>]*name="${name.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</textarea>`).exec(
    html,
  )?.[1];
}

function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return /<option value="([^"]*)" selected/.exec(select)?.[1];
}

const NOTICE = {
  workConcerned: 'My etching “Harbour at dawn” (2019)',
  infringingUrls: ['https://gallery.example/prints/harbour', 'https://gallery.example/prints/harbour-2'],
  description: 'The print copies my composition line for line.',
  claimantName: 'Clara Claimant',
  claimantEmail: 'clara@example.org',
  claimantAddress: 'Strandvejen 1\n2100 København Ø',
  claimantPhone: '+45 12 34 56 78',
  signature: 'Clara Claimant',
};

describe.each(ENGINES)('studio settings, takedowns, audit log and backups on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let session: Session;
  /** The same database served by an app with a started pg-boss queue (no worker: jobs stay queued). */
  let queue: Queue;
  let queued: FastifyInstance;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Karen Blixen-Hansen');
    otherId = await createArtist(t.handle, 'Someone Else');
    const headers = await asArtist(t.config, t.handle, artistId);
    session = { cookie: headers.cookie ?? '', csrf: headers['x-csrf-token'] ?? '' };
    queue = createQueue(t.handle, { supervise: false });
    await queue.start();
    queued = await buildApp({
      config: t.config,
      database: t.handle,
      storage: t.storage,
      queue,
      loggerInstance: pino({ level: 'silent' }),
    });
    await queued.ready();
  }, 90_000);

  afterAll(async () => {
    await queued?.close();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await t?.cleanup();
  });

  const get = (url: string, app: FastifyInstance = t.app) =>
    app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  /** A form post as the browser sends it: urlencoded, the CSRF token in the hidden `_csrf` field. */
  const post = (
    url: string,
    fields: Array<[string, string]>,
    opts: { csrf?: boolean; app?: FastifyInstance } = {},
  ) => {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.append('_csrf', session.csrf);
    return (opts.app ?? t.app).inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': FORM },
      payload: body.toString(),
    });
  };

  /** Jobs of a name in pg-boss's table, oldest first. */
  const jobs = async (name: string) => {
    const { rows } = await t.handle.executor.executeSql(
      'select data from pgboss.job where name = $1 order by created_on',
      [name],
    );
    return rows.map(
      (r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, string>,
    );
  };

  const auditActions = async (action: string) =>
    t.handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('artist_id', '=', artistId)
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  const settingsFields = (over: Record<string, string> = {}): Array<[string, string]> =>
    Object.entries({
      profileName: 'Karen B. Hansen',
      'bio.da': 'Raderer i København.',
      'bio.en': 'Etcher in Copenhagen.',
      contactEmail: 'Studio@Example.org',
      copyrightLine: '© 2025 Karen B. Hansen',
      watermarkText: '© K.B.H.',
      watermarkPlacement: 'top-left',
      defaultLanguage: 'en',
      ...over,
    });

  // ---------------------------------------------------------------- session and CSRF

  it('sends a visitor without a session to sign in, and refuses posts without the CSRF token', async () => {
    for (const url of [
      '/studio/settings',
      '/studio/takedowns',
      '/studio/takedowns/00000000-0000-4000-8000-000000000000',
      '/studio/audit?action=print.*',
      '/studio/backups',
      '/studio/backups/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(String(res.headers.location), url).toBe(
        `/studio/auth/login?returnTo=${encodeURIComponent(url)}`,
      );
    }
    const before = await t.handle.db.selectFrom('settings').selectAll().execute();
    for (const url of [
      '/studio/settings',
      '/studio/backups',
      '/studio/takedowns/00000000-0000-4000-8000-000000000000/actions',
      '/studio/takedowns/00000000-0000-4000-8000-000000000000/status',
    ]) {
      const anonymous = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': FORM },
        payload: 'watermarkText=x',
      });
      expect(anonymous.statusCode, url).toBe(303);
      expect(String(anonymous.headers.location), url).toMatch(/^\/studio\/auth\/login\?returnTo=/);
      const forged = await post(url, settingsFields(), { csrf: false });
      expect(forged.statusCode, url).toBe(403);
    }
    expect(await t.handle.db.selectFrom('settings').selectAll().execute()).toEqual(before);
    expect(await t.handle.db.selectFrom('backups').selectAll().execute()).toEqual([]);
  });

  // ---------------------------------------------------------------- settings

  it('shows the defaults and says there is no image to preview the watermark on yet', async () => {
    const res = await get('/studio/settings');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(selected(res.body, 'watermarkPlacement')).toBe('bottom-right');
    expect(selected(res.body, 'defaultLanguage')).toBe('da');
    expect(inputValue(res.body, 'watermarkText')).toBe('');
    expect(res.body).toContain('No processed image yet');
    expect(res.body).not.toContain('data-watermark-preview');
    // The saved watermark in words: with nothing set, the worker draws "© <account name>".
    expect(res.body).not.toContain('studio-settings');
  });

  it('saves every field, shows them back, and records what changed in the audit log', async () => {
    const res = await post('/studio/settings', settingsFields());
    expect(res.statusCode, res.body).toBe(303);
    // No queue in this app: the page says the existing images keep their watermark.
    expect(res.headers.location).toBe('/studio/settings?notice=no-queue');
    const row = await t.handle.db
      .selectFrom('settings')
      .selectAll()
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      profile_name: 'Karen B. Hansen',
      bio: { da: 'Raderer i København.', en: 'Etcher in Copenhagen.' },
      contact_email: 'studio@example.org',
      copyright_line: '© 2025 Karen B. Hansen',
      watermark_text: '© K.B.H.',
      watermark_placement: 'top-left',
      default_language: 'en',
    });
    const page = await get(String(res.headers.location));
    expect(page.body).toContain('This server has no job queue, so existing images keep their old watermark');
    expect(inputValue(page.body, 'profileName')).toBe('Karen B. Hansen');
    expect(textareaValue(page.body, 'bio.da')).toBe('Raderer i København.');
    expect(inputValue(page.body, 'contactEmail')).toBe('studio@example.org');
    expect(inputValue(page.body, 'watermarkText')).toBe('© K.B.H.');
    expect(selected(page.body, 'watermarkPlacement')).toBe('top-left');
    expect(selected(page.body, 'defaultLanguage')).toBe('en');
    const events = await auditActions('settings.updated');
    expect(events).toHaveLength(1);
    expect((events[0]?.details as { fields: string[] }).fields.sort()).toEqual(
      [
        'bio',
        'contactEmail',
        'copyrightLine',
        'defaultLanguage',
        'profileName',
        'watermarkPlacement',
        'watermarkText',
      ].sort(),
    );

    // Sending the same values again changes nothing and records nothing.
    const again = await post('/studio/settings', settingsFields({ contactEmail: 'studio@example.org' }));
    expect(again.headers.location).toBe('/studio/settings?notice=unchanged');
    expect(await auditActions('settings.updated')).toHaveLength(1);
  });

  it('gives errors back next to their fields with everything typed, and saves nothing', async () => {
    const before = await t.handle.db
      .selectFrom('settings')
      .selectAll()
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    const longWatermark = 'W'.repeat(101);
    const res = await post(
      '/studio/settings',
      settingsFields({
        profileName: 'Typed <name> & more',
        'bio.en': 'x'.repeat(5001),
        'bio.da': 'Ny dansk tekst',
        contactEmail: 'not an address',
        watermarkText: longWatermark,
        watermarkPlacement: 'middle',
      }),
    );
    expect(res.statusCode).toBe(422);
    const html = res.body;
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('There are 4 problems');
    expect(textOf(html, 'f-contactEmail-error')).toBe(
      'Enter an e-mail address like name@example.com, or leave it empty',
    );
    expect(textOf(html, 'f-watermarkText-error')).toBe(
      'Shorten the watermark to 100 characters or fewer (it has 101)',
    );
    expect(textOf(html, 'f-watermarkPlacement-error')).toBe('Choose where the watermark goes');
    expect(textOf(html, 'f-bio-en-error')).toBe(
      'Shorten the biography to 5000 characters or fewer (it has 5001)',
    );
    expect(html).toMatch(/<input[^>]*id="f-contactEmail"[^>]*aria-invalid="true"/);
    expect(html).toContain('<a href="#f-watermarkText">Watermark text: Shorten the watermark');
    // Everything as typed, escaped.
    expect(inputValue(html, 'profileName')).toBe('Typed &lt;name> &amp; more');
    expect(inputValue(html, 'contactEmail')).toBe('not an address');
    expect(inputValue(html, 'watermarkText')).toBe(longWatermark);
    expect(textareaValue(html, 'bio.da')).toBe('Ny dansk tekst');
    expect(textareaValue(html, 'bio.en')).toHaveLength(5001);
    const after = await t.handle.db
      .selectFrom('settings')
      .selectAll()
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('previews the watermark on the newest processed print, at the size of that image', async () => {
    const printId = await insertPrint(t.handle, artistId, { title: { da: 'Havn', en: 'Harbour' } });
    const thumb = await t.handle.db
      .selectFrom('prints')
      .innerJoin('image_versions', 'image_versions.image_id', 'prints.image_id')
      .select(['storage_key', 'width', 'height'])
      .where('prints.id', '=', printId)
      .where('version', '=', 'thumbnail')
      .executeTakeFirstOrThrow();
    await insertPrint(t.handle, otherId, { title: { da: 'Fremmed', en: 'Stranger' } });
    const res = await get('/studio/settings');
    expect(res.body).toContain('data-watermark-preview');
    expect(res.body).toContain(`data-width="${thumb.width}" data-height="${thumb.height}"`);
    expect(res.body).toContain(`src="/api/v1/artist/media/${thumb.storage_key}"`);
    expect(res.body).toContain('On “Harbour”');
    expect(res.body).not.toContain('Stranger');
    expect(res.body).toMatch(/<script type="module" src="\/assets\/studio-settings[^"]*\.js">/);
    expect(res.body).toContain('“© K.B.H.”, top left (as saved)');
  });

  it('queues the regeneration of the images when the watermark changes, and only then', async () => {
    expect(await jobs('image.regenerate-all')).toEqual([]);
    // The biography alone: saved, nothing queued.
    const bio = await post(
      '/studio/settings',
      settingsFields({ contactEmail: 'studio@example.org', 'bio.en': 'Etcher and printer in Copenhagen.' }),
      { app: queued },
    );
    expect(bio.headers.location).toBe('/studio/settings?notice=saved');
    expect(await jobs('image.regenerate-all')).toEqual([]);

    const watermark = await post(
      '/studio/settings',
      settingsFields({
        contactEmail: 'studio@example.org',
        'bio.en': 'Etcher and printer in Copenhagen.',
        watermarkText: '© Karen',
        watermarkPlacement: 'tiled',
      }),
      { app: queued },
    );
    expect(watermark.headers.location).toBe('/studio/settings?notice=regenerating');
    expect(await jobs('image.regenerate-all')).toEqual([{ artistId }]);
    const page = await get(String(watermark.headers.location), queued);
    expect(page.body).toContain('Images are being regenerated with the new watermark');
    const row = await t.handle.db
      .selectFrom('settings')
      .select(['watermark_text', 'watermark_placement'])
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ watermark_text: '© Karen', watermark_placement: 'tiled' });
  });

  it('treats a new copyright line as a watermark change when the watermark text is empty', async () => {
    const cleared = await post(
      '/studio/settings',
      settingsFields({
        contactEmail: 'studio@example.org',
        'bio.en': 'Etcher and printer in Copenhagen.',
        watermarkText: '',
        watermarkPlacement: 'tiled',
      }),
    );
    expect(cleared.headers.location).toBe('/studio/settings?notice=no-queue');
    const stored = await t.handle.db
      .selectFrom('settings')
      .select('watermark_text')
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    expect(stored.watermark_text).toBeNull();
    // The earlier regeneration job still waits (no worker here), and a waiting job of the same artist absorbs
    // new sends (the job's 'stately' policy): clear it to see whether this save queues one.
    await t.handle.executor.executeSql('delete from pgboss.job where name = $1', ['image.regenerate-all']);
    const res = await post(
      '/studio/settings',
      settingsFields({
        contactEmail: 'studio@example.org',
        'bio.en': 'Etcher and printer in Copenhagen.',
        watermarkText: '',
        watermarkPlacement: 'tiled',
        copyrightLine: '© 2026 Karen B. Hansen',
      }),
      { app: queued },
    );
    expect(res.headers.location).toBe('/studio/settings?notice=regenerating');
    expect(await jobs('image.regenerate-all')).toEqual([{ artistId }]);
    // Only the copyright line is sent: the service sees that the watermark drawn from it changes.
    const last = (await auditActions('settings.updated')).at(-1);
    expect((last?.details as { fields: string[] }).fields).toEqual(['copyrightLine']);
  });

  it('sets the zoom limit and the licence for museum viewers, with errors at their fields', async () => {
    const fields = (over: Record<string, string>) =>
      settingsFields({
        contactEmail: 'studio@example.org',
        'bio.en': 'Etcher and printer in Copenhagen.',
        watermarkText: '',
        watermarkPlacement: 'tiled',
        copyrightLine: '© 2026 Karen B. Hansen',
        ...over,
      });
    const form = await get('/studio/settings');
    expect(inputValue(form.body, 'zoomMaxPixels')).toBe('6000');
    expect(selected(form.body, 'licenceUrl')).toBeUndefined();
    const bad = await post(
      '/studio/settings',
      fields({ zoomMaxPixels: '500', licenceUrl: 'https://example.com/my-licence' }),
    );
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body, 'f-zoomMaxPixels-error')).toBe(
      'Enter a whole number of pixels from 1000 to 20000',
    );
    expect(textOf(bad.body, 'f-licenceUrl-error')).toBe('Choose a licence from the list, or none');
    expect(inputValue(bad.body, 'zoomMaxPixels')).toBe('500');

    await t.handle.executor.executeSql('delete from pgboss.job where name = $1', ['image.regenerate-all']);
    const saved = await post(
      '/studio/settings',
      fields({ zoomMaxPixels: '4000', licenceUrl: 'http://creativecommons.org/licenses/by-nc-nd/4.0/' }),
      { app: queued },
    );
    expect(saved.headers.location).toBe('/studio/settings?notice=regenerating-zoom');
    expect(await jobs('image.regenerate-all')).toEqual([{ artistId }]);
    const page = await get(String(saved.headers.location), queued);
    expect(page.body).toContain('The zoom tiles are being cut again to the new largest size');
    expect(inputValue(page.body, 'zoomMaxPixels')).toBe('4000');
    expect(selected(page.body, 'licenceUrl')).toBe('http://creativecommons.org/licenses/by-nc-nd/4.0/');
    const row = await t.handle.db
      .selectFrom('settings')
      .select(['zoom_max_pixels', 'licence_url'])
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      zoom_max_pixels: 4000,
      licence_url: 'http://creativecommons.org/licenses/by-nc-nd/4.0/',
    });
  });

  // ---------------------------------------------------------------- takedown notices

  let noticeId = '';
  let otherNoticeId = '';

  it('lists the notices sent with the public form, newest first, and filters them by status', async () => {
    const origin = new URL(t.config.publicUrl).origin;
    const sent = await t.app.inject({
      method: 'POST',
      url: '/en/takedown',
      remoteAddress: '10.9.0.1',
      headers: { 'content-type': FORM, origin },
      payload: new URLSearchParams({
        work: NOTICE.workConcerned,
        urls: NOTICE.infringingUrls.join('\n'),
        description: NOTICE.description,
        name: NOTICE.claimantName,
        email: NOTICE.claimantEmail,
        address: NOTICE.claimantAddress,
        phone: NOTICE.claimantPhone,
        goodFaith: 'yes',
        accuracy: 'yes',
        signature: NOTICE.signature,
        website: '',
      }).toString(),
    });
    expect(sent.statusCode).toBe(303);
    noticeId = /ref=([0-9a-f-]{36})/.exec(String(sent.headers.location))?.[1] ?? '';
    expect(noticeId).toMatch(/^[0-9a-f-]{36}$/);
    otherNoticeId = await insertTakedownNotice(
      t.handle.db,
      {
        ...NOTICE,
        workConcerned: 'Photograph of a lighthouse',
        claimantName: 'Otto Other',
        claimantEmail: 'otto@example.net',
        claimantPhone: null,
      },
      'da',
    );
    await t.handle.db
      .updateTable('takedown_notices')
      .set({ status: 'withdrawn', received_at: new Date(Date.now() - 86_400_000) })
      .where('id', '=', otherNoticeId)
      .execute();

    const all = await get('/studio/takedowns');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('2 notices, newest first');
    const rows = all.body.split('<tbody>')[1] ?? '';
    expect(rows.indexOf(noticeId)).toBeGreaterThan(-1);
    expect(rows.indexOf(noticeId)).toBeLessThan(rows.indexOf(otherNoticeId));
    expect(rows).toContain('My etching “Harbour at dawn” (2019)');
    expect(rows).toContain('Clara Claimant');
    expect(rows).toContain('clara@example.org');
    expect(rows).toMatch(/<time datetime="[^"]+">/);
    expect(rows).toContain('>Received</span>');
    expect(rows).toContain('Notice received');

    const open = await get('/studio/takedowns?status=open');
    expect(open.body).toContain('1 notice, newest first');
    expect(open.body).toContain(noticeId);
    expect(open.body).not.toContain(otherNoticeId);
    expect(selected(open.body, 'status')).toBe('open');
    const withdrawn = await get('/studio/takedowns?status=withdrawn');
    expect(withdrawn.body).toContain(otherNoticeId);
    expect(withdrawn.body).not.toContain(`/studio/takedowns/${noticeId}`);
    const none = await get('/studio/takedowns?status=actioned');
    expect(none.body).toContain('No notices have this status.');
  });

  it('shows every field of a notice and its trail', async () => {
    const res = await get(`/studio/takedowns/${noticeId}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    for (const text of [
      noticeId,
      'My etching “Harbour at dawn” (2019)',
      '<a href="https://gallery.example/prints/harbour" rel="noopener noreferrer nofollow">',
      'https://gallery.example/prints/harbour-2',
      'The print copies my composition line for line.',
      'Clara Claimant',
      '<a href="mailto:clara@example.org">',
      'Strandvejen 1\n2100 København Ø',
      '+45 12 34 56 78',
      'Yes, confirmed',
      'English',
      'Submitted with the public form',
    ])
      expect(html).toContain(text);
    expect(inputValue(html, 'takenOn')).toBe(dayOf(new Date()));
    expect(selected(html, 'status')).toBe('received');
    expect((await get('/studio/takedowns/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/studio/takedowns/not-a-uuid')).statusCode).toBe(404);
  });

  it('refuses an action without a type or dated in the future, keeping what was typed', async () => {
    const tomorrow = dayOf(new Date(Date.now() + 2 * 86_400_000));
    const res = await post(`/studio/takedowns/${noticeId}/actions`, [
      ['action', ''],
      ['note', 'Called <Clara> about it'],
      ['takenOn', tomorrow],
      ['newStatus', 'in_review'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body, 'f-action-error')).toBe('Choose the action taken');
    expect(textOf(res.body, 'f-takenOn-error')).toBe('The date cannot be in the future');
    expect(textareaValue(res.body, 'note')).toBe('Called &lt;Clara> about it');
    expect(inputValue(res.body, 'takenOn')).toBe(tomorrow);
    expect(selected(res.body, 'newStatus')).toBe('in_review');
    const before = await post(`/studio/takedowns/${noticeId}/actions`, [
      ['action', 'claimant_contacted'],
      ['note', ''],
      ['takenOn', '2000-01-01'],
    ]);
    expect(before.statusCode).toBe(422);
    expect(textOf(before.body, 'f-takenOn-error')).toMatch(
      /^The date cannot be before the notice was received/,
    );
    const actions = await t.handle.db
      .selectFrom('takedown_actions')
      .select('action')
      .where('notice_id', '=', noticeId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['received']);
  });

  it('records actions and status changes in the trail and the audit log, and resolves the notice', async () => {
    const yesterday = dayOf(new Date(Date.now() - 86_400_000));
    // The public form's notice arrived today; an earlier date is refused, today is fine.
    const contacted = await post(`/studio/takedowns/${noticeId}/actions`, [
      ['action', 'claimant_contacted'],
      ['note', 'Asked Clara for the original.'],
      ['takenOn', dayOf(new Date())],
      ['newStatus', 'in_review'],
    ]);
    expect(contacted.statusCode, contacted.body).toBe(303);
    expect(contacted.headers.location).toBe(
      `/studio/takedowns/${noticeId}?notice=recorded-status#trail-heading`,
    );

    // An action dated earlier on the older notice.
    const older = await post(`/studio/takedowns/${otherNoticeId}/actions`, [
      ['action', 'note'],
      ['note', 'Withdrawn by phone.'],
      ['takenOn', yesterday],
    ]);
    expect(older.statusCode).toBe(303);
    const olderAction = await t.handle.db
      .selectFrom('takedown_actions')
      .selectAll()
      .where('notice_id', '=', otherNoticeId)
      .where('action', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(dayOf(new Date(olderAction.taken_at))).toBe(yesterday);

    const removed = await post(`/studio/takedowns/${noticeId}/actions`, [
      ['action', 'content_removed'],
      ['note', 'Unpublished the print.'],
      ['takenOn', dayOf(new Date())],
    ]);
    expect(removed.headers.location).toBe(`/studio/takedowns/${noticeId}?notice=recorded#trail-heading`);

    const resolved = await post(`/studio/takedowns/${noticeId}/status`, [
      ['status', 'actioned'],
      ['statusNote', 'Content removed'],
    ]);
    expect(resolved.statusCode).toBe(303);
    expect(resolved.headers.location).toBe(`/studio/takedowns/${noticeId}?notice=status`);
    const same = await post(`/studio/takedowns/${noticeId}/status`, [['status', 'actioned']]);
    expect(same.headers.location).toBe(`/studio/takedowns/${noticeId}?notice=unchanged`);
    const bad = await post(`/studio/takedowns/${noticeId}/status`, [['status', 'closed']]);
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body, 'f-status-error')).toBe('Choose a status from the list');

    const notice = await t.handle.db
      .selectFrom('takedown_notices')
      .select('status')
      .where('id', '=', noticeId)
      .executeTakeFirstOrThrow();
    expect(notice.status).toBe('actioned');
    const trail = await t.handle.db
      .selectFrom('takedown_actions')
      .select(['action', 'note', 'actor'])
      .where('notice_id', '=', noticeId)
      .orderBy('taken_at')
      .orderBy('action')
      .execute();
    const email = (
      await t.handle.db
        .selectFrom('artists')
        .select('email')
        .where('id', '=', artistId)
        .executeTakeFirstOrThrow()
    ).email;
    expect(trail.map((a) => a.action)).toEqual([
      'received',
      'claimant_contacted',
      'status_changed',
      'content_removed',
      'status_changed',
    ]);
    expect(trail[1]).toEqual({
      action: 'claimant_contacted',
      note: 'Asked Clara for the original.',
      actor: email,
    });
    expect(trail[2]?.note).toBe('Received → In review');
    expect(trail[4]?.note).toBe('In review → Actioned (content removed or disabled): Content removed');

    const recorded = await auditActions('takedown.action_recorded');
    expect(recorded.map((e) => (e.details as { action: string }).action)).toEqual([
      'claimant_contacted',
      'note',
      'content_removed',
    ]);
    expect(recorded.every((e) => e.entity_type === 'takedown_notice' && e.actor === email)).toBe(true);
    const changed = await auditActions('takedown.status_changed');
    expect(changed.map((e) => e.details)).toEqual([
      { from: 'received', to: 'in_review' },
      { from: 'in_review', to: 'actioned' },
    ]);

    const page = await get(`/studio/takedowns/${noticeId}?notice=status`);
    expect(page.body).toContain('Status changed.');
    expect(page.body).toContain('Asked Clara for the original.');
    expect(page.body).toContain('Content removed or disabled');
    expect(selected(page.body, 'status')).toBe('actioned');
    const list = await get('/studio/takedowns?status=actioned');
    expect(list.body).toContain(noticeId);
  });

  // ---------------------------------------------------------------- audit log

  it('pages through the artist’s audit log newest first and filters it by action, family, date and entity', async () => {
    // 60 events spread over the last 60 days, plus one of another artist.
    const now = Date.now();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      artist_id: artistId,
      actor: 'artist@example.test',
      action: i % 3 === 0 ? 'gallery.updated' : i % 3 === 1 ? 'print.updated' : 'signin.success',
      entity_type: i % 3 === 0 ? 'gallery' : i % 3 === 1 ? 'print' : null,
      entity_id: i % 3 === 2 ? null : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      occurred_at: new Date(now - (i + 10) * 86_400_000),
      details: { n: i, nested: { why: 'test' } },
    }));
    await t.handle.db.insertInto('audit_events').values(rows).execute();
    await t.handle.db
      .insertInto('audit_events')
      .values({ artist_id: otherId, actor: 'other@example.test', action: 'print.secret_thing' })
      .execute();
    const total = Number(
      (
        await t.handle.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('artist_id', '=', artistId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const eventsIn = (html: string) =>
      [...html.matchAll(/Details<span class="visually-hidden"> of event (\d+)</g)].map((m) => Number(m[1]));

    const first = await get('/studio/audit');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(`${total} events, newest first; page 1 of 2`);
    const page1 = eventsIn(first.body);
    expect(page1).toHaveLength(50);
    expect(first.body).toContain('href="/studio/audit?page=2"');
    expect(first.body).not.toContain('secret_thing');
    // Newest first: the takedown and settings events of the earlier tests lead.
    const table = first.body.slice(first.body.indexOf('<tbody>'));
    expect(table.indexOf('takedown.status_changed')).toBeGreaterThan(-1);
    expect(table.indexOf('takedown.status_changed')).toBeLessThan(table.indexOf('signin.success'));
    expect(first.body).toContain('&quot;nested&quot;: {\n    &quot;why&quot;: &quot;test&quot;\n  }');
    const second = await get('/studio/audit?page=2');
    const page2 = eventsIn(second.body);
    expect(page2).toHaveLength(total - 50);
    expect(new Set([...page1, ...page2]).size).toBe(total);
    expect(second.body).toContain('href="/studio/audit"');

    const family = await get('/studio/audit?action=gallery.*');
    expect(family.body).toContain('20 events matching the filter');
    expect(selected(family.body, 'action')).toBe('gallery.*');
    expect(family.body).not.toContain('<code class="hint">print.updated</code>');
    const exact = await get('/studio/audit?action=takedown.status_changed');
    expect(eventsIn(exact.body)).toHaveLength(2);
    const prefixIsLiteral = await get('/studio/audit?action=takedown_.*');
    expect(prefixIsLiteral.body).toContain('No events match this filter.');

    // Days 10..19 ago: events i = 0..9 (occurred i + 10 days ago), counted in Copenhagen days.
    const from = dayOf(new Date(now - 19 * 86_400_000));
    const to = dayOf(new Date(now - 10 * 86_400_000));
    const range = await get(`/studio/audit?from=${from}&to=${to}`);
    const inRange = rows.filter(
      (r) => r.occurred_at >= startOfDay(from) && dayOf(r.occurred_at) <= to,
    ).length;
    expect(inRange).toBe(10);
    expect(eventsIn(range.body)).toHaveLength(inRange);
    const rangeFamily = await get(`/studio/audit?from=${from}&to=${to}&action=print.*&entity=print`);
    expect(eventsIn(rangeFamily.body)).toHaveLength(
      rows.slice(0, 10).filter((r) => r.action === 'print.updated').length,
    );

    const entity = await get(`/studio/audit?entity=takedown_notice&entityId=${noticeId}`);
    // Two actions and two status changes on that notice.
    expect(eventsIn(entity.body)).toHaveLength(4);
    expect(entity.body).toContain(`href="/studio/takedowns/${noticeId}"`);

    const wrong = await get(`/studio/audit?from=2025-02-30&to=yesterday&action=DROP TABLE`);
    expect(wrong.statusCode).toBe(422);
    expect(textOf(wrong.body, 'f-from-error')).toBe('Enter the date as YYYY-MM-DD, for example 2025-03-31');
    expect(textOf(wrong.body, 'f-to-error')).toBe('Enter the date as YYYY-MM-DD, for example 2025-03-31');
    expect(textOf(wrong.body, 'f-action-error')).toBe('Choose an action from the list');
    const reversed = await get(`/studio/audit?from=${to}&to=${from}`);
    expect(textOf(reversed.body, 'f-to-error')).toBe('The end date must be on or after the start date');
  });

  it('filters GET /api/v1/artist/audit-events like the studio log: family, Copenhagen days, entity', async () => {
    // The events of the test above: one every day 10 to 69 days ago, a third of them gallery.* ones.
    const api = async (qs: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/artist/audit-events?limit=100&${qs}`,
        headers: { cookie: session.cookie },
      });
      return {
        status: res.statusCode,
        body: res.json() as {
          auditEvents: { id: number; action: string; entityType: string | null; occurredAt: string }[];
          totalCount: number;
          error?: { message: string };
        },
      };
    };
    const studioIds = async (qs: string) =>
      [...(await get(`/studio/audit?${qs}`)).body.matchAll(/ of event (\d+)</g)].map((m) => Number(m[1]));

    const family = await api('action=gallery.*');
    expect(family.status).toBe(200);
    expect(family.body.totalCount).toBe(20);
    expect(family.body.auditEvents.every((e) => e.action.startsWith('gallery.'))).toBe(true);
    const exact = await api('action=takedown.status_changed');
    expect(exact.body.totalCount).toBe(2);

    const from = dayOf(new Date(Date.now() - 19 * 86_400_000));
    const to = dayOf(new Date(Date.now() - 10 * 86_400_000));
    const range = await api(`from=${from}&to=${to}`);
    expect(range.body.totalCount).toBe(10);
    for (const e of range.body.auditEvents) {
      expect(dayOf(new Date(e.occurredAt)) >= from && dayOf(new Date(e.occurredAt)) <= to).toBe(true);
    }
    const entity = await api(`entityType=takedown_notice&entityId=${noticeId}`);
    expect(entity.body.totalCount).toBe(4);

    // The same events as the studio's log, in the same order, for each filter.
    for (const [apiQuery, studioQuery] of [
      ['action=gallery.*', 'action=gallery.*'],
      [`from=${from}&to=${to}`, `from=${from}&to=${to}`],
      [
        `from=${from}&to=${to}&action=print.*&entityType=print`,
        `from=${from}&to=${to}&action=print.*&entity=print`,
      ],
      [`entityType=takedown_notice&entityId=${noticeId}`, `entity=takedown_notice&entityId=${noticeId}`],
    ] as const) {
      const ids = (await api(apiQuery)).body.auditEvents.map((e) => e.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(await studioIds(studioQuery));
    }

    const notADay = await api('from=2025-02-30');
    expect(notADay.status).toBe(400);
    expect(notADay.body.error?.message).toMatch(/^from: /);
    expect((await api('to=yesterday')).status).toBe(400);
    const reversed = await api(`from=${to}&to=${from}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error?.message).toMatch(/^to: /);
  });

  // ---------------------------------------------------------------- backups

  it('lists a backup made by the service with its report, and serves its archive', async () => {
    const empty = await get('/studio/backups');
    expect(empty.body).toContain('No backups yet.');
    expect(empty.body).toContain('A backup can’t be started from here');
    expect(empty.body).not.toContain('>Back up now</button>');

    const made = await createBackup({ config: t.config, database: t.handle, storage: t.storage }, artistId);
    expect(made.status).toBe('verified');
    const list = await get('/studio/backups');
    expect(list.statusCode).toBe(200);
    const body = list.body;
    expect(body).toContain('1 backup, newest first');
    expect(body).toContain('>Verified</span>');
    expect(body).toContain(`href="/studio/backups/${made.id}"`);
    expect(body).toContain(`href="/api/v1/artist/backups/${made.id}/download" download`);
    const counts = (made.report as { counts: Record<string, number> }).counts;
    expect(body).toContain(`${counts.prints} prints, 0 galleries, ${counts.images} images`);
    expect(body).not.toContain('data-running');

    const detail = await get(`/studio/backups/${made.id}`);
    expect(detail.statusCode).toBe(200);
    const report = made.report as {
      archiveSha256: string;
      manifestSha256: string;
      counts: Record<string, number>;
      entries: number;
    };
    expect(detail.body).toContain(report.archiveSha256);
    expect(detail.body).toContain(report.manifestSha256);
    expect(detail.body).toContain(
      `<code>takedown_notices</code></th><td>${report.counts.takedown_notices}</td>`,
    );
    expect(detail.body).toContain(`<code>audit_events</code></th><td>${report.counts.audit_events}</td>`);
    expect(detail.body).toContain(`(${made.bytes} bytes)`);
    expect(detail.body).toContain('Generated image versions: no (a restore regenerates them)');
    expect(detail.body).toContain('Read back and checked');
    expect(detail.body).toMatch(/Original images: yes \(\d+ files?, /);

    const download = await get(`/api/v1/artist/backups/${made.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(made.bytes);
    const resumed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/artist/backups/${made.id}/download`,
      headers: { cookie: session.cookie, range: 'bytes=10-' },
    });
    expect(resumed.statusCode).toBe(206);
    expect(resumed.rawPayload.equals(download.rawPayload.subarray(10))).toBe(true);
    expect((await get('/studio/backups/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('says why a backup cannot start without a queue, and queues one when there is a queue', async () => {
    const refused = await post('/studio/backups', [['includeVersions', '1']]);
    expect(refused.statusCode).toBe(503);
    expect(refused.body).toContain('The backup was not started: this server has no job queue');
    expect(await t.handle.db.selectFrom('backups').select('id').execute()).toHaveLength(1);

    const form = await get('/studio/backups', queued);
    expect(form.body).toContain('>Back up now</button>');
    const started = await post('/studio/backups', [['includeVersions', '1']], { app: queued });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe('/studio/backups?notice=started');
    const running = await t.handle.db
      .selectFrom('backups')
      .selectAll()
      .where('status', '=', 'running')
      .executeTakeFirstOrThrow();
    expect(running.artist_id).toBe(artistId);
    expect(running.report).toEqual({ requested: { includeVersions: true } });
    expect(await jobs('backup.create')).toEqual([{ backupId: running.id }]);
    const audited = await auditActions('backup.requested');
    expect(audited.map((e) => [e.entity_id, e.details])).toEqual([[running.id, { includeVersions: true }]]);

    const page = await get('/studio/backups?notice=started', queued);
    expect(page.body).toContain('Backup started.');
    expect(page.body).toContain(`data-running="${running.id}"`);
    expect(page.body).toContain('>Running</span>');
    expect(page.body).toMatch(
      /<button type="submit" disabled="">Back up now<\/button>|<button type="submit" disabled>Back up now/,
    );
    expect(page.body).toMatch(/<script type="module" src="\/assets\/studio-backups[^"]*\.js">/);
    expect(page.body).not.toContain('studio-settings');
    const detail = await get(`/studio/backups/${running.id}`, queued);
    expect(detail.body).toContain('The backup is still being written');

    // A second click while it runs starts nothing.
    const twice = await post('/studio/backups', [], { app: queued });
    expect(twice.headers.location).toBe('/studio/backups?notice=running');
    expect(await jobs('backup.create')).toHaveLength(1);
  });
});
