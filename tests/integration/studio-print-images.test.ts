// The print editor's "Images" section over inject(), on PGlite and real PostgreSQL (issue 19, decision 024): the
// images listed in order with role, alt text and processing state; each additional image's forms without
// JavaScript — role and alt text, make primary, move up/down, remove (only with its checkbox ticked) — through the
// images service, with refusals at their fields and everything typed given back; the CSRF check, and another
// artist's print or image answering 404 without a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertExtraImage, insertPrint } from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The error shown next to a field (`<id>-error`, the id made from the field's name). */
function errorAt(html: string, name: string): string | undefined {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}-error`;
  const m = new RegExp(`id="${escapeRe(id)}"[^>]*>([^<]*)<`).exec(html);
  return m?.[1]?.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
}

/** The value of a text input in server-rendered HTML. */
function valueOf(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\sname="${escapeRe(name)}"[^>]*>`).exec(html)?.[0];
  return input ? (/\svalue="([^"]*)"/.exec(input)?.[1] ?? '') : undefined;
}

describe.each(ENGINES)('studio print editor: images on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Karen Ølgaard');
    otherId = await createArtist(t.handle, 'Someone Else');
    const api = await asArtist(t.config, t.handle, artistId);
    session = { cookie: api.cookie ?? '', csrf: api['x-csrf-token'] ?? '' };
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  const post = (url: string, fields: Array<[string, string]>, opts: { csrf?: boolean } = {}) => {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.append('_csrf', session.csrf);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': FORM },
      payload: body.toString(),
    });
  };

  const addExtra = (
    printId: string,
    owner: string,
    role: 'detail' | 'signature' | 'verso',
    alt: { da?: string; en?: string },
    status: 'completed' | 'processing' = 'completed',
  ) => insertExtraImage(t.handle, printId, owner, role, alt, status);

  const imageRow = (id: string) =>
    t.handle.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  const order = async (printId: string) =>
    (
      await t.handle.db
        .selectFrom('images')
        .select(['id', 'position'])
        .where('print_id', '=', printId)
        .where('role', '!=', 'primary')
        .orderBy('position')
        .execute()
    ).map((r) => r.id);

  async function printWithExtras(status: 'draft' | 'published' = 'draft') {
    const printId = await insertPrint(t.handle, artistId, { status });
    const detail = await addExtra(printId, artistId, 'detail', { da: 'Detalje', en: 'A detail' });
    const verso = await addExtra(printId, artistId, 'verso', { da: 'Bagsiden', en: 'The back' });
    return { printId, detail, verso };
  }

  it('lists the images in order with role, alt text and processing state; the primary has no forms', async () => {
    const { printId, detail, verso } = await printWithExtras();
    const pending = await addExtra(printId, artistId, 'signature', { en: 'Signed' }, 'processing');
    const page = await get(`/studio/prints/${printId}`);
    expect(page.statusCode).toBe(200);
    const section = /<section id="images"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    expect(section).toContain('<h2 id="images-heading">Images</h2>');
    const headings = [...section.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]?.replace(/<!-- -->/g, ''));
    expect(headings).toEqual([
      'Image 1: The print (primary)',
      'Image 2: Detail',
      'Image 3: Verso (the back)',
      'Image 4: Signature and edition number',
    ]);
    expect(section.indexOf(`id="image-${detail}"`)).toBeLessThan(section.indexOf(`id="image-${verso}"`));
    expect(section).toMatch(new RegExp(`<img src="/api/v1/artist/media/${detail}[^"]*thumbnail\\.webp"`));
    expect(valueOf(section, `images.${detail}.altText.en`)).toBe('A detail');
    expect(valueOf(section, `images.${detail}.altText.da`)).toBe('Detalje');
    expect(section).toContain('Processing…');
    // No form for the primary; a pending image cannot be made primary yet.
    const primaryId = (
      await t.handle.db.selectFrom('prints').select('image_id').where('id', '=', printId).executeTakeFirst()
    )?.image_id;
    expect(section).not.toContain(`/images/${primaryId}`);
    expect(section).not.toContain(`/images/${pending}/primary`);
    expect(section).toContain(`/images/${detail}/primary`);
    // Move up and down for each additional image, disabled where there is no place above or below.
    const moveButton = (imageId: string, direction: 'up' | 'down') =>
      new RegExp(
        `/images/${imageId}/move"[^>]*>(?:(?!</form>)[\\s\\S])*value="${direction}"(?:(?!</form>)[\\s\\S])*?<button([^>]*)>`,
      ).exec(section)?.[1];
    expect(moveButton(detail, 'up')).toContain('disabled');
    expect(moveButton(detail, 'down')).not.toContain('disabled');
    expect(moveButton(pending, 'up')).not.toContain('disabled');
    expect(moveButton(pending, 'down')).toContain('disabled');
    expect(moveButton(detail, 'down')).toContain('data-move="down"');
    // The island's handles (hidden until it runs) and the keyboard hint.
    expect(section).toMatch(/<button[^>]*class="order-item__handle[^"]*"[^>]*hidden/);
    expect(section).toContain('Reorder “Detail: A detail”');
    expect(section).toMatch(/<p[^>]*id="images-order-keys"[^>]*hidden/);
    expect(section).toContain('Yes, remove this image');
    expect(section).toContain('Adding an image needs JavaScript');
    expect(section).toContain('data-image-add');
  });

  it('saves an image’s role and alt text and redirects back with a notice', async () => {
    const { printId, detail } = await printWithExtras();
    const res = await post(`/studio/prints/${printId}/images/${detail}`, [
      [`images.${detail}.role`, 'signature'],
      [`images.${detail}.altText.da`, 'Signatur nederst'],
      [`images.${detail}.altText.en`, 'Signature at the foot'],
    ]);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/studio/prints/${printId}?notice=image-saved#images`);
    const row = await imageRow(detail);
    expect(row?.role).toBe('signature');
    expect(row?.alt_text).toEqual({ da: 'Signatur nederst', en: 'Signature at the foot' });
    expect((await get(res.headers.location as string)).body).toContain('Image saved.');
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', printId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('print.image_updated');
  });

  it('puts refusals at the image’s fields and gives back what was typed', async () => {
    const { printId, detail } = await printWithExtras('published');
    // A published print needs every image's alt text in both languages (the publishing gate).
    const cleared = await post(`/studio/prints/${printId}/images/${detail}`, [
      [`images.${detail}.role`, 'detail'],
      [`images.${detail}.altText.da`, 'Ny detalje'],
      [`images.${detail}.altText.en`, ''],
    ]);
    expect(cleared.statusCode).toBe(422);
    expect(errorAt(cleared.body, `images.${detail}.altText.en`)).toBe(
      'The print is published, so this image needs its alt text in English',
    );
    expect(valueOf(cleared.body, `images.${detail}.altText.da`)).toBe('Ny detalje');
    expect(cleared.body).toContain('Image 2: alt text (English)');
    expect((await imageRow(detail))?.alt_text).toEqual({ da: 'Detalje', en: 'A detail' });

    const primary = await post(`/studio/prints/${printId}/images/${detail}`, [
      [`images.${detail}.role`, 'primary'],
      [`images.${detail}.altText.da`, 'Detalje'],
      [`images.${detail}.altText.en`, 'A detail'],
    ]);
    expect(primary.statusCode).toBe(422);
    expect(errorAt(primary.body, `images.${detail}.role`)).toMatch(/^Use "make primary"/);
    const blank = await post(`/studio/prints/${printId}/images/${detail}`, [[`images.${detail}.role`, '']]);
    expect(blank.statusCode).toBe(422);
    expect(errorAt(blank.body, `images.${detail}.role`)).toBe('Choose the role of the image');
    expect((await imageRow(detail))?.role).toBe('detail');
  });

  it('makes an image primary, and says why a pending one cannot be', async () => {
    const { printId, detail } = await printWithExtras();
    const before = await t.handle.db
      .selectFrom('prints')
      .select(['image_id', 'alt_text'])
      .where('id', '=', printId)
      .executeTakeFirstOrThrow();
    const res = await post(`/studio/prints/${printId}/images/${detail}/primary`, []);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/studio/prints/${printId}?notice=image-primary#images`);
    const after = await t.handle.db
      .selectFrom('prints')
      .select(['image_id', 'alt_text'])
      .where('id', '=', printId)
      .executeTakeFirstOrThrow();
    expect(after.image_id).toBe(detail);
    expect(after.alt_text).toEqual({ da: 'Detalje', en: 'A detail' });
    expect((await imageRow(before.image_id!))?.role).toBe('detail');

    const pending = await addExtra(printId, artistId, 'signature', { en: 'Signed' }, 'processing');
    const refused = await post(`/studio/prints/${printId}/images/${pending}/primary`, []);
    expect(refused.statusCode).toBe(422);
    expect(errorAt(refused.body, `images.${pending}.actions`)).toBe(
      'Only a processed image can be the primary image.',
    );
    // The error summary names the image and links to the error, which is there.
    const anchor = `f-images-${pending}-actions`;
    expect(refused.body).toContain(`<a href="#${anchor}">Image 4: Only a processed image`);
    expect(refused.body).toContain(`id="${anchor}"`);
  });

  it('moves an image up and down', async () => {
    const { printId, detail, verso } = await printWithExtras();
    const down = await post(`/studio/prints/${printId}/images/${detail}/move`, [['direction', 'down']]);
    expect(down.statusCode, down.body).toBe(303);
    expect(down.headers.location).toBe(`/studio/prints/${printId}?notice=image-moved#images`);
    expect(await order(printId)).toEqual([verso, detail]);
    await post(`/studio/prints/${printId}/images/${detail}/move`, [['direction', 'up']]);
    expect(await order(printId)).toEqual([detail, verso]);
    // Already first: stays first.
    expect(
      (await post(`/studio/prints/${printId}/images/${detail}/move`, [['direction', 'up']])).statusCode,
    ).toBe(303);
    expect(await order(printId)).toEqual([detail, verso]);
    const sideways = await post(`/studio/prints/${printId}/images/${detail}/move`, [['direction', 'left']]);
    expect(sideways.statusCode).toBe(422);
    expect(errorAt(sideways.body, `images.${detail}.actions`)).toBe(
      'Choose whether to move the image up or down',
    );
  });

  it('removes an image only with “Yes, remove this image” ticked', async () => {
    const { printId, detail, verso } = await printWithExtras();
    const unticked = await post(`/studio/prints/${printId}/images/${detail}/remove`, []);
    expect(unticked.statusCode).toBe(422);
    expect(errorAt(unticked.body, `images.${detail}.confirmed`)).toBe(
      'Tick “Yes, remove this image” to remove it',
    );
    expect(await imageRow(detail)).toBeDefined();
    const done = await post(`/studio/prints/${printId}/images/${detail}/remove`, [
      [`images.${detail}.confirmed`, '1'],
    ]);
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`/studio/prints/${printId}?notice=image-removed#images`);
    expect(await imageRow(detail)).toBeUndefined();
    expect(await order(printId)).toEqual([verso]);
    expect((await imageRow(verso))?.position).toBe(1);
  });

  it('refuses every image form without the CSRF token', async () => {
    const { printId, detail } = await printWithExtras();
    for (const [url, fields] of [
      [`/studio/prints/${printId}/images/${detail}`, [[`images.${detail}.role`, 'verso']]],
      [`/studio/prints/${printId}/images/${detail}/primary`, []],
      [`/studio/prints/${printId}/images/${detail}/move`, [['direction', 'down']]],
      [`/studio/prints/${printId}/images/${detail}/remove`, [[`images.${detail}.confirmed`, '1']]],
    ] as Array<[string, Array<[string, string]>]>) {
      expect((await post(url, fields, { csrf: false })).statusCode, url).toBe(403);
    }
    const row = await imageRow(detail);
    expect(row?.role).toBe('detail');
    expect(row?.position).toBe(1);
  });

  it('answers 404 for another artist’s print or an image of another print, and changes nothing', async () => {
    const theirs = await insertPrint(t.handle, otherId, { status: 'draft' });
    const theirImage = await addExtra(theirs, otherId, 'detail', { en: 'Theirs' });
    const { printId: mine } = await printWithExtras();
    const mineRow = await t.handle.db
      .selectFrom('prints')
      .select('image_id')
      .where('id', '=', mine)
      .executeTakeFirstOrThrow();
    for (const base of [
      `/studio/prints/${theirs}/images/${theirImage}`,
      `/studio/prints/${mine}/images/${theirImage}`,
      `/studio/prints/${mine}/images/${mineRow.image_id}`,
      `/studio/prints/${mine}/images/not-a-uuid`,
    ]) {
      for (const [url, fields] of [
        [base, [[`images.${theirImage}.role`, 'verso']]],
        [`${base}/primary`, []],
        [`${base}/move`, [['direction', 'down']]],
        [`${base}/remove`, [[`images.${theirImage}.confirmed`, '1']]],
      ] as Array<[string, Array<[string, string]>]>) {
        const res = await post(url, fields);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('Theirs');
      }
    }
    expect((await imageRow(theirImage))?.role).toBe('detail');
    expect((await imageRow(theirImage))?.alt_text).toEqual({ en: 'Theirs' });
  });
});
