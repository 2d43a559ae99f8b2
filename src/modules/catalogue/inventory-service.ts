// The inventory as a spreadsheet (issue 22): the export (one row per print, the catalogue's fields) and the import
// of a spreadsheet in the same columns — a plan (what would be created, updated, left as it is or refused, row by
// row) and applying it in ONE transaction with one audit event per created or updated print, or nothing at all.
// The studio page and the artist API call the same two methods. Imported prints are drafts; an import never
// publishes, never changes a print's status or galleries, and only touches the artist's own prints.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import * as inventory from './inventory-repository.js';
import * as prints from './prints-repository.js';
import { additionalAltTexts } from './print-images-repository.js';
import { vocabulary } from './vocabulary-repository.js';
import {
  inventoryCsv,
  planImport,
  readInventoryFile,
  readOnlyColumns,
  type CatalogueState,
  type CurrentPrint,
  type ImportPlan,
  type InventoryRecord,
  type PlannedRow,
  type VocabTerm,
} from './inventory-csv.js';
import { mapDbError, type Actor, type Changes } from './kit.js';
import type { Db } from './prints-repository.js';
import { dayOf } from '../../platform/days.js';

/** A planned row as the API and the studio show it. */
export type ImportRowOut = Omit<PlannedRow, 'values' | 'tags'>;

export interface ImportResult {
  dryRun: boolean;
  applied: boolean;
  summary: ImportPlan['summary'];
  delimiter: ImportPlan['delimiter'];
  encoding: ImportPlan['encoding'];
  columns: string[];
  readOnlyColumns: string[];
  rows: ImportRowOut[];
}

/** The most refusals an error answer lists (the dry run lists every row). */
const REFUSALS_LISTED = 100;

export class InventoryService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;

  constructor(db: Kysely<Database>, changes: Changes) {
    this.#db = db;
    this.#changes = changes;
  }

  async #state(db: Db, actor: Actor, forUpdate: boolean) {
    const rows = await inventory.artistPrints(db, actor.artistId, forUpdate);
    const [tags, galleries, ledger, images, terms] = await Promise.all([
      inventory.tagsByPrint(db, actor.artistId),
      inventory.galleriesByPrint(db, actor.artistId),
      inventory.ledgerByPrint(db, actor.artistId),
      inventory.imagesByPrint(db, actor.artistId),
      vocabulary(db, actor.artistId),
    ]);
    const additional = await additionalAltTexts(
      db,
      rows.map((r) => r.id),
    );
    const current = new Map<string, CurrentPrint>();
    const byInventoryNumber = new Map<string, string>();
    const byAwaitedImage = new Map<string, string>();
    for (const row of rows) {
      const image = images.get(row.id);
      current.set(row.id, {
        row,
        tags: tags.get(row.id) ?? [],
        galleries: galleries.get(row.id) ?? [],
        ledger: ledger.get(row.id) ?? [],
        imageShown: image?.shown ?? false,
        additionalImages: additional.get(row.id) ?? [],
        fileName: image?.fileName ?? null,
      });
      if (row.inventory_number) byInventoryNumber.set(row.inventory_number, row.id);
      if (row.awaited_image_name) byAwaitedImage.set(row.awaited_image_name.toLowerCase(), row.id);
    }
    const kind = (k: string): VocabTerm[] =>
      terms.filter((t) => t.kind === k).map((t) => ({ key: t.key, label: t.label }));
    const state: CatalogueState = {
      prints: current,
      byInventoryNumber,
      byAwaitedImage,
      vocabulary: {
        technique: kind('technique'),
        plate_material: kind('plate_material'),
        availability: kind('availability'),
      },
    };
    return { rows, current, state };
  }

  /** The whole inventory as CSV (UTF-8 with BOM, RFC 4180), one row per print. */
  async exportCsv(actor: Actor): Promise<{ fileName: string; csv: string; count: number }> {
    const { rows, current } = await this.#state(this.#db, actor, false);
    const records: InventoryRecord[] = rows.map((row) => {
      const c = current.get(row.id)!;
      return {
        id: row.id,
        inventoryNumber: row.inventory_number,
        title: row.title,
        year: row.year,
        technique: row.technique_key,
        plateMaterial: row.plate_material_key,
        plateHeightMm: row.plate_height_mm,
        plateWidthMm: row.plate_width_mm,
        sheetHeightMm: row.sheet_height_mm,
        sheetWidthMm: row.sheet_width_mm,
        paper: row.paper,
        editionSize: row.edition_size,
        artistProofs: row.artist_proofs,
        price: row.price_amount,
        currency: row.price_currency,
        availability: row.availability_key,
        status: row.status,
        galleries: c.galleries,
        tags: c.tags,
        imageFileName: c.fileName ?? row.awaited_image_name,
      };
    });
    const day = dayOf(new Date());
    return { fileName: `inventory-${day}.csv`, csv: inventoryCsv(records), count: records.length };
  }

  /**
   * Reads the file and plans the import; with `dryRun` false applies the plan in one transaction (the plan is made
   * again inside it, from the rows it locks, so what is applied is exactly what a dry run at that moment shows).
   * Any refused row refuses the whole file (422, nothing written).
   */
  async import(actor: Actor, file: Uint8Array | string, options: { dryRun: boolean }): Promise<ImportResult> {
    const parsed = readInventoryFile(file);
    if (options.dryRun) {
      const { state } = await this.#state(this.#db, actor, false);
      return result(planImport(parsed, state), true, false);
    }
    const plan = await this.#changes
      .run(async (trx) => {
        const { state } = await this.#state(trx, actor, true);
        const planned = planImport(parsed, state);
        const refused = planned.rows.filter((r) => r.action === 'refused');
        if (refused.length) {
          throw new AppError(
            'UNPROCESSABLE',
            `${refused.length} of ${planned.rows.length} rows are refused, so nothing was imported; ` +
              `first: row ${refused[0]!.row}, ${refused[0]!.reasons[0]?.field}: ${refused[0]!.reasons[0]?.message}`,
            {
              field: 'file',
              refused: refused.slice(0, REFUSALS_LISTED).map((r) => ({ row: r.row, reasons: r.reasons })),
            },
          );
        }
        // Few statements whatever the number of rows: new prints and their audit events in multi-row inserts, the
        // tags of every changed print at once; one update per changed print (each changes other columns).
        const creates = planned.rows.filter((r) => r.action === 'create');
        const updates = planned.rows.filter((r) => r.action === 'update');
        for (const r of creates) r.printId = randomUUID();
        await inventory.insertPrints(
          trx,
          actor.artistId,
          creates.map((r) => ({ ...r.values, id: r.printId!, status: 'draft' as const })),
        );
        for (const r of updates) await prints.updatePrint(trx, r.printId!, r.values);
        await inventory.replacePrintTags(
          trx,
          actor.artistId,
          [...creates, ...updates].flatMap((r) => (r.tags ? [{ printId: r.printId!, tags: r.tags }] : [])),
        );
        await this.#changes.auditMany(
          trx,
          actor,
          [...creates, ...updates]
            .sort((a, b) => a.row - b.row)
            .map((r) => ({
              action: r.action === 'create' ? 'print.created' : 'print.updated',
              entityType: 'print',
              entityId: r.printId!,
              details: { source: 'import', row: r.row, fields: r.changes.map((c) => c.field) },
            })),
        );
        return planned;
      })
      .catch(mapDbError);
    return result(plan, false, true);
  }
}

function result(plan: ImportPlan, dryRun: boolean, applied: boolean): ImportResult {
  return {
    dryRun,
    applied,
    summary: plan.summary,
    delimiter: plan.delimiter,
    encoding: plan.encoding,
    columns: plan.columns,
    readOnlyColumns: readOnlyColumns(plan),
    rows: plan.rows.map(({ values: _values, tags: _tags, ...row }) => row),
  };
}
