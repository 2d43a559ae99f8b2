// The page frame every public page shares: landmarks, skip link, language toggle, copyright footer.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { translator, type Language, type Translate } from '../../platform/i18n/index.js';

export interface PageContext {
  readonly lang: Language;
  readonly t: Translate;
  /** Path of this page without the language prefix ('/', '/galleries/x'). */
  readonly path: string;
  readonly publicUrl: string;
  readonly assets: { url(name: string): string };
  readonly artistName: string;
}

export function pageContext(args: Omit<PageContext, 't'>): PageContext {
  return { ...args, t: translator(args.lang) };
}

export function localePath(lang: Language, path: string): string {
  return `/${lang}${path === '/' ? '/' : path}`;
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Error pages are not alternates of anything. */
  alternates?: boolean;
  children: ComponentChildren;
}

export function Layout({ ctx, title, description, alternates = true, children }: LayoutProps) {
  const { lang, t } = ctx;
  const other: Language = lang === 'da' ? 'en' : 'da';
  const year = new Date().getFullYear();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === t('site.name') ? title : `${title} · ${t('site.name')}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={ctx.assets.url('site.css')} />
        {alternates ? (
          <>
            <link rel="canonical" href={ctx.publicUrl + localePath(lang, ctx.path)} />
            <link rel="alternate" hrefLang="da" href={ctx.publicUrl + localePath('da', ctx.path)} />
            <link rel="alternate" hrefLang="en" href={ctx.publicUrl + localePath('en', ctx.path)} />
            <link rel="alternate" hrefLang="x-default" href={ctx.publicUrl + '/'} />
          </>
        ) : null}
      </head>
      <body>
        <a class="skip-link" href="#content">
          {t('skip.toContent')}
        </a>
        <header class="site-header">
          <a class="site-name" href={localePath(lang, '/')}>
            {t('site.name')}
          </a>
          <nav class="site-nav" aria-label={t('nav.main')}>
            <ul>
              <li>
                <a href={localePath(lang, '/')}>{t('nav.home')}</a>
              </li>
              <li>
                <a
                  href={`/language/${other}?next=${encodeURIComponent(localePath(other, ctx.path))}`}
                  hrefLang={other}
                  lang={other}
                  aria-label={t('nav.switchToLabel')}
                >
                  {t('nav.switchTo')}
                </a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="content" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('footer.copyright', { year, artist: ctx.artistName || t('site.name') })}</p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(node: preact.VNode): string {
  return '<!doctype html>' + renderToString(node);
}
