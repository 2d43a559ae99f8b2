// npm run restore -- <archive> [--dry-run] [--only metadata|images|galleries] [--print <id>] [--gallery <id>]
//   <archive>: a file on disk, or backups/<name>.tar.gz in the backups area (bucket / DATA_DIR/backups).
// The archive is checked completely before anything is changed; a bad checksum or a newer format is refused.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Queue } from '../platform/queue/index.js';
import type { RestorePart, RestoreResult } from '../modules/backups/restore.js';

const USAGE =
  'usage: npm run restore -- <archive> [--dry-run] [--only metadata|images|galleries] [--print <id>] [--gallery <id>]\n';

export function formatRestore(r: RestoreResult): string {
  const lines = [
    `${r.dryRun ? 'DRY RUN — nothing changed. Would restore' : 'Restored'} from a backup of ${r.manifest.createdAt} ` +
      `(app ${r.manifest.appVersion}, schema ${r.manifest.schemaVersion}):`,
  ];
  for (const [table, c] of Object.entries(r.tables)) {
    lines.push(
      `  ${table.padEnd(18)} +${c.insert} insert  ~${c.update} update  =${c.unchanged} unchanged` +
        (c.skipped ? `  !${c.skipped} skipped` : ''),
    );
  }
  lines.push(
    `  files              +${r.files.write} write (${r.files.bytes} bytes)  =${r.files.unchanged} unchanged`,
  );
  if (r.requeued.length > 0) {
    const verb = r.dryRun ? 'would be queued' : 'queued';
    lines.push(`  ${r.requeued.length} images ${verb} for processing (their versions are generated again)`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push(`  ${(r.durationMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      only: { type: 'string' },
      print: { type: 'string' },
      gallery: { type: 'string' },
    },
  });
  const archive = positionals[0];
  if (!archive || positionals.length > 1) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  if (values.only !== undefined && !['metadata', 'images', 'galleries'].includes(values.only)) {
    process.stderr.write(`--only must be metadata, images or galleries\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config.js');
  const { openDatabase } = await import('../platform/db/index.js');
  const { migrateToLatest } = await import('../platform/db/migrate.js');
  const { createStorage } = await import('../platform/storage/index.js');
  const { createQueue } = await import('../platform/queue/index.js');
  const { restoreArchive } = await import('../modules/backups/restore.js');
  const { BackupVerificationError } = await import('../modules/backups/archive.js');
  const config = loadConfig();
  const storage = createStorage(config);
  const onDisk = await fs
    .stat(archive)
    .then((s) => s.isFile())
    .catch(() => false);
  if (!onDisk && !(await storage.head('backups', archive))) {
    process.stderr.write(`restore: ${archive} is neither a file nor an archive in the backups area\n`);
    process.exitCode = 2;
    return;
  }
  const open = async () => (onDisk ? createReadStream(archive) : storage.getStream('backups', archive));
  const database = await openDatabase(config);
  let queue: Queue | undefined;
  try {
    await migrateToLatest(database);
    if (!values['dry-run']) {
      queue = createQueue(database, { supervise: false });
      await queue.start();
    }
    const result = await restoreArchive({ database, storage }, open, {
      dryRun: values['dry-run'],
      ...(values.only ? { only: values.only as RestorePart } : {}),
      ...(values.print ? { printId: values.print } : {}),
      ...(values.gallery ? { galleryId: values.gallery } : {}),
      ...(queue ? { queue } : {}),
      actor: `cli:${process.env.USER ?? 'unknown'}`,
      archiveName: archive,
    });
    process.stdout.write(formatRestore(result));
  } catch (error) {
    if (error instanceof BackupVerificationError) {
      process.stderr.write(`REFUSED ${archive}\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await queue?.stop({ graceful: true, timeoutMs: 5000 }).catch(() => undefined);
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
