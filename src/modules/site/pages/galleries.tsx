// The published galleries as cards on the fluid grid (shared by the home page and the galleries page).
import { localePath, type PageContext } from '../layout.js';
import { localized, type PublicGallery } from '../repository.js';

export interface GalleryCardsProps {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  mediaUrl: (key: string) => string;
  /** Heading level of each card title (the page's h1/h2 sits above). */
  headingLevel?: 2 | 3;
}

export function GalleryCards({ ctx, galleries, mediaUrl, headingLevel = 2 }: GalleryCardsProps) {
  const { lang, t } = ctx;
  const plural = new Intl.PluralRules(lang);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="grid grid--cards">
      {galleries.map((g) => {
        const title = localized(g.title, lang);
        const description = localized(g.description, lang);
        return (
          <li class="card">
            {g.coverKey && g.coverWidth && g.coverHeight ? (
              <img
                class="card__image"
                src={mediaUrl(g.coverKey)}
                width={g.coverWidth}
                height={g.coverHeight}
                alt=""
                loading="lazy"
                decoding="async"
              />
            ) : null}
            <Heading class="card__title">
              <a
                href={localePath(lang, `/galleries/${g.id}`)}
                lang={title.lang === lang ? undefined : title.lang}
              >
                {title.text || t('galleries.untitled')}
              </a>
            </Heading>
            <p class="card__meta">
              {t(`galleries.count.${plural.select(g.printCount) === 'one' ? 'one' : 'other'}`, {
                count: new Intl.NumberFormat(lang).format(g.printCount),
              })}
              {g.featured ? <span class="tag">{t('galleries.featured')}</span> : null}
            </p>
            {description.text ? (
              <p class="card__text" lang={description.lang === lang ? undefined : description.lang}>
                {description.text}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
