// SQL of the printmaker's business records (decision 022): contacts, sales and consignments with their lines per
// impression, the ledger rows they change, and the reports (history, provenance, totals). Always scoped by the
// artist's id; impressions are the artist's through their print.
import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
  type Updateable,
} from 'kysely';
import type {
  ConsignmentsTable,
  ContactKind,
  ContactsTable,
  Database,
  ImpressionKind,
  ImpressionStatus,
  Localized,
  SalesTable,
} from '../../platform/db/schema.js';
import { pageWithTotal, type PageWindow } from '../../platform/db/paging.js';
import { likeLiteral } from '../../platform/db/like.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type ContactRow = Selectable<ContactsTable>;
export type SaleRow = Selectable<SalesTable>;
export type ConsignmentRow = Selectable<ConsignmentsTable>;

// ---- contacts ----

export interface ContactFilter {
  readonly q?: string | undefined;
  readonly kind?: ContactKind | undefined;
}

export async function listContacts(
  db: Db,
  artistId: string,
  filter: ContactFilter,
  page: PageWindow | undefined,
): Promise<{ rows: ContactRow[]; total: number }> {
  let query = db.selectFrom('contacts').where('artist_id', '=', artistId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${likeLiteral(q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('organisation', 'ilike', pattern),
        eb('email', 'ilike', pattern),
      ]),
    );
  }
  return pageWithTotal(
    query,
    (q) =>
      q
        .selectAll()
        .orderBy(sql`lower(name)`)
        .orderBy('created_at')
        .orderBy('id'),
    page,
  );
}

export async function getContact(db: Db, artistId: string, id: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
}

export async function insertContact(db: Db, values: Insertable<ContactsTable>): Promise<ContactRow> {
  return db.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateContact(
  db: Db,
  artistId: string,
  id: string,
  values: Updateable<ContactsTable>,
): Promise<ContactRow | undefined> {
  return db
    .updateTable('contacts')
    .set(values)
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteContact(db: Db, artistId: string, id: string): Promise<boolean> {
  const res = await db
    .deleteFrom('contacts')
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Consignments with the contact that are still out. */
export async function openConsignmentCount(db: Db, contactId: string): Promise<number> {
  const { n } = await db
    .selectFrom('consignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contact_id', '=', contactId)
    .where('returned_on', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

// ---- impressions as the business records see them ----

export interface LedgerImpression {
  id: string;
  print_id: string;
  title: Localized;
  kind: ImpressionKind;
  number: number | null;
  edition_size: number | null;
  artist_proofs: number | null;
  status: ImpressionStatus;
  location: string | null;
}

const IMPRESSION_COLUMNS = sql`i.id, i.print_id, p.title, i.kind, i.number, p.edition_size, p.artist_proofs,
  i.status, i.location`;

/** The artist's impressions among `ids`, locked for the change (two sales of one impression wait for each other). */
export async function lockImpressions(
  db: Db,
  artistId: string,
  ids: readonly string[],
): Promise<LedgerImpression[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<LedgerImpression>`
    select ${IMPRESSION_COLUMNS} from impressions i join prints p on p.id = i.print_id
    where p.artist_id = ${artistId}::uuid and i.id = any(${sql.val([...ids])}::uuid[])
    order by i.id for update of i`.execute(db);
  return rows;
}

export async function setImpressionState(
  db: Db,
  id: string,
  status: ImpressionStatus,
  location: string | null,
): Promise<void> {
  await db.updateTable('impressions').set({ status, location }).where('id', '=', id).execute();
}

/** The open consignment line of each impression among `ids`, with its dealer's name. */
export async function openConsignmentLines(
  db: Db,
  ids: readonly string[],
): Promise<
  Array<{
    impression_id: string;
    consignment_id: string;
    out_on: string;
    previous_status: ImpressionStatus;
    previous_location: string | null;
    dealer: string | null;
  }>
> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{
    impression_id: string;
    consignment_id: string;
    out_on: string;
    previous_status: ImpressionStatus;
    previous_location: string | null;
    dealer: string | null;
  }>`
    select l.impression_id, l.consignment_id, c.out_on, l.previous_status, l.previous_location,
      coalesce(k.organisation, k.name) as dealer
    from consignment_lines l join consignments c on c.id = l.consignment_id
    left join contacts k on k.id = c.contact_id
    where l.open and l.impression_id = any(${sql.val([...ids])}::uuid[])`.execute(db);
  return rows;
}

/** The latest sale of each impression among `ids` (date and buyer), for the "already sold" refusal. */
export async function latestSales(
  db: Db,
  ids: readonly string[],
): Promise<Array<{ impression_id: string; sale_id: string; sold_on: string; created_at: Date }>> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ impression_id: string; sale_id: string; sold_on: string; created_at: Date }>`
    select distinct on (l.impression_id) l.impression_id, s.id as sale_id, s.sold_on, s.created_at
    from sale_lines l join sales s on s.id = l.sale_id
    where l.impression_id = any(${sql.val([...ids])}::uuid[])
    order by l.impression_id, s.created_at desc, s.id desc`.execute(db);
  return rows;
}

// ---- sales ----

export async function insertSale(db: Db, values: Insertable<SalesTable>): Promise<SaleRow> {
  return db.insertInto('sales').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertSaleLines(
  db: Db,
  lines: ReadonlyArray<{
    sale_id: string;
    impression_id: string;
    previous_status: ImpressionStatus;
    previous_location: string | null;
    consignment_id: string | null;
  }>,
): Promise<void> {
  if (lines.length > 0)
    await db
      .insertInto('sale_lines')
      .values([...lines])
      .execute();
}

export async function getSale(db: Db, artistId: string, id: string): Promise<SaleRow | undefined> {
  return db
    .selectFrom('sales')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
}

export async function lockSale(db: Db, artistId: string, id: string): Promise<SaleRow | undefined> {
  return db
    .selectFrom('sales')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .forUpdate()
    .executeTakeFirst();
}

export interface SaleFilter {
  readonly year?: number | undefined;
  readonly contactId?: string | undefined;
}

export async function listSales(
  db: Db,
  artistId: string,
  filter: SaleFilter,
  page: PageWindow | undefined,
): Promise<{ rows: SaleRow[]; total: number }> {
  let query = db.selectFrom('sales').where('artist_id', '=', artistId);
  if (filter.year !== undefined)
    query = query.where(sql<boolean>`extract(year from sold_on)::int = ${filter.year}`);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  return pageWithTotal(
    query,
    (q) => q.selectAll().orderBy('sold_on', 'desc').orderBy('created_at', 'desc').orderBy('id'),
    page,
  );
}

export async function deleteSale(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sales').where('id', '=', id).execute();
}

export interface LineRow extends LedgerImpression {
  owner_id: string;
  previous_status: ImpressionStatus;
  previous_location: string | null;
  /** Sale lines: the consignment it was sold from. Consignment lines: whether it is still with the dealer. */
  consignment_id: string | null;
  open: boolean | null;
  /** Consignment lines: the sale that ended it there. */
  sale_id: string | null;
}

/** The impressions of the given sales, in ledger order. */
export async function saleLines(db: Db, saleIds: readonly string[]): Promise<LineRow[]> {
  if (saleIds.length === 0) return [];
  const { rows } = await sql<LineRow>`
    select l.sale_id as owner_id, ${IMPRESSION_COLUMNS}, l.previous_status, l.previous_location, l.consignment_id,
      null::boolean as open, null::uuid as sale_id
    from sale_lines l join impressions i on i.id = l.impression_id join prints p on p.id = i.print_id
    where l.sale_id = any(${sql.val([...saleIds])}::uuid[])
    order by p.title->>'en', i.kind, i.number, i.id`.execute(db);
  return rows;
}

/** Whether a sale recorded after `saleId` names one of its impressions (undo that one first). */
export async function laterSaleOf(db: Db, saleId: string, created: Date): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select s.id from sale_lines l join sales s on s.id = l.sale_id
    where l.impression_id in (select impression_id from sale_lines where sale_id = ${saleId}::uuid)
      and s.id <> ${saleId}::uuid and (s.created_at, s.id) > (${created}, ${saleId}::uuid)
    limit 1`.execute(db);
  return rows[0]?.id;
}

export interface YearTotal {
  year: number;
  currency: string;
  count: number;
  amount: string;
}

/** Sales count and sum per currency per year, newest year first. */
export async function totalsPerYear(db: Db, artistId: string): Promise<YearTotal[]> {
  const { rows } = await sql<YearTotal>`
    select extract(year from sold_on)::int as year, price_currency as currency, count(*)::int as count,
      sum(price_amount)::text as amount
    from sales where artist_id = ${artistId}::uuid
    group by 1, 2 order by 1 desc, 2`.execute(db);
  return rows;
}

// ---- consignments ----

export async function insertConsignment(
  db: Db,
  values: Insertable<ConsignmentsTable>,
): Promise<ConsignmentRow> {
  return db.insertInto('consignments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertConsignmentLines(
  db: Db,
  lines: ReadonlyArray<{
    consignment_id: string;
    impression_id: string;
    previous_status: ImpressionStatus;
    previous_location: string | null;
  }>,
): Promise<void> {
  if (lines.length > 0)
    await db
      .insertInto('consignment_lines')
      .values([...lines])
      .execute();
}

export async function lockConsignment(
  db: Db,
  artistId: string,
  id: string,
): Promise<ConsignmentRow | undefined> {
  return db
    .selectFrom('consignments')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .forUpdate()
    .executeTakeFirst();
}

export async function getConsignment(
  db: Db,
  artistId: string,
  id: string,
): Promise<ConsignmentRow | undefined> {
  return db
    .selectFrom('consignments')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
}

export interface ConsignmentFilter {
  /** out: not yet returned; returned: returned. */
  readonly state?: 'out' | 'returned' | undefined;
  readonly contactId?: string | undefined;
}

export async function listConsignments(
  db: Db,
  artistId: string,
  filter: ConsignmentFilter,
  page: PageWindow | undefined,
): Promise<{ rows: ConsignmentRow[]; total: number }> {
  let query = db.selectFrom('consignments').where('artist_id', '=', artistId);
  if (filter.state === 'out') query = query.where('returned_on', 'is', null);
  if (filter.state === 'returned') query = query.where('returned_on', 'is not', null);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  return pageWithTotal(
    query,
    (q) =>
      q
        .selectAll()
        .orderBy(sql`returned_on is null`, 'desc')
        .orderBy('out_on', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id'),
    page,
  );
}

/** The impressions of the given consignments, with the sale that ended each there (if any). */
export async function consignmentLines(db: Db, consignmentIds: readonly string[]): Promise<LineRow[]> {
  if (consignmentIds.length === 0) return [];
  const { rows } = await sql<LineRow>`
    select l.consignment_id as owner_id, ${IMPRESSION_COLUMNS}, l.previous_status, l.previous_location,
      l.consignment_id, l.open,
      (select sl.sale_id from sale_lines sl where sl.consignment_id = l.consignment_id
        and sl.impression_id = l.impression_id limit 1) as sale_id
    from consignment_lines l join impressions i on i.id = l.impression_id join prints p on p.id = i.print_id
    where l.consignment_id = any(${sql.val([...consignmentIds])}::uuid[])
    order by p.title->>'en', i.kind, i.number, i.id`.execute(db);
  return rows;
}

export async function closeConsignmentLine(
  db: Db,
  consignmentId: string,
  impressionId: string,
  open: boolean,
): Promise<void> {
  await db
    .updateTable('consignment_lines')
    .set({ open })
    .where('consignment_id', '=', consignmentId)
    .where('impression_id', '=', impressionId)
    .execute();
}

export async function markReturned(db: Db, id: string, returnedOn: string): Promise<void> {
  await db.updateTable('consignments').set({ returned_on: returnedOn }).where('id', '=', id).execute();
  await db.updateTable('consignment_lines').set({ open: false }).where('consignment_id', '=', id).execute();
}

export async function deleteConsignment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('consignments').where('id', '=', id).execute();
}

// ---- provenance ----

export interface ProvenanceRow {
  impression_id: string;
  sale_id: string;
  sold_on: string;
  channel: string;
  price_amount: string;
  price_currency: string;
  contact_id: string | null;
  contact_kind: ContactKind | null;
  contact_name: string | null;
  contact_organisation: string | null;
}

/** The sales of each impression of the print, oldest first. */
export async function provenance(db: Db, printId: string): Promise<ProvenanceRow[]> {
  const { rows } = await sql<ProvenanceRow>`
    select l.impression_id, s.id as sale_id, s.sold_on, s.channel, s.price_amount::text as price_amount,
      s.price_currency, k.id as contact_id, k.kind as contact_kind, k.name as contact_name, k.organisation as contact_organisation
    from sale_lines l join impressions i on i.id = l.impression_id join sales s on s.id = l.sale_id
    left join contacts k on k.id = s.contact_id
    where i.print_id = ${printId}::uuid
    order by s.sold_on, s.created_at, s.id`.execute(db);
  return rows;
}

/** The contacts among `ids` by id (names for lists). */
export async function contactsById(db: Db, ids: readonly string[]): Promise<Map<string, ContactRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('contacts').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The print's impressions (ledger order) when the print is the artist's; undefined when it is not. */
export async function printImpressions(
  db: Db,
  artistId: string,
  printId: string,
): Promise<LedgerImpression[] | undefined> {
  const own = await db
    .selectFrom('prints')
    .select('id')
    .where('id', '=', printId)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  if (!own) return undefined;
  const { rows } = await sql<LedgerImpression>`
    select ${IMPRESSION_COLUMNS} from impressions i join prints p on p.id = i.print_id
    where i.print_id = ${printId}::uuid order by i.kind, i.number, i.created_at`.execute(db);
  return rows;
}

/** The artist's impressions that can be sold or consigned (for the studio's forms), newest print first. */
export async function saleableImpressions(db: Db, artistId: string): Promise<LedgerImpression[]> {
  const { rows } = await sql<LedgerImpression>`
    select ${IMPRESSION_COLUMNS} from impressions i join prints p on p.id = i.print_id
    where p.artist_id = ${artistId}::uuid and i.status in ('available', 'reserved')
    order by p.title->>'en', i.kind, i.number, i.created_at limit 1000`.execute(db);
  return rows;
}
