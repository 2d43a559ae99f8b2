// A 25 MB upload in Chromium with S3 storage (s3rver) and the real worker: the studio's file picker sends the file
// straight to the originals bucket with the presigned POST the app hands out (cross-origin, under the app's CSP and
// the bucket's CORS rule as in production), never through the app; progress reaches 100 %, the worker makes the
// thumbnail, and the stored original has the file's exact bytes.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { createTempDir } from '../helpers/db.js';
import { startS3rver, type StartedS3rver } from '../helpers/s3.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { hatchingRaw } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const NAME = 'large-plate-scan.png';
const MIN_BYTES = 25 * 1024 * 1024;

/** A 16-bit RGBA PNG stored uncompressed: 26 MB of real image from 3.3 megapixels, so the worker stays quick. */
async function largePng(): Promise<Buffer> {
  const side = 1810;
  return sharp(hatchingRaw(side, side), { raw: { width: side, height: side, channels: 3 } })
    .ensureAlpha()
    .toColourspace('rgb16')
    .png({ compressionLevel: 0 })
    .toBuffer();
}

describe.skipIf(!HAS_CHROMIUM)('studio upload of a 25 MB file to S3 in Chromium', () => {
  let s3: StartedS3rver;
  let site: StudioSite;
  let page: Page;
  let temp: { dir: string; cleanup(): Promise<void> };
  let file: Buffer;
  /** Every connection the app accepted, to count the bytes it was sent. */
  const appSockets = new Set<Socket>();
  const bytesReadByApp = () => [...appSockets].reduce((sum, socket) => sum + socket.bytesRead, 0);

  beforeAll(async () => {
    temp = await createTempDir('copper-upload-s3-');
    file = await largePng();
    await writeFile(path.join(temp.dir, NAME), file);
    s3 = await startS3rver();
    site = await startStudioSite({ worker: true, env: s3.env });
    site.app.server.on('connection', (socket: Socket) => appSockets.add(socket));
    await s3.allowBrowserUploads([site.baseUrl]);
    page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/prints');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
    await s3?.stop();
    await temp?.cleanup();
  });

  it('sends the file straight to the bucket with progress, and the worker makes its thumbnail', async () => {
    expect(site.storage.driver).toBe('s3');
    expect(file.length).toBeGreaterThanOrEqual(MIN_BYTES);
    const s3Origin = new URL(s3.endpoint).origin;
    const appOrigin = new URL(site.baseUrl).origin;

    // The CSP lets the page reach exactly the app and the bucket's endpoint.
    const response = await page.request.get(page.url());
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(
      csp
        .split(';')
        .find((d) => d.trim().startsWith('connect-src'))
        ?.trim(),
    ).toBe(`connect-src 'self' ${s3Origin}`);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });

    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver((records) => {
        for (const r of records) if (r.target instanceof HTMLProgressElement) seen.push(r.target.value);
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
    });
    const appBytesBefore = bytesReadByApp();

    await page.getByLabel('Choose image files').setInputFiles(path.join(temp.dir, NAME));
    const item = page.locator('.upload-item').filter({ hasText: NAME });
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll<HTMLElement>('.upload-item')].some(
          (li) =>
            li.querySelector('strong')?.textContent === name &&
            ['ready', 'failed'].includes(li.dataset.state ?? ''),
        ),
      NAME,
      { timeout: 120_000 },
    );
    expect(await item.locator('.field-error').textContent()).toBe('');
    expect(await item.getAttribute('data-state')).toBe('ready');

    // Progress: the bar and its text at 100 %, after only rising.
    const bar = item.getByRole('progressbar', { name: `Upload of ${NAME}` });
    expect(await bar.getAttribute('value')).toBe('100');
    expect(await item.locator('.upload-item__percent').textContent()).toBe('100%');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    // The thumbnail the worker made, loaded by the browser.
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll<HTMLElement>('.upload-item')].some((li) => {
          const img = li.querySelector('img');
          return li.querySelector('strong')?.textContent === name && img?.complete && img.naturalWidth > 0;
        }),
      NAME,
    );

    // The file went to the bucket's endpoint as one presigned POST, and the app was sent far less than the file.
    const toStorage = requests.filter(
      (r) => new URL(r.url()).origin === s3Origin && r.method() !== 'OPTIONS',
    );
    expect(toStorage.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      `POST /${s3.env.S3_ORIGINALS_BUCKET}`,
    ]);
    const upload = toStorage[0]!;
    expect((await upload.response())?.status()).toBe(204);
    const toApp = requests.filter((r) => new URL(r.url()).origin === appOrigin);
    expect(toApp.length).toBeGreaterThan(0);
    expect(requests.every((r) => [s3Origin, appOrigin].includes(new URL(r.url()).origin))).toBe(true);
    for (const r of toApp) expect(r.postDataBuffer()?.length ?? 0).toBeLessThan(64 * 1024);
    const appBytes = bytesReadByApp() - appBytesBefore;
    expect(appBytes).toBeGreaterThan(0);
    expect(appBytes).toBeLessThan(1024 * 1024);
    expect(blocked).toEqual([]);

    // The print and its image, and the original in the bucket byte for byte.
    const [print] = await site.handle.db
      .selectFrom('prints')
      .select(['id', 'status', 'image_status'])
      .where('artist_id', '=', site.artistId)
      .execute();
    expect(print).toMatchObject({ status: 'draft', image_status: 'completed' });
    const image = await site.handle.db
      .selectFrom('images')
      .select(['original_key', 'original_bytes', 'status'])
      .where('print_id', '=', print!.id)
      .executeTakeFirstOrThrow();
    expect(image.status).toBe('completed');
    expect(image.original_bytes).toBe(file.length);
    const stored = await site.storage.head('originals', image.original_key);
    expect(stored?.size).toBe(file.length);
    const hash = createHash('sha256');
    for await (const chunk of await site.storage.getStream('originals', image.original_key))
      hash.update(chunk);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));

    const timing = upload.timing();
    console.info(
      `[studio-upload-s3] ${file.length} bytes sent to s3rver in ${Math.round(timing.responseEnd - timing.requestStart)} ms; the app was sent ${appBytes} bytes meanwhile`,
    );
  }, 150_000);
});
