// Restoring an archive, whole or in part. First pass: the whole archive is checked against its manifest (nothing
// is touched when it fails) and the table files are extracted to a temporary folder. Then, unless it is a dry
// run: image files are written to storage (second pass), and the rows go into the database in ONE transaction
// (upsert by primary key, triggers held back so timestamps stay as archived, search documents rebuilt). The SQL
// is in restore-repository.ts. No secret is in an archive: a restored artist keeps the target's own sign-in.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { MIGRATIONS } from '../../platform/db/migrations/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { recordAudit } from '../audit/index.js';
// Not the media module's index: that loads the image pipeline (sharp), 50 MB the restore does not need.
import { placePrintImages } from '../media/visibility.js';
import { BackupVerificationError, scanArchive } from './archive.js';
import { BACKUP_TABLES, type Manifest, type TableSpec } from './format.js';
import { deleteExpiredEnquiries } from '../enquiries/repository.js';
import * as repo from './restore-repository.js';
import type { RestoreTx as Trx } from './restore-repository.js';

export type RestorePart = 'metadata' | 'images' | 'galleries';

export interface RestoreOptions {
  readonly dryRun?: boolean;
  readonly only?: RestorePart;
  readonly printId?: string;
  readonly galleryId?: string;
  /** Sends 'image.process' for restored images whose versions were not in the archive. */
  readonly queue?: { send(name: 'image.process', data: { imageId: string }): Promise<string | null> };
  /** Who restores (audit). */
  readonly actor?: string | null;
  /** Archive name for the audit trail and messages. */
  readonly archiveName?: string;
  readonly tmpDir?: string;
}

export interface TableChange {
  insert: number;
  update: number;
  unchanged: number;
  skipped: number;
}

export interface RestoreResult {
  readonly dryRun: boolean;
  readonly manifest: Manifest;
  readonly tables: Record<string, TableChange>;
  readonly files: { write: number; unchanged: number; bytes: number };
  readonly requeued: string[];
  readonly warnings: string[];
  readonly durationMs: number;
}

type Row = Record<string, unknown>;

export interface RestoreDeps {
  readonly database: DatabaseHandle;
  readonly storage: Storage;
}

const BATCH = 200;

function keyOf(spec: TableSpec, row: Row): string {
  return spec.key.map((k) => String(row[k])).join('\u0000');
}

/** JSON with sorted keys, for comparing rows. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function* readRows(file: string): AsyncGenerator<Row> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as Row;
}

interface Selection {
  /** Tables to restore and, per table, which archived rows. */
  readonly tables: Map<string, (row: Row) => boolean>;
  /** Child rows of these parents in the target that the archive does not have are removed (partial restores). */
  readonly replace: { table: string; column: string; ids: Set<string> }[];
  /** Files to restore: originals/<key> and public/<key> entry names. */
  readonly files: (name: string) => boolean;
}

async function collectIds(file: string, pick: (row: Row) => string | null | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const row of readRows(file)) {
    const id = pick(row);
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * The business records of one print's impressions (decision 022): their sale and consignment lines — deleted with
 * the impressions the restore replaces — with the sales, consignments and contacts those lines need. Archives made
 * before the business tables have none.
 */
async function businessOfPrint(
  file: (table: string) => string,
  manifest: Manifest,
  printId: string,
): Promise<Array<[string, (row: Row) => boolean]>> {
  if (!manifest.tables.includes('sale_lines')) return [];
  const id = (value: unknown) => (typeof value === 'string' ? value : null);
  const impressions = await collectIds(file('impressions'), (r) =>
    r.print_id === printId ? String(r.id) : null,
  );
  const ofImpression = (r: Row) => impressions.has(String(r.impression_id));
  const sales = await collectIds(file('sale_lines'), (r) => (ofImpression(r) ? String(r.sale_id) : null));
  const consignments = new Set([
    ...(await collectIds(file('consignment_lines'), (r) =>
      ofImpression(r) ? String(r.consignment_id) : null,
    )),
    ...(await collectIds(file('sale_lines'), (r) => (ofImpression(r) ? id(r.consignment_id) : null))),
  ]);
  const contacts = new Set([
    ...(await collectIds(file('sales'), (r) => (sales.has(String(r.id)) ? id(r.contact_id) : null))),
    ...(await collectIds(file('consignments'), (r) =>
      consignments.has(String(r.id)) ? id(r.contact_id) : null,
    )),
  ]);
  return [
    ['contacts', (r) => contacts.has(String(r.id))],
    ['sales', (r) => sales.has(String(r.id))],
    ['consignments', (r) => consignments.has(String(r.id))],
    ['sale_lines', ofImpression],
    ['consignment_lines', ofImpression],
  ];
}

async function select(dir: string, options: RestoreOptions, manifest: Manifest): Promise<Selection> {
  const all = () => true;
  const file = (t: string) => path.join(dir, `${t}.ndjson`);
  if (options.printId) {
    const printId = options.printId;
    const prints = await collectIds(file('prints'), (r) => (r.id === printId ? printId : null));
    if (prints.size === 0) throw new Error(`Print ${printId} is not in the archive`);
    const tags = await collectIds(file('print_tags'), (r) =>
      r.print_id === printId ? String(r.tag_id) : null,
    );
    const imageOfPrint = await collectIds(file('prints'), (r) =>
      r.id === printId ? (r.image_id as string) : null,
    );
    const images = await collectIds(file('images'), (r) =>
      r.print_id === printId || imageOfPrint.has(String(r.id)) ? String(r.id) : null,
    );
    const originalKeys = await collectIds(file('images'), (r) =>
      images.has(String(r.id)) ? String(r.original_key) : null,
    );
    const metadataOnly = options.only === 'metadata';
    const business = await businessOfPrint(file, manifest, printId);
    return {
      tables: new Map<string, (row: Row) => boolean>([
        ...business,
        ['tags', (r) => tags.has(String(r.id))],
        ['prints', (r) => r.id === printId],
        ['print_tags', (r) => r.print_id === printId],
        ['images', (r) => images.has(String(r.id))],
        ['image_versions', (r) => images.has(String(r.image_id))],
        ['image_exif', (r) => images.has(String(r.image_id))],
        // Archives made before plate states (0026) have no file of them: the print's states are then removed.
        ...(manifest.tables.includes('plate_states')
          ? [['plate_states', (r: Row) => r.print_id === printId] as const]
          : []),
        ['impressions', (r) => r.print_id === printId],
      ]),
      replace: [
        { table: 'print_tags', column: 'print_id', ids: prints },
        { table: 'impressions', column: 'print_id', ids: prints },
        // After the impressions that name them; archives made before plate states have none, so none are kept.
        { table: 'plate_states', column: 'print_id', ids: prints },
      ],
      files: (name) =>
        !metadataOnly &&
        ((name.startsWith('originals/') && originalKeys.has(name.slice('originals/'.length))) ||
          // Versions and tiles: public for a published print, private (originals area) otherwise.
          [...images].some(
            (id) => name.startsWith(`public/images/${id}/`) || name.startsWith(`originals/images/${id}/`),
          )),
    };
  }
  if (options.galleryId || options.only === 'galleries') {
    const galleryId = options.galleryId;
    const galleries = await collectIds(file('galleries'), (r) =>
      galleryId === undefined || r.id === galleryId ? String(r.id) : null,
    );
    if (galleryId && galleries.size === 0) throw new Error(`Gallery ${galleryId} is not in the archive`);
    return {
      tables: new Map<string, (row: Row) => boolean>([
        ['galleries', (r) => galleries.has(String(r.id))],
        ['gallery_prints', (r) => galleries.has(String(r.gallery_id))],
      ]),
      replace: [{ table: 'gallery_prints', column: 'gallery_id', ids: galleries }],
      files: () => false,
    };
  }
  if (options.only === 'images') {
    return {
      tables: new Map(),
      replace: [],
      files: (n) => n.startsWith('originals/') || n.startsWith('public/'),
    };
  }
  const tables = new Map<string, (row: Row) => boolean>(manifest.tables.map((t) => [t, all]));
  return {
    tables,
    replace: [],
    files:
      options.only === 'metadata'
        ? () => false
        : (n) => n.startsWith('originals/') || n.startsWith('public/'),
  };
}

/** The target's rows of a table as canonical JSON, by primary key. */
async function targetRows(trx: Trx, spec: TableSpec): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const row of await repo.targetRows(trx, spec)) map.set(keyOf(spec, row), canonical(row));
  return map;
}

/** Restores an archive (see the module comment). `open` returns the gzip-compressed archive, once per pass. */
export async function restoreArchive(
  deps: RestoreDeps,
  open: () => Promise<AsyncIterable<Buffer> | Readable>,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const started = performance.now();
  const { database, storage } = deps;
  const tmp = await fs.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'copper-restore-'));
  const warnings: string[] = [];
  try {
    // Pass 1: verify everything, keep the table files.
    const scan = await scanArchive(await open(), async (entry, chunks) => {
      const m = /^db\/([a-z_]+)\.ndjson$/.exec(entry.name);
      if (!m) return;
      const handle = await fs.open(path.join(tmp, `${m[1]!}.ndjson`), 'w');
      try {
        for await (const chunk of chunks) await handle.write(chunk);
      } finally {
        await handle.close();
      }
    });
    const manifest = scan.manifest;
    if (!(manifest.schemaVersion in MIGRATIONS) && manifest.schemaVersion !== 'none') {
      throw new BackupVerificationError([
        `the archive was made with database schema ${manifest.schemaVersion}, which this app version does not ` +
          `know; restore it with app version ${manifest.appVersion} or newer`,
      ]);
    }
    const selection = await select(tmp, options, manifest);

    // Files: which need writing.
    const fileEntries = scan.entries.filter((e) => selection.files(e.name));
    const toWrite = new Set<string>();
    let fileBytes = 0;
    let filesUnchanged = 0;
    for (const e of fileEntries) {
      const [area, ...rest] = e.name.split('/');
      const info = await storage.head(area as 'originals' | 'public', rest.join('/'));
      if (info && info.size === e.bytes) filesUnchanged += 1;
      else {
        toWrite.add(e.name);
        fileBytes += e.bytes;
      }
    }

    // After the restore a file exists when it is written from the archive or is already in storage.
    const restoredFiles = new Set(fileEntries.map((e) => e.name));
    const willExist = async (key: string): Promise<boolean> =>
      restoredFiles.has(`public/${key}`) ||
      restoredFiles.has(`originals/${key}`) ||
      (await storage.head('public', key)) !== undefined ||
      (await storage.head('originals', key)) !== undefined;

    const specs = BACKUP_TABLES.filter((s) => selection.tables.has(s.name));
    const tables: Record<string, TableChange> = {};
    const requeued: string[] = [];

    const apply = async (trx: Trx, write: boolean): Promise<void> => {
      const archivedPrints = new Set<string>();
      if (selection.tables.has('gallery_prints') && selection.tables.has('prints')) {
        for await (const r of readRows(path.join(tmp, 'prints.ndjson'))) archivedPrints.add(String(r.id));
      }
      const touchedPrints: string[] = [];
      const printImages: Row[] = [];
      const restoredImages: string[] = [];
      const carryOvers: CarryOver[] = [];
      let rolesUnknown = false;
      let triggerTables: string[] = [];
      if (write) {
        const affected = new Set(specs.map((s) => s.name));
        if (affected.size > 0) affected.add('prints');
        triggerTables = await repo.holdTriggers(trx, [...affected]);
        for (const r of selection.replace) await repo.deleteChildren(trx, r.table, r.column, [...r.ids]);
      }
      for (const spec of specs) {
        const pick = selection.tables.get(spec.name)!;
        const change: TableChange = { insert: 0, update: 0, unchanged: 0, skipped: 0 };
        tables[spec.name] = change;
        const existing = await targetRows(trx, spec);
        const byNatural = new Map<string, string>();
        if (spec.name === 'vocabulary_terms') {
          for (const json of existing.values()) {
            const r = JSON.parse(json) as Row;
            byNatural.set(`${String(r.kind)}:${String(r.key)}:${String(r.artist_id)}`, json);
          }
        }
        const columns = await repo.targetColumns(trx, spec.name);
        let batch: Row[] = [];
        let batchColumns: string[] | undefined;
        const flush = async () => {
          if (write && batch.length > 0) await repo.upsertRows(trx, spec, batchColumns!, batch);
          batch = [];
        };
        // Parents that may be missing in a running system (partial gallery restores).
        let presentPrints: Set<string> | undefined;
        if (write && (spec.name === 'gallery_prints' || spec.name === 'galleries')) {
          const ids: string[] = [];
          for await (const r of readRows(path.join(tmp, `${spec.name}.ndjson`))) {
            if (!pick(r)) continue;
            const id = spec.name === 'gallery_prints' ? r.print_id : r.cover_print_id;
            if (typeof id === 'string') ids.push(id);
          }
          presentPrints = new Set([...archivedPrints, ...(await repo.existingIds(trx, 'prints', ids))]);
        }
        for await (const archived of readRows(path.join(tmp, `${spec.name}.ndjson`))) {
          if (!pick(archived)) continue;
          // Archives made before secrets were left out hold password hashes: never restored, the target's stay.
          for (const column of spec.secret ?? []) delete archived[column];
          if (spec.name === 'artists' && !('role' in archived)) rolesUnknown = true;
          const row: Row = { ...archived };
          for (const column of Object.keys(row)) {
            if (!columns.has(column)) {
              delete row[column];
              const w = `column ${spec.name}.${column} no longer exists; its values were not restored`;
              if (!warnings.includes(w)) warnings.push(w);
            }
          }
          if (spec.name === 'gallery_prints' && presentPrints && !presentPrints.has(String(row.print_id))) {
            change.skipped += 1;
            warnings.push(
              `gallery ${String(row.gallery_id)}: print ${String(row.print_id)} does not exist; left out`,
            );
            continue;
          }
          if (
            spec.name === 'galleries' &&
            presentPrints &&
            typeof row.cover_print_id === 'string' &&
            !presentPrints.has(row.cover_print_id)
          ) {
            row.cover_print_id = null;
            warnings.push(
              `gallery ${String(row.id)}: cover print ${String(archived.cover_print_id)} does not exist; cover cleared`,
            );
          }
          const key = keyOf(spec, archived);
          const before =
            spec.name === 'vocabulary_terms'
              ? byNatural.get(
                  `${String(archived.kind)}:${String(archived.key)}:${String(archived.artist_id)}`,
                )
              : existing.get(key);
          if (before === undefined) change.insert += 1;
          else if (before === canonical(archived)) change.unchanged += 1;
          else change.update += 1;
          if (spec.name === 'artists' && write) {
            const carried = await freeArtistEmail(trx, row, warnings);
            if (carried) carryOvers.push(carried);
          }
          if (spec.name === 'prints') {
            touchedPrints.push(String(row.id));
            if (row.image_id !== null && row.image_id !== undefined) {
              printImages.push({ id: row.id, image_id: row.image_id });
              row.image_id = null;
            }
          }
          if (spec.name === 'images') restoredImages.push(String(row.id));
          batchColumns ??= Object.keys(row);
          batch.push(row);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
      }
      // Images that need their versions (re)generated after the restore, known before anything is written.
      requeued.push(...(await imagesToProcess(tmp, restoredImages, willExist)));
      if (!write) return;
      for (const c of carryOvers) await repo.carryOverArtist(trx, c.id, c.values);
      // Archives made before site owners existed: the first artist operates the site, as migration 0011 decided.
      if (rolesUnknown) await repo.ensureSiteOwner(trx);
      if (printImages.length > 0) {
        const images = await repo.existingIds(
          trx,
          'images',
          printImages.map((p) => String(p.image_id)),
        );
        const linkable = printImages.filter((p) => images.has(String(p.image_id)));
        for (const p of printImages)
          if (!images.has(String(p.image_id)))
            warnings.push(`print ${String(p.id)}: image ${String(p.image_id)} does not exist; image cleared`);
        await repo.linkPrintImages(trx, linkable);
      }
      // Versions not in storage after the restore: the images go back to processing and are queued after commit.
      await repo.markImagesProcessing(trx, requeued);
      // Every restored print's image files go to the area the visibility policy calls for (decision 008: public
      // only when published and in a published gallery): the archive holds them where they were, the target may
      // have had the print in another state. Done under the row locks the upserts hold, as publishing does.
      for (const p of await repo.printStatuses(trx, touchedPrints))
        await placePrintImages(trx, storage, p.id);
      await repo.checkConstraints(trx);
      // Rebuild the search documents with the restored tags and vocabulary, keeping updated_at as archived.
      if (touchedPrints.length > 0) await repo.refreshPrintSearch(trx, touchedPrints);
      await repo.releaseTriggers(trx, triggerTables);
      // The rows went in with the triggers held back, so the search caches' generation was not bumped.
      if (specs.length > 0) await repo.bumpSearchGeneration(trx);
      // The availability ledger is derived from impressions by triggers that were held back above.
      if (touchedPrints.length > 0 || selection.tables.has('impressions')) await repo.rebuildLedger(trx);
      if (selection.tables.has('audit_events')) await repo.resetAuditSequence(trx);
      // Enquiries are personal data kept only for their retention period: none past it survives a restore.
      const expiredEnquiries = selection.tables.has('enquiries')
        ? (await deleteExpiredEnquiries(trx, new Date())).reduce((n, d) => n + d.deleted, 0)
        : 0;
      await recordAudit(trx, {
        artistId: await restoredArtist(trx, tmp),
        actor: options.actor ?? null,
        action: 'backup.restored',
        entityType: 'backup',
        entityId: manifest.backupId ?? undefined,
        details: {
          archive: options.archiveName ?? null,
          archiveSha256: scan.archiveSha256,
          only: options.only ?? null,
          printId: options.printId ?? null,
          galleryId: options.galleryId ?? null,
          tables,
          files: toWrite.size,
          requeued: requeued.length,
          expiredEnquiries,
        },
      });
    };

    if (options.dryRun) {
      // Count against the target in a transaction that is rolled back.
      await repo.inRestoreTransaction(database.db, false, (trx) => apply(trx, false));
      return {
        dryRun: true,
        manifest,
        tables,
        files: { write: toWrite.size, unchanged: filesUnchanged, bytes: fileBytes },
        requeued,
        warnings,
        durationMs: Math.round(performance.now() - started),
      };
    }

    // Pass 2: the image files (before the rows that reference them).
    if (toWrite.size > 0) {
      await scanArchive(await open(), async (entry, chunks) => {
        if (!toWrite.has(entry.name)) return;
        const [area, ...rest] = entry.name.split('/');
        await storage.put(area as 'originals' | 'public', rest.join('/'), Readable.from(chunks), {
          contentLength: entry.size,
        });
      });
    }
    await repo.inRestoreTransaction(database.db, true, (trx) => apply(trx, true));
    if (requeued.length > 0) {
      if (options.queue)
        for (const imageId of requeued) await options.queue.send('image.process', { imageId });
      else
        warnings.push(
          `${requeued.length} images need their versions regenerated: start the worker and run the restore's ` +
            'image jobs (npm run restore queues them when a database queue is available)',
        );
    }
    return {
      dryRun: false,
      manifest,
      tables,
      files: { write: toWrite.size, unchanged: filesUnchanged, bytes: fileBytes },
      requeued,
      warnings,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Restored images that must be processed again: those being processed when the backup was made, and completed
 * ones missing a version or deep-zoom file after the restore (versions not archived, or --only metadata brought
 * back rows of another generation than the one in storage).
 */
async function imagesToProcess(
  dir: string,
  imageIds: readonly string[],
  willExist: (key: string) => Promise<boolean>,
): Promise<string[]> {
  if (imageIds.length === 0) return [];
  const ids = new Set(imageIds);
  const status = new Map<string, string>();
  const keys = new Map<string, string[]>();
  for await (const r of readRows(path.join(dir, 'images.ndjson'))) {
    const id = String(r.id);
    if (!ids.has(id)) continue;
    status.set(id, String(r.status));
    keys.set(
      id,
      [r.iiif_key, r.dzi_key].filter((k): k is string => typeof k === 'string'),
    );
  }
  for await (const r of readRows(path.join(dir, 'image_versions.ndjson'))) {
    keys.get(String(r.image_id))?.push(String(r.storage_key));
  }
  const out: string[] = [];
  for (const id of ids) {
    const state = status.get(id);
    if (state === 'processing') out.push(id);
    else if (state === 'completed') {
      const files = keys.get(id) ?? [];
      let complete = files.length > 0;
      for (const key of files) if (complete && !(await willExist(key))) complete = false;
      if (!complete) out.push(id);
    }
  }
  return out;
}

/** The artist the restore belongs to (for the audit trail): the first archived artist present after it. */
async function restoredArtist(trx: Trx, dir: string): Promise<string | null> {
  const file = path.join(dir, 'artists.ndjson');
  if (!(await fs.stat(file).catch(() => undefined))) return null;
  const ids: string[] = [];
  for await (const r of readRows(file)) ids.push(String(r.id));
  return repo.firstExistingArtist(trx, ids);
}

/** What a restored artist takes over from the account of the same e-mail it replaces. */
interface CarryOver {
  id: string;
  values: { password_hash: string | null; idp_subject: string | null; owner: boolean };
}

/**
 * A fresh install may already hold an (empty) artist with the archived e-mail under another id: make room. The
 * restored account takes over that account's sign-in (password hash, identity-provider subject: the archive has
 * no password, and this installation's issuer knows this subject) and its site-owner role.
 */
async function freeArtistEmail(trx: Trx, row: Row, warnings: string[]): Promise<CarryOver | undefined> {
  const other = await repo.otherArtistWithEmail(trx, String(row.email), String(row.id));
  if (!other) return undefined;
  if (other.ownsContent) {
    throw new Error(
      `Artist ${String(row.email)} exists here with another id and owns content; restore onto an empty system ` +
        'or restore parts (--print / --gallery) instead',
    );
  }
  await repo.deleteArtist(trx, other.id);
  warnings.push(
    `replaced the empty artist account ${String(row.email)} of this installation with the archived one (it keeps ` +
      "this installation's sign-in)",
  );
  return {
    id: String(row.id),
    values: {
      password_hash: other.password_hash,
      idp_subject: other.idp_subject,
      owner: other.role === 'owner',
    },
  };
}
