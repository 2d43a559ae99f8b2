// The Kysely view of the schema built by ./migrations. Keep in step with the migrations.
// Value types are the same on PostgreSQL and PGlite (see index.ts): bigint → number, numeric → string,
// date → 'YYYY-MM-DD', timestamptz → Date, jsonb → parsed value. jsonb columns accept an object or a JSON string
// on insert/update (JSON arrays must be passed as JSON.stringify(...) strings: pg would send a PostgreSQL array).
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

/** A text in Danish and/or English. */
export interface Localized {
  da?: string;
  en?: string;
}
export type Language = 'da' | 'en';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A JSON object column. */
type JsonObject<T> = ColumnType<T, T | string, T | string>;
type DefaultJsonObject<T> = ColumnType<T, T | string | undefined, T | string>;
type NullableJsonObject<T> = ColumnType<T | null, T | string | null | undefined, T | string | null>;
type LocalizedColumn = DefaultJsonObject<Localized>;
/** numeric: read as a string (exact), written as a number or string. */
type Numeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
/** A calendar date 'YYYY-MM-DD'. */
type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export type PublicationStatus = 'draft' | 'published';
export type ImageStatus = 'none' | 'processing' | 'completed' | 'failed';
export type ImageRecordStatus = 'pending' | 'processing' | 'completed' | 'failed';
export type ImageVersionName =
  'original' | 'thumbnail' | 'thumbnail_2x' | 'medium' | 'medium_2x' | 'large' | 'large_2x' | 'xlarge';
export type VocabularyKind =
  'technique' | 'plate_material' | 'availability' | 'medium' | 'paper' | 'subject' | 'style_movement';
export type WatermarkPlacement =
  'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center' | 'tiled';
export type UploadStatus = 'pending' | 'completed' | 'consumed' | 'expired';
export type ImpressionKind = 'numbered' | 'AP' | 'TP' | 'PP' | 'BAT' | 'HC';
export type ImpressionStatus = 'available' | 'sold' | 'reserved' | 'gifted' | 'destroyed';
export type TakedownStatus = 'received' | 'in_review' | 'actioned' | 'rejected' | 'withdrawn';
export type BackupStatus = 'running' | 'succeeded' | 'failed' | 'verified';

export interface AppStateTable {
  key: string;
  value: JsonObject<unknown>;
  updated_at: DefaultTimestamp;
}

export interface ArtistsTable {
  id: Generated<string>;
  /** Always lower case (CHECK). */
  email: string;
  display_name: string;
  idp_subject: string | null;
  password_hash: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SettingsTable {
  artist_id: string;
  profile_name: string | null;
  bio: LocalizedColumn;
  contact_email: string | null;
  copyright_line: string | null;
  watermark_text: string | null;
  watermark_placement: ColumnType<WatermarkPlacement, WatermarkPlacement | undefined, WatermarkPlacement>;
  default_language: ColumnType<Language, Language | undefined, Language>;
  updated_at: DefaultTimestamp;
}

export interface VocabularyTermsTable {
  id: Generated<string>;
  /** null: built-in term. */
  artist_id: string | null;
  kind: VocabularyKind;
  /** Slug: a-z, 0-9 and single hyphens. */
  key: string;
  label: JsonObject<Localized>;
  sort: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PrintsTable {
  id: Generated<string>;
  artist_id: string;
  status: ColumnType<PublicationStatus, PublicationStatus | undefined, PublicationStatus>;
  title: LocalizedColumn;
  description: LocalizedColumn;
  artist_name: LocalizedColumn;
  medium: LocalizedColumn;
  subject: LocalizedColumn;
  style_movement: LocalizedColumn;
  paper: LocalizedColumn;
  ink: LocalizedColumn;
  printing_press: LocalizedColumn;
  provenance: LocalizedColumn;
  exhibition_history: LocalizedColumn;
  /** Private to the artist; not in the search documents. */
  conservation_notes: LocalizedColumn;
  location: LocalizedColumn;
  purchase_info: LocalizedColumn;
  copyright_terms: LocalizedColumn;
  artist_statement: LocalizedColumn;
  alt_text: LocalizedColumn;
  edition_state: LocalizedColumn;
  /** 1400–2200. */
  year: number | null;
  /** vocabulary_terms.key of kind technique / plate_material / availability. */
  technique_key: string | null;
  plate_material_key: string | null;
  availability_key: string | null;
  plate_height_mm: number | null;
  plate_width_mm: number | null;
  sheet_height_mm: number | null;
  sheet_width_mm: number | null;
  edition_size: number | null;
  artist_proofs: number | null;
  price_amount: Numeric;
  /** ISO 4217, upper case; required when price_amount is set. */
  price_currency: string | null;
  /** The current image. */
  image_id: string | null;
  image_status: ColumnType<ImageStatus, ImageStatus | undefined, ImageStatus>;
  image_error: string | null;
  published_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** Maintained by a trigger: danish / english documents (tsvector text form). */
  search_da: GeneratedAlways<string>;
  search_en: GeneratedAlways<string>;
  /** Lower-case unaccented "da en" title, trigram-indexed (autocomplete: title_plain % f_unaccent(lower(q))). */
  title_plain: GeneratedAlways<string>;
}

export interface TagsTable {
  id: Generated<string>;
  artist_id: string;
  slug: string;
  label: JsonObject<Localized>;
  created_at: DefaultTimestamp;
}

export interface PrintTagsTable {
  print_id: string;
  tag_id: string;
}

export interface GalleriesTable {
  id: Generated<string>;
  artist_id: string;
  status: ColumnType<PublicationStatus, PublicationStatus | undefined, PublicationStatus>;
  title: LocalizedColumn;
  description: LocalizedColumn;
  cover_print_id: string | null;
  featured: Generated<boolean>;
  published_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  search_da: GeneratedAlways<string>;
  search_en: GeneratedAlways<string>;
  title_plain: GeneratedAlways<string>;
}

export interface GalleryPrintsTable {
  gallery_id: string;
  print_id: string;
  /** 1..n; unique per gallery, checked at commit (deferred). */
  position: number;
  added_at: DefaultTimestamp;
}

export interface ImagesTable {
  /** The base image id: versions are named {id}_{version}. */
  id: Generated<string>;
  artist_id: string;
  print_id: string | null;
  status: ColumnType<ImageRecordStatus, ImageRecordStatus | undefined, ImageRecordStatus>;
  error: string | null;
  attempts: Generated<number>;
  original_key: string;
  original_filename: string | null;
  original_content_type: string | null;
  original_bytes: number | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  placeholder: string | null;
  dzi_key: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  processed_at: NullableTimestamp;
}

export interface ImageVersionsTable {
  image_id: string;
  version: ImageVersionName;
  storage_key: string;
  width: number;
  height: number;
  bytes: number;
  format: string;
  created_at: DefaultTimestamp;
}

export interface ImageExifTable {
  image_id: string;
  data: DefaultJsonObject<Record<string, unknown>>;
  camera: string | null;
  lens: string | null;
  exposure_time: string | null;
  f_number: Numeric;
  iso: number | null;
  focal_length_mm: Numeric;
  taken_at: NullableTimestamp;
  created_at: DefaultTimestamp;
}

export interface UploadsTable {
  id: Generated<string>;
  artist_id: string;
  storage_key: string;
  content_type: string;
  original_filename: string | null;
  max_bytes: number;
  status: ColumnType<UploadStatus, UploadStatus | undefined, UploadStatus>;
  expires_at: Timestamp;
  created_at: DefaultTimestamp;
}

export interface ImpressionsTable {
  id: Generated<string>;
  print_id: string;
  kind: ImpressionKind;
  /** Required for kind 'numbered'; unique per (print, kind). */
  number: number | null;
  state: string | null;
  printed_on: DateColumn;
  paper: string | null;
  ink: string | null;
  status: ColumnType<ImpressionStatus, ImpressionStatus | undefined, ImpressionStatus>;
  location: string | null;
  price_amount: Numeric;
  price_currency: string | null;
  /** Private. */
  notes: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TakedownNoticesTable {
  id: Generated<string>;
  received_at: DefaultTimestamp;
  status: ColumnType<TakedownStatus, TakedownStatus | undefined, TakedownStatus>;
  work_concerned: string;
  infringing_url: string;
  claimant_name: string;
  claimant_email: string;
  claimant_address: string | null;
  claimant_phone: string | null;
  statement_good_faith: boolean;
  statement_accuracy: boolean;
  signature: string;
  description: string | null;
  language: ColumnType<Language, Language | undefined, Language>;
  updated_at: DefaultTimestamp;
}

export interface TakedownActionsTable {
  id: Generated<string>;
  notice_id: string;
  action: string;
  note: string | null;
  actor: string | null;
  taken_at: DefaultTimestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: DefaultTimestamp;
  artist_id: string | null;
  /** Who: IdP subject or e-mail; for failed logins the name tried. */
  actor: string | null;
  /** e.g. 'auth.login.succeeded', 'print.updated'. */
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: DefaultJsonObject<Record<string, unknown>>;
}

export interface StudioFormStashTable {
  id: Generated<string>;
  path: string;
  /** [name, value] pairs in the order the form sent them (repeated names kept). */
  fields: JsonObject<[string, string][]>;
  browser_key: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

/** One row: bumped (by triggers, at commit) whenever anything public search reads changes. */
export interface SearchGenerationTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  generation: number;
}

export interface SessionsTable {
  /** Hash of the opaque cookie token. */
  id: string;
  artist_id: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  remember_me: Generated<boolean>;
  csrf_secret: string;
  user_agent: string | null;
  ip: string | null;
  id_token_hint: string | null;
}

export interface BackupsTable {
  id: Generated<string>;
  artist_id: string | null;
  status: ColumnType<BackupStatus, BackupStatus | undefined, BackupStatus>;
  started_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
  storage_key: string | null;
  bytes: number | null;
  sha256: string | null;
  manifest: NullableJsonObject<Record<string, unknown>>;
  report: NullableJsonObject<Record<string, unknown>>;
  error: string | null;
}

export interface Database {
  app_state: AppStateTable;
  artists: ArtistsTable;
  settings: SettingsTable;
  vocabulary_terms: VocabularyTermsTable;
  prints: PrintsTable;
  tags: TagsTable;
  print_tags: PrintTagsTable;
  galleries: GalleriesTable;
  gallery_prints: GalleryPrintsTable;
  images: ImagesTable;
  image_versions: ImageVersionsTable;
  image_exif: ImageExifTable;
  uploads: UploadsTable;
  impressions: ImpressionsTable;
  takedown_notices: TakedownNoticesTable;
  takedown_actions: TakedownActionsTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  backups: BackupsTable;
  studio_form_stash: StudioFormStashTable;
  search_generation: SearchGenerationTable;
}

export type PrintRow = Selectable<PrintsTable>;
export type NewPrint = Insertable<PrintsTable>;
export type PrintUpdate = Updateable<PrintsTable>;
export type GalleryRow = Selectable<GalleriesTable>;
export type ImageRow = Selectable<ImagesTable>;
export type ImageVersionRow = Selectable<ImageVersionsTable>;
export type ArtistRow = Selectable<ArtistsTable>;
export type SessionRow = Selectable<SessionsTable>;
