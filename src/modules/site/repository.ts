// SQL behind the public site's own pages: the artist's public profile, the published galleries and the sitemap.
// Every query here shows public content only (catalogue/policy.ts); drafts never reach a page or the sitemap.
import { sql, type Kysely } from 'kysely';
import type { Database, Language, Localized } from '../../platform/db/schema.js';
import { DEFAULT_LANGUAGE } from '../../platform/i18n/index.js';
import { publicGallery, publicPrint, publishedPrint } from '../catalogue/policy.js';
import { galleryCardImageId } from '../catalogue/cards-repository.js';
import { isLicence } from '../catalogue/iiif-settings.js';

type Db = Kysely<Database>;

export interface PublicProfile {
  /** Profile name from the settings, else the artist's display name; '' when there is no artist yet. */
  readonly name: string;
  readonly bio: Localized;
  readonly copyrightLine: string;
  /** The CV's texts. */
  readonly statement: Localized;
  readonly education: Localized;
  readonly collections: Localized;
  /** The contact e-mail, only when the artist chose to show it; else null. */
  readonly publicEmail: string | null;
  /** The licence the IIIF manifests state (a Creative Commons or RightsStatements.org URI); null: none. */
  readonly licenceUrl: string | null;
}

/**
 * The site shows one artist (the data model allows more, the public site one): the site owner (decision 011), the
 * earliest one when there are several, and the earliest artist when no one is owner yet.
 */
export async function publicProfile(db: Db): Promise<PublicProfile> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select([
      'a.display_name',
      's.profile_name',
      's.bio',
      's.copyright_line',
      's.statement',
      's.education',
      's.collections',
      's.contact_email',
      's.show_contact_email',
      's.licence_url',
    ])
    .orderBy(sql`a.role = 'owner'`, 'desc')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(1)
    .executeTakeFirst();
  if (!row)
    return {
      name: '',
      bio: {},
      copyrightLine: '',
      statement: {},
      education: {},
      collections: {},
      publicEmail: null,
      licenceUrl: null,
    };
  return {
    name: row.profile_name?.trim() || row.display_name.trim(),
    bio: row.bio ?? {},
    copyrightLine: row.copyright_line?.trim() ?? '',
    statement: row.statement ?? {},
    education: row.education ?? {},
    collections: row.collections ?? {},
    publicEmail: row.show_contact_email && row.contact_email ? row.contact_email : null,
    licenceUrl: row.licence_url && isLicence(row.licence_url) ? row.licence_url : null,
  };
}

/** The language the artist's settings give visitors who name none (the site's artist, as above), else Danish. */
export async function siteDefaultLanguage(db: Db): Promise<Language> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select('s.default_language')
    .orderBy(sql`a.role = 'owner'`, 'desc')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(1)
    .executeTakeFirst();
  return row?.default_language ?? DEFAULT_LANGUAGE;
}

export interface PublicGallery {
  readonly id: string;
  readonly title: Localized;
  readonly description: Localized;
  readonly featured: boolean;
  /** Published prints in the gallery. */
  readonly printCount: number;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date;
}

/** Published galleries, featured first, then the most recently published. Card images: catalogue/cards. */
export async function publishedGalleries(db: Db, limit = 200): Promise<PublicGallery[]> {
  const { rows } = await sql<{
    id: string;
    title: Localized;
    description: Localized;
    featured: boolean;
    print_count: number;
    published_at: Date | null;
    updated_at: Date;
  }>`
    select g.id, g.title, g.description, g.featured, g.published_at, g.updated_at,
      (select count(*)::int from gallery_prints gp join prints p on p.id = gp.print_id
        where gp.gallery_id = g.id and ${publishedPrint('p')}) as print_count
    from galleries g
    where ${publicGallery('g')}
    order by g.featured desc, g.published_at desc nulls last, g.created_at desc, g.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title ?? {},
    description: r.description ?? {},
    featured: r.featured,
    printCount: r.print_count,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  }));
}

export interface RecentPrint {
  readonly id: string;
  readonly title: Localized;
  readonly description: Localized;
  readonly altText: Localized;
  readonly year: number | null;
  readonly technique: Localized;
  readonly publishedAt: Date;
  readonly updatedAt: Date;
}

interface PublicPrintRow {
  id: string;
  title: Localized | null;
  description: Localized | null;
  alt_text: Localized | null;
  year: number | null;
  technique_da: string | null;
  technique_en: string | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const publicPrintColumns = sql`p.id, p.title, p.description, p.alt_text, p.year, p.published_at, p.created_at,
  p.updated_at,
  public.vocabulary_label(p.artist_id, 'technique', p.technique_key, 'da') as technique_da,
  public.vocabulary_label(p.artist_id, 'technique', p.technique_key, 'en') as technique_en`;

function recentPrintOf(r: PublicPrintRow): RecentPrint {
  const technique: Localized = {};
  if (r.technique_da) technique.da = r.technique_da;
  if (r.technique_en) technique.en = r.technique_en;
  return {
    id: r.id,
    title: r.title ?? {},
    description: r.description ?? {},
    altText: r.alt_text ?? {},
    year: r.year,
    technique,
    publishedAt: r.published_at ?? r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The most recently published public prints (catalogue/policy.ts), newest first: the home page's new work. */
export async function recentPublicPrints(db: Db, limit: number): Promise<RecentPrint[]> {
  const { rows } = await sql<PublicPrintRow>`
    select ${publicPrintColumns}
    from prints p
    where ${publicPrint('p')}
    order by coalesce(p.published_at, p.created_at) desc, p.id
    limit ${limit}`.execute(db);
  return rows.map(recentPrintOf);
}

/** Those of these prints a visitor may see (catalogue/policy.ts), in the order given: a visitor's shortlist. */
export async function publicPrintsByIds(db: Db, ids: readonly string[]): Promise<RecentPrint[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<PublicPrintRow>`
    select ${publicPrintColumns}
    from prints p
    where p.id in (${sql.join(ids)}) and ${publicPrint('p')}`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, recentPrintOf(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface SitemapEntry {
  /** Path without the language prefix: '/galleries/{id}'. */
  readonly path: string;
  readonly lastModified: Date;
}

/** Public galleries and public prints (catalogue/policy.ts). */
export async function sitemapEntries(db: Db): Promise<SitemapEntry[]> {
  const galleries = await db
    .selectFrom('galleries as g')
    .select(['g.id', 'g.updated_at'])
    .where(publicGallery('g'))
    .orderBy('g.created_at')
    .orderBy('g.id')
    .execute();
  const prints = await db
    .selectFrom('prints as p')
    .select(['p.id', 'p.updated_at'])
    .where(publicPrint('p'))
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  return [
    ...galleries.map((g) => ({ path: `/galleries/${g.id}`, lastModified: g.updated_at })),
    ...prints.map((p) => ({ path: `/prints/${p.id}`, lastModified: p.updated_at })),
  ];
}

/** The text in the language, else the other one, with the language it is actually in (for a lang attribute). */
export function localized(value: Localized, lang: Language): { text: string; lang: Language } {
  const own = value[lang]?.trim();
  if (own) return { text: own, lang };
  const otherLang: Language = lang === 'da' ? 'en' : 'da';
  return { text: value[otherLang]?.trim() ?? '', lang: otherLang };
}

export interface SiteImage {
  readonly storageKey: string;
  readonly width: number;
  readonly height: number;
  readonly alt: Localized;
}

/**
 * The image that stands for the whole site in link previews (home and the pages without one of their own): the
 * card image of the first public gallery in the home page's order — the first featured gallery's cover print (see
 * catalogue/cards-repository.ts) — in its watermarked 1600-pixel version (medium_2x), else the largest it has.
 */
export async function siteImage(db: Db): Promise<SiteImage | undefined> {
  const { rows } = await sql<{
    storage_key: string;
    width: number;
    height: number;
    alt_text: Localized | null;
  }>`
    select v.storage_key, v.width, v.height, p.alt_text
    from (select ${galleryCardImageId('g')} as image_id from galleries g where ${publicGallery('g')}
          order by g.featured desc, g.published_at desc nulls last, g.created_at desc, g.id limit 1) c
      join image_versions v on v.image_id = c.image_id and v.version in ('medium', 'medium_2x')
      left join prints p on p.image_id = c.image_id
    order by (v.version = 'medium_2x') desc
    limit 1`.execute(db);
  const r = rows[0];
  return r
    ? { storageKey: r.storage_key, width: r.width, height: r.height, alt: r.alt_text ?? {} }
    : undefined;
}
