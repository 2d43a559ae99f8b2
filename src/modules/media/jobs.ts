// Registers the image jobs on the worker's queue.
import type { WorkerDeps } from '../../worker.js';
import { JOB_OPTIONS } from '../../platform/queue/index.js';
import { settleUploadedOriginals } from './originals.js';
import { imagesWithDziTiles } from './repository.js';
import { retireFiles, retirementScheduler } from './retirement.js';
import { handleImageProcessJob, imagesToRegenerate, type MediaDeps } from './service.js';
import { placePrints, reconcileImagePlacement } from './visibility.js';

export async function registerImageJobs(
  deps: WorkerDeps,
  options: { retryLimit?: number; tmpDir?: string; reconcile?: boolean } = {},
): Promise<void> {
  const { config, queue, log } = deps;
  const media: MediaDeps = {
    db: deps.database.db,
    storage: deps.storage,
    maxPixels: config.images.maxPixels,
    maxBytes: config.storage.uploadMaxBytes,
    log,
    retire: retirementScheduler(deps.database.db, deps.storage, queue, config.images.retireGraceSeconds),
    ...(options.tmpDir ? { tmpDir: options.tmpDir } : {}),
  };
  const retryLimit = options.retryLimit ?? JOB_OPTIONS['image.process'].retryLimit;
  await queue.work(
    'image.process',
    async (job) => {
      await handleImageProcessJob(media, job, retryLimit);
    },
    { concurrency: config.images.workerConcurrency },
  );
  await queue.work('media.place', async (job) => {
    const moved = await placePrints(media.db, media.storage, [job.data.printId]);
    if (moved > 0) log.info({ printId: job.data.printId, moved }, 'image files moved after a gallery change');
  });
  await queue.work('media.retire', async (job) => {
    const removed = await retireFiles(media.db, media.storage, job.data);
    if (removed > 0) log.info({ imageId: job.data.imageId, removed }, 'retired image files deleted');
  });
  await queue.work('image.regenerate-all', async (job) => {
    const ids = await imagesToRegenerate(media.db, job.data.artistId);
    for (const imageId of ids) await queue.send('image.process', { imageId });
    log.info({ artistId: job.data.artistId, images: ids.length }, 'image regeneration queued');
  });
  // In the background: originals still at a temporary upload key (rows from before originals were moved, restores
  // of older backups) go to their permanent key before the bucket's lifecycle rule expires uploads/. Never fatal:
  // the hourly uploads clean-up and every processing run try again.
  void settleUploadedOriginals(media.db, media.storage).then(
    (moved) => {
      if (moved > 0) log.info({ moved }, 'originals moved from upload keys to their permanent keys');
    },
    (error: unknown) => log.warn({ err: error }, 'moving originals out of uploads/ failed'),
  );
  // In the background: images processed before the IIIF tiles are processed again. Never fatal: the next start
  // tries again.
  void queueImagesWithDziTiles(deps).catch((error: unknown) =>
    log.warn({ err: error }, 'queueing images with DZI tiles failed'),
  );
  if (options.reconcile !== false) {
    // In the background: files left in the wrong area (an interrupted publish, a restore, older installs) are
    // moved where the visibility policy says. Never fatal: the next start tries again.
    void reconcileImagePlacement(media.db, media.storage).then(
      (result) => {
        if (result.moved > 0) log.info(result, 'image files moved to the area their print status calls for');
      },
      (error: unknown) => log.warn({ err: error }, 'image placement check failed'),
    );
  }
}

/**
 * Images processed before the IIIF tiles (decision 023) still have DZI tiles: each is processed again, once (a send
 * while the image's job waits is a no-op); processing writes IIIF tiles, clears the DZI key and removes the old
 * generation with its DZI tiles. Runs at every worker start; returns how many it queued.
 */
export async function queueImagesWithDziTiles(
  deps: Pick<WorkerDeps, 'database' | 'queue' | 'log'>,
): Promise<number> {
  const ids = await imagesWithDziTiles(deps.database.db);
  for (const imageId of ids) await deps.queue.send('image.process', { imageId });
  if (ids.length > 0) deps.log.info({ images: ids.length }, 'images with DZI tiles queued for IIIF tiles');
  return ids.length;
}
