// npm run backup                      create a verified backup now and print its report
// npm run backup -- --include-versions   also archive the generated image versions
// npm run backup -- list              list backups
// npm run backup -- verify <file>     check an archive on disk: every SHA-256, the manifest, the format version
// One backup at a time: refused while another (from the studio, the API or another command) is running.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { formatBytes } from '../platform/format-bytes.js';

async function verify(file: string): Promise<number> {
  const { scanArchive, BackupVerificationError } = await import('../modules/backups/archive.js');
  const started = performance.now();
  try {
    await fs.access(file);
  } catch {
    process.stderr.write(`verify: cannot read ${file}\n`);
    return 2;
  }
  try {
    const r = await scanArchive(createReadStream(file));
    const m = r.manifest;
    process.stdout.write(
      `OK ${file}\n` +
        `  format ${m.formatVersion}, app ${m.appVersion}, schema ${m.schemaVersion}, created ${m.createdAt}\n` +
        `  ${r.entries.length + 1} entries checked (SHA-256), ${formatBytes(r.archiveBytes)}, ` +
        `archive SHA-256 ${r.archiveSha256}\n` +
        `  rows: ${Object.entries(m.counts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}\n` +
        `  originals: ${m.originals.count} (${formatBytes(m.originals.bytes)}), versions: ${m.versions.count}\n` +
        `  ${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupVerificationError) {
      process.stderr.write(`REFUSED ${file}\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'include-versions': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [command = 'create', arg] = positionals;
  if (command === 'verify') {
    if (!arg) {
      process.stderr.write('usage: npm run backup -- verify <archive.tar.gz>\n');
      process.exitCode = 2;
      return;
    }
    process.exitCode = await verify(arg);
    return;
  }
  if (command !== 'create' && command !== 'list') {
    process.stderr.write('usage: npm run backup [-- --include-versions] | -- list | -- verify <file>\n');
    process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config.js');
  const { openDatabase } = await import('../platform/db/index.js');
  const { migrateToLatest } = await import('../platform/db/migrate.js');
  const { createStorage } = await import('../platform/storage/index.js');
  const { createBackup, failInterruptedBackups, listBackups } = await import('../modules/backups/service.js');
  const { firstArtistId } = await import('../modules/backups/repository.js');
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    const storage = createStorage(config);
    if (command === 'list') {
      await failInterruptedBackups({ database, storage });
      const backups = await listBackups(database.db);
      if (values.json) process.stdout.write(`${JSON.stringify(backups, null, 2)}\n`);
      for (const b of backups) {
        process.stdout.write(
          `${b.startedAt}  ${b.status.padEnd(8)}  ${b.bytes === null ? '-' : formatBytes(b.bytes).padStart(9)}  ` +
            `${b.id}  ${b.storageKey ?? ''}${b.error ? `  (${b.error})` : ''}\n`,
        );
      }
      if (backups.length === 0) process.stdout.write('No backups yet.\n');
      return;
    }
    const b = await createBackup({ config, database, storage }, await firstArtistId(database.db), {
      includeVersions: values['include-versions'],
    });
    const report = b.report as {
      counts: Record<string, number>;
      sizes: Record<string, number>;
      durationMs: number;
      warnings: string[];
    };
    process.stdout.write(
      `Backup ${b.id} ${b.status}\n` +
        `  stored as ${b.storageKey} in the backups area (${config.storage.driver === 's3' ? `s3://${config.storage.s3.backupsBucket}` : config.backups.localDir})\n` +
        `  ${formatBytes(b.bytes ?? 0)}, SHA-256 ${b.sha256}\n` +
        `  rows: ${Object.entries(report.counts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}\n` +
        `  database ${formatBytes(report.sizes.databaseBytes ?? 0)}, originals ${formatBytes(report.sizes.originalsBytes ?? 0)}, ` +
        `versions ${formatBytes(report.sizes.versionsBytes ?? 0)}\n` +
        `  ${(report.durationMs / 1000).toFixed(1)} s${report.warnings.length ? `\n  warnings:\n${report.warnings.map((w) => `    - ${w}`).join('\n')}` : ''}\n`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
