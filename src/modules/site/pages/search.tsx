// The search page shell: a labelled GET form; results and filters belong to the search module.
import type { ComponentChildren } from 'preact';
import { Layout, localePath, type PageContext } from '../layout.js';

export function SearchPage({
  ctx,
  q,
  children,
}: {
  ctx: PageContext;
  q: string;
  children?: ComponentChildren;
}) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('search.title')} description={t('search.description')}>
      <h1>{t('search.title')}</h1>
      <form class="search-form" role="search" method="get" action={localePath(lang, '/search')}>
        <label for="search-q">{t('search.label')}</label>
        <div class="search-form__row">
          <input id="search-q" name="q" type="search" value={q} maxLength={200} autoComplete="off" />
          <button type="submit">{t('search.submit')}</button>
        </div>
      </form>
      {children}
    </Layout>
  );
}
