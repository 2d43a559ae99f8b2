// Backup and recovery: archives (format.ts, tar.ts, archive.ts), creating (service.ts), restoring (restore.ts),
// the artist API (routes.ts) and the worker job (jobs.ts).
export { BackupVerificationError, scanArchive, type ScanResult } from './archive.js';
export { FORMAT_VERSION, BACKUP_TABLES, type BackupReport, type Manifest } from './format.js';
export {
  applyRetention,
  createBackup,
  failInterruptedBackups,
  getBackup,
  listBackups,
  requestBackup,
  runBackup,
  type BackupDeps,
  type BackupOptions,
  type BackupSummary,
} from './service.js';
export { restoreArchive, type RestoreOptions, type RestoreResult, type RestorePart } from './restore.js';
export { backupRoutes, parseRange, type BackupRoutesOptions } from './routes.js';
export { registerBackupJobs } from './jobs.js';
