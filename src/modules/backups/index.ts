// Backup and recovery: archives (format.ts, archive.ts), the rules and creating (service.ts), restoring
// (restore.ts), their SQL (repository.ts, restore-repository.ts), the artist API (routes.ts) and the worker job
// (jobs.ts).
export { BackupVerificationError, scanArchive, type ScanResult } from './archive.js';
export { FORMAT_VERSION, BACKUP_TABLES, type BackupReport, type Manifest } from './format.js';
export {
  applyRetention,
  createBackup,
  failInterruptedBackups,
  listBackups,
  runBackup,
  BackupService,
  type BackupActor,
  type BackupDeps,
  type BackupOptions,
  type BackupSummary,
} from './service.js';
export { restoreArchive, type RestoreOptions, type RestoreResult, type RestorePart } from './restore.js';
export { backupActor, backupRoutes, parseRange, type BackupRoutesOptions } from './routes.js';
export { registerBackupJobs } from './jobs.js';
