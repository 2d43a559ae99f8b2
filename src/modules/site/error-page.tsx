// 404/500 pages in the visitor's language (from the URL prefix, else Danish). Rendered without I/O.
import { Layout, pageContext, renderPage, localePath } from './layout.js';
import { isLanguage, DEFAULT_LANGUAGE } from '../../platform/i18n/index.js';
import type { AssetCatalog } from '../../platform/assets.js';

export type ErrorPageRenderer = (args: { status: number; path: string; requestId: string }) => string;

export function errorPageRenderer(assets: AssetCatalog, publicUrl: string): ErrorPageRenderer {
  return ({ status, path, requestId }) => {
    const prefix = path.split('/')[1];
    const lang = isLanguage(prefix) ? prefix : DEFAULT_LANGUAGE;
    const ctx = pageContext({ lang, path: '/', publicUrl, assets, artistName: '' });
    const kind = status === 404 ? '404' : status >= 500 ? '500' : 'generic';
    const title = ctx.t(`error.${kind}.title`);
    return renderPage(
      <Layout ctx={ctx} title={title} alternates={false}>
        <h1>{title}</h1>
        <p>{ctx.t(`error.${kind}.body`)}</p>
        {status >= 500 ? <p>{ctx.t('error.reference', { id: requestId })}</p> : null}
        <p>
          <a href={localePath(lang, '/')}>{ctx.t('error.backHome')}</a>
        </p>
      </Layout>,
    );
  };
}
