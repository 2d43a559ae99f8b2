// What the artist's spreadsheet exports cost at a working printmaker's scale: 200 prints of 50 numbered impressions
// each (10,000 impressions), 2,000 of them sold through the business service to 500 contacts. Each export (the
// impression ledger, sales and contacts as CSV) is timed against its baseline in the same run: the same rows read
// with one plain query, so the ratio is what building the file adds.
//
//   npm run bench:exports
//   BENCH_PRINTS=100 BENCH_SALES=500 npm run bench:exports
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createArtist } from '../src/modules/auth/artists.js';
import { BusinessService } from '../src/modules/business/service.js';
import { ExportService } from '../src/modules/exports/service.js';
import { createStorage } from '../src/platform/storage/index.js';
import { createTempDir, ENGINES, openTestDatabase } from '../tests/helpers/db.js';

const PRINTS = Number(process.env.BENCH_PRINTS ?? 200);
const PER_PRINT = 50;
const SALES = Number(process.env.BENCH_SALES ?? 2000);
const CONTACTS = 500;
const RUNS = 5;

/** Median ms of RUNS calls (after one warm-up). */
async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

console.log(
  `exports: ${PRINTS} prints × ${PER_PRINT} impressions = ${PRINTS * PER_PRINT}, ${SALES} sales to ${CONTACTS} contacts; median of ${RUNS} runs`,
);
for (const engine of ENGINES) {
  const temp = await createTempDir('copper-bench-exports-');
  const db = await openTestDatabase(engine, { DATA_DIR: temp.dir });
  try {
    const kysely = db.handle.db;
    const artist = await createArtist(db.handle, { email: 'bench@example.test', name: 'Bench' });
    const actor = { artistId: artist.id, actor: 'bench@example.test' };
    const prints = await kysely
      .insertInto('prints')
      .values(
        Array.from({ length: PRINTS }, (_, i) => ({
          artist_id: artist.id,
          title: JSON.stringify({ da: `Havn ${i}, æøå`, en: `Harbour ${i}` }),
          technique_key: 'etching',
          year: 2000 + (i % 25),
          edition_size: PER_PRINT,
        })),
      )
      .returning('id')
      .execute();
    const impressions = await kysely
      .insertInto('impressions')
      .values(
        prints.flatMap((p) =>
          Array.from({ length: PER_PRINT }, (_, n) => ({
            print_id: p.id,
            kind: 'numbered' as const,
            number: n + 1,
            paper: 'Hahnemühle Kupferdruck',
            price_amount: '2400',
            price_currency: 'DKK',
          })),
        ),
      )
      .returning('id')
      .execute();
    const business = new BusinessService(kysely, () => undefined);
    const contacts = [];
    for (let i = 0; i < CONTACTS; i++)
      contacts.push(
        await business.createContact(actor, {
          kind: i % 10 === 0 ? 'dealer' : 'collector',
          name: `Samler ${i} Ærø`,
          email: `samler${i}@example.test`,
        }),
      );
    const recordStarted = performance.now();
    for (let i = 0; i < SALES; i++)
      await business.recordSale(actor, {
        impressionIds: [impressions[i * Math.floor(impressions.length / SALES)]!.id],
        contactId: contacts[i % CONTACTS]!.id,
        date: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`,
        price: { amount: 2400 + i, currency: i % 7 === 0 ? 'EUR' : 'DKK' },
        channel: 'studio',
      });
    const perSale = (performance.now() - recordStarted) / SALES;

    const exports = new ExportService(kysely, createStorage(db.config));
    const rows = [
      {
        name: 'impression ledger CSV',
        run: () => exports.ledgerCsv(actor),
        baseline: () =>
          sql`select i.* from impressions i join prints p on p.id = i.print_id where p.artist_id = ${artist.id}`.execute(
            kysely,
          ),
      },
      {
        name: 'sales CSV',
        run: () => business.salesCsv(actor),
        baseline: () =>
          sql`select s.*, l.* from sales s join sale_lines l on l.sale_id = s.id where s.artist_id = ${artist.id}`.execute(
            kysely,
          ),
      },
      {
        name: 'contacts CSV',
        run: () => business.contactsCsv(actor),
        baseline: () => sql`select * from contacts where artist_id = ${artist.id}`.execute(kysely),
      },
    ];
    console.log(`\n${engine}: recording a sale through the service ${perSale.toFixed(1)} ms each`);
    console.log('export                  rows     bytes   export ms   one query ms   ratio');
    for (const row of rows) {
      const file = await row.run();
      const exportMs = await median(row.run);
      const baseMs = await median(row.baseline);
      console.log(
        `${row.name.padEnd(22)} ${String(file.count).padStart(5)} ${String(Buffer.byteLength(file.csv)).padStart(9)} ` +
          `${exportMs.toFixed(1).padStart(11)} ${baseMs.toFixed(1).padStart(14)} ${(exportMs / baseMs).toFixed(2).padStart(7)}×`,
      );
    }
  } finally {
    await db.cleanup();
    await temp.cleanup();
  }
}
