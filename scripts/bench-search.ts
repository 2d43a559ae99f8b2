// Search load benchmark: a fresh PostgreSQL database seeded with 10,000 prints of realistic bilingual text (and
// with --large or BENCH_LARGE=1 then again with 100,000), the app listening in a child process, autocannon with 50
// connections against representative searches, faceted filter queries and suggestions through the HTTP API.
// Prints req/s and p50/p95/p99 latency (exact, from every response), EXPLAIN ANALYZE of the main queries and the
// time to load the in-memory snapshot of the published catalogue.
//
// Every scenario runs twice: "repeated" cycles through a few requests (as visitors repeat popular searches: the
// answer cache serves them), "distinct" sends a request never seen before every time (no answer can be reused:
// PostgreSQL stems the words into tsqueries, they are matched and ranked over the in-memory index, filters and
// facets counted over the snapshot, the page's snippets highlighted by PostgreSQL).
//
//   npm run bench:search                    (10 s per scenario)
//   BENCH_DURATION=5 npm run bench:search -- --large
//   BENCH_CONNECTIONS=1 npm run bench:search   (latency without queueing)
//   TEST_PG_ADMIN_URL=postgres://… npm run bench:search
//   BENCH_ONLY=distinct npm run bench:search      (only scenarios whose name contains the text)
//   BENCH_CPU_PROFILE=/tmp/prof npm run bench:search   (V8 CPU profile of the app process, for DevTools)
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/platform/db/index.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { DatabaseHandle } from '../src/platform/db/types.js';
import type { Database } from '../src/platform/db/schema.js';
import { createStorage } from '../src/platform/storage/index.js';
import { headlines, searchStatement, textQueries } from '../src/modules/search/repository.js';
import { parseQuery } from '../src/modules/search/query.js';
import { runPublicSearch } from '../src/modules/search/public-index/engine.js';
import { publicCatalogue } from '../src/modules/search/public-index/repository.js';
import { buildSnapshot } from '../src/modules/search/public-index/snapshot.js';
import { matchText, parseTsQuery } from '../src/modules/search/public-index/text-index.js';
import { foldFor } from '../src/modules/search/public-index/normalize.js';
import { distinct, filterParams, lang, pick, seedCatalogue, WORDS, words } from './bench-catalogue.ts';

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonResult {
  requests: { average: number };
  errors: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest?: (req: { method: string; path: string }) => { method: string; path: string };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: { url: string; connections: number; duration: number; requests: AutocannonRequest[] },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LARGE = process.argv.includes('--large') || process.env.BENCH_LARGE === '1';
const ONLY = process.env.BENCH_ONLY ?? '';
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

// ---- scenarios ----

const SEARCHES = [
  '/api/v1/search?q=nyhavn&language=da',
  '/api/v1/search?q=akvatinte&language=da',
  '/api/v1/search/prints?q=etchings%20harbour&language=en',
  '/api/v1/search/prints?q=hahnemuhle&language=en',
  '/api/v1/search/prints?q=kobenhavn%20vinter&language=da',
  '/api/v1/search?q=lighthouse%20fog&language=en',
  '/api/v1/search/prints?q=raderinger&language=da',
  '/api/v1/search/prints?q=mezzot&language=en',
];
const filtersFor = (galleryId: string) => [
  '/api/v1/search/prints?technique=etching&yearFrom=2000&yearTo=2015&language=da',
  '/api/v1/search/prints?q=havnen&technique=aquatint&technique=etching&priceMax=3000',
  `/api/v1/search/prints?gallery=${galleryId}&availability=available`,
  '/api/v1/search/prints?tags=havn&plateMaterial=copper&plateHeightMin=200&plateHeightMax=400',
  '/api/v1/search/prints?q=skagen&medium=intaglio&priceMin=1000&priceMax=5000&language=en',
  '/api/v1/search/prints?yearFrom=2010&availability=available&availability=reserved',
];
const SUGGESTS = [
  '/api/v1/search/suggest?q=ny&language=da',
  '/api/v1/search/suggest?q=nyhav&language=da',
  '/api/v1/search/suggest?q=akva&language=da',
  '/api/v1/search/suggest?q=light&language=en',
  '/api/v1/search/suggest?q=kobenh&language=da',
  '/api/v1/search/suggest?q=harbr&language=en',
  '/api/v1/search/suggest?q=skov&language=da',
];

const distinctSearches = () =>
  distinct((rand) => {
    const language = lang(rand);
    const target = pick(rand, ['/api/v1/search', '/api/v1/search/prints']);
    return `${target}?q=${encodeURIComponent(words(rand, language))}&language=${language}`;
  });

const distinctFilters = (galleryIds: string[]) =>
  distinct((rand) => {
    const params = filterParams(rand, galleryIds);
    params.set('language', lang(rand));
    return `/api/v1/search/prints?${params.toString()}`;
  });

const distinctSuggests = () =>
  distinct((rand) => {
    const language = lang(rand);
    const word = pick(rand, WORDS[language]);
    let typed = word.slice(0, Math.min(word.length, 2 + Math.floor(rand() * 7)));
    // Now and then a typo: one letter dropped.
    if (typed.length > 4 && rand() < 0.25) {
      const at = 1 + Math.floor(rand() * (typed.length - 2));
      typed = typed.slice(0, at) + typed.slice(at + 1);
    }
    const prefix = rand() < 0.3 ? `${pick(rand, WORDS[language])} ` : '';
    return `/api/v1/search/suggest?q=${encodeURIComponent(prefix + typed)}&language=${language}`;
  });

interface Row {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bad: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

/** Runs one scenario: a fixed list of paths cycled through, or a generator giving the next path of every request. */
function run(
  name: string,
  address: string,
  paths: string[] | (() => string),
  duration = DURATION,
): Promise<Row> {
  const requests: AutocannonRequest[] = Array.isArray(paths)
    ? paths.map((p) => ({ method: 'GET', path: p }))
    : [{ method: 'GET', path: '/', setupRequest: (req) => ({ ...req, path: paths() }) }];
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon(
      { url: address, connections: CONNECTIONS, duration, requests },
      (error, result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        resolve({
          name,
          rps: result.requests.average,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          bad: result.errors + result.non2xx,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

interface Ready {
  address: string;
  galleryIds: string[];
  dbName: string;
  prints: number;
  seedSeconds: number;
  explain: string;
  snapshot: { loadMs: number; buildMs: number };
}

/** Child process: fresh database, seeded catalogue, the app listening; answers 'ready', stops on 'stop'. */
async function server(count: number): Promise<void> {
  const dbName = `copper_bench_search_${Date.now().toString(36)}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-bench-search-'));
  await admin(`create database "${dbName}"`);
  const url = new URL(ADMIN);
  url.pathname = `/${dbName}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    PORT: '0',
    RATE_LIMIT_SEARCH_PER_MINUTE: String(Number.MAX_SAFE_INTEGER),
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10',
  });
  const database = await openDatabase(config);
  const cleanup = async () => {
    await database.close().catch(() => undefined);
    // BENCH_KEEP_DB=1 leaves the seeded database behind for EXPLAIN by hand (drop it afterwards).
    if (process.env.BENCH_KEEP_DB === '1') process.stdout.write(`kept database ${dbName}\n`);
    else await admin(`drop database if exists "${dbName}" with (force)`);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database);
    const started = performance.now();
    const galleryIds = await seedCatalogue(database, count);
    const seedSeconds = (performance.now() - started) / 1000;
    const explain = await explainMain(database);
    const snapshot = await snapshotCost(database);
    const storage = createStorage(config);
    const app = await buildApp({ config, database, storage, loggerInstance: pino({ level: 'silent' }) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ready: Ready = { address, galleryIds, dbName, prints: count, seedSeconds, explain, snapshot };
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

/** Loading the published catalogue into memory (what a change of the catalogue costs the next search). */
async function snapshotCost(database: DatabaseHandle): Promise<Ready['snapshot']> {
  const fold = await foldFor(database.db);
  await publicCatalogue(database.db); // warm
  const t0 = performance.now();
  const rows = await publicCatalogue(database.db);
  const t1 = performance.now();
  const snapshot = buildSnapshot(rows, fold);
  snapshot.terms();
  snapshot.text();
  const t2 = performance.now();
  return { loadMs: t1 - t0, buildMs: t2 - t1 };
}

/** EXPLAIN ANALYZE of one compiled statement; the plan, or only its timing lines. */
async function explain(
  database: DatabaseHandle,
  compiled: { sql: string; parameters: readonly unknown[] },
  full: boolean,
): Promise<string> {
  // Twice: the first run pays for the connection's catalogue cache.
  await database.executor.executeSql(`explain (analyze) ${compiled.sql}`, compiled.parameters);
  const { rows } = await database.executor.executeSql(
    `explain (analyze, buffers) ${compiled.sql}`,
    compiled.parameters,
  );
  const lines = rows.map((r) => String(r['QUERY PLAN']));
  return (full ? lines : lines.filter((l) => /^(Planning|Execution) Time/.test(l))).join('\n');
}

/** Compiles what a repository function would run (its last statement), without running it. */
async function compiled(
  run: (db: Kysely<Database>) => Promise<unknown>,
): Promise<{ sql: string; parameters: readonly unknown[] }> {
  let captured: { sql: string; parameters: readonly unknown[] } | undefined;
  const dry = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      captured = event.query;
    },
  });
  await run(dry);
  if (!captured) throw new Error('nothing was compiled');
  return captured;
}

/**
 * EXPLAIN ANALYZE of the main queries of a public search for "havnen vinter" (Danish) with the techniques etching
 * and aquatint: the word match with ranks, and the page of 20 hits with highlighted snippets. Plus, for
 * comparison, the single statement of the artist's inventory search (everything in SQL, facets included).
 */
async function explainMain(database: DatabaseHandle): Promise<string> {
  const query = parseQuery('havnen vinter');
  const querySql = await compiled((db) => textQueries(db, query));
  const texts = await textQueries(database.db, query);
  const tsq = { da: parseTsQuery(texts.da), en: parseTsQuery(texts.en) };
  const fold = await foldFor(database.db);
  const snapshot = buildSnapshot(await publicCatalogue(database.db), fold);
  const i0 = performance.now();
  snapshot.text();
  const indexMs = performance.now() - i0;
  const m0 = performance.now();
  for (let i = 0; i < 20; i++) matchText(snapshot.text(), tsq, 'da', snapshot.docCount);
  const matchMs = (performance.now() - m0) / 20;
  const matches = matchText(snapshot.text(), tsq, 'da', snapshot.docCount);
  const found = runPublicSearch(snapshot, {
    target: 'all',
    language: 'da',
    filters: { technique: ['etching', 'aquatint'] },
    matches,
    offset: 0,
    limit: 20,
  });
  const page = found.page.map((doc) => ({
    title: snapshot.title.da[doc] ?? snapshot.title.en[doc] ?? '',
    description: snapshot.description.da[doc] ?? snapshot.description.en[doc] ?? '',
  }));
  const pageSql = await compiled((db) => headlines(db, page, texts, 'da'));
  const t0 = performance.now();
  for (let i = 0; i < 20; i++)
    runPublicSearch(snapshot, {
      target: 'all',
      language: 'da',
      filters: { technique: ['etching', 'aquatint'] },
      matches,
      offset: 0,
      limit: 20,
    });
  const engineMs = (performance.now() - t0) / 20;
  const artist = (await database.db.selectFrom('artists').select('id').executeTakeFirstOrThrow()).id;
  const artistSql = searchStatement({
    artistId: artist,
    target: 'all',
    query,
    language: 'da',
    filters: { technique: ['etching', 'aquatint'] },
    offset: 0,
    limit: 20,
  }).compile(database.db);
  return [
    `1. the words' tsqueries (stemmed by PostgreSQL: da ${texts.da}, en ${texts.en}):`,
    await explain(database, querySql, false),
    `   matched and ranked over the in-memory index: ${matchMs.toFixed(2)} ms (${matches.docs.length} documents; ` +
      `index built once per catalogue change in ${indexMs.toFixed(0)} ms)`,
    `2. filters, facets and order over the in-memory snapshot: ${engineMs.toFixed(2)} ms (${found.total} hits)`,
    `3. highlighted snippets of the page's ${found.page.length} hits (titles, texts and thumbnails come from the snapshot):`,
    await explain(database, pageSql, true),
    `For comparison, the artist's inventory search (one SQL statement, facets in SQL, drafts included):`,
    await explain(database, artistSql, false),
  ].join('\n');
}

/**
 * Runs a scenario while the catalogue changes once a second (as an artist at work): every change moves the
 * generation, so cached answers and the snapshot are rebuilt on the next request.
 */
async function whileChanging<T>(dbName: string, scenario: () => Promise<T>): Promise<T> {
  const url = new URL(ADMIN);
  url.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const timer = setInterval(() => {
    void client
      .query(
        `update prints set year = year where id = (select id from prints where status = 'published' limit 1)`,
      )
      .catch(() => undefined);
  }, 1000);
  try {
    return await scenario();
  } finally {
    clearInterval(timer);
    await client.end();
  }
}

async function bench(count: number): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'server', BENCH_COUNT: String(count) },
    execArgv: [...process.execArgv, ...(CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
    });
    const { address, galleryIds } = ready;
    process.stdout.write(
      `\n=== ${count.toLocaleString('en')} prints (seeded in ${ready.seedSeconds.toFixed(1)} s), PostgreSQL ` +
        `${ready.dbName}, ${CONNECTIONS} connections, ${DURATION} s per scenario, ${os.cpus().length} CPUs, ` +
        `load average ${os.loadavg()[0]!.toFixed(2)} ===\n`,
    );
    process.stdout.write(
      `\nSnapshot of the published catalogue: read ${ready.snapshot.loadMs.toFixed(0)} ms, built ` +
        `${ready.snapshot.buildMs.toFixed(0)} ms (paid once by the first search after a change)\n`,
    );
    process.stdout.write(`\nEXPLAIN ANALYZE (q="havnen vinter", language da, technique etching|aquatint):\n`);
    process.stdout.write(`${ready.explain}\n`);
    const filters = filtersFor(galleryIds[0]!);
    await run('warm-up', address, [...SEARCHES, ...filters, ...SUGGESTS], 2);
    const scenarios: [string, () => Promise<Row>][] = [
      ['search, repeated (8)', () => run('search, repeated (8)', address, SEARCHES)],
      ['search, distinct', () => run('search, distinct', address, distinctSearches())],
      ['filters, repeated (6)', () => run('filters, repeated (6)', address, filters)],
      ['filters, distinct', () => run('filters, distinct', address, distinctFilters(galleryIds))],
      ['suggest, repeated (7)', () => run('suggest, repeated (7)', address, SUGGESTS)],
      ['suggest, distinct', () => run('suggest, distinct', address, distinctSuggests())],
      [
        'search, 1 change/s',
        () => whileChanging(ready.dbName, () => run('search, 1 change/s', address, SEARCHES)),
      ],
    ];
    const rows: Row[] = [];
    for (const [name, scenario] of scenarios) if (name.includes(ONLY)) rows.push(await scenario());
    const head = ['req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
    process.stdout.write(`\n${'scenario'.padEnd(24)}${head.map((h) => h.padStart(10)).join('')}\n`);
    for (const r of rows) {
      const cells = [r.rps.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), String(r.bad)];
      process.stdout.write(`${r.name.padEnd(24)}${cells.map((c) => c.padStart(10)).join('')}\n`);
    }
  } finally {
    child.send('stop');
    await exited;
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ROLE === 'server') return server(Number(process.env.BENCH_COUNT ?? 10_000));
  await bench(10_000);
  if (LARGE) await bench(100_000);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
