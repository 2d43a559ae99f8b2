// Registers the backup job on the worker's queue.
import type { WorkerDeps } from '../../worker.js';
import { failInterruptedBackups, runBackup } from './service.js';

export async function registerBackupJobs(deps: WorkerDeps): Promise<void> {
  await deps.queue.work('backup.create', async (job) => {
    await runBackup(
      { config: deps.config, database: deps.database, storage: deps.storage, log: deps.log },
      job.data.backupId,
    );
  });
  // Backups a previous worker was writing when it stopped (deploy, crash, kill): failed, partial archives removed.
  void failInterruptedBackups({ database: deps.database, storage: deps.storage }).then(
    (marked) => {
      if (marked > 0) deps.log.warn({ backups: marked }, 'interrupted backups marked failed');
    },
    (error: unknown) => deps.log.warn({ err: error }, 'interrupted backups check failed'),
  );
}
