// The artist's CV: biography and statement, exhibitions grouped by kind (solo, group, art fairs, museum
// acquisitions, awards) and year, newest first, with the public prints shown at each linked; education, the
// collections holding the work, and contact (the e-mail only when the artist chose to show it). schema.org
// Person and ExhibitionEvent data for search engines.
import type { ExhibitionKind, Localized } from '../../../platform/db/schema.js';
import type { Language } from '../../../platform/i18n/index.js';
import type { PublicExhibitionRow } from '../../catalogue/exhibitions-repository.js';
import { Layout, localePath, type PageContext } from '../layout.js';
import { localized, type PublicProfile } from '../repository.js';
import { jsonForScript } from './print.js';

export const KIND_ORDER: readonly ExhibitionKind[] = [
  'solo',
  'group',
  'art-fair',
  'museum-acquisition',
  'award',
];

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

/** "1 March – 14 April 2024", "14 April 2024": a start and an optional end, in the page's language. */
export function dateRange(start: string, end: string | null, lang: Language): string {
  const format = new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const a = new Date(`${start}T00:00:00Z`);
  if (!end || end === start) return format.format(a);
  return format.formatRange(a, new Date(`${end}T00:00:00Z`));
}

/** Exhibitions by kind (in KIND_ORDER), then by year of their start, newest first. */
export function groupExhibitions(rows: readonly PublicExhibitionRow[]) {
  return KIND_ORDER.map((kind) => {
    const years = new Map<number, PublicExhibitionRow[]>();
    for (const row of rows.filter((r) => r.kind === kind)) {
      const year = Number(String(row.starts_on).slice(0, 4));
      years.set(year, [...(years.get(year) ?? []), row]);
    }
    return {
      kind,
      years: [...years.entries()]
        .sort(([a], [b]) => b - a)
        .map(([year, items]) => ({
          year,
          items: [...items].sort((x, y) => String(y.starts_on).localeCompare(String(x.starts_on))),
        })),
    };
  }).filter((g) => g.years.length > 0);
}

function Paragraphs({ text, lang }: { text: { text: string; lang: Language }; lang: Language }) {
  const paragraphs = text.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class="prose" lang={text.lang === lang ? undefined : text.lang}>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

export function cvStructuredData(
  ctx: PageContext,
  profile: PublicProfile,
  exhibitions: readonly PublicExhibitionRow[],
  url: string,
) {
  const { lang, publicUrl } = ctx;
  const name = profile.name || ctx.t('site.name');
  const person = {
    '@type': 'Person',
    '@id': `${url}#artist`,
    name,
    url,
    jobTitle: ctx.t('cv.jobTitle'),
    description: localized(profile.bio, lang).text || undefined,
    email: profile.publicEmail ? `mailto:${profile.publicEmail}` : undefined,
  };
  const events = exhibitions.map((e) => ({
    '@type': 'ExhibitionEvent',
    name: e.title,
    startDate: String(e.starts_on),
    endDate: e.ends_on ? String(e.ends_on) : undefined,
    url: e.url ?? undefined,
    description: localized(e.description, lang).text || undefined,
    eventStatus: 'https://schema.org/EventScheduled',
    location:
      e.venue || e.city || e.country
        ? {
            '@type': 'Place',
            name: e.venue ?? e.city ?? e.country ?? undefined,
            address: {
              '@type': 'PostalAddress',
              addressLocality: e.city ?? undefined,
              addressCountry: e.country ?? undefined,
            },
          }
        : undefined,
    performer: { '@id': `${url}#artist` },
    workFeatured: e.prints.map((p) => ({
      '@type': 'VisualArtwork',
      url: publicUrl + localePath(lang, `/prints/${p.id}`),
      name: localized(p.title, lang).text || undefined,
    })),
  }));
  return { '@context': 'https://schema.org', '@graph': [person, ...events] };
}

export function CvPage({
  ctx,
  profile,
  exhibitions,
}: {
  ctx: PageContext;
  profile: PublicProfile;
  exhibitions: readonly PublicExhibitionRow[];
}) {
  const { t, lang } = ctx;
  const bio = localized(profile.bio, lang);
  const statement = localized(profile.statement, lang);
  const education = localized(profile.education, lang);
  const collections = localized(profile.collections, lang);
  const groups = groupExhibitions(exhibitions);
  const url = ctx.publicUrl + localePath(lang, ctx.path);
  const name = profile.name || t('site.name');
  const text = (value: Localized) => localized(value, lang);
  return (
    <Layout
      ctx={ctx}
      title={t('cv.title', { artist: name })}
      description={t('cv.description', { artist: name })}
      preview={{ type: 'profile' }}
      head={
        <script
          type="application/ld+json"
          dangerouslySetInnerHTML={{
            __html: jsonForScript(cvStructuredData(ctx, profile, exhibitions, url)),
          }}
        />
      }
    >
      <h1>{t('cv.title', { artist: name })}</h1>
      {bio.text ? (
        <section aria-labelledby="cv-biography">
          <h2 id="cv-biography">{t('cv.biography')}</h2>
          <Paragraphs text={bio} lang={lang} />
        </section>
      ) : null}
      {statement.text ? (
        <section aria-labelledby="cv-statement">
          <h2 id="cv-statement">{t('cv.statement')}</h2>
          <Paragraphs text={statement} lang={lang} />
        </section>
      ) : null}
      <section aria-labelledby="cv-exhibitions" class="cv-exhibitions">
        <h2 id="cv-exhibitions">{t('cv.exhibitions')}</h2>
        {groups.length === 0 ? <p>{t('cv.noExhibitions')}</p> : null}
        {groups.map((group) => (
          <section aria-labelledby={`cv-kind-${group.kind}`}>
            <h3 id={`cv-kind-${group.kind}`}>{t(`cv.kind.${group.kind}`)}</h3>
            <dl class="cv-years">
              {group.years.map(({ year, items }) => (
                <div class="cv-year">
                  <dt>{String(year)}</dt>
                  <dd>
                    <ul class="cv-list">
                      {items.map((e) => {
                        const place = [e.venue, e.city, e.country].filter(Boolean).join(', ');
                        const description = text(e.description);
                        return (
                          <li class="cv-entry">
                            <span class="cv-entry__title">
                              {e.url ? <a href={e.url}>{e.title}</a> : e.title}
                            </span>
                            {place ? <>, {place}</> : null}{' '}
                            <span class="cv-entry__dates">
                              ({dateRange(String(e.starts_on), e.ends_on, lang)})
                            </span>
                            {description.text ? (
                              <p
                                class="cv-entry__text"
                                lang={description.lang === lang ? undefined : description.lang}
                              >
                                {description.text}
                              </p>
                            ) : null}
                            {e.prints.length > 0 ? (
                              <p class="cv-entry__prints">
                                {t('cv.printsShown')}{' '}
                                {e.prints.map((p, i) => {
                                  const title = text(p.title);
                                  return (
                                    <>
                                      {i > 0 ? ', ' : ''}
                                      <a
                                        href={localePath(lang, `/prints/${p.id}`)}
                                        lang={title.lang === lang ? undefined : title.lang}
                                      >
                                        {title.text || t('galleries.untitled')}
                                      </a>
                                    </>
                                  );
                                })}
                              </p>
                            ) : null}
                          </li>
                        );
                      })}
                    </ul>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </section>
      {education.text ? (
        <section aria-labelledby="cv-education">
          <h2 id="cv-education">{t('cv.education')}</h2>
          <Paragraphs text={education} lang={lang} />
        </section>
      ) : null}
      {collections.text ? (
        <section aria-labelledby="cv-collections">
          <h2 id="cv-collections">{t('cv.collections')}</h2>
          <Paragraphs text={collections} lang={lang} />
        </section>
      ) : null}
      <section aria-labelledby="cv-contact">
        <h2 id="cv-contact">{t('cv.contact')}</h2>
        <p>
          <a href={localePath(lang, '/contact')}>{t('cv.contactForm')}</a>
        </p>
        {profile.publicEmail ? (
          <p>
            {t('contact.directEmail')} <a href={`mailto:${profile.publicEmail}`}>{profile.publicEmail}</a>.
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
