// The studio's page frame: English, landmarks, skip link, the studio navigation, who is signed in and sign-out,
// a status region for notices, and the CSRF token islands send back in the x-csrf-token header.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../auth/guards.js';
import { requireArtist } from '../../platform/auth-context.js';
import type { StudioDeps } from './context.js';

/** Sections of the studio navigation: path → label. */
export const STUDIO_NAV: readonly (readonly [string, string])[] = [
  ['/studio', 'Dashboard'],
  ['/studio/prints', 'Prints'],
  ['/studio/galleries', 'Galleries'],
  ['/studio/exhibitions', 'Exhibitions'],
  ['/studio/rooms', 'Viewing rooms'],
  ['/studio/enquiries', 'Enquiries'],
  ['/studio/contacts', 'Contacts'],
  ['/studio/sales', 'Sales'],
  ['/studio/consignments', 'Consignments'],
  ['/studio/takedowns', 'Takedown notices'],
  ['/studio/audit', 'Audit log'],
  ['/studio/backups', 'Backups'],
  ['/studio/settings', 'Settings'],
];

/** Sections only the site owner has (their services refuse everyone else): not offered to other artists. */
export const OWNER_ONLY_NAV: ReadonlySet<string> = new Set(['/studio/takedowns', '/studio/backups']);

/** Requests of the site owner, marked by the studio plugin once the session is known. */
const siteOwnerRequests = new WeakSet<FastifyRequest>();

export function markSiteOwner(req: FastifyRequest): void {
  siteOwnerRequests.add(req);
}

export const viewedBySiteOwner = (req: FastifyRequest): boolean => siteOwnerRequests.has(req);

function isCurrent(navPath: string, pagePath: string): boolean {
  return navPath === '/studio'
    ? pagePath === '/studio'
    : pagePath === navPath || pagePath.startsWith(`${navPath}/`);
}

export interface StudioPageOptions {
  title: string;
  /** Page content, inside <main>; starts with whatever comes after the page's <h1>. */
  body: ComponentChildren;
  /** A short confirmation shown in the status region ("Saved."). */
  notice?: string;
  /** Island scripts (asset names) this page needs, after the shared studio.js. */
  scripts?: readonly string[];
  /** Breadcrumb trail above the heading: [href, label] pairs, the current page last without href. */
  breadcrumbs?: readonly (readonly [string | null, string])[];
  /** HTTP status (422 for a form with errors). */
  status?: number;
}

interface FrameProps extends StudioPageOptions {
  deps: StudioDeps;
  path: string;
  csrf: string;
  artistName: string;
  siteOwner: boolean;
}

function Frame({
  deps,
  path,
  csrf,
  artistName,
  siteOwner,
  title,
  body,
  notice,
  scripts = [],
  breadcrumbs,
}: FrameProps) {
  const { assets } = deps;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="csrf-token" content={csrf} />
        <title>{`${title} · Studio · Copper Print Gallery`}</title>
        <link rel="stylesheet" href={assets.url('site.css')} />
        <link rel="stylesheet" href={assets.url('studio.css')} />
        <link rel="icon" type="image/svg+xml" href={assets.url('favicon.svg')} />
        <script type="module" src={assets.url('studio.js')} />
        {scripts.map((name) => (
          <script type="module" src={assets.url(name)} />
        ))}
      </head>
      <body class="studio">
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="studio-header">
          <a class="studio-header__name" href="/studio">
            Studio
          </a>
          <nav class="studio-nav" aria-label="Studio">
            <ul>
              {STUDIO_NAV.filter(([href]) => siteOwner || !OWNER_ONLY_NAV.has(href)).map(([href, label]) => (
                <li>
                  <a href={href} aria-current={isCurrent(href, path) ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="studio-header__account">
            <a href="/" class="studio-header__site">
              View site
            </a>
            <span class="studio-header__who">{artistName}</span>
            <form method="post" action="/studio/auth/logout">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="button--quiet">
                Sign out
              </button>
            </form>
          </div>
        </header>
        <main id="content" class="studio-main" tabIndex={-1}>
          {breadcrumbs && breadcrumbs.length > 0 ? (
            <nav aria-label="Breadcrumb" class="breadcrumbs">
              <ol>
                {breadcrumbs.map(([href, label]) => (
                  <li>{href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}</li>
                ))}
              </ol>
            </nav>
          ) : null}
          <h1>{title}</h1>
          <div id="studio-status" class="studio-status" role="status" aria-live="polite">
            {notice ? <p class="notice">{notice}</p> : null}
          </div>
          {body}
        </main>
      </body>
    </html>
  );
}

/** Renders a studio page for the signed-in artist; never cached (it holds the CSRF token). */
export function sendStudioPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: StudioDeps,
  options: StudioPageOptions,
): FastifyReply {
  const artist = requireArtist(req);
  const html =
    '<!doctype html>' +
    renderToString(
      <Frame
        {...options}
        deps={deps}
        path={req.url.split('?')[0] ?? '/studio'}
        csrf={csrfToken(req)}
        artistName={artist.displayName || artist.email}
        siteOwner={viewedBySiteOwner(req)}
      />,
    );
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The page an artist who is not the site owner gets for the owner's sections (their services said 403). */
export function sendOwnerOnly(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: StudioDeps,
  what: string,
): FastifyReply {
  return sendStudioPage(req, reply, deps, {
    title: 'Not available',
    status: 403,
    body: (
      <p>
        {what} concern the whole site and are handled by its owner only.{' '}
        <a href="/studio">Back to the dashboard</a>.
      </p>
    ),
  });
}

/** The hidden CSRF field every studio form carries. */
export function CsrfField({ req }: { req: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={csrfToken(req)} />;
}
