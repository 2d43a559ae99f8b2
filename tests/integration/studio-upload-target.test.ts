// The prints page's upload can add the files to an existing print (issue 19): "Add the files to" offers the
// artist's own draft prints only — published prints need alt text with each image (docs/images.md) and another
// artist's prints are not there — and the role of the added images defaults to "Other view". The adding itself is
// the artist API's POST …/prints/{id}/images (tests/integration/print-images.test.ts; the browser flow:
// tests/e2e/studio-upload-add.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

describe.each(ENGINES)('the upload’s “Add the files to” on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp(engine);
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('offers the artist’s own drafts, not published prints nor another artist’s, and “Other view” first', async () => {
    const artistId = await createArtist(t.handle, 'Karen Ølgaard');
    const otherId = await createArtist(t.handle, 'Someone Else');
    const draft = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Både', en: 'Boats' },
    });
    await insertPrint(t.handle, artistId, { status: 'published', title: { da: 'Fyret', en: 'Lighthouse' } });
    await insertPrint(t.handle, otherId, { status: 'draft', title: { da: 'Fremmed', en: 'Stranger' } });
    const headers = await asArtist(t.config, t.handle, artistId);
    const page = await t.app.inject({
      method: 'GET',
      url: '/studio/prints',
      headers: { cookie: headers.cookie! },
    });
    expect(page.statusCode).toBe(200);
    const select = /<select[^>]*name="upload\.target"[^>]*>([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    const options = [...select.matchAll(/<option value(?:="([^"]*)")?[^>]*>([^<]*)<\/option>/g)].map((m) => [
      m[1] ?? '',
      m[2],
    ]);
    expect(options).toEqual([
      ['', 'New draft prints, one per file'],
      [draft, 'Boats'],
    ]);
    expect(page.body).toMatch(/<label for="f-upload-target">Add the files to<\/label>/);
    const role = /<select[^>]*name="upload\.role"[^>]*>([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    expect(role).toMatch(/<option value="other" selected[^>]*>Other view<\/option>/);
    expect(role).not.toContain('value="primary"');
  });
});
