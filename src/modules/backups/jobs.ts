// Registers the backup job on the worker's queue.
import type { WorkerDeps } from '../../worker.js';
import { runBackup } from './service.js';

export async function registerBackupJobs(deps: WorkerDeps): Promise<void> {
  await deps.queue.work('backup.create', async (job) => {
    await runBackup(
      { config: deps.config, database: deps.database, storage: deps.storage, log: deps.log },
      job.data.backupId,
    );
  });
}
