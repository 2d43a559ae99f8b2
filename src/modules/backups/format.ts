// The backup archive format (version 1): a gzip-compressed POSIX tar holding, in this order,
//   README.txt                 what this is and how to restore it
//   db/<table>.ndjson          one JSON object per line (PostgreSQL's to_jsonb of the row, UTC), tables in
//                              dependency order; generated and search columns left out (rebuilt on restore)
//   originals/<key>            every original image, byte for byte
//   public/<key>               optionally, the generated versions (otherwise the restore re-queues processing)
//   manifest.json              written last: versions, counts, sizes and the SHA-256 of every entry above
export const FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const README_NAME = 'README.txt';

export interface TableSpec {
  readonly name: string;
  /** Primary-key columns: the order rows are dumped in and the conflict target of a restore. */
  readonly key: readonly string[];
  /** Columns that are never dumped (generated or trigger-maintained search columns). */
  readonly derived?: readonly string[];
  /** Secrets that never leave the installation: not dumped, and a restore leaves the target's own alone. */
  readonly secret?: readonly string[];
}

const SEARCH_COLUMNS = ['search_da', 'search_en', 'title_plain'] as const;

/**
 * Every table whose content belongs to the artist, parents before children. No secret is archived: not the
 * artists' password hashes (a restored account keeps the target's own, or gets one with `npm run artist --
 * reset-password`), and not these tables: sessions and the embedded issuer's state (oidc_payloads: sign-ins,
 * grants), studio_form_stash (forms kept across a sign-in, for minutes), app_state (this installation's signing
 * keys and generated secrets). Enquiries are archived (a restored site keeps its open conversations) but a restore
 * deletes every enquiry past its retention period before it commits, so an old archive never brings them back;
 * their notification e-mails (enquiry_notifications) are not archived. Nor search_generation (a counter the search caches compare, derived: bumped by
 * triggers and by a restore), uploads (temporary upload slots), backups (the records of the archives themselves)
 * and pg-boss's job tables.
 */
export const BACKUP_TABLES: readonly TableSpec[] = [
  { name: 'artists', key: ['id'], secret: ['password_hash'] },
  { name: 'settings', key: ['artist_id'] },
  { name: 'vocabulary_terms', key: ['id'] },
  { name: 'tags', key: ['id'] },
  { name: 'prints', key: ['id'], derived: SEARCH_COLUMNS },
  { name: 'galleries', key: ['id'], derived: SEARCH_COLUMNS },
  { name: 'gallery_prints', key: ['gallery_id', 'print_id'] },
  { name: 'print_tags', key: ['print_id', 'tag_id'] },
  { name: 'images', key: ['id'] },
  { name: 'image_versions', key: ['image_id', 'version'] },
  { name: 'image_exif', key: ['image_id'] },
  // Plate states (decision 025) after the images their proof names, before the impressions that name them.
  { name: 'plate_states', key: ['id'] },
  { name: 'impressions', key: ['id'] },
  { name: 'exhibitions', key: ['id'] },
  { name: 'exhibition_prints', key: ['exhibition_id', 'print_id'] },
  // The business records (decision 022): contacts are personal data the artist keeps until they delete them.
  { name: 'contacts', key: ['id'] },
  { name: 'sales', key: ['id'] },
  { name: 'consignments', key: ['id'] },
  { name: 'sale_lines', key: ['sale_id', 'impression_id'] },
  { name: 'consignment_lines', key: ['consignment_id', 'impression_id'] },
  // A room's password hash and its link (hashed, and sealed under the installation's secret) are the artist's
  // content: a restored room keeps its password and its link; a link sealed by another installation still opens
  // the room but the studio cannot show it again (decision 015). Unlocks are signed cookies, never stored.
  { name: 'viewing_rooms', key: ['id'] },
  { name: 'viewing_room_prints', key: ['room_id', 'print_id'] },
  // Personal data with a retention period: a restore deletes what is past it at once (restore.ts).
  { name: 'enquiries', key: ['id'] },
  { name: 'takedown_notices', key: ['id'] },
  { name: 'takedown_actions', key: ['id'] },
  { name: 'audit_events', key: ['id'] },
];

export function tableSpec(name: string): TableSpec {
  const spec = BACKUP_TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`Unknown backup table ${name}`);
  return spec;
}

export interface ManifestEntry {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly formatVersion: number;
  readonly appVersion: string;
  /** Name of the newest database migration applied when the backup was made. */
  readonly schemaVersion: string;
  readonly createdAt: string;
  readonly backupId: string | null;
  readonly engine: string;
  readonly includeVersions: boolean;
  /** Rows per table, in restore order. */
  readonly counts: Readonly<Record<string, number>>;
  readonly tables: readonly string[];
  readonly originals: { readonly count: number; readonly bytes: number };
  readonly versions: { readonly count: number; readonly bytes: number };
  /** Every entry before the manifest, in archive order. */
  readonly entries: readonly ManifestEntry[];
}

export interface BackupReport {
  readonly included: {
    readonly tables: readonly string[];
    readonly originals: boolean;
    readonly versions: boolean;
  };
  readonly counts: Readonly<Record<string, number>>;
  readonly sizes: {
    readonly databaseBytes: number;
    readonly originalsBytes: number;
    readonly versionsBytes: number;
    readonly archiveBytes: number;
  };
  readonly entries: number;
  readonly archiveSha256: string;
  readonly manifestSha256: string;
  readonly verified: boolean;
  readonly durationMs: number;
  readonly warnings: readonly string[];
}

export function readmeText(createdAt: string, appVersion: string): string {
  return [
    'Copper Print Gallery backup',
    `Created ${createdAt} by version ${appVersion}.`,
    '',
    'db/*.ndjson       the database, one JSON object per row, tables in dependency order',
    'originals/...     the original image files, byte for byte',
    'public/...        the generated image versions (present only when included)',
    'manifest.json     counts, sizes and the SHA-256 of every entry (written last)',
    '',
    'Check it:   npm run backup -- verify <this file>',
    'Restore it: npm run restore -- <this file> --dry-run   (then without --dry-run)',
    'See docs/recovery.md for the whole procedure.',
    '',
  ].join('\n');
}
