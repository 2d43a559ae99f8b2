// Public page benchmark: the app as `npm start` runs it (embedded PGlite in a temp DATA_DIR, local files, an
// in-process worker that processes the demo images), seeded with the demo catalogue (`npm run seed -- --demo`,
// real generated plate images) and, for the search page, BENCH_PRINTS (10,000) more prints of realistic bilingual
// text (scripts/bench-catalogue.ts, as bench:search). Once every image is processed the worker stops (the web role
// alone serves visitors) and this process measures:
//   - Lighthouse (mobile emulation, simulated throttling; the median of BENCH_LH_RUNS runs) on the home, gallery,
//     print, search, CV, about and contact pages and a viewing room's page: performance and accessibility scores
//     and the total transfer of a first load;
//   - autocannon with BENCH_CONNECTIONS (50) connections for BENCH_DURATION seconds each, sending the
//     Accept-Encoding a browser sends: req/s and p50/p95/p99 latency measured from every response, for the home,
//     gallery and print pages and the search page — a few searches repeated (as visitors repeat popular ones),
//     never-seen words, never-seen filter choices, and the GET form as a browser without JavaScript submits it
//     (every field, the empty ones too) — against GET /healthz as the baseline of the same run; then home and
//     search again with BENCH_HIGH_CONNECTIONS (500) connections.
//
//   npm run bench:pages
//   BENCH_DURATION=5 BENCH_LH_RUNS=1 npm run bench:pages
//   BENCH_LH_RUNS=0 npm run bench:pages          (load only)
//   BENCH_PRINTS=0 npm run bench:pages           (the demo catalogue alone)
//   BENCH_ONLY=search npm run bench:pages        (only targets whose name contains the text, and healthz, home)
//   BENCH_LH_PAGES=home,gallery,search npm run bench:pages   (Lighthouse on those pages only)
//   BENCH_PRINT_IMAGES=4 npm run bench:pages     (the measured print page's print has 4 images: issue 19)
//   BENCH_VERBOSE=1 npm run bench:pages          (also the heaviest requests and failing audits per page)
//   BENCH_CPU_PROFILE=/tmp/prof npm run bench:pages   (V8 CPU profile of the app process, for DevTools)
//   BENCH_SKIP='images,search new' npm run bench:load  (the mix without those kinds)
//
// `npm run bench:load` (this script with --load) holds BENCH_LOAD_CONNECTIONS (500) visitors for
// BENCH_LOAD_DURATION (60) seconds on a mix of home, gallery list, gallery, print and search pages (repeated and
// never-seen searches), image versions and now and then a page that does not exist, all at once; it prints
// p50/p95/p99 per kind, the unexpected answers (errors, timeouts and statuses other than 200, or 404 for the
// missing pages: must be 0) and the app process's peak resident memory while the load runs.
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
import { createRoomService } from '../src/modules/rooms/plugin.js';
import { NUMBER_FIELDS } from '../src/modules/search/page-params.js';
import { distinct, filterParams, lang, seedCatalogue, words } from './bench-catalogue.ts';

const LOAD_MODE = process.argv.includes('--load');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const HIGH_CONNECTIONS = Number(process.env.BENCH_HIGH_CONNECTIONS ?? 500);
const LOAD_CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 500);
const LOAD_DURATION = Number(process.env.BENCH_LOAD_DURATION ?? 60);
const EXTRA_PRINTS = Number(process.env.BENCH_PRINTS ?? 10_000);
const ONLY = process.env.BENCH_ONLY ?? '';
/** Images of the print whose page is measured (1: the demo print's own; more: other demo pictures added to it). */
const PRINT_IMAGES = Math.max(1, Math.min(8, Number(process.env.BENCH_PRINT_IMAGES ?? 1)));
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const LH_RUNS = LOAD_MODE ? 0 : Math.max(0, Number(process.env.BENCH_LH_RUNS ?? 3));
const LH_PAGES = (process.env.BENCH_LH_PAGES ?? '').split(',').filter(Boolean);
/** Tries of one Lighthouse run: on a busy machine its trace now and then misses the navigation (NO_NAVSTART). */
const LH_TRIES = 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PROCESSING_TIMEOUT_MS = 15 * 60_000;

/** The acceptance targets of the public gallery (issue #7) and of the search page (issue #21). */
const TARGETS = {
  performance: 95,
  accessibility: 100,
  homeTransferKb: 400,
  p95Ms: 30,
  searchNewP95Ms: 60,
  searchShareOfHome: 0.25,
};

// ---------- the app (child process) ----------

interface Ready {
  address: string;
  pages: Array<{ name: string; path: string }>;
  /** A viewing room of six demo prints (no password), for Lighthouse. */
  roomPath: string;
  /** Every demo gallery and print (the load mix walks them all). */
  galleryPaths: string[];
  printPaths: string[];
  /** Published galleries of the extra catalogue (filters may name them). */
  galleryIds: string[];
  prints: number;
  extraPrints: number;
  images: number;
  processingSeconds: number;
  catalogueSeconds: number;
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
    // The seed processes every image itself (the worker's job handler, in process) before it publishes.
    const seeded = await seedDemo(config, database, storage);
    if (PRINT_IMAGES > 1) await addImagesToMeasuredPrint(database, queue, seeded.galleries[0]!, PRINT_IMAGES);
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
    // The search page's catalogue: prints of realistic text (no images), as bench:search seeds them.
    const catalogueStarted = performance.now();
    const galleryIds = EXTRA_PRINTS > 0 ? await seedCatalogue(database, EXTRA_PRINTS) : seeded.galleries;
    const catalogueSeconds = (performance.now() - catalogueStarted) / 1000;
    // The web role serves visitors alone (Heroku: separate worker dynos).
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    queue = undefined;

    // A viewing room as the artist makes one for a curator: six prints, prices shown, deep zoom allowed.
    const { rows: owner } = await sql<{ id: string; email: string }>`
      select id, email from artists order by created_at limit 1`.execute(database.db);
    const room = await (
      await createRoomService(config, database)
    ).create(
      { artistId: owner[0]!.id, actor: owner[0]!.email },
      {
        title: { da: 'Nye tilstande', en: 'New states' },
        note: { da: 'Prøvetryk fra efteråret.', en: 'Proofs from the autumn.' },
        printIds: seeded.prints.slice(0, 6),
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        showPrices: true,
        deepZoom: true,
      },
    );

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
      roomPath: `/en${new URL(room.url!).pathname}`,
      galleryPaths: seeded.galleries.map((id) => `/galleries/${id}`),
      printPaths: seeded.prints.map((id) => `/prints/${id}`),
      galleryIds,
      prints: seeded.prints.length,
      extraPrints: EXTRA_PRINTS,
      images: seeded.images,
      processingSeconds,
      catalogueSeconds,
    };
    let peakRss = 0;
    let sampler: NodeJS.Timeout | undefined;
    process.send?.(ready);
    process.on('message', (message) => {
      // The peak resident memory while the load runs (sampled; it includes what the seed left in this process).
      if (message === 'rss-start') {
        peakRss = process.memoryUsage.rss();
        sampler ??= setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
        return;
      }
      if (message === 'rss') {
        if (sampler) clearInterval(sampler);
        sampler = undefined;
        return process.send?.({ peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20 });
      }
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
    let lhr;
    for (let attempt = 1; ; attempt += 1) {
      const result = await lighthouse(url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        // The default config is the mobile one: Moto G Power emulation, simulated slow 4G and 4x CPU slowdown.
        formFactor: 'mobile',
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      lhr = result.lhr;
      if (!lhr.runtimeError) break;
      const problem = `Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
      if (attempt >= LH_TRIES) throw new Error(problem);
      process.stdout.write(`  ${problem}; trying again\n`);
    }
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
  /** Errors, timeouts and answers whose status was not the expected one. */
  bad: number;
}

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest?: (req: { method: string; path: string }) => { method: string; path: string };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: {
    url: string;
    connections: number;
    duration: number;
    pipelining?: number;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** What to ask: one path, a list cycled through, or a generator giving the path of every request. */
type Paths = string | string[] | (() => string);

/**
 * autocannon reports p90 and p97.5 but not p95: every response time is kept and the percentiles computed. Any status
 * other than `expect` counts as bad, like errors and timeouts.
 */
function load(
  address: string,
  paths: Paths,
  { duration = DURATION, connections = CONNECTIONS, expect = 200 } = {},
): Promise<LoadFigures> {
  const requests: AutocannonRequest[] =
    typeof paths === 'function'
      ? [{ method: 'GET', path: '/', setupRequest: (req) => ({ ...req, path: paths() }) }]
      : (Array.isArray(paths) ? paths : [paths]).map((path) => ({ method: 'GET', path }));
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let unexpected = 0;
    // As a browser asks: compressed (the pages are kept brotli- and gzip-compressed).
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const instance = autocannon(
      { url: address, connections, duration, pipelining: 1, headers, requests },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(times).sort();
        resolve({
          rps: result.requests.average,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          requests: result.requests.total,
          bad: result.errors + unexpected,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status !== expect) unexpected += 1;
    });
  });
}

// ---------- the search page's requests ----------

/** Searches visitors repeat (the first page of popular words, one filtered browse). */
const REPEATED_SEARCHES = [
  '/en/search?q=havn',
  '/da/search?q=havnen',
  '/en/search?q=etchings%20harbour',
  '/da/search?q=kobenhavn%20vinter',
  '/en/search?q=lighthouse%20fog',
  '/da/search?q=raderinger',
  '/en/search?q=mezzot',
  '/en/search?technique=etching&yearFrom=2000&yearTo=2015',
];

/** Never-seen words, in either language, on the page's first pages. */
const newSearches = () =>
  distinct((rand) => {
    const language = lang(rand);
    const page = rand() < 0.2 ? `&page=${2 + Math.floor(rand() * 3)}` : '';
    return `/${language}/search?q=${encodeURIComponent(words(rand, language))}${page}`;
  });

/** Never-seen filter choices (and now and then words), as the page's links and its script ask. */
const newFilters = (galleryIds: string[]) =>
  distinct((rand) => `/${lang(rand)}/search?${filterParams(rand, galleryIds).toString()}`);

/** The number fields of the form, in its order: a browser submits them all, empty when nothing was typed. */
const FORM_NUMBERS: readonly string[] = NUMBER_FIELDS;

/** The GET form submitted without JavaScript: never-seen choices, every field sent (the empty ones too). */
const formSubmissions = (galleryIds: string[]) =>
  distinct((rand) => {
    const chosen = filterParams(rand, galleryIds);
    const form = new URLSearchParams();
    form.set('q', chosen.get('q') ?? (rand() < 0.5 ? words(rand, 'da') : ''));
    for (const [name, value] of chosen)
      if (name !== 'q' && !FORM_NUMBERS.includes(name)) form.append(name, value);
    for (const name of FORM_NUMBERS) form.set(name, chosen.get(name) ?? '');
    return `/${lang(rand)}/search?${form.toString()}`;
  });

// ---------- report ----------

const cell = (text: string, width: number) => text.padStart(width);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** req/s, p50, p95, p99, requests and bad answers, as table cells. */
const figures = (f: LoadFigures) => [
  f.rps.toFixed(0),
  f.p50.toFixed(1),
  f.p95.toFixed(1),
  f.p99.toFixed(1),
  String(f.requests),
  String(f.bad),
];
const row = (name: string, cells: string[], width: number) =>
  `${name.padEnd(14)}${cells.map((c) => cell(c, width)).join('')}`;

function loadTable(title: string, rows: Array<[string, LoadFigures]>, base: number): string[] {
  const out = [title];
  out.push(
    `${'target'.padEnd(14)}${['req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'bad', 'vs healthz']
      .map((h) => cell(h, 11))
      .join('')}`,
  );
  for (const [name, f] of rows) {
    out.push(row(name, [...figures(f), `${((f.rps / base) * 100).toFixed(0)}%`], 11));
  }
  return out;
}

/** The page figures: Lighthouse, then each target alone at CONNECTIONS, then home and search at HIGH_CONNECTIONS. */
async function pagesBench(ready: Ready): Promise<void> {
  const lh = new Map<string, LighthouseFigures>();
  const lhPages = [
    ...ready.pages,
    { name: 'search', path: '/en/search?q=havn' },
    { name: 'cv', path: '/en/cv' },
    { name: 'about', path: '/da/about' },
    { name: 'contact', path: '/da/contact' },
    { name: 'room', path: ready.roomPath },
  ].filter((p) => LH_PAGES.length === 0 || LH_PAGES.includes(p.name));
  let chrome: Awaited<ReturnType<typeof launch>> | undefined;
  if (LH_RUNS > 0) {
    try {
      chrome = await launch({
        chromePath: CHROMIUM,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      });
      for (const page of lhPages) {
        process.stdout.write(`lighthouse: ${page.name} (${LH_RUNS} run${LH_RUNS > 1 ? 's' : ''})…\n`);
        lh.set(page.name, await runLighthouse(ready.address + page.path, chrome.port));
      }
    } finally {
      chrome?.kill();
    }
  }

  const a = ready.address;
  const targets: Array<{ name: string; paths: () => Paths; high?: boolean }> = [
    { name: 'healthz', paths: () => '/healthz', high: true },
    { name: 'home', paths: () => ready.pages[0]!.path, high: true },
    { name: 'gallery', paths: () => ready.pages[1]!.path },
    { name: 'print', paths: () => ready.pages[2]!.path },
    { name: 'search', paths: () => REPEATED_SEARCHES, high: true },
    { name: 'search new', paths: () => newSearches(), high: true },
    { name: 'filters new', paths: () => newFilters(ready.galleryIds) },
    { name: 'form no-JS', paths: () => formSubmissions(ready.galleryIds) },
  ].filter((t) => t.name === 'healthz' || t.name === 'home' || t.name.includes(ONLY));

  // Warm up (JIT, caches): the pages and the repeated searches, briefly.
  for (const paths of [ready.pages.map((p) => p.path), REPEATED_SEARCHES]) {
    await load(a, paths, { duration: 2, connections: 10 });
  }
  const low = new Map<string, LoadFigures>();
  for (const target of targets) {
    process.stdout.write(`autocannon: ${target.name} (${CONNECTIONS} connections, ${DURATION} s)…\n`);
    low.set(target.name, await load(a, target.paths()));
  }
  const high = new Map<string, LoadFigures>();
  for (const target of targets.filter((t) => t.high)) {
    process.stdout.write(`autocannon: ${target.name} (${HIGH_CONNECTIONS} connections, ${DURATION} s)…\n`);
    high.set(target.name, await load(a, target.paths(), { connections: HIGH_CONNECTIONS }));
  }
  const out: string[] = [''];
  if (lh.size > 0) {
    out.push(
      `Lighthouse ${LH_RUNS > 1 ? `(median of ${LH_RUNS} runs) ` : ''}— mobile emulation, simulated throttling`,
    );
    out.push(
      `${'page'.padEnd(10)}${['performance', 'accessibility', 'transfer KB', 'LCP ms', 'TBT ms', 'CLS']
        .map((h) => cell(h, 14))
        .join('')}`,
    );
    for (const page of lhPages) {
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
      for (const page of lhPages) {
        const f = lh.get(page.name)!;
        out.push(`  ${page.name}: audits to improve: ${f.failedPerf.join(', ') || 'none'}`);
        for (const r of f.heaviest)
          out.push(`    ${r.kb.toFixed(1).padStart(8)} KB  ${r.url.replace(ready.address, '')}`);
      }
    }
    out.push('');
  }
  out.push(
    ...loadTable(
      `autocannon — ${CONNECTIONS} connections, ${DURATION} s each, Accept-Encoding: gzip, deflate, br`,
      [...low],
      low.get('healthz')!.rps,
    ),
    '',
    ...loadTable(
      `autocannon — ${HIGH_CONNECTIONS} connections, ${DURATION} s each`,
      [...high],
      high.get('healthz')!.rps,
    ),
  );
  out.push('');
  out.push('Targets');
  for (const page of ready.pages) {
    const f = lh.get(page.name);
    const l = low.get(page.name);
    if (!l) continue;
    out.push(
      `  ${page.name.padEnd(12)}` +
        (f
          ? ` performance ≥ ${TARGETS.performance}: ${mark(f.performance >= TARGETS.performance)}` +
            `   accessibility ${TARGETS.accessibility}: ${mark(f.accessibility >= TARGETS.accessibility)}`
          : '') +
        `   p95 < ${TARGETS.p95Ms} ms: ${mark(l.p95 < TARGETS.p95Ms && l.bad === 0)}` +
        (f && page.name === 'home'
          ? `   first load < ${TARGETS.homeTransferKb} KB: ${mark(f.transferKb < TARGETS.homeTransferKb)}`
          : ''),
    );
  }
  const search = low.get('search');
  if (search)
    out.push(
      `  search        p95 ≤ ${TARGETS.p95Ms} ms (repeated, ${CONNECTIONS} connections): ` +
        mark(search.p95 <= TARGETS.p95Ms && search.bad === 0),
    );
  for (const name of ['search new', 'filters new', 'form no-JS']) {
    const f = low.get(name);
    if (f)
      out.push(
        `  ${name.padEnd(13)} p95 ≤ ${TARGETS.searchNewP95Ms} ms (never seen, ${CONNECTIONS} connections): ` +
          mark(f.p95 <= TARGETS.searchNewP95Ms && f.bad === 0),
      );
  }
  const home = high.get('home');
  for (const name of ['search', 'search new']) {
    const f = high.get(name);
    if (f && home)
      out.push(
        `  ${name.padEnd(13)} ≥ ${TARGETS.searchShareOfHome * 100}% of home's req/s at ${HIGH_CONNECTIONS} connections, ` +
          `0 bad: ${mark(f.rps >= TARGETS.searchShareOfHome * home.rps && f.bad === 0)} ` +
          `(${((f.rps / home.rps) * 100).toFixed(0)}%)`,
      );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Image URLs the pages show (every version their srcsets name), for the load mix. */
async function imagePaths(address: string, pagePaths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of pagePaths) {
    const html = await (await fetch(address + path)).text();
    for (const m of html.matchAll(/\/media\/[^"\s,]+/g)) found.add(m[0]);
  }
  return [...found];
}

/** The load mix: BENCH_LOAD_CONNECTIONS visitors at once for BENCH_LOAD_DURATION seconds, per kind of request. */
async function loadBench(ready: Ready, child: ReturnType<typeof fork>): Promise<void> {
  const a = ready.address;
  const both = (paths: string[]) => paths.flatMap((p) => [`/da${p}`, `/en${p}`]);
  const images = await imagePaths(a, both([...ready.galleryPaths, ...ready.printPaths.slice(0, 10)]));
  if (images.length === 0) throw new Error('no image URL found on the gallery and print pages');
  let missing = 0;
  let mix: Array<{ name: string; share: number; paths: Paths; expect?: number }> = [
    { name: 'home', share: 0.12, paths: ['/da/', '/en/'] },
    { name: 'gallery list', share: 0.06, paths: ['/da/galleries', '/en/galleries'] },
    { name: 'gallery', share: 0.12, paths: both(ready.galleryPaths) },
    { name: 'print', share: 0.24, paths: both(ready.printPaths) },
    { name: 'search', share: 0.1, paths: REPEATED_SEARCHES },
    { name: 'search new', share: 0.06, paths: newSearches() },
    { name: 'images', share: 0.26, paths: images },
    {
      name: 'not found',
      share: 0.04,
      expect: 404,
      paths: () => (++missing % 2 ? `/en/prints/${randomUuid(missing)}` : `/da/no-such-page-${missing}`),
    },
  ];
  // BENCH_SKIP=images,search new leaves kinds out (the others keep their own connections).
  const skip = (process.env.BENCH_SKIP ?? '').split(',').map((k) => k.trim());
  mix = mix.filter((m) => !skip.includes(m.name));
  process.stdout.write(
    `load: ${LOAD_CONNECTIONS} connections for ${LOAD_DURATION} s: ` +
      `${mix.map((m) => `${m.name} ${Math.round(m.share * 100)}%`).join(', ')} (${images.length} image URLs)…\n`,
  );
  await load(a, [...both(['/', '/galleries']), ...REPEATED_SEARCHES], { duration: 2, connections: 10 });
  child.send('rss-start');
  const results = await Promise.all(
    mix.map((m) =>
      load(a, m.paths, {
        duration: LOAD_DURATION,
        connections: Math.max(1, Math.round(m.share * LOAD_CONNECTIONS)),
        expect: m.expect ?? 200,
      }),
    ),
  );
  const rss = await new Promise<number>((resolve) => {
    child.once('message', (m) => resolve((m as { peakRssMb: number }).peakRssMb));
    child.send('rss');
  });
  const out = [''];
  out.push(
    `Load — ${LOAD_CONNECTIONS} connections for ${LOAD_DURATION} s, all kinds at once (Accept-Encoding: br)`,
  );
  out.push(
    `${'kind'.padEnd(14)}${['connections', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'bad']
      .map((h) => cell(h, 12))
      .join('')}`,
  );
  for (const [i, m] of mix.entries()) {
    const f = results[i]!;
    out.push(row(m.name, [String(Math.max(1, Math.round(m.share * LOAD_CONNECTIONS))), ...figures(f)], 12));
  }
  const total = results.reduce((sum, f) => sum + f.rps, 0);
  const bad = results.reduce((sum, f) => sum + f.bad, 0);
  out.push(`all           ${cell(String(LOAD_CONNECTIONS), 12)}${cell(total.toFixed(0), 12)}`);
  out.push('');
  out.push(
    `app process peak resident memory during the load (sampled every 50 ms; this process also ran the seed and its image processing before): ${rss.toFixed(0)} MB`,
  );
  out.push(`unexpected answers (errors, timeouts, wrong statuses): ${bad} — ${mark(bad === 0)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * The measured print (the featured gallery's first) gets further images — detail, signature, verso… — made from
 * other demo prints' originals (shared keys: the bench's data folder is thrown away), processed by the worker like
 * any added image (decision 024), with alt text in both languages so the page is as published.
 */
async function addImagesToMeasuredPrint(
  database: Awaited<ReturnType<typeof openDatabase>>,
  queue: ReturnType<typeof createQueue>,
  galleryId: string,
  count: number,
): Promise<void> {
  const { rows: first } = await sql<{ print_id: string }>`
    select print_id from gallery_prints where gallery_id = ${galleryId} order by position limit 1`.execute(
    database.db,
  );
  const printId = first[0]!.print_id;
  const { rows: donors } = await sql<{ artist_id: string; original_key: string }>`
    select artist_id, original_key from images where print_id <> ${printId} order by created_at limit ${count - 1}`.execute(
    database.db,
  );
  const roles = ['detail', 'signature', 'verso', 'plate_mark', 'in_situ', 'other', 'detail'] as const;
  for (const [i, donor] of donors.entries()) {
    const image = await database.db
      .insertInto('images')
      .values({
        artist_id: donor.artist_id,
        print_id: printId,
        status: 'processing',
        original_key: donor.original_key,
        role: roles[i]!,
        position: i + 1,
        alt_text: JSON.stringify({ da: `Billede ${i + 2} af trykket`, en: `View ${i + 2} of the print` }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await queue.send('image.process', { imageId: image.id });
  }
}

/** A version-4-shaped UUID no print has. */
function randomUuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

async function main(): Promise<void> {
  if (process.env.BENCH_ROLE === 'server') return server();
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'server' },
    execArgv: [...process.execArgv, ...(CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.stdout.write(
      `bench: seeding the demo catalogue and processing its images` +
        (EXTRA_PRINTS > 0 ? `, then ${EXTRA_PRINTS.toLocaleString('en')} more prints…\n` : '…\n'),
    );
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
    });
    process.stdout.write(
      `bench: ${ready.prints} demo prints, ${ready.images} images processed in ${ready.processingSeconds.toFixed(0)} s; ` +
        `${ready.extraPrints.toLocaleString('en')} more prints seeded in ${ready.catalogueSeconds.toFixed(0)} s; ` +
        `PGlite + local files, app in a child process; ${os.cpus().length} CPUs, load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
    if (LOAD_MODE) await loadBench(ready, child);
    else await pagesBench(ready);
    process.stdout.write(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (a shared machine: compare ratios within one run)\n`,
    );
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
