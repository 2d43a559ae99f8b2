// One read of a print for everything that shows it: the public JSON API, the public print page and the studio's
// preview of that page present from the same record, so they cannot drift apart. The scope decides what may be
// read: `public` finds only what the visibility policy lets visitors see; `artist` finds the artist's own print
// whatever its state (for the preview).
import type { ImageRole, ImageVersionRow, Localized, PrintRow } from '../../platform/db/schema.js';
import { editionCounts } from './editions-repository.js';
import { artistGalleriesHolding, publicGalleriesHolding } from './galleries-repository.js';
import { labelsFrom, type Labels } from './presenters.js';
import { additionalImages, versionsOf } from './print-images-repository.js';
import {
  displayImage,
  getPrint,
  imageVersions,
  printIsPublic,
  tagsOf,
  type Db,
  type ZoomTiles,
} from './prints-repository.js';
import { vocabulary } from './vocabulary-repository.js';
import { listStates } from './states-repository.js';

export type ReadScope = { readonly kind: 'public' } | { readonly kind: 'artist'; readonly artistId: string };

export const PUBLIC_SCOPE: ReadScope = { kind: 'public' };

export interface PrintRecord {
  readonly row: PrintRow;
  readonly labels: Labels;
  /** The versions of the print's current image (while a replacement is processed, the previous image's). */
  readonly versions: ImageVersionRow[];
  readonly tags: Array<{ id: string; slug: string; label: Localized }>;
  readonly counts: { recorded: number; available: number };
  readonly image: { placeholder: string | null; tiles: ZoomTiles | null } | undefined;
  /** Galleries holding the print that the scope may see: public ones first, in the public list's order. */
  readonly galleries: Array<{ id: string; isPublic: boolean }>;
  /** Visitors may see the print now (always true in the public scope). */
  readonly isPublic: boolean;
  /** The print's other processed images in their order (decision 024): detail, verso, signature … */
  readonly additionalImages: readonly AdditionalImage[];
  /** The plate's states, I first (decision 025); `imageId` names the state proof, shown when it is processed. */
  readonly states: readonly RecordState[];
}

export interface RecordState {
  readonly id: string;
  readonly number: number;
  readonly dated: string | null;
  readonly description: Localized;
  readonly imageId: string | null;
}

export interface AdditionalImage {
  readonly id: string;
  readonly role: Exclude<ImageRole, 'primary'>;
  readonly alt: Localized;
  readonly versions: ImageVersionRow[];
  readonly placeholder: string | null;
  readonly tiles: ZoomTiles | null;
}

/** The additional images a visitor (or the preview) sees: processed ones, with their versions. */
async function loadAdditionalImages(db: Db, printId: string): Promise<AdditionalImage[]> {
  const rows = (await additionalImages(db, printId)).filter((r) => r.status === 'completed');
  const versions = await versionsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows
    .map((r) => ({
      id: r.id,
      role: r.role as Exclude<ImageRole, 'primary'>,
      alt: r.alt_text,
      versions: versions.get(r.id) ?? [],
      placeholder: r.placeholder,
      tiles:
        r.iiif_key && r.iiif_width && r.iiif_height
          ? { infoKey: r.iiif_key, width: r.iiif_width, height: r.iiif_height }
          : null,
    }))
    .filter((r) => r.versions.length > 0);
}

export async function loadLabels(db: Db, artistId: string | null): Promise<Labels> {
  return labelsFrom(await vocabulary(db, artistId));
}

/** The print with everything any presenter shows of it; undefined when the scope may not see it. */
export async function loadPrintRecord(
  db: Db,
  id: string,
  scope: ReadScope,
): Promise<PrintRecord | undefined> {
  const isPublicScope = scope.kind === 'public';
  const [row, galleries] = await Promise.all([
    isPublicScope
      ? getPrint(db, id, { publicOnly: true })
      : getPrint(db, id, { artistId: scope.artistId, publicOnly: false }),
    isPublicScope
      ? publicGalleriesHolding(db, id).then((ids) => ids.map((g) => ({ id: g, isPublic: true })))
      : artistGalleriesHolding(db, scope.artistId, id),
  ]);
  if (!row) return undefined;
  const [labels, versions, tags, counts, image, isPublic, extras, states] = await Promise.all([
    loadLabels(db, row.artist_id),
    imageVersions(db, row.image_id),
    tagsOf(db, [row.id]),
    editionCounts(db, row.id),
    displayImage(db, row.image_id),
    isPublicScope ? true : printIsPublic(db, row.id),
    loadAdditionalImages(db, row.id),
    listStates(db, row.id),
  ]);
  return {
    row,
    labels,
    versions,
    tags: tags.get(row.id) ?? [],
    counts,
    image,
    galleries,
    isPublic,
    additionalImages: extras,
    states: states.map((s) => ({
      id: s.id,
      number: s.number,
      dated: s.dated,
      description: s.description,
      imageId: s.image_id,
    })),
  };
}
