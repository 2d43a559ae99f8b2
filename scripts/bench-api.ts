// API load benchmark: the app on a fresh PostgreSQL database with the demo catalogue (no images), autocannon
// with 100 connections against GET /healthz (baseline), GET /api/v1/galleries/{id} and GET /api/v1/prints/{id}.
//
//   npm run bench:api                      (20 s per endpoint)
//   BENCH_DURATION=5 npm run bench:api
//   TEST_PG_ADMIN_URL=postgres://… npm run bench:api
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/platform/db/index.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createStorage } from '../src/platform/storage/index.js';
import { seedDemo } from '../src/cli/seed.js';

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonResult {
  requests: { average: number };
  latency: Record<string, number>;
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: { url: string; connections: number; duration: number; pipelining?: number },
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

/** Runs autocannon (in this process; the app runs in a child process so they do not share an event loop). */
function cannon(url: string, connections: number, duration: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p90: number;
  /** autocannon reports p90 and p97.5, not p95: p95 lies between them. */
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(name: string, url: string): Promise<Row> {
  const result = await cannon(url, CONNECTIONS, DURATION);
  const l = result.latency;
  return {
    name,
    rps: result.requests.average,
    p50: l.p50 ?? 0,
    p90: l.p90 ?? 0,
    p975: l.p97_5 ?? 0,
    p99: l.p99 ?? 0,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

interface Ready {
  address: string;
  galleryId: string;
  printId: string;
  prints: number;
  dbName: string;
}

/** Child process: fresh database, demo data, the app listening; answers 'ready', stops on 'stop'. */
async function server(): Promise<void> {
  const dbName = `copper_bench_${Date.now().toString(36)}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-bench-'));
  await admin(`create database "${dbName}"`);
  const url = new URL(ADMIN);
  url.pathname = `/${dbName}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    PORT: '0',
  });
  const database = await openDatabase(config);
  const cleanup = async () => {
    await database.close().catch(() => undefined);
    await admin(`drop database if exists "${dbName}" with (force)`);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database);
    const storage = createStorage(config);
    // With images: only prints whose image is processed can be published (the seed processes them itself).
    const seeded = await seedDemo(config, database, storage);
    const app = await buildApp({ config, database, storage, loggerInstance: pino({ level: 'silent' }) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ready: Ready = {
      address,
      galleryId: seeded.galleries[0]!,
      printId: seeded.prints[0]!,
      prints: seeded.prints.length,
      dbName,
    };
    process.send?.(ready);
    process.on('message', (message) => {
      if (message !== 'stop') return;
      void app
        .close()
        .then(cleanup)
        .finally(() => process.exit(0));
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ROLE === 'server') return server();
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
    });
    const { address, galleryId, printId } = ready;
    process.stdout.write(
      `bench: PostgreSQL ${ready.dbName}, ${ready.prints} demo prints, ${CONNECTIONS} connections, ${DURATION} s each, ` +
        `${os.cpus().length} CPUs (app in a child process, autocannon here)\n`,
    );
    // Warm up (JIT, connection pool, plan cache).
    await cannon(`${address}/api/v1/prints/${printId}`, 10, 2);
    const rows = [
      await run('GET /healthz', `${address}/healthz`),
      await run('GET /api/v1/galleries/{id}', `${address}/api/v1/galleries/${galleryId}`),
      await run('GET /api/v1/prints/{id}', `${address}/api/v1/prints/${printId}`),
    ];
    const base = rows[0]!.rps;
    const head = ['req/s', 'p50 ms', 'p90 ms', 'p97.5 ms', 'p99 ms', 'vs healthz', 'errors'];
    process.stdout.write(`\n${'endpoint'.padEnd(28)}${head.map((h) => h.padStart(11)).join('')}\n`);
    for (const r of rows) {
      const cells = [
        r.rps.toFixed(0),
        r.p50.toFixed(1),
        r.p90.toFixed(1),
        r.p975.toFixed(1),
        r.p99.toFixed(1),
        `${((r.rps / base) * 100).toFixed(1)}%`,
        String(r.errors + r.non2xx),
      ];
      process.stdout.write(`${r.name.padEnd(28)}${cells.map((c) => c.padStart(11)).join('')}\n`);
    }
  } finally {
    child.send('stop');
    await exited;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
