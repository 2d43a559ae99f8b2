// The printmaker's business records (issue 18, docs/decisions/022-sales-and-consignments.md): contacts, sales and
// consignments of impressions, provenance and yearly totals. Recording a sale or consignment changes the impression
// ledger in the same transaction, and keeps on each line what the ledger said before, so undoing it (deleting the
// sale, returning or deleting the consignment) puts that back exactly. Every action is the artist's own, scoped by
// their id (another artist's contact, sale, consignment, print or impression answers 404) and in the audit trail.
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { ContactKind, Database, ImpressionStatus } from '../../platform/db/schema.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { auditActor, recordAudit } from '../audit/index.js';
import { sheetMarking } from '../certificates/marking.js';
import { listEnvelope, paging, type PageInput } from '../catalogue/kit.js';
import { toCsv } from '../../platform/csv/index.js';
import { CONTACT_COLUMNS, SALE_COLUMNS } from './csv.js';
import * as repo from './repository.js';
import type { ConsignmentInput, ContactInput, SaleInput } from './schemas.js';
import { dayOf, requireDay } from '../../platform/days.js';

type Trx = Transaction<Database>;

export function presentContact(row: repo.ContactRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organisation: row.organisation,
    email: row.email,
    phone: row.phone,
    address: row.address,
    notes: row.notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type ContactView = ReturnType<typeof presentContact>;

const contactRef = (row: repo.ContactRow | undefined) =>
  row ? { id: row.id, kind: row.kind, name: row.name, organisation: row.organisation } : null;

/** What the ledger's location says of a contact: the gallery's or institution's name, else the person's. */
export const placeOf = (c: repo.ContactRow) => c.organisation?.trim() || c.name;

export const marking = (i: repo.LedgerImpression) =>
  sheetMarking(i.kind, i.number, i.edition_size, i.artist_proofs);

function presentLine(l: repo.LineRow) {
  return {
    impressionId: l.id,
    printId: l.print_id,
    printTitle: l.title ?? {},
    marking: marking(l),
    status: l.status,
    location: l.location,
    previousStatus: l.previous_status,
    previousLocation: l.previous_location,
  };
}

function presentSale(
  row: repo.SaleRow,
  lines: readonly repo.LineRow[],
  contacts: Map<string, repo.ContactRow>,
) {
  return {
    id: row.id,
    date: String(row.sold_on),
    buyer: contactRef(row.contact_id ? contacts.get(row.contact_id) : undefined),
    price: { amount: Number(row.price_amount), currency: row.price_currency },
    channel: row.channel,
    invoiceNumber: row.invoice_number,
    notes: row.notes,
    impressions: lines.filter((l) => l.owner_id === row.id).map(presentLine),
    createdAt: row.created_at.toISOString(),
  };
}
export type SaleView = ReturnType<typeof presentSale>;

function presentConsignment(
  row: repo.ConsignmentRow,
  lines: readonly repo.LineRow[],
  contacts: Map<string, repo.ContactRow>,
) {
  return {
    id: row.id,
    dealer: contactRef(row.contact_id ? contacts.get(row.contact_id) : undefined),
    dateOut: String(row.out_on),
    dateReturned: row.returned_on === null ? null : String(row.returned_on),
    commissionPercent: row.commission_percent === null ? null : Number(row.commission_percent),
    price:
      row.price_amount === null || row.price_currency === null
        ? null
        : { amount: Number(row.price_amount), currency: row.price_currency },
    notes: row.notes,
    impressions: lines
      .filter((l) => l.owner_id === row.id)
      .map((l) => ({ ...presentLine(l), open: l.open === true, saleId: l.sale_id })),
    createdAt: row.created_at.toISOString(),
  };
}
export type ConsignmentView = ReturnType<typeof presentConsignment>;

/** Blank text is "not set"; otherwise trimmed. */
const text = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim();

function contactColumns(input: ContactInput) {
  const out: Record<string, unknown> = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.name !== undefined) {
    if (!input.name.trim()) throw new BadRequestError('body.name: must not be blank', { field: 'name' });
    out.name = input.name.trim();
  }
  for (const key of ['organisation', 'email', 'phone', 'address', 'notes'] as const) {
    const v = text(input[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const STATUS_WORDS: Readonly<Record<ImpressionStatus, string>> = {
  available: 'available',
  sold: 'sold',
  reserved: 'reserved',
  gifted: 'given away',
  destroyed: 'destroyed',
};

/** Today in the studio's calendar (file names carry it). */
const today = () => dayOf(new Date());

export class BusinessService {
  readonly #db: Kysely<Database>;
  /** Forgets the catalogue's cached public answers (availability is derived from the ledger). */
  readonly #invalidate: () => void;

  constructor(db: Kysely<Database>, invalidatePublic: () => void) {
    this.#db = db;
    this.#invalidate = invalidatePublic;
  }

  async #change<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(fn);
    } finally {
      this.#invalidate();
    }
  }

  #audit(
    trx: Trx,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    details: Record<string, unknown>,
  ) {
    return recordAudit(trx, { ...auditActor(actor), action, entityType, entityId, details });
  }

  // ---- contacts ----

  async listContacts(actor: Actor, input: PageInput & repo.ContactFilter) {
    const p = paging(input);
    const { rows, total } = await repo.listContacts(this.#db, actor.artistId, input, p);
    return listEnvelope('contacts', rows.map(presentContact), total, p);
  }

  /** Every contact of the artist, by name (the studio's choice of buyer or dealer). */
  async allContacts(actor: Actor): Promise<ContactView[]> {
    const { rows } = await repo.listContacts(this.#db, actor.artistId, {}, undefined);
    return rows.map(presentContact);
  }

  async getContact(actor: Actor, id: string): Promise<ContactView> {
    const row = await repo.getContact(this.#db, actor.artistId, id);
    if (!row) throw new NotFoundError('Contact not found');
    return presentContact(row);
  }

  async createContact(actor: Actor, input: ContactInput & { kind: ContactKind; name: string }) {
    const values = contactColumns(input);
    return this.#change(async (trx) => {
      const row = await repo.insertContact(trx, { ...values, artist_id: actor.artistId } as never);
      await this.#audit(trx, actor, 'contact.created', 'contact', row.id, { kind: row.kind });
      return presentContact(row);
    });
  }

  async updateContact(actor: Actor, id: string, input: ContactInput) {
    const values = contactColumns(input);
    return this.#change(async (trx) => {
      const row = Object.keys(values).length
        ? await repo.updateContact(trx, actor.artistId, id, values)
        : await repo.getContact(trx, actor.artistId, id);
      if (!row) throw new NotFoundError('Contact not found');
      await this.#audit(trx, actor, 'contact.updated', 'contact', id, { fields: Object.keys(input) });
      return presentContact(row);
    });
  }

  /** Their sales stay (for the books) without the name; consignments still out with them must come back first. */
  async deleteContact(actor: Actor, id: string): Promise<void> {
    await this.#change(async (trx) => {
      const row = await repo.getContact(trx, actor.artistId, id);
      if (!row) throw new NotFoundError('Contact not found');
      const open = await repo.openConsignmentCount(trx, id);
      if (open > 0)
        throw new ConflictError(
          `${row.name} still has ${open} consignment(s) out: record their return before deleting the contact`,
        );
      await repo.deleteContact(trx, actor.artistId, id);
      await this.#audit(trx, actor, 'contact.deleted', 'contact', id, {});
    });
  }

  /** What the contact bought and what was consigned to them. */
  async history(actor: Actor, id: string) {
    const contact = await this.getContact(actor, id);
    const [sales, consignments] = await Promise.all([
      repo.listSales(this.#db, actor.artistId, { contactId: id }, undefined),
      repo.listConsignments(this.#db, actor.artistId, { contactId: id }, undefined),
    ]);
    return {
      contact,
      sales: await this.#presentSales(sales.rows),
      consignments: await this.#presentConsignments(consignments.rows),
    };
  }

  async contactsCsv(actor: Actor): Promise<{ fileName: string; csv: string; count: number }> {
    const { rows } = await repo.listContacts(this.#db, actor.artistId, {}, undefined);
    return { fileName: `contacts-${today()}.csv`, csv: toCsv(CONTACT_COLUMNS, rows), count: rows.length };
  }

  async #ownContact(trx: Trx, actor: Actor, id: string): Promise<repo.ContactRow> {
    const contact = await repo.getContact(trx, actor.artistId, id);
    if (!contact)
      throw new BadRequestError('body.contactId: no such contact of yours', { field: 'contactId' });
    return contact;
  }

  /** The artist's impressions among `ids`, locked; 400 naming the ones that are not theirs. */
  async #ownImpressions(trx: Trx, actor: Actor, ids: readonly string[]) {
    const rows = await repo.lockImpressions(trx, actor.artistId, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new BadRequestError(`body.impressionIds: no such impression of yours: ${missing.join(', ')}`, {
        field: 'impressionIds',
      });
    return rows;
  }

  // ---- sales ----

  async listSales(actor: Actor, input: PageInput & repo.SaleFilter) {
    const p = paging(input);
    const { rows, total } = await repo.listSales(this.#db, actor.artistId, input, p);
    return listEnvelope('sales', await this.#presentSales(rows), total, p);
  }

  async getSale(actor: Actor, id: string): Promise<SaleView> {
    const row = await repo.getSale(this.#db, actor.artistId, id);
    if (!row) throw new NotFoundError('Sale not found');
    return (await this.#presentSales([row]))[0]!;
  }

  /**
   * Records a sale: each impression becomes sold and its location the buyer, in one transaction with the sale.
   * Refused (409) when an impression is already sold, given away or destroyed. An impression on consignment may be
   * sold (the dealer sold it): its consignment line is closed by the sale and reopened if the sale is undone.
   */
  async recordSale(actor: Actor, input: SaleInput): Promise<SaleView> {
    const date = requireDay(input.date, 'date');
    const id = await this.#change(async (trx) => {
      const buyer = await this.#ownContact(trx, actor, input.contactId);
      const impressions = await this.#ownImpressions(trx, actor, input.impressionIds);
      const refused = impressions.filter((i) => i.status !== 'available' && i.status !== 'reserved');
      if (refused.length > 0) {
        const sold = await repo.latestSales(
          trx,
          refused.map((i) => i.id),
        );
        const words = refused.map((i) => {
          const sale = sold.find((s) => s.impression_id === i.id);
          const when = i.status === 'sold' && sale ? ` (sale of ${String(sale.sold_on)})` : '';
          return `${marking(i)} is ${STATUS_WORDS[i.status]}${when}`;
        });
        throw new ConflictError(`Cannot sell: ${words.join('; ')}`, {
          field: 'impressionIds',
          impressionIds: refused.map((i) => i.id),
        });
      }
      const consigned = await repo.openConsignmentLines(
        trx,
        impressions.map((i) => i.id),
      );
      const sale = await repo.insertSale(trx, {
        artist_id: actor.artistId,
        contact_id: buyer.id,
        sold_on: date,
        price_amount: input.price.amount,
        price_currency: input.price.currency,
        channel: input.channel,
        invoice_number: text(input.invoiceNumber) ?? null,
        notes: text(input.notes) ?? null,
      });
      await repo.insertSaleLines(
        trx,
        impressions.map((i) => ({
          sale_id: sale.id,
          impression_id: i.id,
          previous_status: i.status,
          previous_location: i.location,
          consignment_id: consigned.find((c) => c.impression_id === i.id)?.consignment_id ?? null,
        })),
      );
      for (const c of consigned)
        await repo.closeConsignmentLine(trx, c.consignment_id, c.impression_id, false);
      for (const i of impressions) await repo.setImpressionState(trx, i.id, 'sold', placeOf(buyer));
      await this.#audit(trx, actor, 'sale.recorded', 'sale', sale.id, {
        impressionIds: impressions.map((i) => i.id),
        contactId: buyer.id,
        channel: sale.channel,
        price: { amount: Number(sale.price_amount), currency: sale.price_currency },
      });
      return sale.id;
    });
    return this.getSale(actor, id);
  }

  /**
   * Undoes a sale: each impression gets back the status and location it had before, a consignment the sale ended
   * is open again (or, when it has been returned since, the impression's location is what it was before the
   * consignment). Refused (409) when a later sale of one of its impressions exists: undo that one first.
   */
  async deleteSale(actor: Actor, id: string): Promise<void> {
    await this.#change(async (trx) => {
      const sale = await repo.lockSale(trx, actor.artistId, id);
      if (!sale) throw new NotFoundError('Sale not found');
      const later = await repo.laterSaleOf(trx, id, sale.created_at);
      if (later)
        throw new ConflictError(
          `A later sale (${later}) names one of this sale's impressions: undo that sale first`,
        );
      const lines = await repo.saleLines(trx, [id]);
      await repo.lockImpressions(
        trx,
        actor.artistId,
        lines.map((l) => l.id),
      );
      for (const line of lines) {
        let location = line.previous_location;
        if (line.consignment_id) {
          const consignment = await repo.getConsignment(trx, actor.artistId, line.consignment_id);
          if (consignment && consignment.returned_on === null)
            await repo.closeConsignmentLine(trx, line.consignment_id, line.id, true);
          else if (consignment) {
            const [before] = (await repo.consignmentLines(trx, [consignment.id])).filter(
              (l) => l.id === line.id,
            );
            if (before) location = before.previous_location;
          }
        }
        await repo.setImpressionState(trx, line.id, line.previous_status, location);
      }
      await repo.deleteSale(trx, id);
      await this.#audit(trx, actor, 'sale.deleted', 'sale', id, {
        impressionIds: lines.map((l) => l.id),
        restored: lines.map((l) => ({ impressionId: l.id, status: l.previous_status })),
      });
    });
  }

  /** Sales count and the sum per currency of each year, newest first. */
  async totals(actor: Actor) {
    const rows = await repo.totalsPerYear(this.#db, actor.artistId);
    const years: Array<{ year: number; count: number; sums: Array<{ amount: number; currency: string }> }> =
      [];
    for (const r of rows) {
      let year = years.find((y) => y.year === r.year);
      if (!year) years.push((year = { year: r.year, count: 0, sums: [] }));
      year.count += r.count;
      year.sums.push({ amount: Number(r.amount), currency: r.currency });
    }
    return { years };
  }

  async salesCsv(actor: Actor): Promise<{ fileName: string; csv: string; count: number }> {
    const { rows } = await repo.listSales(this.#db, actor.artistId, {}, undefined);
    const sales = await this.#presentSales(rows);
    return { fileName: `sales-${today()}.csv`, csv: toCsv(SALE_COLUMNS, sales), count: sales.length };
  }

  async #presentSales(rows: readonly repo.SaleRow[]): Promise<SaleView[]> {
    const [lines, contacts] = await Promise.all([
      repo.saleLines(
        this.#db,
        rows.map((r) => r.id),
      ),
      repo.contactsById(
        this.#db,
        rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])),
      ),
    ]);
    return rows.map((r) => presentSale(r, lines, contacts));
  }

  // ---- consignments ----

  async listConsignments(actor: Actor, input: PageInput & repo.ConsignmentFilter) {
    const p = paging(input);
    const { rows, total } = await repo.listConsignments(this.#db, actor.artistId, input, p);
    return listEnvelope('consignments', await this.#presentConsignments(rows), total, p);
  }

  async getConsignment(actor: Actor, id: string): Promise<ConsignmentView> {
    const row = await repo.getConsignment(this.#db, actor.artistId, id);
    if (!row) throw new NotFoundError('Consignment not found');
    return (await this.#presentConsignments([row]))[0]!;
  }

  /**
   * Records a consignment: each impression stays available (it is for sale, at the dealer's) and its location
   * becomes the dealer. Refused (409) unless every impression is available and not already out on consignment.
   */
  async recordConsignment(actor: Actor, input: ConsignmentInput): Promise<ConsignmentView> {
    const dateOut = requireDay(input.dateOut, 'dateOut');
    const id = await this.#change(async (trx) => {
      const dealer = await this.#ownContact(trx, actor, input.contactId);
      const impressions = await this.#ownImpressions(trx, actor, input.impressionIds);
      const out = await repo.openConsignmentLines(
        trx,
        impressions.map((i) => i.id),
      );
      const words = impressions.flatMap((i) => {
        const line = out.find((o) => o.impression_id === i.id);
        if (line)
          return [
            `${marking(i)} is already on consignment with ${line.dealer ?? 'a deleted contact'} since ${line.out_on}`,
          ];
        return i.status === 'available' ? [] : [`${marking(i)} is ${STATUS_WORDS[i.status]}`];
      });
      if (words.length > 0)
        throw new ConflictError(`Cannot consign: ${words.join('; ')}`, { field: 'impressionIds' });
      const consignment = await repo.insertConsignment(trx, {
        artist_id: actor.artistId,
        contact_id: dealer.id,
        out_on: dateOut,
        commission_percent: input.commissionPercent ?? null,
        price_amount: input.price?.amount ?? null,
        price_currency: input.price?.currency ?? null,
        notes: text(input.notes) ?? null,
      });
      await repo.insertConsignmentLines(
        trx,
        impressions.map((i) => ({
          consignment_id: consignment.id,
          impression_id: i.id,
          previous_status: i.status,
          previous_location: i.location,
        })),
      );
      for (const i of impressions) await repo.setImpressionState(trx, i.id, i.status, placeOf(dealer));
      await this.#audit(trx, actor, 'consignment.recorded', 'consignment', consignment.id, {
        impressionIds: impressions.map((i) => i.id),
        contactId: dealer.id,
      });
      return consignment.id;
    });
    return this.getConsignment(actor, id);
  }

  /** The consignment came back: the impressions still with the dealer get back their status and location. */
  async returnConsignment(actor: Actor, id: string, dateReturned: string): Promise<ConsignmentView> {
    const date = requireDay(dateReturned, 'dateReturned');
    await this.#change(async (trx) => {
      const consignment = await repo.lockConsignment(trx, actor.artistId, id);
      if (!consignment) throw new NotFoundError('Consignment not found');
      if (consignment.returned_on !== null)
        throw new ConflictError(
          `This consignment was already returned on ${String(consignment.returned_on)}`,
        );
      if (date < String(consignment.out_on))
        throw new BadRequestError('body.dateReturned: the return comes before the day it went out', {
          field: 'dateReturned',
        });
      const restored = await this.#restoreOpenLines(trx, actor, id);
      await repo.markReturned(trx, id, date);
      await this.#audit(trx, actor, 'consignment.returned', 'consignment', id, { impressionIds: restored });
    });
    return this.getConsignment(actor, id);
  }

  /**
   * Deletes a consignment recorded by mistake: impressions still with the dealer get back their status and
   * location. Refused (409) when one of them was sold from it: undo that sale first.
   */
  async deleteConsignment(actor: Actor, id: string): Promise<void> {
    await this.#change(async (trx) => {
      const consignment = await repo.lockConsignment(trx, actor.artistId, id);
      if (!consignment) throw new NotFoundError('Consignment not found');
      const sold = (await repo.consignmentLines(trx, [id])).filter((l) => l.sale_id !== null);
      if (sold.length > 0)
        throw new ConflictError(
          `${sold.map(marking).join(', ')} was sold from this consignment: undo that sale first`,
        );
      const restored = await this.#restoreOpenLines(trx, actor, id);
      await repo.deleteConsignment(trx, id);
      await this.#audit(trx, actor, 'consignment.deleted', 'consignment', id, { impressionIds: restored });
    });
  }

  async #restoreOpenLines(trx: Trx, actor: Actor, id: string): Promise<string[]> {
    const open = (await repo.consignmentLines(trx, [id])).filter((l) => l.open);
    await repo.lockImpressions(
      trx,
      actor.artistId,
      open.map((l) => l.id),
    );
    for (const line of open)
      await repo.setImpressionState(trx, line.id, line.previous_status, line.previous_location);
    return open.map((l) => l.id);
  }

  async #presentConsignments(rows: readonly repo.ConsignmentRow[]): Promise<ConsignmentView[]> {
    const [lines, contacts] = await Promise.all([
      repo.consignmentLines(
        this.#db,
        rows.map((r) => r.id),
      ),
      repo.contactsById(
        this.#db,
        rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])),
      ),
    ]);
    return rows.map((r) => presentConsignment(r, lines, contacts));
  }

  // ---- provenance ----

  /** Each impression of the print with its chain of sales, oldest first. */
  async provenance(actor: Actor, printId: string) {
    const impressions = await repo.printImpressions(this.#db, actor.artistId, printId);
    if (!impressions) throw new NotFoundError('Print not found');
    const sales = await repo.provenance(this.#db, printId);
    return {
      printId,
      impressions: impressions.map((i) => ({
        impressionId: i.id,
        marking: marking(i),
        status: i.status,
        location: i.location,
        sales: sales
          .filter((s) => s.impression_id === i.id)
          .map((s) => ({
            saleId: s.sale_id,
            date: String(s.sold_on),
            buyer:
              s.contact_id && s.contact_kind
                ? {
                    id: s.contact_id,
                    kind: s.contact_kind,
                    name: s.contact_name ?? '',
                    organisation: s.contact_organisation,
                  }
                : null,
            channel: s.channel as SaleInput['channel'],
            price: { amount: Number(s.price_amount), currency: s.price_currency },
          })),
      })),
    };
  }

  /** The impressions the studio's forms offer (available or reserved). */
  async saleableImpressions(actor: Actor) {
    const rows = await repo.saleableImpressions(this.#db, actor.artistId);
    return rows.map((i) => ({
      id: i.id,
      printId: i.print_id,
      title: i.title ?? {},
      marking: marking(i),
      status: i.status,
      location: i.location,
    }));
  }
}
