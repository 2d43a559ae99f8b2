// Demo data for a fresh install: 3 galleries, 30 prints in Danish and English with impressions, tags and
// generated plate-like images. The catalogue is written as drafts, every image goes through the worker's own
// processing job right here (this CLI may load sharp; the web process may not), and only then are prints and
// galleries published through the catalogue service's publishing gate — the rule the studio and the API follow
// (a print needs its processed image). So a visitor never sees a published print without its image, even before
// any worker has run.
//
//   npm run seed -- --demo            refuses when the artist already has a catalogue
//   npm run seed -- --demo --reset    deletes the artist's catalogue (rows and their stored files) first
//   npm run seed -- --demo --count 6  only the first 6 prints (quicker)
//   npm run seed -- --demo --no-images  no images: everything stays a draft (nothing can pass the gate)
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../platform/db/types.js';
import type { Storage } from '../platform/storage/types.js';
import { handleImageProcessJob, type MediaDeps } from '../modules/media/service.js';
import { createCatalogue, type Actor } from '../modules/catalogue/index.js';
import { BusinessService } from '../modules/business/service.js';
import type { PrintInputBody } from '../modules/catalogue/schemas.js';
import { findArtistByEmail } from '../modules/auth/artists-repository.js';
import { createArtist } from '../modules/auth/artists.js';
import { deleteArtistEnquiries, insertEnquiry } from '../modules/enquiries/repository.js';

export interface SeedOptions {
  /** Generate, store and process images, then publish (default true). Without: drafts only. */
  images?: boolean;
  /** Delete the artist's existing catalogue first. */
  reset?: boolean;
  /** How many of the demo prints to make, 1 to 30 (default 30). */
  count?: number;
  /** Artist e-mail (default: the configured local artist). */
  email?: string;
  name?: string;
  /** Progress lines (images take a second or two each). */
  log?: (line: string) => void;
}

export interface SeedSummary {
  artistId: string;
  galleries: string[];
  prints: string[];
  impressions: number;
  tags: number;
  /** Images stored and processed. */
  images: number;
  /** Prints and galleries published (through the publishing gate). */
  published: { prints: number; galleries: number };
  /** Exhibitions recorded for the CV. */
  exhibitions: number;
  /** Demo enquiries in the studio's inbox (their notifications in the outbox). */
  enquiries: number;
  /** Demo business records (decision 022); none when the artist already had contacts. */
  business: { contacts: number; sales: number; consignments: number };
}

/** The demo CV: a few exhibitions of every kind, each showing some of the demo prints. */
const EXHIBITIONS = [
  {
    kind: 'solo',
    title: 'Kobber og salt',
    venue: 'Kunsthal Møn',
    city: 'Stege',
    country: 'Danmark',
    startDate: '2024-03-02',
    endDate: '2024-04-14',
    description: { da: 'Nye raderinger fra kysten.', en: 'New etchings from the coast.' },
  },
  {
    kind: 'group',
    title: 'Grafik Nu',
    venue: 'Den Frie Udstillingsbygning',
    city: 'København',
    country: 'Danmark',
    startDate: '2023-09-08',
    endDate: '2023-10-22',
    description: { da: 'Nordisk grafik i dag.', en: 'Nordic printmaking today.' },
  },
  {
    kind: 'art-fair',
    title: 'London Original Print Fair',
    venue: 'Somerset House',
    city: 'London',
    country: 'United Kingdom',
    startDate: '2023-04-20',
    endDate: '2023-04-23',
  },
  {
    kind: 'museum-acquisition',
    title: 'Den Kongelige Kobberstiksamling',
    venue: 'Statens Museum for Kunst',
    city: 'København',
    country: 'Danmark',
    startDate: '2022-11-01',
  },
  { kind: 'award', title: 'Grafikprisen', city: 'Aarhus', country: 'Danmark', startDate: '2021-06-12' },
] as const;

/** The demo has this many prints at most (one per place). */
export const DEMO_PRINTS = 30;

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
  const found = await findArtistByEmail(database.db, lower);
  if (found) return found.id;
  // Provisioned like `npm run artist -- create`: the first artist of a site is its owner.
  return (await createArtist(database, { email: lower, name })).id;
}

/**
 * Seeds the demo catalogue for one artist, through the catalogue's own services (the rules, the audit trail and
 * the publishing gate of the studio and the API). Throws when the artist already has prints or galleries (unless
 * reset).
 */
export async function seedDemo(
  config: Config,
  database: DatabaseHandle,
  storage: Storage,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const count = options.count ?? DEMO_PRINTS;
  if (!Number.isInteger(count) || count < 1 || count > DEMO_PRINTS) {
    throw new Error(`The demo has 1 to ${DEMO_PRINTS} prints; --count ${count} is outside that.`);
  }
  const { db } = database;
  const artistId = await ensureArtist(
    database,
    options.email ?? config.localArtist.email,
    options.name ?? config.localArtist.name,
  );
  const catalogue = createCatalogue({ db, storage });
  const actor: Actor = { artistId, actor: 'seed' };
  const [prints, galleries] = await Promise.all([
    catalogue.prints.list(actor, 'en', { limit: 1 }),
    catalogue.galleries.list(actor, 'en', { limit: 1 }),
  ]);
  if (prints.totalCount + galleries.totalCount > 0) {
    if (!options.reset)
      throw new Error('The artist already has a catalogue; run with --reset to replace it.');
    await catalogue.prints.deleteCatalogue(actor);
    await deleteArtistEnquiries(db, artistId);
  }

  const withImages = options.images ?? true;
  const places = PLACES.slice(0, count);
  const summary: SeedSummary = {
    artistId,
    galleries: [],
    prints: [],
    impressions: 0,
    exhibitions: 0,
    tags: TAGS.length,
    images: 0,
    published: { prints: 0, galleries: 0 },
    enquiries: 0,
    business: { contacts: 0, sales: 0, consignments: 0 },
  };
  const imageIds: string[] = [];
  /** The available numbered impressions, for the demo's sales and consignments. */
  const saleable: string[] = [];
  for (const [i, [da, en]] of places.entries()) {
    const technique = TECHNIQUES[i % TECHNIQUES.length]!;
    const paper = PAPERS[i % PAPERS.length]!;
    const editionSize = [10, 15, 20, 25, 30, 50][i % 6]!;
    const heightCm = 20 + (i % 5) * 5;
    const widthCm = 25 + (i % 4) * 5;
    const input: PrintInputBody = {
      // Published below, through the gate, once its image is processed.
      status: 'draft',
      title: { da, en },
      description: {
        da: `${da}: trykt fra kobberplade i ${editionSize} eksemplarer.`,
        en: `${en}: printed from a copper plate in an edition of ${editionSize}.`,
      },
      altText: { da: `Grafisk tryk: ${da}`, en: `Intaglio print: ${en}` },
      artistName: { da: config.localArtist.name, en: config.localArtist.name },
      medium: { da: 'Dybtryk', en: 'Intaglio' },
      paperType: { da: paper[0], en: paper[1] },
      inkType: { da: 'Charbonnel sort', en: 'Charbonnel black' },
      printingPress: { da: 'Polymetaal dybtrykspresse', en: 'Polymetaal etching press' },
      editionState: { da: 'Endelig tilstand', en: 'Final state' },
      copyrightTerms: { da: 'Alle rettigheder forbeholdes.', en: 'All rights reserved.' },
      year: 2015 + (i % 10),
      technique,
      plateType: i % 5 === 4 ? 'zinc' : 'copper',
      availability: i % 7 === 6 ? 'sold' : 'available',
      plateDimensions: { heightMm: heightCm * 10, widthMm: widthCm * 10 },
      sheetDimensions: { heightMm: heightCm * 10 + 100, widthMm: widthCm * 10 + 100 },
      editionSize,
      artistProofs: 3,
      price: { amount: 1200 + (i % 6) * 400, currency: 'DKK' },
      tags: [TAGS[i % TAGS.length]!, TAGS[(i + 2) % TAGS.length]!].map(([, tagDa, tagEn]) => ({
        da: tagDa,
        en: tagEn,
      })),
    };
    const print = withImages
      ? await catalogue.prints.createWithImage(
          actor,
          input,
          {
            stream: Readable.from([await plateImage(i + 1)]),
            filename: `plate-${i + 1}.jpg`,
            contentType: 'image/jpeg',
          },
          'en',
        )
      : await catalogue.prints.create(actor, input, 'en');
    summary.prints.push(print.id);
    if (print.baseImageId) imageIds.push(print.baseImageId);
    const pulled = Math.min(editionSize, 3 + (i % 5));
    for (let n = 1; n <= pulled; n += 1) {
      const impression = await catalogue.editions.create(actor, print.id, {
        kind: 'numbered',
        number: n,
        status: n % 3 === 0 ? 'sold' : 'available',
        printedOn: `${2015 + (i % 10)}-0${1 + (n % 9)}-1${n % 9}`,
      });
      if (impression.status === 'available') saleable.push(impression.id);
    }
    await catalogue.editions.create(actor, print.id, { kind: 'AP', number: 1, status: 'reserved' });
    summary.impressions += pulled + 1;
  }
  for (const [g, gallery] of GALLERIES.entries()) {
    const members = summary.prints.filter((_, i) => i % GALLERIES.length === g);
    const created = await catalogue.galleries.create(
      actor,
      {
        status: 'draft',
        title: { da: gallery.title[0], en: gallery.title[1] },
        description: { da: gallery.description[0], en: gallery.description[1] },
        coverPrintId: members[0] ?? null,
        featured: g === 0,
      },
      'en',
    );
    summary.galleries.push(created.id);
    for (const printId of members) await catalogue.galleries.addPrint(actor, created.id, printId, undefined);
  }
  // The CV: replaces the artist's exhibitions (a reset deleted the prints they showed).
  for (const e of (await catalogue.exhibitions.list(actor, { limit: 100 })).exhibitions)
    await catalogue.exhibitions.delete(actor, e.id);
  for (const [i, show] of EXHIBITIONS.entries()) {
    const printIds = summary.prints.filter((_, n) => n % EXHIBITIONS.length === i).slice(0, 3);
    await catalogue.exhibitions.create(actor, { ...show, printIds });
    summary.exhibitions += 1;
  }
  summary.business = await seedBusiness(new BusinessService(db, catalogue.invalidatePublic), actor, saleable);
  if (!withImages) return summary;

  // Every image through the worker's own job handler, in this process: the same pipeline, the same files.
  const media: MediaDeps = {
    db,
    storage,
    maxPixels: config.images.maxPixels,
    maxBytes: config.storage.uploadMaxBytes,
  };
  for (const [n, imageId] of imageIds.entries()) {
    // One attempt: a demo image that fails is a bug to see, not a job to retry later.
    const job = { data: { imageId }, retryCount: 0, signal: new AbortController().signal };
    const outcome = await handleImageProcessJob(media, job, 0);
    if (outcome.status !== 'completed') {
      throw new Error(`Demo image ${n + 1} was not processed: ${JSON.stringify(outcome)}`);
    }
    summary.images += 1;
    options.log?.(`  image ${n + 1}/${imageIds.length} processed`);
  }

  // Then published as the studio and the API publish: the service's gate checks each print has its processed
  // image; publishing the galleries makes the prints public and their image files move to the public area.
  for (const printId of summary.prints) {
    await catalogue.prints.update(actor, printId, { status: 'published' }, 'en');
    summary.published.prints += 1;
  }
  for (const galleryId of summary.galleries) {
    await catalogue.galleries.update(actor, galleryId, { status: 'published' }, 'en');
    summary.published.galleries += 1;
  }
  summary.enquiries = await seedEnquiries(db, artistId, summary.prints, places, config.localArtist.email);
  return summary;
}

/**
 * A few contacts (a collector, a gallery, a museum), two sales and two consignments (one out, one returned) of the
 * demo's available impressions, through the business service: the ledger says sold or with the dealer. Left out
 * when the artist already has contacts (their own records are never touched).
 */
async function seedBusiness(
  business: BusinessService,
  actor: Actor,
  impressions: readonly string[],
): Promise<SeedSummary['business']> {
  const done = { contacts: 0, sales: 0, consignments: 0 };
  if ((await business.listContacts(actor, { limit: 1 })).totalCount > 0) return done;
  const contacts = [];
  for (const c of [
    {
      kind: 'collector' as const,
      name: 'Karen Bøgh Jensen',
      email: 'karen.jensen@example.com',
      phone: '+45 20 11 22 33',
      address: 'Strandvejen 12\n2900 Hellerup',
      notes: 'Collects aquatints; prefers early impressions.',
    },
    {
      kind: 'dealer' as const,
      name: 'Mette Holm',
      organisation: 'Galleri Møllen',
      email: 'mette@galleri-mollen.example.com',
      address: 'Møllegade 3\n8000 Aarhus C',
    },
    {
      kind: 'institution' as const,
      name: 'Registrar',
      organisation: 'Kobberstiksamlingen, Statens Museum for Kunst',
      email: 'registrar@example.com',
    },
  ])
    contacts.push(await business.createContact(actor, c));
  done.contacts = contacts.length;
  const [karen, mollen, smk] = contacts as [(typeof contacts)[0], (typeof contacts)[0], (typeof contacts)[0]];
  const sales = [
    {
      id: impressions[0],
      contactId: karen.id,
      date: '2024-11-14',
      amount: 4800,
      currency: 'DKK',
      channel: 'studio' as const,
      invoiceNumber: 'F-2024-031',
    },
    {
      id: impressions[1],
      contactId: smk.id,
      date: '2025-03-03',
      amount: 650,
      currency: 'EUR',
      channel: 'fair' as const,
      invoiceNumber: 'F-2025-004',
    },
  ];
  for (const sale of sales) {
    if (!sale.id) continue;
    await business.recordSale(actor, {
      impressionIds: [sale.id],
      contactId: sale.contactId,
      date: sale.date,
      price: { amount: sale.amount, currency: sale.currency },
      channel: sale.channel,
      invoiceNumber: sale.invoiceNumber,
    });
    done.sales += 1;
  }
  const out = impressions.slice(2, 4);
  if (out.length > 0) {
    await business.recordConsignment(actor, {
      impressionIds: out,
      contactId: mollen.id,
      dateOut: '2025-09-01',
      commissionPercent: 40,
      price: { amount: 5200, currency: 'DKK' },
      notes: 'For the autumn show.',
    });
    done.consignments += 1;
  }
  const back = impressions[4];
  if (back) {
    const c = await business.recordConsignment(actor, {
      impressionIds: [back],
      contactId: mollen.id,
      dateOut: '2024-04-02',
      commissionPercent: 40,
    });
    await business.returnConsignment(actor, c.id, '2024-06-28');
    done.consignments += 1;
  }
  return done;
}

/** A few enquiries, as visitors would send them, for the studio's inbox (notifications in the outbox). */
async function seedEnquiries(
  db: DatabaseHandle['db'],
  artistId: string,
  printIds: readonly string[],
  places: ReadonlyArray<readonly [string, string]>,
  recipient: string,
): Promise<number> {
  const demo = [
    {
      print: 0,
      name: 'Karen Holm',
      email: 'karen.holm@example.com',
      language: 'da' as const,
      interest: '3/20',
      message: 'Hej. Er aftryk nr. 3 stadig til salg, og kan jeg se det i atelieret en lørdag?',
    },
    {
      print: 2,
      name: 'James Whitfield',
      email: 'j.whitfield@example.org',
      language: 'en' as const,
      interest: "An artist's proof",
      message:
        'We are planning a small show of Danish intaglio in the spring. Would an artist’s proof be available?',
    },
    {
      print: undefined,
      name: 'Mette Lund',
      email: 'mette@example.net',
      language: 'da' as const,
      interest: null,
      message: 'Tager du imod bestillinger på ex libris? Jeg vil gerne høre om pris og ventetid.',
    },
  ];
  let stored = 0;
  for (const e of demo) {
    const printId = e.print !== undefined ? printIds[e.print] : undefined;
    const title = e.print !== undefined ? places[e.print] : undefined;
    if (e.print !== undefined && (!printId || !title)) continue;
    const subject = title
      ? `Enquiry about “${title[1]}” from ${e.name}`
      : `Message from ${e.name} through the contact page`;
    await insertEnquiry(
      db,
      {
        artistId,
        printId: printId ?? null,
        printTitle: title ? title[e.language === 'da' ? 0 : 1] : null,
        name: e.name,
        email: e.email,
        message: e.message,
        interest: e.interest,
        language: e.language,
      },
      {
        recipient,
        replyTo: e.email,
        subject,
        body: `${e.name} (${e.email}) wrote:\n\n${e.message}\n\n-- A demo enquiry made by npm run seed -- --demo`,
        status: 'outbox',
      },
    );
    stored += 1;
  }
  return stored;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      demo: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      'no-images': { type: 'boolean', default: false },
      count: { type: 'string' },
    },
  });
  if (!values.demo) {
    process.stderr.write('usage: npm run seed -- --demo [--reset] [--count N] [--no-images]\n');
    process.exitCode = 2;
    return;
  }
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= DEMO_PRINTS)) {
    process.stderr.write(`--count takes a whole number of demo prints, from 1 to ${DEMO_PRINTS}\n`);
    process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config.js');
  const { openDatabase } = await import('../platform/db/index.js');
  const { migrateToLatest } = await import('../platform/db/migrate.js');
  const { createStorage } = await import('../platform/storage/index.js');
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    const storage = createStorage(config);
    const images = !values['no-images'];
    const s = await seedDemo(config, database, storage, {
      images,
      reset: values.reset,
      ...(count === undefined ? {} : { count }),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      `Seeded the demo catalogue for artist ${s.artistId}:\n` +
        `  ${s.galleries.length} galleries, ${s.prints.length} prints (da + en), ` +
        `${s.impressions} impressions, ${s.tags} tags, ${s.exhibitions} exhibitions\n` +
        (images
          ? `  ${s.images} images processed; ${s.published.prints} prints and ${s.published.galleries} galleries published\n`
          : '  no images: every print and gallery is a draft (a print is published once its image is processed)\n') +
        `  ${s.enquiries} demo enquiries in the studio's inbox\n` +
        `  ${s.business.contacts} contacts, ${s.business.sales} sales, ${s.business.consignments} consignments\n`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
