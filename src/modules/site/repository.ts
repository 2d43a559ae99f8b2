// SQL behind the public site's own pages: the artist's public profile, the published galleries and the sitemap.
// Every query here shows published content only; drafts never reach a page or the sitemap.
import { sql, type Kysely } from 'kysely';
import type { Database, Language, Localized } from '../../platform/db/schema.js';
import { DEFAULT_LANGUAGE } from '../../platform/i18n/index.js';

type Db = Kysely<Database>;

export interface PublicProfile {
  /** Profile name from the settings, else the artist's display name; '' when there is no artist yet. */
  readonly name: string;
  readonly bio: Localized;
  readonly copyrightLine: string;
}

/** The site shows one artist: the first one created (the data model allows more, the public site one). */
export async function publicProfile(db: Db): Promise<PublicProfile> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select(['a.display_name', 's.profile_name', 's.bio', 's.copyright_line'])
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { name: '', bio: {}, copyrightLine: '' };
  return {
    name: row.profile_name?.trim() || row.display_name.trim(),
    bio: row.bio ?? {},
    copyrightLine: row.copyright_line?.trim() ?? '',
  };
}

/** The language the artist's settings give visitors who name none (the site's artist, as above), else Danish. */
export async function siteDefaultLanguage(db: Db): Promise<Language> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select('s.default_language')
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
  /** Storage key of the cover print's thumbnail, when the cover is published and processed. */
  readonly coverKey: string | null;
  readonly coverWidth: number | null;
  readonly coverHeight: number | null;
  readonly coverAlt: Localized;
}

/** Published galleries, featured first, then the most recently published. */
export async function publishedGalleries(db: Db, limit = 200): Promise<PublicGallery[]> {
  const { rows } = await sql<{
    id: string;
    title: Localized;
    description: Localized;
    featured: boolean;
    print_count: number;
    cover_key: string | null;
    cover_width: number | null;
    cover_height: number | null;
    cover_alt: Localized | null;
  }>`
    select g.id, g.title, g.description, g.featured,
      (select count(*)::int from gallery_prints gp join prints p on p.id = gp.print_id
        where gp.gallery_id = g.id and p.status = 'published') as print_count,
      c.storage_key as cover_key, c.width as cover_width, c.height as cover_height, c.alt_text as cover_alt
    from galleries g
    left join lateral (
      select iv.storage_key, iv.width, iv.height, p.alt_text
      from prints p join image_versions iv on iv.image_id = p.image_id and iv.version = 'thumbnail'
      where p.id = g.cover_print_id and p.status = 'published'
    ) c on true
    where g.status = 'published'
    order by g.featured desc, g.published_at desc nulls last, g.created_at desc, g.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title ?? {},
    description: r.description ?? {},
    featured: r.featured,
    printCount: r.print_count,
    coverKey: r.cover_key,
    coverWidth: r.cover_width,
    coverHeight: r.cover_height,
    coverAlt: r.cover_alt ?? {},
  }));
}

export interface SitemapEntry {
  /** Path without the language prefix: '/galleries/{id}'. */
  readonly path: string;
  readonly lastModified: Date;
}

/** Published galleries and the published prints that sit in at least one published gallery. */
export async function sitemapEntries(db: Db): Promise<SitemapEntry[]> {
  const galleries = await db
    .selectFrom('galleries')
    .select(['id', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const prints = await db
    .selectFrom('prints as p')
    .select(['p.id', 'p.updated_at'])
    .where('p.status', '=', 'published')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('gallery_prints as gp')
          .innerJoin('galleries as g', 'g.id', 'gp.gallery_id')
          .select(sql`1`.as('one'))
          .whereRef('gp.print_id', '=', 'p.id')
          .where('g.status', '=', 'published'),
      ),
    )
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
