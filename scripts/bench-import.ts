// npm run bench:import — the inventory spreadsheet import (issue 22) with BENCH_ROWS rows (default 2,000) on the
// embedded PGlite (on disk, as `npm start` runs it) and on PostgreSQL (a throw-away database on
// BENCH_PG_ADMIN_URL, default the local server). Per engine, in the same run:
//   baseline   the same prints created one by one through the prints service (one transaction each), as a
//              script calling the artist API would;
//   dry run    reading the file and planning it against an empty catalogue;
//   apply      the import itself (one transaction, one audit event per print);
//   re-import  the export of the result read back (a dry run and an apply, both no-ops).
// Prints wall times and their ratio to the baseline (the machine's other load moves the absolute figures).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { admin, dbUrl } from './bench-postgres.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const TECHNIQUES = ['etching', 'aquatint', 'drypoint', 'engraving', 'mezzotint'];

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    inventoryNumber: `B-${String(i + 1).padStart(5, '0')}`,
    titleDa: `Plade ${i + 1}, Æbeløs tilstand`,
    titleEn: `Plate ${i + 1}, state of Æbelø`,
    year: 1990 + (i % 35),
    technique: TECHNIQUES[i % TECHNIQUES.length]!,
    plateHeightMm: 200 + (i % 100),
    plateWidthMm: 300 + (i % 50),
    paperDa: 'Hahnemühle kobbertryk',
    paperEn: 'Hahnemühle copperplate',
    editionSize: 10 + (i % 40),
    artistProofs: i % 5,
    price: 1200 + (i % 30) * 100,
    tags: i % 3 === 0 ? ['sea', 'night'] : ['harbour'],
  }));
}

function csvOf(data: ReturnType<typeof rows>): string {
  const header =
    'inventory_number;title_da;title_en;year;technique;plate_height_mm;plate_width_mm;paper_da;paper_en;edition_size;artist_proofs;price;currency;tags_en';
  const lines = data.map((r) =>
    [
      r.inventoryNumber,
      r.titleDa,
      r.titleEn,
      r.year,
      r.technique,
      r.plateHeightMm,
      r.plateWidthMm,
      r.paperDa,
      r.paperEn,
      r.editionSize,
      r.artistProofs,
      `${r.price},00`,
      'DKK',
      `"${r.tags.join('; ')}"`,
    ].join(';'),
  );
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function benchEngine(engine: 'pglite' | 'postgres') {
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/platform/db/index.js');
  const { migrateToLatest } = await import('../src/platform/db/migrate.js');
  const { createStorage } = await import('../src/platform/storage/index.js');
  const { createCatalogue } = await import('../src/modules/catalogue/index.js');
  const { createArtist } = await import('../src/modules/auth/artists.js');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cpg-bench-import-'));
  const dbName = `copper_bench_import_${Date.now().toString(36)}`;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    await admin(`create database ${dbName}`);
    databaseUrl = dbUrl(dbName);
  }
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
  });
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    const catalogue = createCatalogue({ db: database.db, storage: createStorage(config) });
    const a = await createArtist(database, { email: 'import@bench.test', name: 'Import' });
    const b = await createArtist(database, { email: 'baseline@bench.test', name: 'Baseline' });
    const importer = { artistId: a.id, actor: 'import@bench.test' };
    const baseliner = { artistId: b.id, actor: 'baseline@bench.test' };
    const data = rows(ROWS);
    const file = csvOf(data);

    const baseline = await timed(async () => {
      for (const r of data) {
        await catalogue.prints.create(
          baseliner,
          {
            inventoryNumber: r.inventoryNumber,
            title: { da: r.titleDa, en: r.titleEn },
            year: r.year,
            technique: r.technique,
            plateDimensions: { heightMm: r.plateHeightMm, widthMm: r.plateWidthMm },
            paperType: { da: r.paperDa, en: r.paperEn },
            editionSize: r.editionSize,
            artistProofs: r.artistProofs,
            price: { amount: r.price, currency: 'DKK' },
            tags: r.tags,
          },
          'en',
        );
      }
    });
    const dry = await timed(() => catalogue.inventory.import(importer, file, { dryRun: true }));
    const apply = await timed(() => catalogue.inventory.import(importer, file, { dryRun: false }));
    if (apply.value.summary.create !== ROWS)
      throw new Error(`expected ${ROWS} creates: ${JSON.stringify(apply.value.summary)}`);
    const exported = await timed(() => catalogue.inventory.exportCsv(importer));
    const reDry = await timed(() =>
      catalogue.inventory.import(importer, exported.value.csv, { dryRun: true }),
    );
    const reApply = await timed(() =>
      catalogue.inventory.import(importer, exported.value.csv, { dryRun: false }),
    );
    if (reApply.value.summary.unchanged !== ROWS) {
      throw new Error(`the re-import changed something: ${JSON.stringify(reApply.value.summary)}`);
    }
    return {
      engine,
      fileKb: Math.round(Buffer.byteLength(file) / 1024),
      baselineMs: baseline.ms,
      dryRunMs: dry.ms,
      applyMs: apply.ms,
      exportMs: exported.ms,
      reimportDryRunMs: reDry.ms,
      reimportApplyMs: reApply.ms,
    };
  } finally {
    await database.close();
    if (engine === 'postgres') await admin(`drop database if exists ${dbName} with (force)`);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

console.log(
  `bench:import — ${ROWS.toLocaleString('en')} rows, node ${process.version}, ${os.cpus().length} CPUs`,
);
for (const engine of ['pglite', 'postgres'] as const) {
  const r = await benchEngine(engine);
  const ratio = (ms: number) => `${(ms / r.baselineMs).toFixed(3)}× baseline`;
  console.log(`\n${engine} (file ${r.fileKb} KB)`);
  console.log(`  baseline: ${ROWS} prints through the prints service, one by one  ${fmt(r.baselineMs)}`);
  console.log(
    `  import dry run                                             ${fmt(r.dryRunMs)}  (${ratio(r.dryRunMs)})`,
  );
  console.log(
    `  import apply (one transaction)                             ${fmt(r.applyMs)}  (${ratio(r.applyMs)})`,
  );
  console.log(
    `  export CSV                                                 ${fmt(r.exportMs)}  (${ratio(r.exportMs)})`,
  );
  console.log(
    `  re-import of the export, dry run (all unchanged)           ${fmt(r.reimportDryRunMs)}  (${ratio(r.reimportDryRunMs)})`,
  );
  console.log(
    `  re-import of the export, apply (no-op)                     ${fmt(r.reimportApplyMs)}  (${ratio(r.reimportApplyMs)})`,
  );
}
