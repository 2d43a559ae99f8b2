// Who may see what (docs/decisions/008-visibility-policy.md). Every public read asks these predicates — pages,
// JSON API, search index and suggestions, sitemap, media placement, previews — so the answer is the same
// everywhere: a gallery is public when it is published; a print is public when it is published and sits in at
// least one public gallery. Nothing outside this module spells out the rule.
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** The status a public print or gallery has; the only place the literal is written for visibility. */
export const PUBLISHED = 'published' as const;

type Alias = string;

/** `<alias>.status = 'published'` for a galleries row. */
export function publicGallery(alias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.status`)} = ${sql.lit(PUBLISHED)}`;
}

/** True when the print (a prints row under `alias`) sits in at least one public gallery. */
export function inPublicGallery(alias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from gallery_prints policy_gp join galleries policy_g on policy_g.id = policy_gp.gallery_id
    where policy_gp.print_id = ${sql.ref(`${alias}.id`)} and ${publicGallery('policy_g')})`;
}

/** The print's own status is published (necessary, not sufficient: see publicPrint). */
export function publishedPrint(alias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.status`)} = ${sql.lit(PUBLISHED)}`;
}

/** A print visitors may see: published, and in at least one public gallery. */
export function publicPrint(alias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${publishedPrint(alias)} and ${inPublicGallery(alias)})`;
}

/**
 * A print visitors may see inside one particular gallery (`galleryAlias` a galleries row joined to it): the
 * print is published and that gallery is public. Equivalent to publicPrint for prints listed in the gallery.
 */
export function publicPrintInGallery(printAlias: Alias, galleryAlias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${publishedPrint(printAlias)} and ${publicGallery(galleryAlias)})`;
}

/** The row (print, gallery, …) belongs to the artist. */
export function ownedBy(alias: Alias, artistId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.artist_id`)} = ${artistId}::uuid`;
}

/** Visibility of a status value in TypeScript (in-memory read models that hold the status already). */
export function isPublishedStatus(status: string | null | undefined): status is typeof PUBLISHED {
  return status === PUBLISHED;
}

/**
 * A viewing room (a viewing_rooms row under `alias`) that still opens: not revoked and not expired. Its prints —
 * drafts included — are visible inside the room only, never on any public surface (decision 015).
 */
export function liveViewingRoom(alias: Alias): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.revoked_at`)} is null and ${sql.ref(`${alias}.expires_at`)} > now())`;
}
