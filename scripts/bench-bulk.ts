// Bulk edit benchmark: one artist with BENCH_PRINTS prints (default 1000, the most one bulk edit may change), on
// PostgreSQL and PGlite (in memory), through the same service call the studio and the artist API make: the dry run
// and the applied edit of year + technique + a new tag + a gallery + publishing (the files of the newly public prints
// follow as jobs after the commit), then unpublishing them all (their files move back inside the transaction, on
// the local file storage here). Prints wall time per step.
//
//   npm run bench:bulk
//   BENCH_PRINTS=200 npm run bench:bulk
import { performance } from 'node:perf_hooks';
import { createCatalogue } from '../src/modules/catalogue/index.js';
import { createStorage } from '../src/platform/storage/index.js';
import { createQueue } from '../src/platform/queue/index.js';
import { createArtist } from '../src/modules/auth/artists.js';
import { MAX_BULK_PRINTS } from '../src/modules/catalogue/bulk-edit-service.js';
import { createTempDir, ENGINES, openTestDatabase } from '../tests/helpers/db.js';

const N = Math.min(Number(process.env.BENCH_PRINTS ?? MAX_BULK_PRINTS), MAX_BULK_PRINTS);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`  ${label.padEnd(46)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
}

for (const engine of ENGINES) {
  const temp = await createTempDir('copper-bench-bulk-');
  const db = await openTestDatabase(engine, { DATA_DIR: temp.dir });
  try {
    const { db: kysely } = db.handle;
    const storage = createStorage(db.config);
    // A real job queue (pg-boss on the same database), as the web process has: newly public prints' files are
    // placed by 'media.place' jobs after the commit (nothing runs them here; sending them is timed).
    const queue = createQueue(db.handle, { supervise: false });
    await queue.start();
    const catalogue = createCatalogue({ db: kysely, storage, queue });
    const artist = await createArtist(db.handle, { email: 'bench@example.test', name: 'Bench' });
    const actor = { artistId: artist.id, actor: 'bench@example.test' };
    const rows = await kysely
      .insertInto('prints')
      .values(
        Array.from({ length: N }, (_, i) => ({
          artist_id: artist.id,
          title: JSON.stringify({ da: `Tryk ${i}`, en: `Print ${i}` }),
          alt_text: JSON.stringify({ da: 'Radering', en: 'Etching' }),
          technique_key: 'etching',
          year: 2000,
          image_status: 'completed' as const,
        })),
      )
      .returning('id')
      .execute();
    const printIds = rows.map((r) => r.id);
    // Each print has a processed image (one version row), so the publishing gate lets it through.
    const images = await kysely
      .insertInto('images')
      .values(
        printIds.map((printId) => ({
          artist_id: artist.id,
          print_id: printId,
          status: 'completed' as const,
          original_key: `originals/${printId}/original`,
        })),
      )
      .returning(['id', 'print_id'])
      .execute();
    await kysely
      .insertInto('image_versions')
      .values(
        images.map((image) => ({
          image_id: image.id,
          version: 'thumbnail' as const,
          storage_key: `images/${image.id}/thumbnail.webp`,
          width: 200,
          height: 200,
          bytes: 1000,
          format: 'webp',
        })),
      )
      .execute();
    for (const image of images) {
      await kysely
        .updateTable('prints')
        .set({ image_id: image.id })
        .where('id', '=', image.print_id!)
        .execute();
    }
    const gallery = await kysely
      .insertInto('galleries')
      .values({ artist_id: artist.id, title: JSON.stringify({ en: 'Bench' }), status: 'published' })
      .returning('id')
      .executeTakeFirstOrThrow();
    console.log(`${engine}: ${N} prints`);
    const set = {
      year: 2010,
      technique: 'aquatint',
      addTags: ['Bench tag'],
      addToGalleries: [gallery.id],
      status: 'published' as const,
    };
    const plan = await timed('dry run (plan, nothing written)', () =>
      catalogue.bulk.edit(actor, { printIds, set, dryRun: true }),
    );
    const applied = await timed('apply (one transaction, audit per print)', () =>
      catalogue.bulk.edit(actor, { printIds, set, dryRun: false }),
    );
    console.log(`  plan summary ${JSON.stringify(plan.summary)}; applied ${JSON.stringify(applied.summary)}`);
    await timed('apply again (nothing left to change)', () =>
      catalogue.bulk.edit(actor, { printIds, set, dryRun: false }),
    );
    await timed('unpublish all (files placed inside the transaction)', () =>
      catalogue.bulk.edit(actor, { printIds, set: { status: 'draft' }, dryRun: false }),
    );
    await timed('by filter: clear tags and galleries', () =>
      catalogue.bulk.edit(actor, { filter: { year: 2010 }, clear: ['tags', 'galleries'], dryRun: false }),
    );
    await queue.stop();
  } finally {
    await db.cleanup();
    await temp.cleanup();
  }
}
