// SQL of the studio's own views: the dashboard's counts and drafts, the rows of the prints inventory, and the
// processing state of prints and recent uploads. Which prints the inventory lists, and in what order, is the
// artist search's answer; this reads what the table shows of them.
import { sql, type Kysely } from 'kysely';
import type { Database, ImageStatus, PrintRow } from '../../platform/db/schema.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { publishedPrint } from '../catalogue/policy.js';

export interface DashboardCounts {
  prints: number;
  published: number;
  drafts: number;
  galleries: number;
  impressionsAvailable: number;
  impressionsSold: number;
  openTakedowns: number;
  /** The artist's enquiries not yet answered or closed. */
  newEnquiries: number;
}

/**
 * The counts of the dashboard in one statement. Takedown notices are addressed to the site (which shows one
 * artist's work), so they are counted site-wide: received or in review means the artist still has to act.
 */
export async function dashboardCounts(db: Kysely<Database>, artistId: string): Promise<DashboardCounts> {
  const { rows } = await sql<Record<keyof DashboardCounts, number>>`
    select
      (select count(*)::int from prints where artist_id = ${artistId}) as "prints",
      (select count(*)::int from prints p where p.artist_id = ${artistId} and ${publishedPrint('p')}) as "published",
      (select count(*)::int from prints where artist_id = ${artistId} and status = 'draft') as "drafts",
      (select count(*)::int from galleries where artist_id = ${artistId}) as "galleries",
      (select count(*)::int from impressions i join prints p on p.id = i.print_id
        where p.artist_id = ${artistId} and i.status = 'available') as "impressionsAvailable",
      (select count(*)::int from impressions i join prints p on p.id = i.print_id
        where p.artist_id = ${artistId} and i.status = 'sold') as "impressionsSold",
      (select count(*)::int from takedown_notices where status in ('received', 'in_review')) as "openTakedowns",
      (select count(*)::int from enquiries where artist_id = ${artistId} and status = 'new') as "newEnquiries"
  `.execute(db);
  const row = rows[0];
  return {
    prints: Number(row?.prints ?? 0),
    published: Number(row?.published ?? 0),
    drafts: Number(row?.drafts ?? 0),
    galleries: Number(row?.galleries ?? 0),
    impressionsAvailable: Number(row?.impressionsAvailable ?? 0),
    impressionsSold: Number(row?.impressionsSold ?? 0),
    openTakedowns: Number(row?.openTakedowns ?? 0),
    newEnquiries: Number(row?.newEnquiries ?? 0),
  };
}

/** The artist's most recently changed drafts. */
export async function recentDrafts(
  db: Kysely<Database>,
  artistId: string,
  limit: number,
): Promise<(PrintRow & { image_shown: boolean })[]> {
  return (
    db
      .selectFrom('prints')
      .selectAll()
      // The gate asks for processed versions of the current image (a replacement may be processing meanwhile).
      .select(
        sql<boolean>`exists (select 1 from image_versions iv where iv.image_id = prints.image_id)`.as(
          'image_shown',
        ),
      )
      .where('artist_id', '=', artistId)
      .where('status', '=', 'draft')
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute()
  );
}

export interface InventoryRow {
  id: string;
  title: { da?: string; en?: string };
  status: PublicationStatus;
  technique_key: string | null;
  year: number | null;
  location: { da?: string; en?: string };
  availability_key: string | null;
  image_status: ImageStatus;
  image_error: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  thumbnail_key: string | null;
  impressions: number;
  available: number;
  sold: number;
  reserved: number;
}

/**
 * What the inventory table shows of these prints of the artist (thumbnail, impression-ledger counts), in the order
 * of `ids`. Ids of other artists' prints, or of prints deleted meanwhile, are left out.
 */
export async function inventoryRows(
  db: Kysely<Database>,
  artistId: string,
  ids: readonly string[],
): Promise<InventoryRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<InventoryRow>`
    select p.id, p.title, p.status, p.technique_key, p.year, p.location, p.availability_key, p.image_status,
      p.image_error, p.created_at, p.updated_at,
      (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = 'thumbnail')
        as thumbnail_key,
      led.impressions, led.available, led.sold, led.reserved
    from prints p
      join (select (x.value)::uuid as id, x.ord
        from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) with ordinality as x(value, ord)) m
        on m.id = p.id
      cross join lateral (
        select count(*)::int as impressions,
          (count(*) filter (where i.status = 'available'))::int as available,
          (count(*) filter (where i.status = 'sold'))::int as sold,
          (count(*) filter (where i.status = 'reserved'))::int as reserved
        from impressions i where i.print_id = p.id) led
    where p.artist_id = ${artistId}
    order by m.ord`.execute(db);
  return rows;
}

/** Processing state of the given prints of the artist; other artists' ids are simply not answered. */
export async function processingRows(
  db: Kysely<Database>,
  artistId: string,
  ids: readonly string[],
): Promise<
  Array<{
    id: string;
    title: { da?: string; en?: string };
    image_status: ImageStatus;
    image_error: string | null;
    thumbnail_key: string | null;
  }>
> {
  const { rows } = await sql<{
    id: string;
    title: { da?: string; en?: string };
    image_status: ImageStatus;
    image_error: string | null;
    thumbnail_key: string | null;
  }>`
    select p.id, p.title, p.image_status, p.image_error,
      (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = 'thumbnail')
        as thumbnail_key
    from prints p
    where p.artist_id = ${artistId}
      and p.id = any(array(select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid))`.execute(
    db,
  );
  return rows;
}

/** The artist's most recent uploads (images attached to prints), newest first. */
export async function recentUploadRows(db: Kysely<Database>, artistId: string, limit: number) {
  const { rows } = await sql<{
    id: string;
    print_id: string;
    title: { da?: string; en?: string };
    original_filename: string | null;
    created_at: Date | string;
    status: 'pending' | 'processing' | 'completed' | 'failed';
    error: string | null;
    thumbnail_key: string | null;
    print_image_status: ImageStatus;
  }>`
    select i.id, i.print_id, p.title, i.original_filename, i.created_at, i.status, i.error,
      p.image_status as print_image_status,
      (select iv.storage_key from image_versions iv where iv.image_id = i.id and iv.version = 'thumbnail')
        as thumbnail_key
    from images i join prints p on p.id = i.print_id
    where i.artist_id = ${artistId} and p.artist_id = ${artistId}
    order by i.created_at desc, i.id desc
    limit ${limit}`.execute(db);
  return rows;
}
