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
export type ImageRole =
  'primary' | 'detail' | 'signature' | 'plate_mark' | 'verso' | 'in_situ' | 'state_proof' | 'other';
export type ImageRecordStatus = 'pending' | 'processing' | 'completed' | 'failed';
export type ImageVersionName =
  | 'original'
  | 'thumbnail'
  | 'thumbnail_2x'
  | 'small'
  | 'medium'
  | 'medium_2x'
  | 'large'
  | 'large_2x'
  | 'xlarge';
export type VocabularyKind =
  'technique' | 'plate_material' | 'availability' | 'medium' | 'paper' | 'subject' | 'style_movement';
export type WatermarkPlacement =
  'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center' | 'tiled';
export type UploadStatus = 'pending' | 'completed' | 'consumed' | 'expired';
export type ImpressionKind = 'numbered' | 'AP' | 'TP' | 'PP' | 'BAT' | 'HC';
export type ImpressionStatus = 'available' | 'sold' | 'reserved' | 'gifted' | 'destroyed';
export type TakedownStatus = 'received' | 'in_review' | 'actioned' | 'rejected' | 'withdrawn';
export type BackupStatus = 'running' | 'succeeded' | 'failed' | 'verified';
export type ArtistRole = 'owner' | 'artist';
export type EnquiryStatus = 'new' | 'answered' | 'closed';
export type NotificationStatus = 'outbox' | 'pending' | 'sent' | 'failed';

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
  /** 'owner' operates the whole site (backups, takedown notices); see migration 0011. */
  role: ColumnType<ArtistRole, ArtistRole | undefined, ArtistRole>;
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
  /** The CV's texts (0012): the artist's statement, education, collections holding the work. */
  statement: LocalizedColumn;
  education: LocalizedColumn;
  collections: LocalizedColumn;
  /** The CV page shows contact_email only when the artist chooses to. */
  show_contact_email: ColumnType<boolean, boolean | undefined, boolean>;
  /** Enquiries older than this many months are deleted (migration 0013; 1–120, default 24). */
  enquiry_retention_months: ColumnType<number, number | undefined, number>;
  /** Largest size visitors may zoom to, the long edge in pixels (0023; 1000–20000, default 6000). */
  zoom_max_pixels: ColumnType<number, number | undefined, number>;
  /** Licence of the published images as a Creative Commons or RightsStatements.org URI (0023; IIIF `rights`). */
  licence_url: string | null;
  updated_at: DefaultTimestamp;
}

export type ExhibitionKind = 'solo' | 'group' | 'art-fair' | 'museum-acquisition' | 'award';

export interface ExhibitionsTable {
  id: Generated<string>;
  artist_id: string;
  kind: ExhibitionKind;
  title: string;
  venue: string | null;
  city: string | null;
  country: string | null;
  /** ISO dates (YYYY-MM-DD); ends_on ≥ starts_on. */
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  url: string | null;
  description: LocalizedColumn;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ExhibitionPrintsTable {
  exhibition_id: string;
  print_id: string;
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
  /** The artist's own inventory number: trimmed, 1–50 characters, unique per artist; private to the artist. */
  inventory_number: string | null;
  /** File name of an image still to be uploaded for this print (a spreadsheet import's image_file_name). */
  awaited_image_name: string | null;
  /** Largest zoom size of this print's images (long edge, 1000–20000); null: the site-wide setting (0027). */
  zoom_max_pixels: number | null;
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
  /** DZI descriptor of an image processed before 0023 (IIIF): the worker reprocesses it, which clears it. */
  dzi_key: string | null;
  /** The IIIF info.json of the image's zoom tiles (same folder as the tiles) and the size they are cut from. */
  iiif_key: string | null;
  iiif_width: number | null;
  iiif_height: number | null;
  /** What the image shows of the print (0025); the print's image_id is its one 'primary' image. */
  role: ColumnType<ImageRole, ImageRole | undefined, ImageRole>;
  /** Order among the print's images (0025): the primary is 0, the others 1, 2, … */
  position: ColumnType<number, number | undefined, number>;
  /** Alt text of an additional image (0025); the primary image's is the print's alt_text. */
  alt_text: LocalizedColumn;
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

/** The printmaker's business records (migration 0022, decision 022). */
export type ContactKind = 'collector' | 'dealer' | 'institution';
export type SaleChannel = 'studio' | 'gallery' | 'fair' | 'online' | 'commission';
type DateRequired = ColumnType<string, string, string>;

export interface ContactsTable {
  id: Generated<string>;
  artist_id: string;
  kind: ContactKind;
  name: string;
  organisation: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SalesTable {
  id: Generated<string>;
  artist_id: string;
  /** Null once the contact was deleted (the sale stays for the books). */
  contact_id: string | null;
  sold_on: DateRequired;
  price_amount: ColumnType<string, string | number, string | number>;
  price_currency: string;
  channel: SaleChannel;
  invoice_number: string | null;
  notes: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ConsignmentsTable {
  id: Generated<string>;
  artist_id: string;
  contact_id: string | null;
  out_on: DateRequired;
  returned_on: DateColumn;
  commission_percent: Numeric;
  price_amount: Numeric;
  price_currency: string | null;
  notes: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One impression of a sale, with what the ledger said of it before the sale (undo puts it back). */
export interface SaleLinesTable {
  sale_id: string;
  impression_id: string;
  previous_status: ImpressionStatus;
  previous_location: string | null;
  /** The consignment it was on when sold (that line was closed by the sale). */
  consignment_id: string | null;
}

/** One impression of a consignment; open while it is with the dealer. */
export interface ConsignmentLinesTable {
  consignment_id: string;
  impression_id: string;
  previous_status: ImpressionStatus;
  previous_location: string | null;
  open: ColumnType<boolean, boolean | undefined, boolean>;
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
  /** The certificate's verification code (migration 0018): 20 Crockford base32 symbols; null until issued. */
  verification_code: string | null;
  /** The plate state it was pulled from (migration 0026): a state of the same print, or null. */
  plate_state_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One state of a print's plate (migration 0026, decision 025). */
export interface PlateStatesTable {
  id: Generated<string>;
  print_id: string;
  /** 1, 2, 3 … shown as I, II, III; unique per print. */
  number: number;
  /** ISO 8601 reduced precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; null when unknown. */
  dated: string | null;
  description: LocalizedColumn;
  /** The state proof: one of the print's images, or null. */
  image_id: string | null;
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

/** A visitor's enquiry about a print, or a general contact message (migration 0013). */
/** One print of a shortlist enquiry (enquiries.prints). */
export interface EnquiryPrintRef {
  id: string;
  title: string;
}

export interface EnquiriesTable {
  id: Generated<string>;
  /** The print's artist, or the site owner for a general contact message. */
  artist_id: string;
  /** Cleared when the print is deleted. */
  print_id: string | null;
  /** The print's title when the enquiry was sent. */
  print_title: string | null;
  /** A shortlist sent with one enquiry: the prints in the visitor's order, titles as sent. */
  prints: NullableJsonObject<EnquiryPrintRef[]>;
  /** The viewing room it was sent from; cleared when the room is deleted. */
  room_id: string | null;
  /** The room's title when the enquiry was sent. */
  room_title: string | null;
  name: string;
  email: string;
  message: string;
  /** Which impression or edition the visitor is interested in (free text). */
  interest: string | null;
  language: Language;
  status: ColumnType<EnquiryStatus, EnquiryStatus | undefined, EnquiryStatus>;
  notes: ColumnType<string, string | undefined, string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** The e-mail telling the artist about an enquiry: sent by a job over SMTP, or kept in the studio's outbox. */
export interface EnquiryNotificationsTable {
  id: Generated<string>;
  enquiry_id: string;
  artist_id: string;
  recipient: string;
  reply_to: string;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: DefaultTimestamp;
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

export interface ViewingRoomsTable {
  id: Generated<string>;
  artist_id: string;
  title: LocalizedColumn;
  note: LocalizedColumn;
  /** SHA-256 (base64url) of the link's token: the only way a room is looked up. */
  token_hash: string;
  /** The token, AES-256-GCM under a key derived from the installation's secret (rooms/tokens.ts). */
  token_sealed: string;
  password_hash: string | null;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  show_prices: Generated<boolean>;
  deep_zoom: Generated<boolean>;
  max_version: ColumnType<ImageVersionName, ImageVersionName | undefined, ImageVersionName>;
  download_version: ImageVersionName | null;
  last_opened_at: NullableTimestamp;
  open_count: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ViewingRoomPrintsTable {
  room_id: string;
  print_id: string;
  /** 1..n, unique per room. */
  position: number;
}

export interface Database {
  app_state: AppStateTable;
  artists: ArtistsTable;
  settings: SettingsTable;
  exhibitions: ExhibitionsTable;
  exhibition_prints: ExhibitionPrintsTable;
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
  plate_states: PlateStatesTable;
  takedown_notices: TakedownNoticesTable;
  takedown_actions: TakedownActionsTable;
  enquiries: EnquiriesTable;
  enquiry_notifications: EnquiryNotificationsTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  backups: BackupsTable;
  studio_form_stash: StudioFormStashTable;
  search_generation: SearchGenerationTable;
  viewing_rooms: ViewingRoomsTable;
  viewing_room_prints: ViewingRoomPrintsTable;
  contacts: ContactsTable;
  sales: SalesTable;
  consignments: ConsignmentsTable;
  sale_lines: SaleLinesTable;
  consignment_lines: ConsignmentLinesTable;
}

export type PrintRow = Selectable<PrintsTable>;
export type NewPrint = Insertable<PrintsTable>;
export type PrintUpdate = Updateable<PrintsTable>;
export type GalleryRow = Selectable<GalleriesTable>;
export type ImageRow = Selectable<ImagesTable>;
export type ImageVersionRow = Selectable<ImageVersionsTable>;
export type ArtistRow = Selectable<ArtistsTable>;
export type SessionRow = Selectable<SessionsTable>;
