import { Layout, localePath, type PageContext } from '../layout.js';
import type { PublicGallery } from '../repository.js';
import { GalleryCards } from './galleries.js';

export const HOME_GALLERY_COUNT = 8;

export function HomePage({
  ctx,
  galleries,
  mediaUrl,
}: {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  mediaUrl: (key: string) => string;
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
              mediaUrl={mediaUrl}
              headingLevel={3}
            />
            <p>
              <a href={localePath(lang, '/galleries')}>{t('home.allGalleries')}</a>
            </p>
          </>
        )}
      </section>
    </Layout>
  );
}
