import { Layout, type PageContext } from '../layout.js';
import type { PublicGallery } from '../repository.js';
import { GalleryCards } from './galleries.js';

export function GalleriesPage({
  ctx,
  galleries,
  mediaUrl,
}: {
  ctx: PageContext;
  galleries: readonly PublicGallery[];
  mediaUrl: (key: string) => string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('galleries.title')} description={t('galleries.description')}>
      <h1>{t('galleries.title')}</h1>
      {galleries.length === 0 ? (
        <p>{t('galleries.empty')}</p>
      ) : (
        <GalleryCards ctx={ctx} galleries={galleries} mediaUrl={mediaUrl} />
      )}
    </Layout>
  );
}
