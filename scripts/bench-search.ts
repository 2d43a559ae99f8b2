// Search load benchmark: a fresh PostgreSQL database seeded with 10,000 prints of realistic bilingual text (and
// with --large or BENCH_LARGE=1 then again with 100,000), the app listening in a child process, autocannon with 50
// connections against representative searches, faceted filter queries and suggestions through the HTTP API.
// Prints p50/p95/p99 latency (exact, from every response) and req/s, and EXPLAIN ANALYZE of the main query.
//
//   npm run bench:search                    (10 s per scenario)
//   BENCH_DURATION=5 npm run bench:search -- --large
//   TEST_PG_ADMIN_URL=postgres://… npm run bench:search
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/platform/db/index.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { DatabaseHandle } from '../src/platform/db/types.js';
import { createStorage } from '../src/platform/storage/index.js';
import { searchStatement } from '../src/modules/search/repository.js';
import { parseQuery } from '../src/modules/search/query.js';

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonResult {
  requests: { average: number };
  errors: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: { url: string; connections: number; duration: number; requests: { method: string; path: string }[] },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LARGE = process.argv.includes('--large') || process.env.BENCH_LARGE === '1';

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

// ---- realistic bilingual text ----

const PLACES: [string, string][] = [
  ['Nyhavn', 'Nyhavn'],
  ['Havnen', 'The harbour'],
  ['Skagen', 'Skagen'],
  ['Kongens Have', "The King's Garden"],
  ['Fyrtårnet', 'The lighthouse'],
  ['Stranden', 'The beach'],
  ['Skoven', 'The forest'],
  ['Møllen', 'The mill'],
  ['Domkirken', 'The cathedral'],
  ['Marken', 'The field'],
  ['Broen', 'The bridge'],
  ['Åen', 'The stream'],
  ['København', 'Copenhagen'],
  ['Aarhus', 'Aarhus'],
  ['Bornholm', 'Bornholm'],
  ['Vesterhavet', 'The North Sea'],
];
const WHEN: [string, string][] = [
  ['om morgenen', 'in the morning'],
  ['om aftenen', 'in the evening'],
  ['i tåge', 'in fog'],
  ['om vinteren', 'in winter'],
  ['i regn', 'in rain'],
  ['ved solnedgang', 'at sunset'],
  ['i måneskin', 'by moonlight'],
  ['', ''],
];
const ROMAN = ['', ' I', ' II', ' III', ' IV', ' V'];
const TECHNIQUES = [
  'etching',
  'engraving',
  'drypoint',
  'aquatint',
  'mezzotint',
  'soft-ground',
  'photogravure',
];
const TECH_TEXT: Record<string, [string, string]> = {
  etching: ['radering', 'etching'],
  engraving: ['kobberstik', 'engraving'],
  drypoint: ['tørnål', 'drypoint'],
  aquatint: ['akvatinte', 'aquatint'],
  mezzotint: ['mezzotinte', 'mezzotint'],
  'soft-ground': ['blødgrund', 'soft ground'],
  photogravure: ['fotogravure', 'photogravure'],
};
const PLATES = ['copper', 'zinc', 'steel', 'brass'];
const PAPERS = ['Hahnemühle', 'Somerset', 'Fabriano', 'Zerkall', 'Arches', 'Magnani'];
const MEDIA: [string, string][] = [
  ['Dybtryk', 'Intaglio'],
  ['Dybtryk med chine-collé', 'Intaglio with chine-collé'],
  ['Farvedybtryk', 'Colour intaglio'],
];
const SUBJECTS: [string, string][] = [
  ['Landskab', 'Landscape'],
  ['Arkitektur', 'Architecture'],
  ['Portræt', 'Portrait'],
  ['Havet', 'The sea'],
  ['Natur', 'Nature'],
];
const TAGS: [string, string, string][] = [
  ['havn', 'Havn', 'Harbour'],
  ['kobenhavn', 'København', 'Copenhagen'],
  ['natur', 'Natur', 'Nature'],
  ['hav', 'Hav', 'Sea'],
  ['skov', 'Skov', 'Forest'],
  ['by', 'By', 'City'],
  ['lys', 'Lys', 'Light'],
  ['vinter', 'Vinter', 'Winter'],
  ['tage', 'Tåge', 'Fog'],
  ['bade', 'Både', 'Boats'],
  ['traer', 'Træer', 'Trees'],
  ['kirke', 'Kirke', 'Church'],
];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same catalogue. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(handle: DatabaseHandle, count: number): Promise<{ galleryIds: string[] }> {
  const db = handle.db;
  const rand = rng(42);
  const pickOf = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const artist = await db
    .insertInto('artists')
    .values({ email: 'bench@example.test', display_name: 'Bench Artist' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const artistId = artist.id;
  const tagRows = await db
    .insertInto('tags')
    .values(TAGS.map(([slug, da, en]) => ({ artist_id: artistId, slug, label: JSON.stringify({ da, en }) })))
    .returning('id')
    .execute();
  const galleryRows = await db
    .insertInto('galleries')
    .values(
      PLACES.map(([da, en], i) => ({
        artist_id: artistId,
        status: i % 8 === 7 ? ('draft' as const) : ('published' as const),
        title: JSON.stringify({ da: `${da} — en serie`, en: `${en} — a series` }),
        description: JSON.stringify({
          da: `Raderinger og akvatinter fra ${da}.`,
          en: `Etchings and aquatints of ${en}.`,
        }),
        published_at: new Date(),
      })),
    )
    .returning('id')
    .execute();
  const galleryIds = galleryRows.map((g) => g.id);

  // Tags and galleries are attached after the prints; touching prints per tag row is skipped while seeding and the
  // search documents are rebuilt once at the end.
  await sql`alter table print_tags disable trigger print_tags_touch_print`.execute(db);
  const BATCH = 1000;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const [placeDa, placeEn] = pickOf(PLACES);
      const [whenDa, whenEn] = pickOf(WHEN);
      const roman = pickOf(ROMAN);
      const technique = pickOf(TECHNIQUES);
      const [techDa, techEn] = TECH_TEXT[technique]!;
      const paper = pickOf(PAPERS);
      const year = 1985 + Math.floor(rand() * 40);
      const englishOnly = rand() < 0.1;
      const title = englishOnly
        ? { en: `${placeEn} ${whenEn}${roman}`.trim() }
        : {
            da: `${placeDa} ${whenDa}${roman}`.replace(/\s+/g, ' ').trim(),
            en: `${placeEn} ${whenEn}${roman}`.trim(),
          };
      const descDa = `${techDa[0]!.toUpperCase()}${techDa.slice(1)} trykt på ${paper} papir. Motivet er ${placeDa.toLowerCase()} ${whenDa}, set fra vandet.`;
      const descEn = `${techEn[0]!.toUpperCase()}${techEn.slice(1)} printed on ${paper} paper. The motif is ${placeEn.toLowerCase()} ${whenEn}, seen from the water.`;
      const [subDa, subEn] = pickOf(SUBJECTS);
      const [medDa, medEn] = pickOf(MEDIA);
      const priced = rand() < 0.8;
      rows.push({
        artist_id: artistId,
        status: rand() < 0.9 ? ('published' as const) : ('draft' as const),
        title: JSON.stringify(title),
        description: JSON.stringify(englishOnly ? { en: descEn } : { da: descDa, en: descEn }),
        medium: JSON.stringify({ da: medDa, en: medEn }),
        subject: JSON.stringify({ da: subDa, en: subEn }),
        paper: JSON.stringify({ da: paper, en: paper }),
        technique_key: technique,
        plate_material_key: pickOf(PLATES),
        year,
        plate_height_mm: 100 + Math.floor(rand() * 500),
        plate_width_mm: 100 + Math.floor(rand() * 600),
        edition_size: 10 + Math.floor(rand() * 40),
        price_amount: priced ? 500 + Math.floor(rand() * 95) * 100 : null,
        price_currency: priced ? 'DKK' : null,
        published_at: new Date(Date.UTC(year, Math.floor(rand() * 12), 1)),
      });
    }
    const inserted = await db.insertInto('prints').values(rows).returning('id').execute();
    const tags = [];
    const members = [];
    const impressions = [];
    for (const [i, p] of inserted.entries()) {
      const n = Math.floor(rand() * 3);
      const chosen = new Set<string>();
      for (let k = 0; k < n + 1; k++) chosen.add(pickOf(tagRows).id);
      for (const tagId of chosen) tags.push({ print_id: p.id, tag_id: tagId });
      if (rand() < 0.5)
        members.push({ gallery_id: galleryIds[(start + i) % galleryIds.length]!, print_id: p.id });
      const pulled = Math.floor(rand() * 5);
      for (let k = 1; k <= pulled; k++) {
        const r = rand();
        impressions.push({
          print_id: p.id,
          kind: 'numbered' as const,
          number: k,
          status: r < 0.5 ? ('available' as const) : r < 0.85 ? ('sold' as const) : ('reserved' as const),
          location: r < 0.5 ? 'Atelier, skuffe 3' : null,
        });
      }
    }
    if (tags.length) await db.insertInto('print_tags').values(tags).execute();
    if (impressions.length) await db.insertInto('impressions').values(impressions).execute();
    if (members.length) {
      // Positions continue per gallery.
      await sql`
        insert into gallery_prints (gallery_id, print_id, position)
        select m.gallery_id::uuid, m.print_id::uuid,
          coalesce((select max(position) from gallery_prints gp where gp.gallery_id = m.gallery_id::uuid), 0)
            + row_number() over (partition by m.gallery_id order by m.print_id)
        from jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as m(gallery_id text, print_id text)
      `.execute(db);
    }
  }
  await sql`alter table print_tags enable trigger print_tags_touch_print`.execute(db);
  await sql`update prints set updated_at = now()`.execute(db); // rebuild search documents with the tags
  await sql`vacuum analyze`.execute(db);
  return { galleryIds };
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

function run(name: string, address: string, paths: string[], duration = DURATION): Promise<Row> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon(
      {
        url: address,
        connections: CONNECTIONS,
        duration,
        requests: paths.map((p) => ({ method: 'GET', path: p })),
      },
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
  galleryId: string;
  dbName: string;
  prints: number;
  seedSeconds: number;
  explain: string;
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
    const { galleryIds } = await seed(database, count);
    const seedSeconds = (performance.now() - started) / 1000;
    const explain = await explainMain(database);
    const storage = createStorage(config);
    const app = await buildApp({ config, database, storage, loggerInstance: pino({ level: 'silent' }) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ready: Ready = { address, galleryId: galleryIds[0]!, dbName, prints: count, seedSeconds, explain };
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

/** EXPLAIN ANALYZE of the main statement: a text search over both types with a filter and every facet. */
async function explainMain(database: DatabaseHandle): Promise<string> {
  const compiled = searchStatement({
    scope: { kind: 'public' },
    target: 'all',
    query: parseQuery('havnen vinter'),
    language: 'da',
    filters: { technique: ['etching', 'aquatint'] },
    offset: 0,
    limit: 20,
  }).compile(database.db);
  const { rows } = await database.executor.executeSql(
    `explain (analyze, buffers) ${compiled.sql}`,
    compiled.parameters,
  );
  return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
}

async function bench(count: number): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'server', BENCH_COUNT: String(count) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`the app process exited (${code})`)));
    });
    const { address } = ready;
    process.stdout.write(
      `\n=== ${count.toLocaleString('en')} prints (seeded in ${ready.seedSeconds.toFixed(1)} s), PostgreSQL ` +
        `${ready.dbName}, ${CONNECTIONS} connections, ${DURATION} s per scenario, ${os.cpus().length} CPUs ===\n`,
    );
    process.stdout.write(`\nEXPLAIN ANALYZE (q="havnen vinter", technique etching|aquatint, all facets):\n`);
    process.stdout.write(`${ready.explain}\n`);
    await run('warm-up', address, [...SEARCHES, ...filtersFor(ready.galleryId), ...SUGGESTS], 2);
    const rows = [
      await run('search (8 queries)', address, SEARCHES),
      await run('filters + facets (6)', address, filtersFor(ready.galleryId)),
      await run('suggest (7 prefixes)', address, SUGGESTS),
    ];
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
