// Public page benchmark: the app as `npm start` runs it (embedded PGlite in a temp DATA_DIR, local files, an
// in-process worker that processes the demo images), seeded with the demo catalogue (`npm run seed -- --demo`,
// real generated plate images). Once every image is processed the worker stops (the web role alone serves
// visitors) and this process measures the home, gallery and print pages:
//   - Lighthouse (mobile emulation, simulated throttling; the median of BENCH_LH_RUNS runs): performance and
//     accessibility scores and the total transfer of a first load;
//   - autocannon with BENCH_CONNECTIONS (100) connections for BENCH_DURATION seconds each, sending the
//     Accept-Encoding a browser sends: req/s and p50/p95/p99 latency measured from every response, against
//     GET /healthz as the baseline of the same run.
//
//   npm run bench:pages
//   BENCH_DURATION=5 BENCH_LH_RUNS=1 npm run bench:pages
//   BENCH_LH_RUNS=0 npm run bench:pages          (load only)
//   BENCH_VERBOSE=1 npm run bench:pages          (also the heaviest requests and failing audits per page)
import { fork } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/platform/db/index.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createStorage } from '../src/platform/storage/index.js';
import { createQueue } from '../src/platform/queue/index.js';
import { startWorker } from '../src/worker.js';
import { seedDemo } from '../src/cli/seed.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const LH_RUNS = Math.max(0, Number(process.env.BENCH_LH_RUNS ?? 3));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PROCESSING_TIMEOUT_MS = 15 * 60_000;

/** The acceptance targets of the public gallery (issue #7). */
const TARGETS = { performance: 95, accessibility: 100, homeTransferKb: 400, p95Ms: 30 };

// ---------- the app (child process) ----------

interface Ready {
  address: string;
  pages: Array<{ name: string; path: string }>;
  prints: number;
  images: number;
  processingSeconds: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function server(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-bench-pages-'));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const database = await openDatabase(config);
  const log = pino({ level: 'silent' });
  let queue: ReturnType<typeof createQueue> | undefined;
  const cleanup = async () => {
    await queue?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
    await database.close().catch(() => undefined);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database);
    const storage = createStorage(config);
    queue = createQueue(database, { pollingIntervalSeconds: 0.5 });
    await queue.start();
    await startWorker({ config, database, storage, queue, log });
    const started = performance.now();
    const seeded = await seedDemo(config, database, storage, { queue });
    // Wait until the worker has made every version (as after `npm run seed` and a while of `npm start`).
    for (;;) {
      const { rows } = await sql<{ status: string; n: number }>`
        select status, count(*)::int as n from images group by status`.execute(database.db);
      const failed = rows.find((r) => r.status === 'failed');
      if (failed) throw new Error(`${failed.n} demo images failed to process`);
      if (rows.every((r) => r.status === 'completed')) break;
      if (performance.now() - started > PROCESSING_TIMEOUT_MS)
        throw new Error(`images still processing after ${PROCESSING_TIMEOUT_MS / 60_000} minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const processingSeconds = (performance.now() - started) / 1000;
    // The web role serves visitors alone (Heroku: separate worker dynos).
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    queue = undefined;

    const app = await buildApp({ config, database, storage, loggerInstance: log });
    await app.listen({ host: '127.0.0.1', port });
    const featured = seeded.galleries[0]!;
    const { rows: first } = await sql<{ print_id: string }>`
      select print_id from gallery_prints where gallery_id = ${featured} order by position limit 1`.execute(
      database.db,
    );
    const ready: Ready = {
      address: config.publicUrl,
      pages: [
        { name: 'home', path: '/en/' },
        { name: 'gallery', path: `/en/galleries/${featured}` },
        { name: 'print', path: `/en/prints/${first[0]!.print_id}?gallery=${featured}` },
      ],
      prints: seeded.prints.length,
      images: seeded.images,
      processingSeconds,
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

// ---------- measurements (this process) ----------

interface LighthouseFigures {
  performance: number;
  accessibility: number;
  transferKb: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  failedA11y: string[];
  /** The heaviest requests of the first load (what the transfer is made of). */
  heaviest: Array<{ url: string; kb: number }>;
  /** Performance audits that did not pass (what to fix first). */
  failedPerf: string[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

async function runLighthouse(url: string, port: number): Promise<LighthouseFigures> {
  const runs: LighthouseFigures[] = [];
  for (let i = 0; i < LH_RUNS; i += 1) {
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      // The default config is the mobile one: Moto G Power emulation, simulated slow 4G and 4x CPU slowdown.
      formFactor: 'mobile',
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    runs.push({
      performance: score('performance'),
      accessibility: score('accessibility'),
      transferKb: numeric('total-byte-weight') / 1024,
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      failedA11y: (lhr.categories.accessibility?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => ref.id),
      failedPerf: Object.values(lhr.audits)
        .filter((a) => a.scoreDisplayMode === 'metricSavings' && (a.score ?? 1) < 0.9)
        .map((a) => a.id),
      heaviest: ((lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items ?? [])
        .map((item) => item as { url: string; transferSize?: number })
        .map((item) => ({ url: item.url, kb: (item.transferSize ?? 0) / 1024 }))
        .sort((a, b) => b.kb - a.kb)
        .slice(0, 5),
    });
  }
  // The run with the median performance score, so the figures printed belong together.
  const performance = median(runs.map((r) => r.performance));
  const chosen = runs.find((r) => r.performance === performance)!;
  return { ...chosen, accessibility: Math.min(...runs.map((r) => r.accessibility)) };
}

interface LoadFigures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: {
    url: string;
    connections: number;
    duration: number;
    pipelining?: number;
    headers?: Record<string, string>;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** autocannon reports p90 and p97.5 but not p95: every response time is kept and the percentiles computed. */
function load(url: string, duration = DURATION, connections = CONNECTIONS): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    // As a browser asks: compressed (the pages are kept brotli- and gzip-compressed).
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const instance = autocannon({ url, connections, duration, pipelining: 1, headers }, (error, result) => {
      if (error) return reject(error);
      const sorted = Float64Array.from(times).sort();
      resolve({
        rps: result.requests.average,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        requests: result.requests.total,
        errors: result.errors,
        non2xx: result.non2xx,
      });
    });
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

// ---------- report ----------

const cell = (text: string, width: number) => text.padStart(width);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function main(): Promise<void> {
  if (process.env.BENCH_ROLE === 'server') return server();
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let chrome: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    process.stdout.write('bench: seeding the demo catalogue and processing its images…\n');
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
    });
    process.stdout.write(
      `bench: ${ready.prints} demo prints, ${ready.images} images processed in ${ready.processingSeconds.toFixed(0)} s; ` +
        `PGlite + local files, app in a child process; ${os.cpus().length} CPUs, load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );

    const lh = new Map<string, LighthouseFigures>();
    if (LH_RUNS > 0) {
      chrome = await launch({
        chromePath: CHROMIUM,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      });
      for (const page of ready.pages) {
        process.stdout.write(`lighthouse: ${page.name} (${LH_RUNS} run${LH_RUNS > 1 ? 's' : ''})…\n`);
        lh.set(page.name, await runLighthouse(ready.address + page.path, chrome.port));
      }
      chrome.kill();
      chrome = undefined;
    }

    // Warm up (JIT, caches), then the baseline and each page.
    for (const page of ready.pages) await load(ready.address + page.path, 2, 10);
    const targets = [{ name: 'healthz', path: '/healthz' }, ...ready.pages];
    const loads = new Map<string, LoadFigures>();
    for (const target of targets) {
      process.stdout.write(`autocannon: ${target.name} (${CONNECTIONS} connections, ${DURATION} s)…\n`);
      loads.set(target.name, await load(ready.address + target.path));
    }

    const out: string[] = [''];
    if (lh.size > 0)
      out.push(
        `Lighthouse ${LH_RUNS > 1 ? `(median of ${LH_RUNS} runs) ` : ''}— mobile emulation, simulated throttling`,
      );
    if (lh.size > 0)
      out.push(
        `${'page'.padEnd(10)}${['performance', 'accessibility', 'transfer KB', 'LCP ms', 'TBT ms', 'CLS']
          .map((h) => cell(h, 14))
          .join('')}`,
      );
    for (const page of lh.size > 0 ? ready.pages : []) {
      const f = lh.get(page.name)!;
      out.push(
        `${page.name.padEnd(10)}${[
          String(f.performance),
          String(f.accessibility),
          f.transferKb.toFixed(1),
          f.lcpMs.toFixed(0),
          f.tbtMs.toFixed(0),
          f.cls.toFixed(3),
        ]
          .map((c) => cell(c, 14))
          .join('')}${f.failedA11y.length ? `   failing: ${f.failedA11y.join(', ')}` : ''}`,
      );
    }
    if (process.env.BENCH_VERBOSE) {
      for (const page of lh.size > 0 ? ready.pages : []) {
        const f = lh.get(page.name)!;
        out.push(`  ${page.name}: audits to improve: ${f.failedPerf.join(', ') || 'none'}`);
        for (const r of f.heaviest)
          out.push(`    ${r.kb.toFixed(1).padStart(8)} KB  ${r.url.replace(ready.address, '')}`);
      }
    }
    out.push('');
    out.push(
      `autocannon — ${CONNECTIONS} connections, ${DURATION} s each, Accept-Encoding: gzip, deflate, br`,
    );
    out.push(
      `${'target'.padEnd(10)}${['req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'errors', 'vs healthz']
        .map((h) => cell(h, 12))
        .join('')}`,
    );
    const base = loads.get('healthz')!.rps;
    for (const target of targets) {
      const f = loads.get(target.name)!;
      out.push(
        `${target.name.padEnd(10)}${[
          f.rps.toFixed(0),
          f.p50.toFixed(1),
          f.p95.toFixed(1),
          f.p99.toFixed(1),
          String(f.requests),
          String(f.errors + f.non2xx),
          `${((f.rps / base) * 100).toFixed(0)}%`,
        ]
          .map((c) => cell(c, 12))
          .join('')}`,
      );
    }
    out.push('');
    out.push('Targets');
    for (const page of ready.pages) {
      const f = lh.get(page.name);
      const l = loads.get(page.name)!;
      out.push(
        `  ${page.name.padEnd(8)}` +
          (f
            ? ` performance ≥ ${TARGETS.performance}: ${mark(f.performance >= TARGETS.performance)}` +
              `   accessibility ${TARGETS.accessibility}: ${mark(f.accessibility >= TARGETS.accessibility)}`
            : '') +
          `   p95 < ${TARGETS.p95Ms} ms: ${mark(l.p95 < TARGETS.p95Ms && l.errors + l.non2xx === 0)}` +
          (f && page.name === 'home'
            ? `   first load < ${TARGETS.homeTransferKb} KB: ${mark(f.transferKb < TARGETS.homeTransferKb)}`
            : ''),
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (chrome) chrome.kill();
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
