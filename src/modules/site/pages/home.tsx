import { Layout, type PageContext } from '../layout.js';

export function HomePage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.name')} description={t('site.tagline')}>
      <h1>{t('home.title')}</h1>
      <p>{t('site.tagline')}</p>
      <p>{t('home.empty')}</p>
    </Layout>
  );
}
