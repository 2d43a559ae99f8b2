// The published galleries as cards on the fluid grid (shared by the home page and the galleries page).
import { formatCount } from '../../../platform/i18n/index.js';
import { localePath, type PageContext } from '../layout.js';
import { localized, type PublicGallery } from '../repository.js';
import { CardImage, cardLoading, type CardPicture } from '../cards.js';

export interface GalleryCardsProps {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  /** The card image of each gallery (cover print, else its first print), by gallery id. */
  pictures: ReadonlyMap<string, CardPicture>;
  /** Heading level of each card title (the page's h1/h2 sits above). */
  headingLevel?: 2 | 3;
}

/** The cards are the first grid of the pages that show them: their first row is not lazy (cardLoading). */
export function GalleryCards({ ctx, galleries, pictures, headingLevel = 2 }: GalleryCardsProps) {
  const { lang, t } = ctx;
  const plural = new Intl.PluralRules(lang);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="grid grid--cards">
      {galleries.map((g, index) => {
        const title = localized(g.title, lang);
        const description = localized(g.description, lang);
        const picture = pictures.get(g.id);
        return (
          <li class="card">
            {/* The title says what the card is; the cover is decoration. */}
            {picture ? <CardImage picture={picture} alt="" {...cardLoading(index)} /> : null}
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
                count: formatCount(g.printCount, lang),
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
