// The page frame every public page shares: landmarks, skip link, navigation (a disclosure on small screens),
// the language toggle that keeps the visitor on the same page, and the copyright footer with the legal links.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { translator, type Language, type Translate } from '../../platform/i18n/index.js';
import { LinkPreviewMeta, type LinkPreview, type PreviewImage } from './link-preview.js';
import { ShortlistLink, ShortlistStatus } from './shortlist-controls.js';

export interface PageContext {
  readonly lang: Language;
  readonly t: Translate;
  /** Path of this page without the language prefix ('/', '/galleries/x'). */
  readonly path: string;
  readonly publicUrl: string;
  readonly assets: { url(name: string): string };
  /** Shown in the copyright notice; '' falls back to the site name. */
  readonly artistName: string;
  /** The artist's copyright line from the settings; '' when not set (the notice is composed: copyright.ts). */
  readonly copyrightLine: string;
  /** The picture link previews show for pages without one of their own (link-preview.tsx). */
  readonly siteImage: PreviewImage | undefined;
}

export function pageContext(
  args: Omit<PageContext, 't' | 'copyrightLine' | 'siteImage'> & {
    copyrightLine?: string;
    siteImage?: PreviewImage | undefined;
  },
): PageContext {
  return {
    ...args,
    copyrightLine: args.copyrightLine ?? '',
    siteImage: args.siteImage,
    t: translator(args.lang),
  };
}

/** Feeds linked from every page, one per language (feed.ts). */
const FEED_LANGUAGES: readonly Language[] = ['da', 'en'];

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
  ['/cv', 'nav.cv'],
];

export const LEGAL_NAV: readonly (readonly [string, string])[] = [
  ['/terms', 'footer.terms'],
  ['/privacy', 'footer.privacy'],
  ['/takedown', 'footer.takedown'],
  ['/contact', 'footer.contact'],
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
  /** Link-preview type and picture (Open Graph); the site's image when the page has none of its own. */
  preview?: LinkPreview;
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
  preview = {},
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
        <link rel="icon" type="image/svg+xml" href={ctx.assets.url('favicon.svg')} />
        {/* News of new work in each language (feed.ts); each titled in its own language. */}
        {FEED_LANGUAGES.map((feedLang) => (
          <link
            rel="alternate"
            type="application/atom+xml"
            hrefLang={feedLang}
            href={`/${feedLang}/feed.xml`}
            title={translator(feedLang)('feed.linkTitle')}
          />
        ))}
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
            <LinkPreviewMeta
              lang={lang}
              siteName={siteName}
              title={title}
              description={description ?? t('site.tagline')}
              url={ctx.publicUrl + localePath(lang, ctx.path)}
              preview={preview}
              fallbackImage={ctx.siteImage}
            />
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
            <ShortlistStatus />
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
                <ShortlistLink ctx={ctx} />
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
