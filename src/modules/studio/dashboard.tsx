// The studio's dashboard: the artist's catalogue at a glance (prints, galleries, impressions, open takedown
// notices), the latest uploads and how their processing went, drafts still missing what publishing needs (the
// catalogue's publishing gate), and the latest audit events. Everything is the signed-in artist's own.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { requireArtist } from '../../platform/auth-context.js';
import { latestAuditEvents, type AuditEventView } from '../audit/repository.js';
import { missingForPublication } from '../catalogue/presenters.js';
import type { StudioDeps } from './context.js';
import { dashboardCounts, recentDrafts, type DashboardCounts } from './repository.js';
import { sendStudioPage, viewedBySiteOwner } from './layout.js';
import { recentUploads, studioTitle, type RecentUpload } from './processing.js';
import { DateText, ImageState, RETRY_NOTICES, UNTITLED } from './prints.js';

const RECENT_UPLOADS = 6;
const DRAFTS_SHOWN = 10;
/** Drafts read to find those still missing something (the most recently changed first). */
const DRAFTS_READ = 50;
const AUDIT_EVENTS = 10;

export interface WaitingDraft {
  id: string;
  title: string;
  missing: string[];
  updatedAt: Date;
}

/** What the publishing gate names, said the studio's way ("title (da)" → "Danish title"). */
export function missingLabel(item: string): string {
  const language = /\((da|en)\)$/.exec(item)?.[1];
  // An additional image's alt text (decision 024): "images.<id>.altText (da)".
  const field = item.replace(/\s*\((da|en)\)$/, '').replace(/^images\.[0-9a-f-]+\.altText$/, 'imageAltText');
  const names: Record<string, string> = {
    title: 'title',
    altText: 'alt text',
    imageAltText: 'alt text of an additional image',
    technique: 'technique',
    year: 'year',
    'image (processed)': 'processed image',
  };
  const name = names[field] ?? field;
  return language ? `${language === 'da' ? 'Danish' : 'English'} ${name}` : name;
}

/** The most recently changed drafts that the publishing gate would still refuse, with what each lacks. */
export async function draftsWaiting(db: Kysely<Database>, artistId: string): Promise<WaitingDraft[]> {
  return (await recentDrafts(db, artistId, DRAFTS_READ))
    .map((row) => ({
      id: row.id,
      title: studioTitle(row.title),
      missing: missingForPublication(row, row.image_shown).map(missingLabel),
      updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
    }))
    .filter((d) => d.missing.length > 0)
    .slice(0, DRAFTS_SHOWN);
}

/** "print.image_retried" → "Print image retried". */
export function actionText(action: string): string {
  const words = action.replace(/[._]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : action;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Copenhagen',
});

function Stat({ value, label, href }: { value: number; label: string; href: string }) {
  return (
    <li>
      <strong>{value}</strong> <a href={href}>{label}</a>
    </li>
  );
}

function Counts({ counts, siteOwner }: { counts: DashboardCounts; siteOwner: boolean }) {
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">At a glance</h2>
      <ul class="stats">
        <Stat value={counts.prints} label={counts.prints === 1 ? 'print' : 'prints'} href="/studio/prints" />
        <Stat value={counts.published} label="published" href="/studio/prints?status=published" />
        <Stat
          value={counts.drafts}
          label={counts.drafts === 1 ? 'draft' : 'drafts'}
          href="/studio/prints?status=draft"
        />
        <Stat
          value={counts.galleries}
          label={counts.galleries === 1 ? 'gallery' : 'galleries'}
          href="/studio/galleries"
        />
        <Stat
          value={counts.impressionsAvailable}
          label={counts.impressionsAvailable === 1 ? 'impression available' : 'impressions available'}
          href="/studio/prints?impressions=available"
        />
        <Stat
          value={counts.impressionsSold}
          label={counts.impressionsSold === 1 ? 'impression sold' : 'impressions sold'}
          href="/studio/prints?impressions=sold"
        />
        <Stat
          value={counts.newEnquiries}
          label={counts.newEnquiries === 1 ? 'new enquiry' : 'new enquiries'}
          href="/studio/enquiries?status=new"
        />
        {siteOwner ? (
          <Stat
            value={counts.openTakedowns}
            label={counts.openTakedowns === 1 ? 'open takedown notice' : 'open takedown notices'}
            href="/studio/takedowns"
          />
        ) : null}
      </ul>
    </section>
  );
}

function Uploads({ req, uploads }: { req: FastifyRequest; uploads: readonly RecentUpload[] }) {
  return (
    <section aria-labelledby="uploads-heading">
      <h2 id="uploads-heading">Recent uploads</h2>
      {uploads.length === 0 ? (
        <p>
          No uploads yet. <a href="/studio/prints#upload">Upload prints</a>
        </p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="data-table">
              <caption class="visually-hidden">The latest uploaded images and their processing</caption>
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">Print</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">Processing</th>
                </tr>
              </thead>
              <tbody>
                {uploads.map((u) => {
                  const title = u.title || UNTITLED;
                  return (
                    <tr>
                      <td>
                        {u.thumbnailUrl ? (
                          <img src={u.thumbnailUrl} alt="" width={64} height={64} loading="lazy" />
                        ) : null}
                      </td>
                      <td>
                        <a href={`/studio/prints/${u.printId}`}>{title}</a>
                        {u.filename ? (
                          <>
                            <br />
                            <span class="hint">{u.filename}</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <DateText value={u.uploadedAt} format={dateTime} />
                      </td>
                      <td>
                        {u.status === 'failed' && !u.retryable ? (
                          // An older image that failed; the print has moved on (a newer upload).
                          <>
                            <span class="badge badge--failed">Failed</span>
                            <p class="field-error">{u.error || 'Processing failed.'}</p>
                          </>
                        ) : (
                          <ImageState
                            req={req}
                            printId={u.printId}
                            title={title}
                            status={u.status}
                            error={u.error}
                            returnTo="/studio"
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <a href="/studio/prints#upload">Upload more prints</a>
          </p>
        </>
      )}
    </section>
  );
}

function Drafts({ drafts, total }: { drafts: readonly WaitingDraft[]; total: number }) {
  return (
    <section aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">Drafts waiting for details</h2>
      {drafts.length === 0 ? (
        <p>
          {total === 0
            ? 'There are no drafts.'
            : 'Every draft has what publishing needs; publish them from the print editor.'}
        </p>
      ) : (
        <>
          <p>These drafts still need the following before they can be published.</p>
          <ul class="waiting-drafts">
            {drafts.map((d) => (
              <li>
                <a href={`/studio/prints/${d.id}`}>{d.title || UNTITLED}</a>: missing {d.missing.join(', ')}
              </li>
            ))}
          </ul>
          <p>
            <a href="/studio/prints?status=draft">All drafts</a>
          </p>
        </>
      )}
    </section>
  );
}

function Audit({ events }: { events: readonly AuditEventView[] }) {
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Recent activity</h2>
      {events.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">The latest {events.length} audit events</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Concerning</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr>
                  <td>
                    <DateText value={e.occurredAt} format={dateTime} />
                  </td>
                  <td>{actionText(e.action)}</td>
                  <td>{e.entityType ? actionText(e.entityType) : '—'}</td>
                  <td>{e.actor ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href="/studio/audit">The whole audit log</a>
      </p>
    </section>
  );
}

export const dashboardPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  app.get('/studio', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    const db = deps.database.db;
    const [counts, uploads, drafts, events] = await Promise.all([
      dashboardCounts(db, artist.id),
      recentUploads(db, artist.id, RECENT_UPLOADS),
      draftsWaiting(db, artist.id),
      latestAuditEvents(db, artist.id, AUDIT_EVENTS),
    ]);
    const asked = (req.query as { notice?: unknown } | undefined)?.notice;
    const notice = typeof asked === 'string' ? RETRY_NOTICES[asked] : undefined;
    return sendStudioPage(req, reply, deps, {
      title: 'Dashboard',
      ...(notice ? { notice } : {}),
      body: (
        <>
          <p>
            Signed in as <strong>{artist.displayName || artist.email}</strong>.
          </p>
          <Counts counts={counts} siteOwner={viewedBySiteOwner(req)} />
          <Uploads req={req} uploads={uploads} />
          <Drafts drafts={drafts} total={counts.drafts} />
          <Audit events={events} />
        </>
      ),
    });
  });
};
