// Demo data for a fresh install: 3 published galleries, 30 prints in Danish and English with impressions, tags
// and generated plate-like images (stored as originals and queued for processing).
//
//   npm run seed -- --demo            refuses when the artist already has a catalogue
//   npm run seed -- --demo --reset    deletes the artist's catalogue (rows and their stored files) first
//   npm run seed -- --demo --no-images
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../platform/db/types.js';
import type { Storage } from '../platform/storage/types.js';
import type { Queue } from '../platform/queue/index.js';
import { deleteImageFiles } from '../modules/media/originals.js';

export interface SeedOptions {
  /** Generate and store images (default true). */
  images?: boolean;
  /** Delete the artist's existing catalogue first. */
  reset?: boolean;
  queue?: Queue | undefined;
  /** Artist e-mail (default: the configured local artist). */
  email?: string;
  name?: string;
}

export interface SeedSummary {
  artistId: string;
  galleries: string[];
  prints: string[];
  impressions: number;
  tags: number;
  images: number;
  queued: number;
}

const PLACES: ReadonlyArray<readonly [da: string, en: string]> = [
  ['Nyhavn om morgenen', 'Nyhavn in the Morning'],
  ['Den lille havfrue', 'The Little Mermaid'],
  ['Rundetårn', 'The Round Tower'],
  ['Kronborg i tåge', 'Kronborg in Fog'],
  ['Møns Klint', 'The Cliffs of Møn'],
  ['Skagens fyr', 'Skagen Lighthouse'],
  ['Vadehavet ved ebbe', 'The Wadden Sea at Low Tide'],
  ['Bøgeskov i april', 'Beech Forest in April'],
  ['Roskilde Fjord', 'Roskilde Fjord'],
  ['Gammel gård på Fanø', 'Old Farm on Fanø'],
  ['Havnekran', 'Harbour Crane'],
  ['Fiskekuttere', 'Fishing Boats'],
  ['Vindmølle ved Dybbøl', 'Windmill at Dybbøl'],
  ['Marmorkirken', 'The Marble Church'],
  ['Børsens spir', 'The Spire of the Exchange'],
  ['Klitter ved Råbjerg', 'Dunes at Råbjerg'],
  ['Isfugl', 'Kingfisher'],
  ['Hejre i sivene', 'Heron in the Reeds'],
  ['Æbletræ om vinteren', 'Apple Tree in Winter'],
  ['Stormvejr over Limfjorden', 'Storm over the Limfjord'],
  ['Christianshavns Kanal', 'Christianshavn Canal'],
  ['Frederiksborg Slot', 'Frederiksborg Castle'],
  ['Gadekær', 'Village Pond'],
  ['Stendiget', 'The Stone Wall'],
  ['Dyrehaven', 'The Deer Park'],
  ['Tangbunke', 'Heaps of Seaweed'],
  ['Gamle pæle', 'Old Piles'],
  ['Kirkegårdsmur', 'Churchyard Wall'],
  ['Sommernat', 'Summer Night'],
  ['Bådebro', 'Jetty'],
];

const GALLERIES: ReadonlyArray<{ title: [string, string]; description: [string, string] }> = [
  {
    title: ['København i kobber', 'Copenhagen in Copper'],
    description: [
      'Raderinger af byens havne, tårne og kanaler.',
      "Etchings of the city's harbours, towers and canals.",
    ],
  },
  {
    title: ['Danske kyster', 'Danish Coasts'],
    description: [
      'Klitter, fyr og klinter i akvatinte og tørnål.',
      'Dunes, lighthouses and cliffs in aquatint and drypoint.',
    ],
  },
  {
    title: ['Natur på nært hold', 'Nature up Close'],
    description: [
      'Fugle, træer og skov — studier i linje og tone.',
      'Birds, trees and forest — studies in line and tone.',
    ],
  },
];

const TECHNIQUES = ['etching', 'aquatint', 'drypoint', 'engraving', 'mezzotint', 'soft-ground'] as const;
const PAPERS: ReadonlyArray<readonly [string, string]> = [
  ['Hahnemühle kobbertryk', 'Hahnemühle Copperplate'],
  ['Somerset Velvet', 'Somerset Velvet'],
  ['Zerkall bøttepapir', 'Zerkall mould-made'],
];
const TAGS: ReadonlyArray<readonly [slug: string, da: string, en: string]> = [
  ['harbour', 'Havn', 'Harbour'],
  ['coast', 'Kyst', 'Coast'],
  ['city', 'By', 'City'],
  ['birds', 'Fugle', 'Birds'],
  ['trees', 'Træer', 'Trees'],
  ['winter', 'Vinter', 'Winter'],
];

/** A plate-like image: hatching and cross-hatching lines on warm paper, with a plate mark. */
export async function plateImage(seed: number, width = 1600, height = 1200): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  let r = seed * 9301 + 49297;
  const rand = () => {
    r = (r * 9301 + 49297) % 233280;
    return r / 233280;
  };
  const lines: string[] = [];
  const m = 90;
  for (let layer = 0; layer < 3; layer += 1) {
    const angle = rand() * Math.PI;
    const cx = m + rand() * (width - 2 * m);
    const cy = m + rand() * (height - 2 * m);
    const radius = 250 + rand() * 350;
    const step = 5 + layer * 2;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    for (let o = -radius; o < radius; o += step) {
      const half = Math.sqrt(Math.max(radius * radius - o * o, 0)) * (0.6 + rand() * 0.4);
      const px = cx - dy * o;
      const py = cy + dx * o;
      lines.push(
        `<line x1="${(px - dx * half).toFixed(1)}" y1="${(py - dy * half).toFixed(1)}" x2="${(px + dx * half).toFixed(1)}" y2="${(py + dy * half).toFixed(1)}" stroke-width="${(0.8 + rand() * 1.4).toFixed(2)}"/>`,
      );
    }
  }
  const horizon = height * (0.45 + rand() * 0.2);
  for (let y = horizon; y < height - m; y += 7) {
    lines.push(
      `<line x1="${m}" y1="${y.toFixed(1)}" x2="${width - m}" y2="${(y + rand() * 6 - 3).toFixed(1)}" stroke-width="0.7"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><clipPath id="plate"><rect x="${m}" y="${m}" width="${width - 2 * m}" height="${height - 2 * m}"/></clipPath></defs>
    <rect width="100%" height="100%" fill="#f3ecdc"/>
    <rect x="${m - 20}" y="${m - 20}" width="${width - 2 * m + 40}" height="${height - 2 * m + 40}" fill="#ece2cc" stroke="#cbbd9f" stroke-width="3"/>
    <g clip-path="url(#plate)" stroke="#2b2118" stroke-linecap="round" opacity="0.85">${lines.join('')}</g>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function ensureArtist(database: DatabaseHandle, email: string, name: string): Promise<string> {
  const lower = email.toLowerCase();
  const found = await database.db
    .selectFrom('artists')
    .select('id')
    .where('email', '=', lower)
    .executeTakeFirst();
  if (found) return found.id;
  const row = await database.db
    .insertInto('artists')
    .values({ email: lower, display_name: name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Seeds the demo catalogue for one artist. Throws when the artist already has prints or galleries (unless reset). */
export async function seedDemo(
  config: Config,
  database: DatabaseHandle,
  storage: Storage,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const { db } = database;
  const artistId = await ensureArtist(
    database,
    options.email ?? config.localArtist.email,
    options.name ?? config.localArtist.name,
  );
  const existing = await sql<{ n: number }>`
    select (select count(*) from prints where artist_id = ${artistId})
         + (select count(*) from galleries where artist_id = ${artistId}) as n`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) > 0) {
    if (!options.reset)
      throw new Error('The artist already has a catalogue; run with --reset to replace it.');
    const images = await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('galleries').where('artist_id', '=', artistId).execute();
      await trx.deleteFrom('prints').where('artist_id', '=', artistId).execute();
      const removed = await trx
        .deleteFrom('images')
        .where('artist_id', '=', artistId)
        .returning(['id', 'original_key'])
        .execute();
      await trx.deleteFrom('tags').where('artist_id', '=', artistId).execute();
      return removed;
    });
    // After the commit, the files of exactly the rows removed: versions and tiles (either area) and the original.
    for (const image of images)
      await deleteImageFiles(storage, { id: image.id, originalKey: image.original_key });
  }

  const withImages = options.images ?? true;
  const summary: SeedSummary = {
    artistId,
    galleries: [],
    prints: [],
    impressions: 0,
    tags: 0,
    images: 0,
    queued: 0,
  };
  const imageIds: string[] = [];
  // Images first (outside the transaction: files are not transactional).
  const originals: Array<{ imageId: string; bytes: number } | undefined> = [];
  for (let i = 0; i < PLACES.length; i += 1) {
    if (!withImages) {
      originals.push(undefined);
      continue;
    }
    const jpeg = await plateImage(i + 1);
    const imageId = randomUUID();
    await storage.put('originals', `originals/${imageId}/original`, jpeg, {
      contentType: 'image/jpeg',
      contentLength: jpeg.length,
    });
    originals.push({ imageId, bytes: jpeg.length });
  }

  await db.transaction().execute(async (trx) => {
    const tagIds = new Map<string, string>();
    for (const [slug, da, en] of TAGS) {
      const row = await trx
        .insertInto('tags')
        .values({ artist_id: artistId, slug, label: JSON.stringify({ da, en }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      tagIds.set(slug, row.id);
    }
    summary.tags = tagIds.size;
    for (const [i, [da, en]] of PLACES.entries()) {
      const technique = TECHNIQUES[i % TECHNIQUES.length]!;
      const paper = PAPERS[i % PAPERS.length]!;
      const editionSize = [10, 15, 20, 25, 30, 50][i % 6]!;
      const heightCm = 20 + (i % 5) * 5;
      const widthCm = 25 + (i % 4) * 5;
      const print = await trx
        .insertInto('prints')
        .values({
          artist_id: artistId,
          status: 'published',
          title: JSON.stringify({ da, en }),
          description: JSON.stringify({
            da: `${da}: trykt fra kobberplade i ${editionSize} eksemplarer.`,
            en: `${en}: printed from a copper plate in an edition of ${editionSize}.`,
          }),
          alt_text: JSON.stringify({ da: `Grafisk tryk: ${da}`, en: `Intaglio print: ${en}` }),
          artist_name: JSON.stringify({ da: config.localArtist.name, en: config.localArtist.name }),
          medium: JSON.stringify({ da: 'Dybtryk', en: 'Intaglio' }),
          paper: JSON.stringify({ da: paper[0], en: paper[1] }),
          ink: JSON.stringify({ da: 'Charbonnel sort', en: 'Charbonnel black' }),
          printing_press: JSON.stringify({ da: 'Polymetaal dybtrykspresse', en: 'Polymetaal etching press' }),
          edition_state: JSON.stringify({ da: 'Endelig tilstand', en: 'Final state' }),
          copyright_terms: JSON.stringify({
            da: 'Alle rettigheder forbeholdes.',
            en: 'All rights reserved.',
          }),
          year: 2015 + (i % 10),
          technique_key: technique,
          plate_material_key: i % 5 === 4 ? 'zinc' : 'copper',
          availability_key: i % 7 === 6 ? 'sold' : 'available',
          plate_height_mm: heightCm * 10,
          plate_width_mm: widthCm * 10,
          sheet_height_mm: heightCm * 10 + 100,
          sheet_width_mm: widthCm * 10 + 100,
          edition_size: editionSize,
          artist_proofs: 3,
          price_amount: 1200 + (i % 6) * 400,
          price_currency: 'DKK',
          published_at: new Date(Date.now() - (PLACES.length - i) * 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      summary.prints.push(print.id);
      const tagSlugs = [TAGS[i % TAGS.length]![0], TAGS[(i + 2) % TAGS.length]![0]];
      for (const slug of tagSlugs) {
        await trx
          .insertInto('print_tags')
          .values({ print_id: print.id, tag_id: tagIds.get(slug)! })
          .execute();
      }
      const pulled = Math.min(editionSize, 3 + (i % 5));
      for (let n = 1; n <= pulled; n += 1) {
        await trx
          .insertInto('impressions')
          .values({
            print_id: print.id,
            kind: 'numbered',
            number: n,
            status: n % 3 === 0 ? 'sold' : 'available',
            printed_on: `${2015 + (i % 10)}-0${1 + (n % 9)}-1${n % 9}`,
          })
          .execute();
      }
      await trx
        .insertInto('impressions')
        .values({ print_id: print.id, kind: 'AP', number: 1, status: 'reserved' })
        .execute();
      summary.impressions += pulled + 1;
      const original = originals[i];
      if (original) {
        await trx
          .insertInto('images')
          .values({
            id: original.imageId,
            artist_id: artistId,
            print_id: print.id,
            status: 'processing',
            original_key: `originals/${original.imageId}/original`,
            original_filename: `plate-${i + 1}.jpg`,
            original_content_type: 'image/jpeg',
            original_bytes: original.bytes,
          })
          .execute();
        await trx
          .updateTable('prints')
          .set({ image_id: original.imageId, image_status: 'processing' })
          .where('id', '=', print.id)
          .execute();
        imageIds.push(original.imageId);
      }
    }
    for (const [g, gallery] of GALLERIES.entries()) {
      const members = summary.prints.filter((_, i) => i % GALLERIES.length === g);
      const row = await trx
        .insertInto('galleries')
        .values({
          artist_id: artistId,
          status: 'published',
          title: JSON.stringify({ da: gallery.title[0], en: gallery.title[1] }),
          description: JSON.stringify({ da: gallery.description[0], en: gallery.description[1] }),
          cover_print_id: members[0] ?? null,
          featured: g === 0,
          published_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      summary.galleries.push(row.id);
      for (const [pos, printId] of members.entries()) {
        await trx
          .insertInto('gallery_prints')
          .values({ gallery_id: row.id, print_id: printId, position: pos + 1 })
          .execute();
      }
    }
    await trx
      .insertInto('audit_events')
      .values({
        artist_id: artistId,
        actor: 'seed',
        action: 'catalogue.seeded',
        details: JSON.stringify({ demo: true }),
      })
      .execute();
  });
  summary.images = imageIds.length;
  if (options.queue) {
    for (const imageId of imageIds) {
      if (await options.queue.send('image.process', { imageId })) summary.queued += 1;
    }
  }
  return summary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      demo: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      'no-images': { type: 'boolean', default: false },
    },
  });
  if (!values.demo) {
    process.stderr.write('usage: npm run seed -- --demo [--reset] [--no-images]\n');
    process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config.js');
  const { openDatabase } = await import('../platform/db/index.js');
  const { migrateToLatest } = await import('../platform/db/migrate.js');
  const { createStorage } = await import('../platform/storage/index.js');
  const { createQueue } = await import('../platform/queue/index.js');
  const config = loadConfig();
  const database = await openDatabase(config);
  let queue: Queue | undefined;
  try {
    await migrateToLatest(database);
    const storage = createStorage(config);
    const images = !values['no-images'];
    if (images) {
      queue = createQueue(database, { supervise: false });
      await queue.start();
    }
    const s = await seedDemo(config, database, storage, { images, reset: values.reset, queue });
    process.stdout.write(
      `Seeded the demo catalogue for artist ${s.artistId}:\n` +
        `  ${s.galleries.length} published galleries, ${s.prints.length} prints (da + en), ` +
        `${s.impressions} impressions, ${s.tags} tags\n` +
        `  ${s.images} original images stored, ${s.queued} queued for processing (the worker makes the versions)\n`,
    );
  } finally {
    await queue?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
