// npm run bench:backup — backup and restore time and peak memory for the demo catalogue plus BENCH_IMAGES
// (default 200) incompressible 10 MB originals. Each phase runs in its own child process, which reports its
// peak RSS (process.resourceUsage().maxRSS); the requirement is < 300 MB (everything streams).
// BENCH_IMAGE_MB changes the image size; BENCH_KEEP=1 keeps the temporary folders.
// The databases are two throw-away PostgreSQL databases on BENCH_PG_ADMIN_URL (default the local server):
// embedded PGlite alone reserves about 1.1 GB of WebAssembly memory, which would hide what the backup uses.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, dbUrl } from './bench-postgres.js';
import type { Config } from '../src/config.js';
import type { DatabaseHandle } from '../src/platform/db/types.js';
import type { Storage } from '../src/platform/storage/types.js';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 200);
const IMAGE_MB = Number(process.env.BENCH_IMAGE_MB ?? 10);
const LIMIT_MB = 300;

interface PhaseResult {
  phase: string;
  ms: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

async function withSystem<T>(
  dataDir: string,
  fn: (s: { config: Config; database: DatabaseHandle; storage: Storage }) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/platform/db/index.js');
  const { migrateToLatest } = await import('../src/platform/db/migrate.js');
  const { createStorage } = await import('../src/platform/storage/index.js');
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
  });
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    return await fn({ config, database, storage: createStorage(config) });
  } finally {
    await database.close();
  }
}

async function child(phase: string, dataDir: string, arg: string | undefined): Promise<void> {
  const started = performance.now();
  let detail: Record<string, unknown> = {};
  if (phase === 'seed') {
    await withSystem(dataDir, async ({ config, database, storage }) => {
      const { seedDemo } = await import('../src/cli/seed.js');
      const s = await seedDemo(config, database, storage, { images: false });
      const block = randomBytes(1024 * 1024);
      for (let i = 0; i < IMAGES; i++) {
        // Incompressible and distinct: a fresh random MB every image, then shifted copies.
        const first = randomBytes(1024 * 1024);
        const parts = [first];
        for (let m = 1; m < IMAGE_MB; m++)
          parts.push(Buffer.concat([block.subarray(m * 997), first.subarray(0, m * 997)]));
        const body = Buffer.concat(parts);
        const key = `originals/${s.artistId}/bench/${i}.jpg`;
        await storage.put('originals', key, body, { contentType: 'image/jpeg' });
        const image = await database.db
          .insertInto('images')
          .values({
            artist_id: s.artistId,
            print_id: s.prints[i % s.prints.length]!,
            status: 'completed',
            original_key: key,
            original_bytes: body.length,
            width: 6000,
            height: 4000,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (i < s.prints.length)
          await database.db
            .updateTable('prints')
            .set({ image_id: image.id, image_status: 'completed' })
            .where('id', '=', s.prints[i]!)
            .execute();
      }
      detail = { prints: s.prints.length, galleries: s.galleries.length, images: IMAGES, imageMb: IMAGE_MB };
    });
  } else if (phase === 'backup') {
    await withSystem(dataDir, async ({ config, database, storage }) => {
      const { createBackup } = await import('../src/modules/backups/service.js');
      const b = await createBackup({ config, database, storage }, null);
      detail = { file: path.join(config.backups.localDir, b.storageKey!), bytes: b.bytes, status: b.status };
    });
  } else if (phase === 'restore') {
    await withSystem(dataDir, async ({ database, storage }) => {
      const { createReadStream } = await import('node:fs');
      const { restoreArchive } = await import('../src/modules/backups/restore.js');
      const r = await restoreArchive({ database, storage }, async () => createReadStream(arg!), {
        archiveName: arg!,
      });
      detail = {
        files: r.files.write,
        bytes: r.files.bytes,
        prints: r.tables.prints,
        requeued: r.requeued.length,
      };
    });
  }
  const result: PhaseResult = {
    phase,
    ms: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    detail,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(phase: string, dataDir: string, databaseUrl: string, arg?: string): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', phase, dataDir, ...(arg ? [arg] : [])],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_DATABASE_URL: databaseUrl } },
    );
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${phase} exited with ${String(code)}: ${out}`));
      else resolve(JSON.parse(line) as PhaseResult);
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!, args[3]);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-bench-backup-'));
  const source = path.join(root, 'source');
  const target = path.join(root, 'target');
  const names = [`copper_bench_src_${process.pid}`, `copper_bench_dst_${process.pid}`] as const;
  for (const n of names) await admin(`create database ${n}`);
  try {
    process.stdout.write(`Seeding the demo catalogue + ${IMAGES} × ${IMAGE_MB} MB originals in ${root} …\n`);
    const seed = await runChild('seed', source, dbUrl(names[0]));
    process.stdout.write(`  seeded in ${(seed.ms / 1000).toFixed(1)} s\n`);
    const backup = await runChild('backup', source, dbUrl(names[0]));
    const file = String(backup.detail.file);
    const restore = await runChild('restore', target, dbUrl(names[1]), file);
    const gb = Number(backup.detail.bytes) / 1024 ** 3;
    const rows = [
      ['backup (write + read-back verify)', backup],
      ['restore (verify + files + rows)', restore],
    ] as const;
    process.stdout.write(`\nArchive: ${gb.toFixed(2)} GB\n`);
    for (const [label, r] of rows) {
      process.stdout.write(
        `${label.padEnd(36)} ${(r.ms / 1000).toFixed(1).padStart(7)} s   peak RSS ${String(r.maxRssMb).padStart(4)} MB   ` +
          `${((gb * 1024) / (r.ms / 1000)).toFixed(0)} MB/s\n`,
      );
    }
    process.stdout.write(`restore detail: ${JSON.stringify(restore.detail)}\n`);
    const worst = Math.max(backup.maxRssMb, restore.maxRssMb);
    if (worst >= LIMIT_MB) {
      process.stdout.write(`FAIL: peak RSS ${worst} MB ≥ ${LIMIT_MB} MB\n`);
      process.exitCode = 1;
    } else process.stdout.write(`OK: peak RSS ${worst} MB < ${LIMIT_MB} MB\n`);
  } finally {
    if (process.env.BENCH_KEEP !== '1') await fs.rm(root, { recursive: true, force: true });
    for (const n of names) await admin(`drop database if exists ${n} with (force)`).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
