// The image pipeline: sniff → decode once (oriented, sRGB, 8-bit, flattened on white) → every WebP version
// from resized intermediates (3840 → 3200; 3840 → 1600 → 800 and thumbnails) → placeholder → deep-zoom tiles.
// Files go to a work folder; the caller uploads them. Input that can never work throws ImageRejectedError.
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
import { watermarkOverlay, type WatermarkSpec } from './watermark.js';

export type VersionName =
  'thumbnail' | 'thumbnail_2x' | 'medium' | 'medium_2x' | 'large' | 'large_2x' | 'xlarge';

interface VersionSpec {
  name: VersionName;
  /** Target width; for crops the square side. */
  size: number;
  crop: boolean;
  watermark: boolean;
}

/** Every generated version, smallest first. */
export const VERSION_SPECS: readonly VersionSpec[] = [
  { name: 'thumbnail', size: 200, crop: true, watermark: false },
  { name: 'thumbnail_2x', size: 400, crop: true, watermark: false },
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
  /** Make deep-zoom tiles (default true). */
  tiles?: boolean;
  /** Tile encoding: 'webp' (default) or 'jpeg' (faster to encode). */
  tileFormat?: 'webp' | 'jpeg';
  signal?: AbortSignal;
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
  /** The .dzi descriptor; its tiles are in `<name>_files/<level>/<col>_<row>.webp` next to it. */
  dziFile: string;
  /** Folder holding the .dzi and the _files folder; upload keys are relative to it. */
  dir: string;
  files: string[];
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
}

// Encoding dominates the run time of noisy line work: low libwebp effort costs a few % in bytes and saves about
// half the CPU time (measured by npm run bench:images).
export const ENCODER_SETTINGS = {
  versionQuality: 82,
  versionEffort: 2,
  tileQuality: 78,
  tileEffort: 0,
} as const;
const VERSION_QUALITY = ENCODER_SETTINGS.versionQuality;
const VERSION_EFFORT = ENCODER_SETTINGS.versionEffort;
const TILE_QUALITY = ENCODER_SETTINGS.tileQuality;
const TILE_EFFORT = ENCODER_SETTINGS.tileEffort;
export const TILE_SIZE = 256;

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

/** Which versions an image of this size gets: never upscaled, but always a thumbnail and a medium. */
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

export async function runImagePipeline(inputFile: string, options: PipelineOptions): Promise<PipelineResult> {
  configureSharp();
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
  const { raw: full, exif } = await decode(inputFile, format, options.maxPixels);
  signal?.throwIfAborted();

  const metadata = { exif: exifFields(options.rights), xmp: xmpPacket(options.rights) };
  const withRights = (pipeline: Sharp): Sharp => pipeline.withExif(metadata.exif).withXmp(metadata.xmp);
  const { make, skipped } = plannedVersions(full.width, full.height);
  const tileFormat = options.tileFormat ?? 'webp';

  // Tiles are cut from the watermarked full-size image: every zoom level carries the watermark (scaled to the
  // full width, so it has the same relative size as on the displayed versions). Started first: the longest job.
  const makeTiles = async (): Promise<GeneratedTiles> => {
    const dir = path.join(outDir, 'tiles');
    await fs.mkdir(dir, { recursive: true });
    let pipeline = fromRaw(full);
    if (options.watermark)
      pipeline = pipeline.composite([watermarkOverlay(options.watermark, full.width, full.height)]);
    pipeline =
      tileFormat === 'jpeg'
        ? pipeline.jpeg({ quality: TILE_QUALITY, mozjpeg: false })
        : pipeline.webp({ quality: TILE_QUALITY, effort: TILE_EFFORT });
    await withRights(pipeline)
      .tile({ size: TILE_SIZE, layout: 'dz', overlap: 0 })
      .toFile(path.join(dir, 'image.dz'));
    await fs.rm(path.join(dir, 'image_files', 'vips-properties.xml'), { force: true });
    await fs.rm(path.join(dir, 'vips-properties.xml'), { force: true });
    const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    return { format: tileFormat, dir, dziFile: path.join(dir, 'image.dzi'), files };
  };
  const tilesJob: Promise<GeneratedTiles | undefined> =
    options.tiles === false ? Promise.resolve(undefined) : makeTiles();
  // Settle early failures of the tile job only when awaited below; avoid an unhandled rejection meanwhile.
  tilesJob.catch(() => undefined);

  // Intermediates: ≤3840 wide from the full image, ≤1600 from that; each version resizes the nearest one.
  const r3840 = await resizeRaw(full, 3840);
  const r1600 = await resizeRaw(r3840, 1600);
  signal?.throwIfAborted();

  const encoded = new Map<string, Promise<{ width: number; height: number; bytes: number; file: string }>>();
  const encode = (
    spec: VersionSpec,
  ): Promise<{ width: number; height: number; bytes: number; file: string }> => {
    const file = path.join(outDir, `${spec.name}.webp`);
    let pipeline: Sharp;
    if (spec.crop) {
      const side = Math.min(spec.size, full.width, full.height);
      pipeline = fromRaw(r1600).resize({
        width: side,
        height: side,
        fit: 'cover',
        position: sharp.strategy.attention,
      });
    } else {
      const width = Math.min(spec.size, full.width);
      const source = width <= r1600.width ? r1600 : r3840;
      const height = Math.max(1, Math.round((source.height * width) / source.width));
      pipeline = width === source.width ? fromRaw(source) : fromRaw(source).resize({ width });
      if (spec.watermark && options.watermark)
        pipeline = pipeline.composite([watermarkOverlay(options.watermark, width, height)]);
    }
    return withRights(pipeline)
      .webp({ quality: VERSION_QUALITY, effort: VERSION_EFFORT })
      .toFile(file)
      .then((info) => ({ width: info.width, height: info.height, bytes: info.size, file }));
  };

  // One version encode at a time, largest first, next to the tile job: two pipelines keep both cores busy while
  // peak memory stays bounded (a WebP encode holds its whole picture).
  const versions: GeneratedVersion[] = [];
  const order = [...make].sort((a, b) => b.size - a.size);
  for (const spec of order) {
    signal?.throwIfAborted();
    // medium_2x and large are the same picture at the same width: encode once, write it under both names.
    const key = spec.crop ? spec.name : `w${Math.min(spec.size, full.width)}`;
    let job = encoded.get(key);
    const first = job === undefined;
    if (!job) {
      job = encode(spec);
      encoded.set(key, job);
    }
    const out = await job;
    let file = out.file;
    if (!first) {
      file = path.join(outDir, `${spec.name}.webp`);
      await fs.copyFile(out.file, file);
    }
    versions.push({
      name: spec.name,
      file,
      width: out.width,
      height: out.height,
      bytes: out.bytes,
      format: 'webp',
    });
  }
  const placeholderJob = fromRaw(r1600)
    .resize({ width: 16 })
    .blur(0.6)
    .webp({ quality: 40, effort: 2 })
    .toBuffer();
  const statsJob = fromRaw(r1600).stats();
  signal?.throwIfAborted();

  const tiles = await tilesJob;
  signal?.throwIfAborted();

  const [placeholder, stats, sha256] = await Promise.all([placeholderJob, statsJob, sha256Promise]);
  const { r, g, b } = stats.dominant;
  const hex = (n: number): string =>
    Math.max(0, Math.min(255, Math.round(n)))
      .toString(16)
      .padStart(2, '0');
  versions.sort(
    (a, b2) =>
      VERSION_SPECS.findIndex((s) => s.name === a.name) - VERSION_SPECS.findIndex((s) => s.name === b2.name),
  );
  return {
    format,
    width: full.width,
    height: full.height,
    bytes: stat.size,
    sha256,
    versions,
    skipped,
    placeholder: `data:image/webp;base64,${placeholder.toString('base64')}`,
    dominantColor: `#${hex(r)}${hex(g)}${hex(b)}`,
    exif: parseExif(exif),
    tiles,
  };
}
