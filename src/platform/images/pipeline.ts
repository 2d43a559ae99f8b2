// The image pipeline: sniff → decode once (oriented, sRGB, 8-bit, flattened on white) → work on two lanes:
// IIIF level 0 zoom tiles (decision 023) from the full image, or from it shrunk to the zoom limit, on one; on the other the thumbnails, small, medium and placeholder first (from
// a 1600-wide intermediate), then the big versions (from a 3840-wide one). Files go to a work folder; the caller
// uploads them. Input that can never work throws ImageRejectedError. Decision 014 has the measurements.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import heicDecode from 'heic-decode';
import { ImageRejectedError } from './errors.js';
import { parseExif, type ParsedExif } from './exif.js';
import { exifFields, xmpPacket, type Rights } from './rights.js';
import { SNIFF_BYTES, sniffImage, type ImageFormat } from './sniff.js';
import { watermarkBox, watermarkOverlay, type WatermarkSpec } from './watermark.js';

export type VersionName =
  'thumbnail' | 'thumbnail_2x' | 'small' | 'medium' | 'medium_2x' | 'large' | 'large_2x' | 'xlarge';

interface VersionSpec {
  name: VersionName;
  /** Target width; for crops the square side. */
  size: number;
  crop: boolean;
  watermark: boolean;
}

/**
 * Every generated version, smallest first. small is the cards' version (decision 021): 400 wide, on the print's
 * proportions and watermarked like medium, for a card about 300 CSS px wide on a 1× screen or a search hit on a phone.
 */
export const VERSION_SPECS: readonly VersionSpec[] = [
  { name: 'thumbnail', size: 200, crop: true, watermark: false },
  { name: 'thumbnail_2x', size: 400, crop: true, watermark: false },
  { name: 'small', size: 400, crop: false, watermark: true },
  { name: 'medium', size: 800, crop: false, watermark: true },
  { name: 'medium_2x', size: 1600, crop: false, watermark: true },
  { name: 'large', size: 1600, crop: false, watermark: true },
  { name: 'large_2x', size: 3200, crop: false, watermark: true },
  { name: 'xlarge', size: 3840, crop: false, watermark: true },
];

export interface PipelineOptions {
  /** Largest accepted width × height. */
  maxPixels: number;
  /** Largest accepted file size in bytes. */
  maxBytes?: number;
  /** Empty folder the outputs are written to. */
  outDir: string;
  /** null: no visible watermark. */
  watermark: WatermarkSpec | null;
  rights: Rights;
  /** Zoom tiles in IIIF Image API 3.0 level 0 layout, or false for none. */
  tiles: TileOptions | false;
  /** Tile encoding (default ENCODER_SETTINGS.tileFormat): 'jpeg' (less CPU time) or 'webp' (smaller files). */
  tileFormat?: 'webp' | 'jpeg';
  /** Steps run at once (default 2). 1 runs them one after another, so each step's CPU time is its own. */
  lanes?: number;
  signal?: AbortSignal;
}

export interface TileOptions {
  /** Absolute URL the outputs' folder is served from: info.json's `id` is `${baseUrl}/iiif`. */
  baseUrl: string;
  /** Largest long edge the tiles reach: a larger picture is shrunk to it first (nothing above it is written). */
  maxPixels: number;
}

export interface GeneratedVersion {
  name: VersionName;
  file: string;
  width: number;
  height: number;
  bytes: number;
  format: 'webp';
}

export interface GeneratedTiles {
  format: 'webp' | 'jpeg';
  /** Folder holding info.json and the tiles (`{region}/{size}/0/default.{format}`); upload keys are relative to it. */
  dir: string;
  /** Relative paths of every file in dir, info.json included. */
  files: string[];
  /** Size of the picture the tiles are cut from (the original's, or smaller when it exceeds the zoom limit). */
  width: number;
  height: number;
}

export interface PipelineResult {
  format: ImageFormat;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  versions: GeneratedVersion[];
  /** Versions not made because the original is smaller than they are. */
  skipped: VersionName[];
  /** A 16-pixel-wide blurred WebP as a data URI. */
  placeholder: string;
  /** Dominant colour, "#rrggbb". */
  dominantColor: string;
  exif: ParsedExif | undefined;
  tiles: GeneratedTiles | undefined;
  /** When each step ran, in ms from the start of the run; cpuMs is the whole process's (one lane: the step's). */
  timings: StageTiming[];
  /** ms from the start until the thumbnails, small, medium and placeholder were written (what the studio shows first). */
  firstVersionsMs: number;
  /** ms from the start until every output was written. */
  completeMs: number;
}

export interface StageTiming {
  stage: string;
  startMs: number;
  endMs: number;
  cpuMs: number;
}

// Encoding dominates the run time of noisy line work: low libwebp effort costs a few % in bytes and saves about
// half the CPU time. Tiles are many small encodes of 1.3× the full image's pixels: JPEG q89 (the MS-SSIM-tuned
// quantisation table, no second Huffman pass) takes about a third of the CPU time of WebP q78 effort 0 and is at
// least as close to the original at 100 % (SSIM and PSNR); its files are about 40 % larger. Decision 014;
// measured by npm run bench:images, guarded by tests/integration/image-pipeline.test.ts.
export const ENCODER_SETTINGS = {
  versionQuality: 82,
  versionEffort: 2,
  tileFormat: 'jpeg' as 'webp' | 'jpeg',
  tileJpegQuality: 89,
  /** libjpeg's MS-SSIM-tuned table: fewer bytes than the standard table (0) for the same closeness. */
  tileJpegTable: 2,
  tileWebpQuality: 78,
  tileWebpEffort: 0,
} as const;
const VERSION_QUALITY = ENCODER_SETTINGS.versionQuality;
const VERSION_EFFORT = ENCODER_SETTINGS.versionEffort;
export const TILE_SIZE = 256;
/** Steps of one pipeline run at once: the tiles beside the versions keep two cores busy. */
const LANES = 2;

let configured = false;
/** Bounds libvips: 2 worker threads per pipeline, a small operation cache, no cached open files. */
export function configureSharp(): void {
  if (configured) return;
  configured = true;
  sharp.concurrency(2);
  sharp.cache({ memory: 50, items: 20, files: 0 });
}

interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

function fromRaw(img: RawImage): Sharp {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
}

async function resizeRaw(img: RawImage, width: number): Promise<RawImage> {
  if (width >= img.width) return img;
  const { data, info } = await fromRaw(img).resize({ width }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

const copyRaw = (img: RawImage): RawImage => ({ ...img, data: Buffer.from(img.data) });

/**
 * Paints the watermark into the picture, in place (the caller owns img): only the pixels under the layer are
 * composited, the same arithmetic as compositing the whole picture, at a fraction of the work. A tiled watermark
 * covers the picture: that one is composited whole, into a new buffer.
 */
async function paintWatermark(img: RawImage, spec: WatermarkSpec): Promise<RawImage> {
  const overlay = watermarkOverlay(spec, img.width, img.height);
  const box = watermarkBox(spec, img.width, img.height);
  const region = box ?? { left: 0, top: 0, width: img.width, height: img.height };
  const { data, info } = await fromRaw(img)
    .extract(region)
    .composite([{ ...overlay, gravity: 'northwest' }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (!box) return { data, width: info.width, height: info.height, channels: info.channels };
  if (info.channels !== img.channels)
    throw new Error(`watermark: ${info.channels} bands, not ${img.channels}`);
  const row = box.width * img.channels;
  for (let y = 0; y < box.height; y++)
    data.copy(img.data, ((box.top + y) * img.width + box.left) * img.channels, y * row, (y + 1) * row);
  return img;
}

const megapixels = (n: number): string => `${(n / 1e6).toFixed(1)} megapixels`;

/** An artist-readable reason for a libvips decode failure. */
export function describeDecodeError(error: unknown, format: ImageFormat, maxPixels: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return `The image has more pixels than the limit of ${megapixels(maxPixels)}. Please upload a smaller image.`;
  if (
    /premature end|truncat|unexpected end|short read|out of data|not enough data|end of (file|stream)/i.test(
      message,
    )
  )
    return `The ${format.toUpperCase()} file is incomplete (cut off during upload or saving). Please upload it again.`;
  return `The ${format.toUpperCase()} file is damaged and cannot be read (${message.split('\n')[0]?.slice(0, 160) ?? 'unknown error'}).`;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function checkPixels(width: number | undefined, height: number | undefined, maxPixels: number): void {
  if (!width || !height)
    throw new ImageRejectedError('The image has no readable dimensions; the file is damaged.');
  if (width * height > maxPixels) {
    throw new ImageRejectedError(
      `The image is ${width} × ${height} pixels (${megapixels(width * height)}), more than the limit of ` +
        `${megapixels(maxPixels)}. Please upload a smaller image.`,
    );
  }
}

/** Decodes the whole file once: oriented, sRGB, 8-bit, alpha flattened onto white paper. */
async function decode(
  file: string,
  format: ImageFormat,
  maxPixels: number,
): Promise<{ raw: RawImage; exif: Buffer | undefined }> {
  const finish = async (pipeline: Sharp): Promise<RawImage> => {
    const { data, info } = await pipeline
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  };

  let exif: Buffer | undefined;
  if (format === 'heic') {
    // HEVC is not in sharp's prebuilt libheif: decode with libheif compiled to WASM, hand the pixels over.
    const buffer = await fs.readFile(file);
    try {
      exif = (await sharp(buffer).metadata()).exif;
    } catch {
      exif = undefined;
    }
    let images: Awaited<ReturnType<typeof heicDecode.all>>;
    try {
      images = await heicDecode.all({ buffer });
    } catch {
      // Not HEVC (e.g. AV1-coded HEIF under a generic brand): sharp's own libheif reads it.
      return { raw: await decodeWithSharp(file, 'heic', maxPixels, finish), exif };
    }
    try {
      const first = images[0];
      if (!first) throw new ImageRejectedError('The HEIC file contains no image.');
      checkPixels(first.width, first.height, maxPixels);
      const decoded = await first.decode();
      const data = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
      // libheif applies the HEIF rotation/mirror boxes itself; EXIF orientation must not be applied again.
      const raw = await finish(
        sharp(data, { raw: { width: decoded.width, height: decoded.height, channels: 4 } }),
      );
      return { raw, exif };
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error;
      throw new ImageRejectedError(describeDecodeError(error, format, maxPixels), { cause: error });
    } finally {
      images.dispose();
    }
  }
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRejectedError(describeDecodeError(error, format, maxPixels), { cause: error });
  }
  checkPixels(meta.width, meta.height, maxPixels);
  return { raw: await decodeWithSharp(file, format, maxPixels, finish), exif: meta.exif };
}

async function decodeWithSharp(
  file: string,
  format: ImageFormat,
  maxPixels: number,
  finish: (pipeline: Sharp) => Promise<RawImage>,
): Promise<RawImage> {
  try {
    return await finish(
      sharp(file, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true, autoOrient: true }),
    );
  } catch (error) {
    throw new ImageRejectedError(describeDecodeError(error, format, maxPixels), { cause: error });
  }
}

/**
 * Which versions an image of this size gets: never upscaled, but always a thumbnail and a medium. An original
 * narrower than small gets none (its medium is that picture at its own width).
 */
export function plannedVersions(
  width: number,
  height: number,
): { make: VersionSpec[]; skipped: VersionName[] } {
  const make: VersionSpec[] = [];
  const skipped: VersionName[] = [];
  for (const spec of VERSION_SPECS) {
    const fits = spec.crop ? Math.min(width, height) >= spec.size : width >= spec.size;
    if (fits || spec.name === 'thumbnail' || spec.name === 'medium') make.push(spec);
    else skipped.push(spec.name);
  }
  return { make, skipped };
}

/** Runs tasks in order on `lanes` lanes; after a failure no new task starts, and it throws once all have settled. */
async function runLanes(tasks: readonly (() => Promise<void>)[], lanes: number): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      try {
        await task();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, lanes) }, lane));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
}

interface Encoded {
  width: number;
  height: number;
  bytes: number;
  file: string;
}

interface IiifInfo {
  id: string;
  width: number;
  height: number;
  maxWidth?: number;
  maxHeight?: number;
}

/**
 * The tiles' picture is the largest size there is: info.json says so (`maxWidth`/`maxHeight`, Image API 3.0 §5.3),
 * so a viewer asks for nothing larger than what was written.
 */
async function advertiseMaxSize(file: string): Promise<void> {
  const info = JSON.parse(await fs.readFile(file, 'utf8')) as IiifInfo;
  info.maxWidth = info.width;
  info.maxHeight = info.height;
  await fs.writeFile(file, `${JSON.stringify(info, null, 2)}\n`);
}

export async function runImagePipeline(inputFile: string, options: PipelineOptions): Promise<PipelineResult> {
  configureSharp();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const timings: StageTiming[] = [];
  const since = (): number => performance.now() - started;
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const startMs = since();
    const cpu = process.cpuUsage();
    const result = await fn();
    const used = process.cpuUsage(cpu);
    timings.push({ stage, startMs, endMs: since(), cpuMs: (used.user + used.system) / 1000 });
    return result;
  };

  const { outDir, signal } = options;
  const stat = await fs.stat(inputFile);
  if (stat.size === 0)
    throw new ImageRejectedError('The file is empty (0 bytes). Please upload the image again.');
  if (options.maxBytes !== undefined && stat.size > options.maxBytes) {
    throw new ImageRejectedError(
      `The file is ${(stat.size / 1048576).toFixed(1)} MB, more than the limit of ` +
        `${(options.maxBytes / 1048576).toFixed(0)} MB.`,
    );
  }
  const format = sniffImage(await readHead(inputFile));
  const sha256Promise = sha256OfFile(inputFile);
  // Settled when awaited below; avoid an unhandled rejection if decoding throws first.
  sha256Promise.catch(() => undefined);
  const { raw: full, exif } = await timed('decode', () => decode(inputFile, format, options.maxPixels));
  signal?.throwIfAborted();

  const metadata = { exif: exifFields(options.rights), xmp: xmpPacket(options.rights) };
  const withRights = (pipeline: Sharp): Sharp => pipeline.withExif(metadata.exif).withXmp(metadata.xmp);
  const { make, skipped } = plannedVersions(full.width, full.height);
  const tileFormat = options.tileFormat ?? ENCODER_SETTINGS.tileFormat;
  const watermark = options.watermark;

  // Intermediates, each made once when first needed: ≤1600 wide straight from the full image (libvips shrinks
  // on the way, cheaper than going through 3840) for the small versions, ≤3840 wide for the big ones.
  const once = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
    let promise: Promise<T> | undefined;
    return () => (promise ??= fn());
  };
  const r1600 = once(() => timed('resize 1600', () => resizeRaw(full, 1600)));
  const r3840 = once(() => timed('resize 3840', () => resizeRaw(full, 3840)));

  // Tiles are cut from the watermarked full-size image (shrunk to the zoom limit first when it is larger): every
  // zoom level carries the watermark (scaled to the picture's width, so it has the same relative size as on the
  // displayed versions).
  let tiles: GeneratedTiles | undefined;
  const makeTiles = async (options: TileOptions): Promise<void> => {
    const dir = path.join(outDir, 'iiif');
    const scale = Math.min(1, options.maxPixels / Math.max(full.width, full.height));
    // The watermark is painted into the decoded picture itself once both intermediates are made from it: nothing
    // reads its pixels after that. (A picture no wider than an intermediate *is* that intermediate: copied.) A
    // picture shrunk to the zoom limit is a buffer of its own.
    const [small, big] = watermark && scale === 1 ? await Promise.all([r1600(), r3840()]) : [];
    await timed('tiles', async () => {
      const own =
        scale < 1
          ? await resizeRaw(full, Math.max(1, Math.round(full.width * scale)))
          : small === full || big === full
            ? copyRaw(full)
            : full;
      const base = watermark ? await paintWatermark(own, watermark) : own;
      let pipeline = fromRaw(base);
      pipeline =
        tileFormat === 'jpeg'
          ? pipeline.jpeg({
              quality: ENCODER_SETTINGS.tileJpegQuality,
              quantisationTable: ENCODER_SETTINGS.tileJpegTable,
              mozjpeg: false,
              optimiseCoding: false,
            })
          : pipeline.webp({
              quality: ENCODER_SETTINGS.tileWebpQuality,
              effort: ENCODER_SETTINGS.tileWebpEffort,
            });
      // libvips names the service `${id}/${basename}`: `${baseUrl}/iiif`, the folder the tiles are written to.
      await withRights(pipeline)
        .tile({ size: TILE_SIZE, layout: 'iiif3', overlap: 0, id: options.baseUrl })
        .toFile(dir);
      await advertiseMaxSize(path.join(dir, 'info.json'));
    });
    // libvips leaves its metadata beside the tiles' folder: not an output.
    await fs.rm(path.join(outDir, 'vips-properties.xml'), { force: true });
    const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    const info = JSON.parse(await fs.readFile(path.join(dir, 'info.json'), 'utf8')) as IiifInfo;
    tiles = { format: tileFormat, dir, files, width: info.width, height: info.height };
  };

  const encoded = new Map<string, Promise<Encoded>>();
  const versions: GeneratedVersion[] = [];
  const produce = async (spec: VersionSpec, file: string): Promise<Encoded> => {
    const small = await r1600();
    const source = spec.crop || Math.min(spec.size, full.width) <= small.width ? small : await r3840();
    const info = await timed(spec.name, async () => {
      let pipeline: Sharp;
      if (spec.crop) {
        const side = Math.min(spec.size, full.width, full.height);
        pipeline = fromRaw(source).resize({
          width: side,
          height: side,
          fit: 'cover',
          position: sharp.strategy.attention,
        });
      } else {
        let picture = await resizeRaw(source, Math.min(spec.size, full.width));
        if (spec.watermark && watermark)
          picture = await paintWatermark(picture === source ? copyRaw(picture) : picture, watermark);
        pipeline = fromRaw(picture);
      }
      return withRights(pipeline).webp({ quality: VERSION_QUALITY, effort: VERSION_EFFORT }).toFile(file);
    });
    return { width: info.width, height: info.height, bytes: info.size, file };
  };
  const encode = async (spec: VersionSpec): Promise<void> => {
    signal?.throwIfAborted();
    // medium_2x and large are the same picture at the same width: encode once (the other lane may be at it, so
    // the promise is shared), write it under both names.
    const key = spec.crop ? spec.name : `w${Math.min(spec.size, full.width)}`;
    const file = path.join(outDir, `${spec.name}.webp`);
    let job = encoded.get(key);
    const first = job === undefined;
    if (!job) {
      job = produce(spec, file);
      encoded.set(key, job);
    }
    const out = await job;
    if (!first) await fs.copyFile(out.file, file);
    versions.push({
      name: spec.name,
      file,
      width: out.width,
      height: out.height,
      bytes: out.bytes,
      format: 'webp',
    });
  };

  let placeholder = '';
  let dominantColor = '';
  let firstVersionsMs = 0;
  const first = make.filter((s) => s.size <= 800);
  const rest = make.filter((s) => s.size > 800).sort((a, b) => b.size - a.size);
  // What the studio shows first (thumbnails, small, medium, placeholder), then the rest largest first: each lane takes the
  // next step when it is free, so the tiles (the longest step) run beside the small versions and then xlarge, and
  // the lane that finishes first takes large_2x.
  const firstVersions = async (): Promise<void> => {
    for (const spec of first) await encode(spec);
    const small = await r1600();
    const [blurred, stats] = await timed('placeholder', () =>
      Promise.all([
        fromRaw(small).resize({ width: 16 }).blur(0.6).webp({ quality: 40, effort: 2 }).toBuffer(),
        fromRaw(small).stats(),
      ]),
    );
    placeholder = `data:image/webp;base64,${blurred.toString('base64')}`;
    const { r, g, b } = stats.dominant;
    const hex = (n: number): string =>
      Math.max(0, Math.min(255, Math.round(n)))
        .toString(16)
        .padStart(2, '0');
    dominantColor = `#${hex(r)}${hex(g)}${hex(b)}`;
    firstVersionsMs = since();
  };
  const tileOptions = options.tiles;
  const tasks: (() => Promise<void>)[] = [
    ...(tileOptions === false ? [] : [() => makeTiles(tileOptions)]),
    firstVersions,
    ...rest.map((spec) => () => encode(spec)),
  ];
  await runLanes(tasks, options.lanes ?? LANES);
  signal?.throwIfAborted();
  const sha256 = await sha256Promise;

  versions.sort(
    (a, b2) =>
      VERSION_SPECS.findIndex((s) => s.name === a.name) - VERSION_SPECS.findIndex((s) => s.name === b2.name),
  );
  const cpu = process.cpuUsage(cpuStart);
  const completeMs = since();
  timings.push({ stage: 'total', startMs: 0, endMs: completeMs, cpuMs: (cpu.user + cpu.system) / 1000 });
  return {
    format,
    width: full.width,
    height: full.height,
    bytes: stat.size,
    sha256,
    versions,
    skipped,
    placeholder,
    dominantColor,
    exif: parseExif(exif),
    tiles,
    timings,
    firstVersionsMs,
    completeMs,
  };
}
