// The page frame every public page shares: landmarks, skip link, navigation (a disclosure on small screens),
// the language toggle that keeps the visitor on the same page, and the copyright footer with the legal links.
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
  /** Shown in the copyright notice; '' falls back to the site name. */
  readonly artistName: string;
}

export function pageContext(args: Omit<PageContext, 't'>): PageContext {
  return { ...args, t: translator(args.lang) };
}

export function localePath(lang: Language, path: string): string {
  return `/${lang}${path === '/' ? '/' : path}`;
}

/** The language toggle's target: remembers the choice, then lands on the same page in the other language. */
export function languageSwitchHref(target: Language, path: string): string {
  return `/language/${target}?next=${encodeURIComponent(localePath(target, path))}`;
}

/** Pages of the main navigation: path → message key. */
export const MAIN_NAV: readonly (readonly [string, string])[] = [
  ['/', 'nav.home'],
  ['/galleries', 'nav.galleries'],
  ['/search', 'nav.search'],
  ['/about', 'nav.about'],
];

export const LEGAL_NAV: readonly (readonly [string, string])[] = [
  ['/terms', 'footer.terms'],
  ['/privacy', 'footer.privacy'],
  ['/takedown', 'footer.takedown'],
];

function isCurrent(navPath: string, pagePath: string): boolean {
  return navPath === '/' ? pagePath === '/' : pagePath === navPath || pagePath.startsWith(`${navPath}/`);
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Error pages are not alternates of anything. */
  alternates?: boolean;
  /** Pages that must not be indexed (form results, confirmations). */
  noindex?: boolean;
  /** Extra island scripts (asset names) this page needs, after the shared ones. */
  scripts?: readonly string[];
  /** Extra elements for the head (structured data). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

export function Layout({
  ctx,
  title,
  description,
  alternates = true,
  noindex = false,
  scripts = [],
  head,
  children,
}: LayoutProps) {
  const { lang, t } = ctx;
  const other: Language = lang === 'da' ? 'en' : 'da';
  const year = new Date().getFullYear();
  const siteName = t('site.name');
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? title : `${title} · ${siteName}`}</title>
        <meta name="description" content={description ?? t('site.tagline')} />
        {noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="stylesheet" href={ctx.assets.url('site.css')} />
        <script type="module" src={ctx.assets.url('nav.js')} />
        {scripts.map((name) => (
          <script type="module" src={ctx.assets.url(name)} />
        ))}
        {alternates ? (
          <>
            <link rel="canonical" href={ctx.publicUrl + localePath(lang, ctx.path)} />
            <link rel="alternate" hrefLang="da" href={ctx.publicUrl + localePath('da', ctx.path)} />
            <link rel="alternate" hrefLang="en" href={ctx.publicUrl + localePath('en', ctx.path)} />
            <link rel="alternate" hrefLang="x-default" href={ctx.publicUrl + '/'} />
          </>
        ) : null}
        {head}
      </head>
      <body>
        <a class="skip-link" href="#content">
          {t('skip.toContent')}
        </a>
        <header class="site-header">
          <div class="site-header__bar">
            <a class="site-name" href={localePath(lang, '/')}>
              {siteName}
            </a>
            <a
              class="lang-toggle"
              href={languageSwitchHref(other, ctx.path)}
              hrefLang={other}
              lang={other}
              aria-label={t('nav.switchToLabel')}
            >
              {t('nav.switchTo')}
            </a>
            {/* Without JavaScript the button stays hidden and the navigation stays open (nav.client.ts). */}
            <button type="button" class="nav-toggle" aria-controls="site-nav" hidden>
              {t('nav.menu')}
            </button>
            <nav id="site-nav" class="site-nav" aria-label={t('nav.main')}>
              <ul>
                {MAIN_NAV.map(([path, key]) => (
                  <li>
                    <a
                      href={localePath(lang, path)}
                      aria-current={isCurrent(path, ctx.path) ? 'page' : undefined}
                    >
                      {t(key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <nav aria-label={t('footer.legal')}>
            <ul>
              {LEGAL_NAV.map(([path, key]) => (
                <li>
                  <a href={localePath(lang, path)} aria-current={ctx.path === path ? 'page' : undefined}>
                    {t(key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <p class="copyright">{t('footer.copyright', { year, artist: ctx.artistName || siteName })}</p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(node: preact.VNode): string {
  return '<!doctype html>' + renderToString(node);
}
