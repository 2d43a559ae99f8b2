// The worker role: registers every job handler and the recurring jobs. Never imported by the web role's code paths.
import type { Config } from './config.js';
import type { DatabaseHandle } from './platform/db/types.js';
import type { Storage } from './platform/storage/types.js';
import type { Queue } from './platform/queue/index.js';
import type { Logger } from './platform/logger.js';
import { cleanupExpiredUploads } from './modules/media/uploads-cleanup.js';
import { registerImageJobs } from './modules/media/jobs.js';
import { registerBackupJobs } from './modules/backups/jobs.js';
import { registerEnquiryJobs } from './modules/enquiries/jobs.js';

export interface WorkerDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  queue: Queue;
  log: Logger;
}

export async function startWorker(deps: WorkerDeps): Promise<void> {
  const { queue, log } = deps;
  await queue.work('uploads.cleanup', async () => {
    const removed = await cleanupExpiredUploads(deps.database.db, deps.storage);
    log.info({ removed }, 'expired uploads cleaned up');
  });
  await queue.schedule('uploads.cleanup', '17 * * * *', {});
  await registerImageJobs(deps);
  await registerBackupJobs(deps);
  await registerEnquiryJobs(deps);
}
