// 404/500 (and other error) pages in the visitor's language (from the URL prefix, else Danish). Rendered without
// I/O, so it works when the database does not.
import { Layout, pageContext, renderPage, localePath } from './layout.js';
import { isLanguage, DEFAULT_LANGUAGE } from '../../platform/i18n/index.js';
import type { AssetCatalog } from '../../platform/assets.js';

export type ErrorPageRenderer = (args: { status: number; path: string; requestId: string }) => string;

const KINDS: Record<number, string> = { 403: '403', 404: '404', 410: '410', 429: '429' };

export function errorPageRenderer(assets: AssetCatalog, publicUrl: string): ErrorPageRenderer {
  return ({ status, path, requestId }) => {
    const pathname = path.split('?')[0] ?? '/';
    const prefix = pathname.split('/')[1];
    const lang = isLanguage(prefix) ? prefix : DEFAULT_LANGUAGE;
    // The language toggle leads to the same address in the other language.
    const rest = isLanguage(prefix) ? pathname.slice(prefix.length + 1) || '/' : '/';
    const ctx = pageContext({ lang, path: rest, publicUrl, assets, artistName: '' });
    const kind = KINDS[status] ?? (status >= 500 ? '500' : 'generic');
    const title = ctx.t(`error.${kind}.title`);
    return renderPage(
      <Layout ctx={ctx} title={title} alternates={false} noindex>
        <div class="prose">
          <h1>{title}</h1>
          <p>{ctx.t(`error.${kind}.body`)}</p>
          {status >= 500 ? <p>{ctx.t('error.reference', { id: requestId })}</p> : null}
          <p>
            <a href={localePath(lang, '/')}>{ctx.t('error.backHome')}</a>
          </p>
        </div>
      </Layout>,
    );
  };
}
