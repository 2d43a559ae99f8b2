// Image processing orchestration (runs in the worker): original (first moved from its upload key to its permanent
// key, originals.ts) → temp file → pipeline → private storage under a fresh generation prefix → one transaction
// switches the image (and its print) to the new set and, when the print is published, moves the files to the
// public area (visibility.ts) → the old files are retired: kept while cached pages may still name them, then
// deleted by a delayed job (retirement.ts, decision 027).
// Crash safety: files of a run are only referenced once the transaction commits; a run that dies leaves an
// unreferenced generation prefix, retired at the start of the next run for that image.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database, ImageVersionName } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import {
  ImageRejectedError,
  runImagePipeline,
  type ParsedExif,
  type PipelineResult,
} from '../../platform/images/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { runLimited } from './concurrency.js';
import { deleteImageFiles, deleteOriginalFiles, settleOriginal } from './originals.js';
import {
  generationOf,
  liveGenerations,
  retirementScheduler,
  storedGenerations,
  type RetirementScheduler,
} from './retirement.js';
import { areaFor, deleteImageVersions, imagePrefix, moveImageFiles, PRIVATE_AREA } from './visibility.js';
import {
  completedImageIds,
  completeImage,
  findImageContext,
  markImageFailed,
  markImageProcessing,
  type CompletedImage,
  type ExifRow,
  type NewVersion,
} from './repository.js';
import { effectiveWatermark } from '../catalogue/watermark.js';

export interface MediaLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MediaDeps {
  db: Kysely<Database>;
  storage: Storage;
  maxPixels: number;
  maxBytes: number;
  /** Folder for per-run temp folders (default: the OS temp folder). */
  tmpDir?: string;
  log?: MediaLogger;
  /** Keeps retired files for the grace period, then deletes them (the worker's: a delayed job); default: at once. */
  retire?: RetirementScheduler;
}

export type ProcessOutcome =
  | { status: 'completed'; generation: string; versions: ImageVersionName[]; skipped: string[] }
  | { status: 'failed'; reason: string }
  | { status: 'gone' };

const UPLOAD_CONCURRENCY = 8;
/** The zoom tiles' folder in a generation: `images/<id>/<generation>/iiif/info.json` and the tiles beside it. */
const TILES_FOLDER = 'iiif';

export { deleteImageFiles, imagePrefix };

const retirer = (deps: MediaDeps): RetirementScheduler =>
  deps.retire ?? retirementScheduler(deps.db, deps.storage, undefined);

/**
 * Retires the generation folders of an image that no committed row references: left by an interrupted run, or
 * retired by an earlier run and still in their grace period — a second retirement of those keeps the first one's
 * time (one waiting job per generation), so none goes before cached pages have let go of it. Returns how many.
 */
export async function retireOrphanGenerations(deps: MediaDeps, imageId: string): Promise<number> {
  const live = await liveGenerations(deps.db, imageId);
  const orphans = [...(await storedGenerations(deps.storage, imageId))].filter((g) => !live.has(g));
  if (orphans.length > 0) await retirer(deps)({ imageId, generations: orphans });
  return orphans.length;
}

async function download(deps: MediaDeps, key: string, file: string): Promise<void> {
  let stream;
  try {
    stream = await deps.storage.getStream('originals', key);
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new ImageRejectedError(
        'The uploaded original is missing from storage. Please upload the image again.',
      );
    throw error;
  }
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > deps.maxBytes) {
        done(
          new ImageRejectedError(
            `The file is larger than the limit of ${(deps.maxBytes / 1048576).toFixed(0)} MB. Please upload a smaller file.`,
          ),
        );
      } else done(null, chunk);
    },
  });
  await streamPipeline(stream, limit, createWriteStream(file));
}

function exifRow(exif: ParsedExif | undefined): ExifRow | null {
  if (!exif) return null;
  return {
    data: exif.tags,
    camera: exif.camera,
    lens: exif.lens,
    exposureTime: exif.exposureTime,
    fNumber: exif.fNumber,
    iso: exif.iso,
    focalLengthMm: exif.focalLengthMm,
    takenAt: exif.takenAt,
  };
}

async function upload(
  deps: MediaDeps,
  imageId: string,
  generation: string,
  result: PipelineResult,
): Promise<{ versions: NewVersion[]; tiles: CompletedImage['tiles'] }> {
  const base = `${imagePrefix(imageId)}${generation}/`;
  const versions: NewVersion[] = result.versions.map((v) => ({
    version: v.name,
    storageKey: `${base}${imageId}_${v.name}.webp`,
    width: v.width,
    height: v.height,
    bytes: v.bytes,
    format: v.format,
  }));
  const files: { key: string; file: string; contentType: string }[] = result.versions.map((v, i) => ({
    key: versions[i]?.storageKey ?? '',
    file: v.file,
    contentType: 'image/webp',
  }));
  let tiles: CompletedImage['tiles'] = null;
  if (result.tiles) {
    const generated = result.tiles;
    const tileType = generated.format === 'jpeg' ? 'image/jpeg' : 'image/webp';
    tiles = { infoKey: `${base}${TILES_FOLDER}/info.json`, width: generated.width, height: generated.height };
    for (const rel of generated.files) {
      const key = `${base}${TILES_FOLDER}/${rel.split(path.sep).join('/')}`;
      files.push({
        key,
        file: path.join(generated.dir, rel),
        contentType: rel === 'info.json' ? 'application/json' : tileType,
      });
    }
  }
  // Always private first: the completing transaction moves them to the public area if the print is published.
  await runLimited(files, UPLOAD_CONCURRENCY, async (f) => {
    const body = await fs.readFile(f.file);
    await deps.storage.put(PRIVATE_AREA, f.key, body, {
      contentType: f.contentType,
      contentLength: body.length,
    });
  });
  return { versions, tiles };
}

/**
 * Processes one image end to end. Input that can never work marks the image failed and resolves
 * `{status: 'failed'}`; anything else (storage or database trouble) throws so the job is retried.
 */
export async function processImage(
  deps: MediaDeps,
  imageId: string,
  signal?: AbortSignal,
): Promise<ProcessOutcome> {
  const context = await findImageContext(deps.db, imageId);
  if (!context) return { status: 'gone' };
  await markImageProcessing(deps.db, imageId);
  await retireOrphanGenerations(deps, imageId);
  // First of all: an original still at its upload key would be expired by the bucket's lifecycle rule.
  const originalKey = await settleOriginal(deps.db, deps.storage, imageId);
  if (originalKey === undefined) return { status: 'gone' };

  const work = await fs.mkdtemp(
    path.join(deps.tmpDir ?? os.tmpdir(), `copper-image-${imageId.slice(0, 8)}-`),
  );
  const generation = randomBytes(6).toString('hex');
  try {
    let result: PipelineResult;
    try {
      const original = path.join(work, 'original');
      await download(deps, originalKey, original);
      signal?.throwIfAborted();
      const outDir = path.join(work, 'out');
      await fs.mkdir(outDir);
      const year = new Date().getFullYear();
      const copyright = context.copyrightLine ?? `© ${year} ${context.artistName}`;
      result = await runImagePipeline(original, {
        maxPixels: deps.maxPixels,
        maxBytes: deps.maxBytes,
        outDir,
        // info.json names the public address of the tiles (the CDN, or PUBLIC_URL's /media): where a museum's
        // viewer finds them once the print is public. The site's own viewer reads them from wherever it fetched
        // info.json (decision 023).
        tiles: {
          baseUrl: deps.storage.publicUrl(`${imagePrefix(imageId)}${generation}`),
          maxPixels: context.zoomMaxPixels,
        },
        watermark: {
          // artistName already falls back from the profile name to the account's display name.
          text: effectiveWatermark(
            { watermarkText: context.watermarkText, copyrightLine: context.copyrightLine, profileName: null },
            context.artistName,
          ),
          placement: context.watermarkPlacement,
        },
        rights: { artist: context.artistName, copyright },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof ImageRejectedError)) throw error;
      await markImageFailed(deps.db, imageId, error.reason);
      deps.log?.warn({ imageId, reason: error.reason }, 'image rejected');
      return { status: 'failed', reason: error.reason };
    }
    signal?.throwIfAborted();

    const uploaded = await upload(deps, imageId, generation, result);
    signal?.throwIfAborted();
    const outcome = await completeImage(
      deps.db,
      {
        imageId,
        width: result.width,
        height: result.height,
        sha256: result.sha256,
        placeholder: result.placeholder,
        tiles: uploaded.tiles,
        versions: uploaded.versions,
        exif: exifRow(result.exif),
      },
      // Runs under the print's row lock, before commit: a published print never references private files.
      async (isPublic) => {
        await moveImageFiles(deps.storage, imagePrefix(imageId), areaFor(isPublic));
      },
    );
    if (!outcome.stored) {
      // The print (and image) was deleted while we worked: nothing may stay behind.
      await deleteImageVersions(deps.storage, imagePrefix(imageId));
      return { status: 'gone' };
    }
    // After commit: the previous set of this image and every replaced image are no longer referenced, but cached
    // pages may still name them: they are retired (kept for the grace period, then deleted). A replaced image's
    // original is private and named by nothing: it goes now.
    const previousGenerations = new Set(
      [...outcome.previousKeys.versions, ...outcome.previousKeys.tiles]
        .map((k) => generationOf(k, imageId))
        .filter((g): g is string => g !== undefined && g !== generation),
    );
    const retire = retirer(deps);
    if (previousGenerations.size > 0) await retire({ imageId, generations: [...previousGenerations] });
    for (const old of outcome.replaced) {
      await deleteOriginalFiles(deps.storage, old);
      await retire({
        imageId: old.id,
        ...(context.image.print_id ? { printId: context.image.print_id } : {}),
      });
    }
    deps.log?.info(
      { imageId, generation, versions: result.versions.length, tiles: result.tiles?.files.length ?? 0 },
      'image processed',
    );
    return {
      status: 'completed',
      generation,
      versions: result.versions.map((v) => v.name),
      skipped: result.skipped,
    };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** The 'image.process' job: transient failures rethrow (pg-boss retries); after the last one the image fails. */
export async function handleImageProcessJob(
  deps: MediaDeps,
  job: { data: { imageId: string }; retryCount: number; signal: AbortSignal },
  retryLimit: number,
): Promise<ProcessOutcome> {
  try {
    return await processImage(deps, job.data.imageId, job.signal);
  } catch (error) {
    if (job.retryCount >= retryLimit && !job.signal.aborted) {
      const message = error instanceof Error ? error.message : String(error);
      await markImageFailed(
        deps.db,
        job.data.imageId,
        `Processing failed after ${job.retryCount + 1} attempts (${message.slice(0, 200)}). Please retry.`,
        // Best effort: the attempt's own error is rethrown below and recorded by the queue either way.
      ).catch(() => undefined);
    }
    throw error;
  }
}

/** Image ids of an artist to regenerate (e.g. after the watermark changed). */
export function imagesToRegenerate(db: Kysely<Database>, artistId: string): Promise<string[]> {
  return completedImageIds(db, artistId);
}
