// The studio's enquiries: the inbox of what visitors sent through a print page's enquiry form or the contact page
// (filtered by status), each enquiry in full with its private notes, a reply link (mailto:, with the visitor's
// address and a subject naming the print), marking it answered or closed, deleting it; and the notification
// outbox (without SMTP the e-mails are kept here; with SMTP it shows what was sent or failed). Every call goes
// through EnquiryService with the signed-in artist: another artist's enquiry is "not found". Changes are audited.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import type { EnquiryStatus } from '../../platform/db/schema.js';
import {
  ENQUIRY_STATUSES,
  NOTES_MAX,
  isEnquiryStatus,
  type EnquiryDetail,
  type EnquirySummary,
  type NotificationView,
} from '../enquiries/service.js';
import type { StudioDeps } from './context.js';
import {
  ErrorSummary,
  SelectField,
  TextArea,
  formString,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { Pagination, When, pageOf } from './audit.js';
import { editorPath } from './print-editor-views.js';

const PAGE_SIZE = 25;

export const ENQUIRY_STATUS_LABELS: Readonly<Record<EnquiryStatus, string>> = {
  new: 'New',
  answered: 'Answered',
  closed: 'Closed',
};

const NOTIFICATION_LABELS: Readonly<Record<string, string>> = {
  outbox: 'In the outbox (no mail server configured)',
  pending: 'Being sent',
  sent: 'Sent',
  failed: 'Sending failed',
};

/** Fixed confirmations a redirect may ask for (never text from the URL). */
const NOTICES: Readonly<Record<string, string>> = {
  notes: 'Notes saved.',
  answered: 'Marked as answered.',
  closed: 'Marked as closed.',
  new: 'Marked as new.',
  deleted: 'The enquiry was deleted.',
};

function StatusBadge({ status }: { status: EnquiryStatus }) {
  return (
    <span class={`badge badge--${status === 'new' ? 'draft' : 'published'}`}>
      {ENQUIRY_STATUS_LABELS[status]}
    </span>
  );
}

function listHref(status: string, page = 1): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `/studio/enquiries${qs ? `?${qs}` : ''}`;
}

function Inbox({
  rows,
  total,
  page,
  totalPages,
  status,
  counts,
  retentionMonths,
}: {
  rows: readonly EnquirySummary[];
  total: number;
  page: number;
  totalPages: number;
  status: string;
  counts: Record<EnquiryStatus, number>;
  retentionMonths: number;
}) {
  const all = counts.new + counts.answered + counts.closed;
  const options = [
    { value: 'all', label: `All (${all})` },
    ...ENQUIRY_STATUSES.map((s) => ({ value: s, label: `${ENQUIRY_STATUS_LABELS[s]} (${counts[s]})` })),
  ];
  return (
    <>
      <p>
        Enquiries about your prints and messages from the public <a href="/en/contact">contact page</a>.
        Answer by e-mail, then mark them answered or closed. They are deleted automatically {retentionMonths}{' '}
        months after they arrive (the retention period is in <a href="/studio/settings">settings</a>, and the
        privacy policy tells visitors). <a href="/studio/enquiries/outbox">Notification e-mails</a>
      </p>
      <form method="get" action="/studio/enquiries" class="filters" aria-label="Filter the enquiries">
        <SelectField name="status" label="Status" value={status} options={options} />
        <div class="field">
          <button type="submit">Show</button>
        </div>
      </form>
      {rows.length === 0 ? (
        <p>
          {all === 0
            ? 'No enquiries have arrived yet.'
            : total > 0
              ? `There is no page ${page}.`
              : 'None with this status.'}
        </p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">Enquiries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">About</th>
                <th scope="col">Message</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr>
                  <td>
                    <When value={e.createdAt} />
                  </td>
                  <td>
                    <a href={`/studio/enquiries/${e.id}`}>{e.name}</a>
                    <br />
                    <span class="hint">{e.email}</span>
                  </td>
                  <td>{summaryOf(e)}</td>
                  <td>{e.excerpt}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        totalPages={totalPages}
        href={(p) => listHref(status, p)}
        label="Enquiry pages"
      />
    </>
  );
}

/** What an enquiry is about, in a few words (the inbox's column). */
function summaryOf(e: EnquirySummary): string {
  const room = e.roomTitle !== null ? ` (viewing room “${e.roomTitle}”)` : '';
  if (e.prints)
    return `${e.prints.length === 1 ? '1 print' : `${e.prints.length} prints`} from a visitor’s list`;
  if (e.printTitle !== null) return e.printTitle + room;
  if (e.printId !== null) return 'A print' + room;
  return e.roomTitle !== null ? `The viewing room “${e.roomTitle}”` : 'Contact page';
}

/** The print, the visitor's list or the contact page, linked to the editor (and to the public page unless it came from a room, whose prints may be drafts). */
function About({ e }: { e: EnquiryDetail }) {
  if (e.prints)
    return (
      <>
        {e.prints.length === 1 ? 'One print' : `${e.prints.length} prints`} from the visitor’s list:
        <ol>
          {e.prints.map((p) => (
            <li>
              <a href={editorPath(p.id)}>{p.title}</a> (
              <a href={`/${e.language}/prints/${p.id}`}>public page</a>)
            </li>
          ))}
        </ol>
      </>
    );
  if (e.printId)
    return (
      <>
        <a href={editorPath(e.printId)}>{e.printTitle ?? 'The print'}</a>
        {e.roomTitle === null ? (
          <>
            {' '}
            (<a href={`/${e.language}/prints/${e.printId}`}>public page</a>)
          </>
        ) : null}
      </>
    );
  if (e.printTitle) return <>{e.printTitle} (the print has since been deleted)</>;
  return <>{e.roomTitle !== null ? 'A message from the viewing room' : 'A message from the contact page'}</>;
}

/** The reply link: the visitor's address, a subject naming the print, the message quoted. */
export function replyHref(e: Pick<EnquiryDetail, 'email' | 'printTitle' | 'message' | 'language'>): string {
  const about = e.printTitle ?? (e.language === 'da' ? 'din besked' : 'your message');
  const subject = e.language === 'da' ? `Sv: ${about}` : `Re: ${about}`;
  const quoted = e.message
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const query = new URLSearchParams({ subject, body: `\n\n${quoted}` }).toString().replaceAll('+', '%20');
  return `mailto:${encodeURIComponent(e.email).replace('%40', '@')}?${query}`;
}

function Detail({
  req,
  e,
  notes,
  errors,
}: {
  req: FastifyRequest;
  e: EnquiryDetail;
  notes: string;
  errors: FieldErrors;
}) {
  return (
    <>
      <dl class="notice-fields">
        <dt>Received</dt>
        <dd>
          <When value={e.createdAt} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={e.status} />
        </dd>
        <dt>From</dt>
        <dd>{e.name}</dd>
        <dt>E-mail</dt>
        <dd>
          <a href={`mailto:${e.email}`}>{e.email}</a>
        </dd>
        <dt>About</dt>
        <dd>
          <About e={e} />
        </dd>
        {e.roomTitle !== null ? (
          <>
            <dt>Sent from the viewing room</dt>
            <dd>
              {e.roomId ? <a href={`/studio/rooms/${e.roomId}`}>{e.roomTitle}</a> : e.roomTitle}
              {e.roomId ? '' : ' (the room has since been deleted)'}
            </dd>
          </>
        ) : null}
        <dt>Impression or edition</dt>
        <dd>{e.interest ?? '—'}</dd>
        <dt>Written in</dt>
        <dd>{e.language === 'da' ? 'Danish' : 'English'}</dd>
        <dt>Message</dt>
        <dd class="prewrap" lang={e.language}>
          {e.message}
        </dd>
        <dt>Notification e-mail</dt>
        <dd>
          {e.notification ? (
            <>
              {NOTIFICATION_LABELS[e.notification.status] ?? e.notification.status}
              {e.notification.attempts > 0
                ? ` (${e.notification.attempts} attempt${e.notification.attempts === 1 ? '' : 's'})`
                : ''}
              {' · '}
              <a href="/studio/enquiries/outbox">Notification e-mails</a>
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <p class="actions">
        <a class="button" href={replyHref(e)}>
          Reply by e-mail
        </a>
      </p>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        <div class="actions">
          {ENQUIRY_STATUSES.filter((s) => s !== e.status).map((s) => (
            <form method="post" action={`/studio/enquiries/${e.id}/status`} class="inline-form">
              <CsrfField req={req} />
              <input type="hidden" name="status" value={s} />
              <button type="submit">
                {s === 'new' ? 'Mark as new' : `Mark as ${ENQUIRY_STATUS_LABELS[s].toLowerCase()}`}
              </button>
            </form>
          ))}
        </div>
      </section>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ErrorSummary errors={errors} labels={{ notes: 'Notes' }} />
        <form method="post" action={`/studio/enquiries/${e.id}/notes`} data-guard-changes>
          <CsrfField req={req} />
          <TextArea
            name="notes"
            label="Private notes"
            value={notes}
            error={errors.notes}
            hint="Only you see these: what you answered, what was agreed. Deleted with the enquiry."
            rows={5}
          />
          <p class="actions">
            <button type="submit">Save notes</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        <p>
          Deleting removes the enquiry, its notes and its notification e-mail at once. It cannot be undone.
        </p>
        <form method="post" action={`/studio/enquiries/${e.id}/delete`}>
          <CsrfField req={req} />
          <button type="submit" class="button--danger">
            Delete this enquiry
          </button>
        </form>
      </section>
    </>
  );
}

function Outbox({
  rows,
  page,
  totalPages,
  smtp,
}: {
  rows: readonly NotificationView[];
  page: number;
  totalPages: number;
  smtp: boolean;
}) {
  return (
    <>
      <p>
        {smtp
          ? 'Each enquiry is e-mailed to you by a background job, retried for about an hour when the mail server fails.'
          : 'No mail server is configured (SMTP_URL or SMTP_HOST), so the e-mails about new enquiries are kept here instead of being sent.'}{' '}
        <a href="/studio/enquiries">Back to the enquiries</a>
      </p>
      {rows.length === 0 ? (
        <p>No notification e-mails yet.</p>
      ) : (
        <ul class="outbox">
          {rows.map((n) => (
            <li>
              <article aria-labelledby={`n-${n.id}`}>
                <h2 id={`n-${n.id}`}>{n.subject}</h2>
                <p class="hint">
                  <When value={n.createdAt} /> · to {n.recipient} · reply to {n.replyTo} ·{' '}
                  {NOTIFICATION_LABELS[n.status] ?? n.status}
                  {n.attempts > 0 ? `, ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}` : ''}
                  {n.lastError ? ` (last error: ${n.lastError})` : ''} ·{' '}
                  <a href={`/studio/enquiries/${n.enquiryId}`}>Open the enquiry</a>
                </p>
                <pre class="prewrap">{n.body}</pre>
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        totalPages={totalPages}
        href={(p) => `/studio/enquiries/outbox?page=${p}`}
        label="Outbox pages"
      />
    </>
  );
}

type IdParams = { Params: { id: string } };

export const enquiryPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = deps.enquiries;

  async function notFound(req: FastifyRequest, reply: FastifyReply) {
    return sendStudioPage(req, reply, deps, {
      title: 'Enquiry not found',
      status: 404,
      breadcrumbs: [
        ['/studio/enquiries', 'Enquiries'],
        [null, 'Not found'],
      ],
      body: (
        <p>
          There is no such enquiry. <a href="/studio/enquiries">See all enquiries</a>.
        </p>
      ),
    });
  }

  function sendDetail(
    req: FastifyRequest,
    reply: FastifyReply,
    e: EnquiryDetail,
    notes = e.notes,
    errors: FieldErrors = {},
  ) {
    const failed = Object.keys(errors).length > 0;
    const notice = failed ? undefined : NOTICES[queryString(req.query, 'notice')];
    const title = `Enquiry from ${e.name}`;
    return sendStudioPage(req, reply, deps, {
      title,
      status: failed ? 422 : 200,
      ...(notice ? { notice } : {}),
      breadcrumbs: [
        ['/studio/enquiries', 'Enquiries'],
        [null, title],
      ],
      body: <Detail req={req} e={e} notes={notes} errors={errors} />,
    });
  }

  app.get('/studio/enquiries', { schema: { hide: true } }, async (req, reply) => {
    const raw = queryString(req.query, 'status');
    const status = raw === 'all' ? 'all' : isEnquiryStatus(raw) ? raw : 'new';
    const page = pageOf(req.query);
    const actor = actorOf(req);
    const [found, retentionMonths] = await Promise.all([
      service.list(actor, status === 'all' ? undefined : [status], {
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      service.retentionMonths(actor),
    ]);
    const notice = NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Enquiries',
      ...(notice ? { notice } : {}),
      body: (
        <Inbox
          rows={found.rows}
          total={found.total}
          page={page}
          totalPages={Math.max(1, Math.ceil(found.total / PAGE_SIZE))}
          status={status}
          counts={found.counts}
          retentionMonths={retentionMonths}
        />
      ),
    });
  });

  app.get('/studio/enquiries/outbox', { schema: { hide: true } }, async (req, reply) => {
    const page = pageOf(req.query);
    const found = await service.notifications(actorOf(req), {
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return sendStudioPage(req, reply, deps, {
      title: 'Notification e-mails',
      breadcrumbs: [
        ['/studio/enquiries', 'Enquiries'],
        [null, 'Notification e-mails'],
      ],
      body: (
        <Outbox
          rows={found.rows}
          page={page}
          totalPages={Math.max(1, Math.ceil(found.total / PAGE_SIZE))}
          smtp={deps.config.mail.smtp !== undefined}
        />
      ),
    });
  });

  app.get<IdParams>('/studio/enquiries/:id', { schema: { hide: true } }, async (req, reply) => {
    const e = await service.get(actorOf(req), req.params.id);
    return e ? sendDetail(req, reply, e) : notFound(req, reply);
  });

  app.post<IdParams>('/studio/enquiries/:id/notes', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const e = await service.get(actor, req.params.id);
    if (!e) return notFound(req, reply);
    const notes = formString(req.body as FormBody, 'notes').replace(/\r\n?/g, '\n');
    if (notes.length > NOTES_MAX)
      return sendDetail(req, reply, e, notes, {
        notes: `Shorten the notes to ${NOTES_MAX} characters or fewer (they have ${notes.length})`,
      });
    await service.update(actor, e.id, { notes });
    return reply.redirect(`/studio/enquiries/${e.id}?notice=notes#notes-heading`, 303);
  });

  app.post<IdParams>('/studio/enquiries/:id/status', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const e = await service.get(actor, req.params.id);
    if (!e) return notFound(req, reply);
    const status = formString(req.body as FormBody, 'status');
    if (!isEnquiryStatus(status))
      return sendDetail(req, reply, e, e.notes, { status: 'Choose new, answered or closed' });
    await service.update(actor, e.id, { status });
    return reply.redirect(`/studio/enquiries/${e.id}?notice=${status}`, 303);
  });

  app.post<IdParams>('/studio/enquiries/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const e = await service.get(actor, req.params.id);
    if (!e) return notFound(req, reply);
    await service.delete(actor, e.id);
    return reply.redirect('/studio/enquiries?notice=deleted', 303);
  });
};
