import { Layout, localePath, type PageContext } from '../layout.js';
import type { PublicGallery } from '../repository.js';
import { PublicPrintCard, type CardPicture, type PublicPrintCardData } from '../cards.js';
import { GalleryCards } from './galleries.js';

export const HOME_GALLERY_COUNT = 8;
/** Newest public prints shown on the home page (one row of the widest grid). */
export const HOME_NEW_WORK_COUNT = 4;

export type HomeNewWork = PublicPrintCardData;

export function HomePage({
  ctx,
  galleries,
  pictures,
  newWork,
}: {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  pictures: ReadonlyMap<string, CardPicture>;
  newWork: readonly HomeNewWork[];
}) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.name')} description={t('site.tagline')}>
      <div class="intro">
        <h1>{t('home.title')}</h1>
        <p class="lede">{t('home.intro')}</p>
      </div>
      <section aria-labelledby="home-galleries">
        <h2 id="home-galleries">{t('home.galleries')}</h2>
        {galleries.length === 0 ? (
          <p>{t('home.empty')}</p>
        ) : (
          <>
            <GalleryCards
              ctx={ctx}
              galleries={galleries.slice(0, HOME_GALLERY_COUNT)}
              pictures={pictures}
              headingLevel={3}
            />
            <p>
              <a href={localePath(lang, '/galleries')}>{t('home.allGalleries')}</a>
            </p>
          </>
        )}
      </section>
      {newWork.length > 0 ? (
        <section aria-labelledby="home-new-work">
          <h2 id="home-new-work">{t('home.newWork')}</h2>
          <ul class="grid grid--cards">
            {newWork.map((item) => (
              <PublicPrintCard ctx={ctx} item={item} headingLevel={3} />
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
