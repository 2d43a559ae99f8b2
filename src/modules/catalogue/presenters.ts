// Presenters: rows → API objects. Whitelists: only the fields named here ever leave the server.
import type { Selectable } from 'kysely';
import type { ImageVersionRow, Language, Localized, PrintRow } from '../../platform/db/schema.js';
import type { ImageExifTable } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { artistMediaUrl } from '../media/visibility.js';
import { LOCALIZED_PRINT_FIELDS, type LocalizedPrintField } from './schemas.js';
import { dimensions, dimensionsText, editionSummary, impressionLabel, pick, Picker } from './localize.js';
import type { GalleryListRow, GalleryPrintRow } from './galleries-repository.js';
import type { VocabRow } from './vocabulary-repository.js';
import type { PrintRecord } from './read-model.js';
import { formatStateDate, romanNumeral } from './states.js';

export type Labels = (kind: string, key: string | null, lang: Language) => string | null;

/** Label lookup over the vocabulary rows: an artist's own term wins over the built-in one. */
export function labelsFrom(rows: readonly VocabRow[]): Labels {
  const map = new Map<string, Localized>();
  for (const r of rows) {
    const k = `${r.kind}:${r.key}`;
    if (!map.has(k) || r.artist_id) map.set(k, r.label);
  }
  return (kind, key, lang) => {
    if (!key) return null;
    const label = map.get(`${kind}:${key}`);
    return label ? pick(label, lang) || key : key;
  };
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d ? iso(d) : null);

export function publicGallery(row: GalleryListRow, lang: Language, storage: Storage) {
  const p = new Picker(lang);
  return {
    id: row.id,
    title: p.text('title', row.title),
    description: p.text('description', row.description),
    printCount: row.print_count,
    coverThumbnailUrl: row.cover_thumbnail_key ? storage.publicUrl(row.cover_thumbnail_key) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    fallbackFields: p.fallbackFields,
  };
}

export function publicGalleryPrint(
  row: GalleryPrintRow,
  lang: Language,
  storage: Pick<Storage, 'publicUrl'>,
  labels: Labels,
) {
  return {
    id: row.print_id,
    title: pick(row.title, lang),
    thumbnailUrl: row.thumbnail_key ? storage.publicUrl(row.thumbnail_key) : null,
    order: row.order,
    technique: labels('technique', row.technique_key, lang),
    year: row.year,
    altText: pick(row.alt_text, lang),
  };
}

export function artistGallery(row: GalleryListRow, lang: Language) {
  return {
    id: row.id,
    title: pick(row.title, lang),
    description: pick(row.description, lang),
    status: row.status,
    printCount: row.print_count,
    coverPrintId: row.cover_print_id,
    /** Through the artist's media route: a draft cover's files are not public (not in the API schema). */
    coverThumbnailUrl: row.cover_thumbnail_key ? artistMediaUrl(row.cover_thumbnail_key) : null,
    featured: row.featured,
    localized: { title: row.title, description: row.description },
    publishedAt: isoOrNull(row.published_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Artist presenters link images through the artist's media route: drafts' files are never public. */
export function artistGalleryPrint(row: GalleryPrintRow, lang: Language) {
  return {
    id: row.print_id,
    printId: row.print_id,
    title: pick(row.title, lang),
    thumbnailUrl: row.thumbnail_key ? artistMediaUrl(row.thumbnail_key) : null,
    order: row.position,
    status: row.status,
  };
}

/** Public image versions (only ever called for published prints: their files are in the public area). */
export function imageList(
  versions: readonly ImageVersionRow[],
  storage: Pick<Storage, 'publicUrl'>,
  only?: string,
) {
  return imageListWith(versions, (key) => storage.publicUrl(key), only);
}

/** The artist's view of an image's versions, whatever the print's status. */
export function artistImageList(versions: readonly ImageVersionRow[]) {
  return imageListWith(versions, artistMediaUrl);
}

function imageListWith(versions: readonly ImageVersionRow[], url: (key: string) => string, only?: string) {
  return versions
    .filter((v) => v.version !== 'original' && (!only || v.version === only))
    .map((v) => ({
      version: v.version,
      url: url(v.storage_key),
      width: v.width,
      height: v.height,
    }));
}

export interface PrintExtras {
  thumbnailKey: string | null;
  tags: Array<{ id: string; slug: string; label: Localized }>;
}

function price(row: { price_amount: string | null; price_currency: string | null }) {
  return row.price_amount !== null && row.price_currency
    ? { amount: Number(row.price_amount), currency: row.price_currency }
    : null;
}

/** The public print: every public field in the requested language (fallback recorded), never private fields. */
export function publicPrint(
  row: PrintRow,
  lang: Language,
  ctx: {
    storage: Pick<Storage, 'publicUrl'>;
    labels: Labels;
    extras: PrintExtras;
    versions: readonly ImageVersionRow[];
    imageVersion?: string | undefined;
    counts: { recorded: number; available: number };
  },
) {
  const p = new Picker(lang);
  const t = (field: LocalizedPrintField) => p.text(field, row[LOCALIZED_PRINT_FIELDS[field]]);
  const out = {
    id: row.id,
    title: t('title'),
    description: t('description'),
    technique: ctx.labels('technique', row.technique_key, lang),
    techniqueKey: row.technique_key,
    plateType: ctx.labels('plate_material', row.plate_material_key, lang),
    plateTypeKey: row.plate_material_key,
    dimensions: dimensionsText(row.plate_height_mm, row.plate_width_mm, lang) ?? '',
    plateDimensions: dimensions(row.plate_height_mm, row.plate_width_mm, lang),
    sheetDimensions: dimensions(row.sheet_height_mm, row.sheet_width_mm, lang),
    year: row.year,
    editionSize: row.edition_size,
    edition: editionSummary(row.edition_size, row.artist_proofs, t('editionState'), ctx.counts, lang),
    paperType: t('paperType'),
    inkType: t('inkType'),
    printingPress: t('printingPress'),
    artistName: t('artistName'),
    medium: t('medium'),
    subject: t('subject'),
    styleMovement: t('styleMovement'),
    provenance: t('provenance'),
    exhibitionHistory: t('exhibitionHistory'),
    location: t('location'),
    availability: ctx.labels('availability', row.availability_key, lang),
    availabilityKey: row.availability_key,
    price: price(row),
    purchaseInfo: t('purchaseInfo'),
    copyrightTerms: t('copyrightTerms'),
    artistStatement: t('artistStatement'),
    altText: t('altText'),
    tags: ctx.extras.tags.map((tag) => pick(tag.label, lang)),
    thumbnailUrl: ctx.extras.thumbnailKey ? ctx.storage.publicUrl(ctx.extras.thumbnailKey) : null,
    images: imageList(ctx.versions, ctx.storage, ctx.imageVersion),
    language: lang,
    fallbackFields: p.fallbackFields,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  return out;
}

/** The public print from its read model (the API's answer; the print page presents the same record). */
export function publicPrintOf(
  record: PrintRecord,
  lang: Language,
  storage: Pick<Storage, 'publicUrl'>,
  imageVersion?: string,
) {
  const thumb = record.versions.find((v) => v.version === 'thumbnail');
  return {
    ...publicPrint(record.row, lang, {
      storage,
      labels: record.labels,
      versions: record.versions,
      imageVersion,
      counts: record.counts,
      extras: { thumbnailKey: thumb?.storage_key ?? null, tags: record.tags },
    }),
    // The print's other images (decision 024), in their order; `images`/`thumbnailUrl` stay the primary's.
    additionalImages: record.additionalImages.map((image) => {
      const p = new Picker(lang);
      const small = image.versions.find((v) => v.version === 'thumbnail');
      return {
        id: image.id,
        role: image.role,
        altText: p.text('altText', image.alt),
        thumbnailUrl: small ? storage.publicUrl(small.storage_key) : null,
        images: imageList(image.versions, storage, imageVersion),
      };
    }),
    // The plate's states (decision 025), I first; a state proof shows once its image is processed.
    states: record.states.map((state) => {
      const versions = stateImageVersions(record, state.imageId);
      const small = versions?.find((v) => v.version === 'thumbnail');
      return {
        number: state.number,
        numeral: romanNumeral(state.number),
        date: state.dated,
        dateText: state.dated ? formatStateDate(state.dated, lang) : null,
        description: pick(state.description, lang),
        image:
          versions && state.imageId
            ? {
                id: state.imageId,
                thumbnailUrl: small ? storage.publicUrl(small.storage_key) : null,
                images: imageList(versions, storage, imageVersion),
              }
            : null,
      };
    }),
  };
}

/** The versions of a state's proof image when the record shows it (the primary or a processed additional image). */
export function stateImageVersions(
  record: Pick<PrintRecord, 'row' | 'versions' | 'additionalImages'>,
  imageId: string | null,
): readonly ImageVersionRow[] | undefined {
  if (!imageId) return undefined;
  if (imageId === record.row.image_id) return record.versions.length > 0 ? record.versions : undefined;
  return record.additionalImages.find((i) => i.id === imageId)?.versions;
}

/**
 * What still blocks publication, per language: e.g. ["title (da)", "altText (en)", "technique", "image (processed)"].
 * The image counts when the print's current image has processed versions (`imageShown`: what the public site and
 * API show): a replacement being processed does not block, the previous image stays shown until it is ready.
 * Without `imageShown` (callers holding only the row) the newest image's status decides.
 */
export function missingForPublication(
  row: PrintRow,
  imageShown: boolean = row.image_status === 'completed',
  /** The print's additional images (decision 024): each needs its alt text in both languages too. */
  additionalImages: ReadonlyArray<{ id: string; alt_text: Localized }> = [],
): string[] {
  const missing: string[] = [];
  for (const [field, column] of [
    ['title', 'title'],
    ['altText', 'alt_text'],
  ] as const) {
    for (const l of ['da', 'en'] as const) if (!row[column][l]?.trim()) missing.push(`${field} (${l})`);
  }
  if (!row.technique_key) missing.push('technique');
  if (row.year === null) missing.push('year');
  if (!imageShown) missing.push('image (processed)');
  for (const image of additionalImages)
    for (const l of ['da', 'en'] as const)
      if (!image.alt_text[l]?.trim()) missing.push(`images.${image.id}.altText (${l})`);
  return missing;
}

export function artistPrint(
  row: PrintRow,
  lang: Language,
  ctx: {
    storage: Storage;
    labels: Labels;
    extras: PrintExtras;
    /** The print's current image has processed versions (see missingForPublication). */
    imageShown: boolean;
  },
) {
  const localized = Object.fromEntries(
    (Object.keys(LOCALIZED_PRINT_FIELDS) as LocalizedPrintField[]).map((f) => [
      f,
      row[LOCALIZED_PRINT_FIELDS[f]],
    ]),
  ) as Record<LocalizedPrintField, Localized>;
  const t = (field: LocalizedPrintField) => pick(localized[field], lang);
  return {
    id: row.id,
    inventoryNumber: row.inventory_number,
    status: row.status,
    title: t('title'),
    description: t('description'),
    technique: ctx.labels('technique', row.technique_key, lang),
    techniqueKey: row.technique_key,
    plateType: ctx.labels('plate_material', row.plate_material_key, lang),
    plateTypeKey: row.plate_material_key,
    dimensions: dimensionsText(row.plate_height_mm, row.plate_width_mm, lang) ?? '',
    plateDimensions: dimensions(row.plate_height_mm, row.plate_width_mm, lang),
    sheetDimensions: dimensions(row.sheet_height_mm, row.sheet_width_mm, lang),
    year: row.year,
    editionInfo: row.edition_size === null ? null : String(row.edition_size),
    editionSize: row.edition_size,
    artistProofs: row.artist_proofs,
    paperType: t('paperType'),
    inkType: t('inkType'),
    printingPress: t('printingPress'),
    artistName: t('artistName'),
    styleMovement: t('styleMovement'),
    location: t('location'),
    price: row.price_amount === null ? null : Number(row.price_amount),
    priceCurrency: row.price_currency,
    availability: ctx.labels('availability', row.availability_key, lang),
    availabilityKey: row.availability_key,
    zoomMaxPixels: row.zoom_max_pixels,
    imageProcessingStatus: row.image_status === 'none' ? null : row.image_status,
    imageError: row.image_error,
    baseImageId: row.image_id,
    thumbnailUrl: ctx.extras.thumbnailKey ? artistMediaUrl(ctx.extras.thumbnailKey) : null,
    tags: ctx.extras.tags,
    localized,
    missingForPublication: missingForPublication(row, ctx.imageShown),
    publishedAt: isoOrNull(row.published_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function exifData(row: Selectable<ImageExifTable> | undefined) {
  if (!row) return null;
  return {
    camera: row.camera,
    lens: row.lens,
    exposureTime: row.exposure_time,
    aperture: row.f_number === null ? null : `f/${Number(row.f_number)}`,
    iso: row.iso,
    dateTimeOriginal: isoOrNull(row.taken_at),
  };
}

export function impression(
  row: {
    id: string;
    kind: string;
    number: number | null;
    state: string | null;
    printed_on: string | null;
    paper: string | null;
    ink: string | null;
    status: string;
    location: string | null;
    price_amount: string | null;
    price_currency: string | null;
    notes: string | null;
    plate_state_id: string | null;
    created_at: Date;
    updated_at: Date;
  },
  editionSize: number | null,
) {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    label: impressionLabel(row.kind, row.number, editionSize),
    state: row.state,
    printedOn: row.printed_on,
    paper: row.paper,
    ink: row.ink,
    status: row.status,
    location: row.location,
    price: price(row),
    notes: row.notes,
    stateId: row.plate_state_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
