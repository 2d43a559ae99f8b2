// SQL of the artist's exports: the prints a price list shows (published, with at least one impression the ledger
// has as available; optionally those of one gallery, in its order) with their available impressions' prices and
// picture, and every impression of the artist's prints for the ledger CSV. Always scoped by the artist's id.
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  Database,
  ImageVersionName,
  ImpressionKind,
  ImpressionStatus,
  Localized,
} from '../../platform/db/schema.js';
import { ownedBy, publishedPrint } from '../catalogue/policy.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface PriceListPrintRow {
  id: string;
  title: Localized;
  year: number | null;
  technique_key: string | null;
  plate_height_mm: number | null;
  plate_width_mm: number | null;
  edition_size: number | null;
  price_amount: string | number | null;
  price_currency: string | null;
  /** Impressions the ledger has as available (at least 1). */
  available: number;
}

export interface AvailablePriceRow {
  print_id: string;
  /** The impression's own price, else null (the print's price then applies). */
  price_amount: string | number | null;
  price_currency: string | null;
}

export interface PictureRow {
  print_id: string;
  version: ImageVersionName;
  storage_key: string;
}

/** The versions a price list's picture may come from, best first (the public, watermarked ones). */
export const PRICE_LIST_VERSIONS: readonly ImageVersionName[] = ['medium', 'thumbnail_2x', 'thumbnail'];

/**
 * The artist's published prints with at least one available impression: in the gallery's order when `galleryId`
 * is given (only that gallery's prints), else newest year first, then by creation.
 */
export async function priceListPrints(
  db: Db,
  artistId: string,
  galleryId: string | null,
): Promise<PriceListPrintRow[]> {
  const { rows } = await sql<PriceListPrintRow>`
    select p.id, p.title, p.year, p.technique_key, p.plate_height_mm, p.plate_width_mm, p.edition_size,
      p.price_amount, p.price_currency, a.available
    from prints p
    join lateral (
      select count(*)::int as available from impressions i where i.print_id = p.id and i.status = 'available'
    ) a on a.available > 0
    ${galleryId === null ? sql`` : sql`join gallery_prints gp on gp.print_id = p.id and gp.gallery_id = ${galleryId}::uuid`}
    where ${ownedBy('p', artistId)} and ${publishedPrint('p')}
    order by ${galleryId === null ? sql`p.year desc nulls last, p.created_at, p.id` : sql`gp.position`}`.execute(
    db,
  );
  return rows;
}

/** The available impressions' own prices of these prints. */
export async function availablePrices(db: Db, printIds: readonly string[]): Promise<AvailablePriceRow[]> {
  if (printIds.length === 0) return [];
  return db
    .selectFrom('impressions')
    .select(['print_id', 'price_amount', 'price_currency'])
    .where('print_id', 'in', printIds)
    .where('status', '=', 'available')
    .execute();
}

/** The price list's candidate picture versions of these prints' current images. */
export async function pictureVersions(db: Db, printIds: readonly string[]): Promise<PictureRow[]> {
  if (printIds.length === 0) return [];
  return db
    .selectFrom('prints as p')
    .innerJoin('image_versions as v', 'v.image_id', 'p.image_id')
    .select(['p.id as print_id', 'v.version', 'v.storage_key'])
    .where('p.id', 'in', printIds)
    .where('v.version', 'in', PRICE_LIST_VERSIONS)
    .execute();
}

export interface LedgerRow {
  impression_id: string;
  print_id: string;
  inventory_number: string | null;
  title: Localized;
  edition_size: number | null;
  artist_proofs: number | null;
  kind: ImpressionKind;
  number: number | null;
  state: string | null;
  printed_on: string | null;
  paper: string | null;
  status: ImpressionStatus;
  location: string | null;
  price_amount: string | number | null;
  price_currency: string | null;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
}

const KIND_ORDER = sql`case i.kind when 'numbered' then 0 when 'AP' then 1 when 'TP' then 2 when 'PP' then 3
  when 'BAT' then 4 else 5 end`;

/** Every impression of the artist's prints: by inventory number (then title), kind and number. */
export async function ledgerRows(db: Db, artistId: string): Promise<LedgerRow[]> {
  const { rows } = await sql<LedgerRow>`
    select i.id as impression_id, p.id as print_id, p.inventory_number, p.title, p.edition_size, p.artist_proofs,
      i.kind, i.number, i.state, i.printed_on::text as printed_on, i.paper, i.status, i.location, i.price_amount,
      i.price_currency, i.notes, i.created_at, i.updated_at
    from impressions i join prints p on p.id = i.print_id
    where ${ownedBy('p', artistId)}
    order by p.inventory_number nulls last, p.title->>'da', p.id, ${KIND_ORDER}, i.number nulls last, i.created_at`.execute(
    db,
  );
  return rows;
}
