// runImagePipeline on its own (no database, no storage): the steps may run on two lanes or one, the files are the
// same; the first versions are written before the rest and their moments are reported; the zoom tiles (IIIF level 0
// since decision 023, JPEG since decision 014) lose nothing at 100 % against the WebP tiles they replaced, and carry
// the watermark; nothing larger than the zoom limit is written and info.json says so; the cards' small version
// (decision 021) is 400 wide and watermarked.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  runImagePipeline,
  TILE_SIZE,
  watermarkOverlay,
  type PipelineResult,
} from '../../src/platform/images/index.js';
import { hatchingJpeg } from '../fixtures/images.js';
import { createTempDir } from '../helpers/db.js';
import { luma, psnr, ssim, tileCrop } from '../helpers/image-similarity.js';

const rights = { artist: 'Jens Ølgaard', copyright: '© 2025 Jens Ølgaard' };
const watermark = { text: '© Jens Ølgaard', placement: 'bottom-right' as const };

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file)] = createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
  }
  return out;
}

describe('image pipeline steps', () => {
  let temp: { dir: string; cleanup(): Promise<void> };
  let input: string;
  const run = async (
    name: string,
    lanes: number,
    zoomMaxPixels = 20_000,
  ): Promise<{ result: PipelineResult; dir: string }> => {
    const dir = path.join(temp.dir, name);
    await fs.mkdir(dir);
    const result = await runImagePipeline(input, {
      maxPixels: 50_000_000,
      outDir: dir,
      watermark,
      rights,
      lanes,
      tiles: { baseUrl: 'https://gallery.example/media/images/x/g', maxPixels: zoomMaxPixels },
    });
    return { result, dir };
  };

  beforeAll(async () => {
    temp = await createTempDir('copper-pipeline-');
    input = path.join(temp.dir, 'etching.jpg');
    await fs.writeFile(input, await hatchingJpeg(3400, 2200, 92));
  });
  afterAll(() => temp?.cleanup());

  it('writes the same files on two lanes as one after another', async () => {
    const two = await run('two', 2);
    const one = await run('one', 1);
    const a = await hashes(two.dir);
    const b = await hashes(one.dir);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(a).toEqual(b);
    expect(two.result.versions).toEqual(
      one.result.versions.map((v) => ({ ...v, file: path.join(two.dir, path.basename(v.file)) })),
    );
    expect(two.result.placeholder).toBe(one.result.placeholder);
    expect(two.result.dominantColor).toBe(one.result.dominantColor);
  }, 60_000);

  it('reports its steps: the first versions are written before the big ones, each encode once', async () => {
    const { result } = await run('steps', 1);
    const stage = (name: string) => result.timings.find((t) => t.stage === name);
    // medium_2x and large are one encode written under two names.
    const encodes = ['thumbnail', 'thumbnail_2x', 'small', 'medium', 'medium_2x', 'large_2x'];
    for (const name of [...encodes, 'decode', 'tiles', 'placeholder', 'total'])
      expect(stage(name), name).toBeDefined();
    expect(stage('large')).toBeUndefined();
    expect(result.versions.map((v) => v.name)).toEqual([
      'thumbnail',
      'thumbnail_2x',
      'small',
      'medium',
      'medium_2x',
      'large',
      'large_2x',
    ]);
    for (const name of ['thumbnail', 'thumbnail_2x', 'small', 'medium', 'placeholder'])
      expect(stage(name)!.endMs).toBeLessThanOrEqual(result.firstVersionsMs);
    // One lane: the big encodes start only after the first versions are written.
    for (const name of ['medium_2x', 'large_2x'])
      expect(stage(name)!.startMs).toBeGreaterThanOrEqual(result.firstVersionsMs);
    expect(result.firstVersionsMs).toBeLessThanOrEqual(result.completeMs);
    expect(stage('total')!.endMs).toBe(result.completeMs);
    expect(stage('total')!.cpuMs).toBeGreaterThan(0);
  }, 60_000);

  it('cuts JPEG tiles at least as close to the source at 100 % as WebP q78 tiles, with the watermark', async () => {
    const { result, dir } = await run('tiles', 2);
    expect(result.tiles?.format).toBe('jpeg');
    const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
    const tilesDir = path.join(dir, 'iiif');
    expect(JSON.parse(await fs.readFile(path.join(tilesDir, 'info.json'), 'utf8'))).toEqual({
      '@context': 'http://iiif.io/api/image/3/context.json',
      id: 'https://gallery.example/media/images/x/g/iiif',
      type: 'ImageService3',
      profile: 'level0',
      protocol: 'http://iiif.io/api/image',
      tiles: [{ scaleFactors: [1, 2, 4, 8, 16], width: TILE_SIZE }],
      width: info.width,
      height: info.height,
      maxWidth: info.width,
      maxHeight: info.height,
    });
    expect(result.tiles).toMatchObject({ width: info.width, height: info.height });
    expect(result.tiles?.files).toContain(path.join('full', '213,138', '0', 'default.jpg'));
    const { width, height } = info;
    const source = sharp(data, { raw: { width, height, channels: 3 } });
    const marked = await source
      .clone()
      .composite([watermarkOverlay(watermark, width, height)])
      .removeAlpha()
      .raw()
      .toBuffer();
    const size = 2 * TILE_SIZE;
    const crop = (pixels: Buffer, left: number, top: number) =>
      sharp(pixels, { raw: { width, height, channels: 3 } })
        .extract({ left, top, width: size, height: size })
        .raw()
        .toBuffer();
    const grey = (pixels: Buffer) => luma(pixels, size, size, 3);

    // The centre of the plate, tile-aligned: the JPEG tiles against the same region cut as WebP q78 effort 0 tiles.
    const left = Math.floor(width / 2 / TILE_SIZE) * TILE_SIZE;
    const top = Math.floor(height / 2 / TILE_SIZE) * TILE_SIZE;
    const reference = await crop(marked, left, top);
    const webpTiles = Buffer.alloc(reference.length);
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      const tile = await sharp(reference, { raw: { width: size, height: size, channels: 3 } })
        .extract({ left: dx * TILE_SIZE, top: dy * TILE_SIZE, width: TILE_SIZE, height: TILE_SIZE })
        .webp({ quality: 78, effort: 0 })
        .toBuffer();
      const pixels = await sharp(tile).removeAlpha().raw().toBuffer();
      for (let y = 0; y < TILE_SIZE; y++)
        pixels.copy(
          webpTiles,
          ((dy * TILE_SIZE + y) * size + dx * TILE_SIZE) * 3,
          y * TILE_SIZE * 3,
          (y + 1) * TILE_SIZE * 3,
        );
    }
    const jpegTiles = await tileCrop(tilesDir, TILE_SIZE, { left, top, size });
    const ref = grey(reference);
    expect(ssim(ref, grey(jpegTiles))).toBeGreaterThanOrEqual(ssim(ref, grey(webpTiles)));
    expect(psnr(ref, grey(jpegTiles))).toBeGreaterThanOrEqual(psnr(ref, grey(webpTiles)));

    // The bottom-right corner holds the watermark: the tiles match the marked source, not the plain one.
    const corner = await tileCrop(tilesDir, TILE_SIZE, { left: width - size, top: height - size, size });
    const withMark = ssim(grey(await crop(marked, width - size, height - size)), grey(corner));
    const without = ssim(grey(await crop(data, width - size, height - size)), grey(corner));
    expect(withMark).toBeGreaterThan(0.99);
    expect(without).toBeLessThan(withMark - 0.02);
  }, 60_000);

  it('writes no tile larger than the zoom limit and advertises the limit in info.json', async () => {
    const { result, dir } = await run('limited', 2, 1700);
    const info = JSON.parse(await fs.readFile(path.join(dir, 'iiif', 'info.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    // 3400 × 2200 shrunk to a long edge of 1700.
    expect(info).toMatchObject({ width: 1700, height: 1100, maxWidth: 1700, maxHeight: 1100 });
    expect(result.tiles).toMatchObject({ width: 1700, height: 1100 });
    // Every tile's region lies inside 1700 × 1100: nothing was cut from the full-size picture.
    for (const file of result.tiles!.files.filter((f) => f !== 'info.json')) {
      const [region, size] = file.split(path.sep);
      if (region === 'full') continue;
      const [x, y, w, h] = region!.split(',').map(Number) as [number, number, number, number];
      expect(x + w).toBeLessThanOrEqual(1700);
      expect(y + h).toBeLessThanOrEqual(1100);
      const [sw, sh] = size!.split(',').map(Number) as [number, number];
      expect(sw).toBeLessThanOrEqual(TILE_SIZE);
      expect(sh).toBeLessThanOrEqual(TILE_SIZE);
    }
    // The versions are not affected by the zoom limit.
    expect(result.versions.find((v) => v.name === 'large_2x')?.width).toBe(3200);
  }, 60_000);

  it('makes the cards’ small version: 400 wide on the picture’s proportions, watermarked like medium', async () => {
    const { result, dir } = await run('small', 2);
    const small = result.versions.find((v) => v.name === 'small')!;
    const medium = result.versions.find((v) => v.name === 'medium')!;
    expect([small.width, small.height]).toEqual([400, Math.round((400 * 2200) / 3400)]);
    expect(small.file).toBe(path.join(dir, 'small.webp'));
    expect(small.bytes).toBeLessThan(medium.bytes / 2);
    // Its bottom-right corner matches the source at 400 px with the watermark painted at that size, not without.
    const { width, height } = small;
    const plain = await sharp(input).resize({ width }).removeAlpha().raw().toBuffer();
    const marked = await sharp(plain, { raw: { width, height, channels: 3 } })
      .composite([watermarkOverlay(watermark, width, height)])
      .removeAlpha()
      .raw()
      .toBuffer();
    const made = await sharp(small.file).removeAlpha().raw().toBuffer();
    const [cw, ch] = [160, 48];
    const corner = async (pixels: Buffer) =>
      luma(
        await sharp(pixels, { raw: { width, height, channels: 3 } })
          .extract({ left: width - cw, top: height - ch, width: cw, height: ch })
          .raw()
          .toBuffer(),
        cw,
        ch,
        3,
      );
    const withMark = ssim(await corner(marked), await corner(made));
    const without = ssim(await corner(plain), await corner(made));
    expect(withMark).toBeGreaterThan(without + 0.05);
  }, 60_000);
});
