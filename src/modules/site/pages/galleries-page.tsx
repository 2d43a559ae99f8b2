import { Layout, type PageContext } from '../layout.js';
import type { PublicGallery } from '../repository.js';
import { GalleryCards } from './galleries.js';
import type { CardPicture } from '../cards.js';

export function GalleriesPage({
  ctx,
  galleries,
  pictures,
}: {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  pictures: ReadonlyMap<string, CardPicture>;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('galleries.title')} description={t('galleries.description')}>
      <h1>{t('galleries.title')}</h1>
      {galleries.length === 0 ? (
        <p>{t('galleries.empty')}</p>
      ) : (
        <GalleryCards ctx={ctx} galleries={galleries} pictures={pictures} />
      )}
    </Layout>
  );
}
