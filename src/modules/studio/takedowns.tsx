// The studio's takedown notices (received through the public notice-and-takedown form): the list with a status
// filter, each notice in full with its trail of actions, recording an action taken (with the day it was taken) and
// changing the status. Notices belong to the site, not to one artist (the table has no artist column): only the
// site owner handles them (TakedownService checks it on every call; other artists get 403 and no link here).
// Every change is in the notice's trail and in the audit log.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import type { TakedownStatus } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  STATUS_CHANGED_ACTION,
  TAKEDOWN_STATUSES,
  TAKEDOWN_STATUS_LABELS,
  isTakedownStatus,
  type NoticeDetail,
  type NoticeSummary,
} from '../legal/studio-repository.js';
import { TakedownService } from '../legal/takedowns.js';
import type { StudioDeps } from './context.js';
import {
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  formString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendOwnerOnly, sendStudioPage } from './layout.js';
import { Pagination, When, dayOf, isDay, pageOf, studioDate } from './audit.js';
import { queryString } from './forms.js';

const PAGE_SIZE = 25;
const NOTE_MAX = 5000;
/** Statuses that still need the artist. */
const OPEN: readonly TakedownStatus[] = ['received', 'in_review'];

/** Actions the artist records; the trail also holds 'received' (the public form) and status changes. */
export const TAKEDOWN_ACTIONS: readonly (readonly [string, string])[] = [
  ['claimant_contacted', 'Claimant contacted'],
  ['content_removed', 'Content removed or disabled'],
  ['counter_notice_received', 'Counter-notice received'],
  ['content_restored', 'Content restored'],
  ['rejected', 'Notice rejected'],
  ['note', 'Note'],
];
const ACTION_LABELS: Readonly<Record<string, string>> = {
  received: 'Notice received',
  [STATUS_CHANGED_ACTION]: 'Status changed',
  ...Object.fromEntries(TAKEDOWN_ACTIONS),
};

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

const NOTICES: Readonly<Record<string, string>> = {
  recorded: 'Action recorded.',
  'recorded-status': 'Action recorded and status changed.',
  status: 'Status changed.',
  unchanged: 'The notice already had that status; nothing changed.',
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  action: 'Action taken',
  note: 'Note',
  takenOn: 'Date taken',
  status: 'Status',
  newStatus: 'New status',
  statusNote: 'Reason',
};

function StatusBadge({ status }: { status: TakedownStatus }) {
  const cls =
    status === 'actioned' ? 'badge badge--published' : status === 'received' ? 'badge badge--draft' : 'badge';
  return <span class={cls}>{TAKEDOWN_STATUS_LABELS[status].replace(/ \(.*\)$/, '')}</span>;
}

/** A status filter value: '' (all), 'open', or one status. */
function parseStatusFilter(value: string): { key: string; statuses: TakedownStatus[] | undefined } {
  if (value === 'open') return { key: 'open', statuses: [...OPEN] };
  if (isTakedownStatus(value)) return { key: value, statuses: [value] };
  return { key: '', statuses: undefined };
}

function listHref(status: string, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/studio/takedowns?${qs}` : '/studio/takedowns';
}

/** Claimant text shortened for a table cell. */
function short(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ---------------------------------------------------------------- list

function NoticeList({
  rows,
  total,
  page,
  totalPages,
  status,
  counts,
}: {
  rows: readonly NoticeSummary[];
  total: number;
  page: number;
  totalPages: number;
  status: string;
  counts: Record<TakedownStatus, number>;
}) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const open = OPEN.reduce((n, s) => n + counts[s], 0);
  const options = [
    { value: '', label: `All (${all})` },
    { value: 'open', label: `Open: received or in review (${open})` },
    ...TAKEDOWN_STATUSES.map((s) => ({ value: s, label: `${TAKEDOWN_STATUS_LABELS[s]} (${counts[s]})` })),
  ];
  return (
    <>
      <p>
        Notices of claimed copyright infringement sent with the public{' '}
        <a href="/en/takedown">notice-and-takedown form</a>. Review each promptly, record what you do, and set
        its status when it is decided.
      </p>
      <form method="get" action="/studio/takedowns" class="filters" aria-label="Filter the notices">
        <SelectField name="status" label="Status" value={status} options={options} />
        <div class="field">
          <button type="submit">Show</button>
        </div>
      </form>
      {rows.length === 0 ? (
        <p>
          {all === 0
            ? 'No notices have been received.'
            : total > 0
              ? `There is no page ${page}.`
              : 'No notices have this status.'}
        </p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption>
              {total === 1 ? '1 notice' : `${total} notices`}, newest first
              {totalPages > 1 ? `; page ${page} of ${totalPages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Work concerned</th>
                <th scope="col">Claimant</th>
                <th scope="col">Status</th>
                <th scope="col">Latest action</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr>
                  <td>
                    <When value={n.receivedAt} />
                  </td>
                  <td>
                    <a href={`/studio/takedowns/${n.id}`}>{short(n.workConcerned) || 'Notice'}</a>
                  </td>
                  <td>
                    {n.claimantName}
                    <br />
                    <span class="hint">{n.claimantEmail}</span>
                  </td>
                  <td>
                    <StatusBadge status={n.status} />
                  </td>
                  <td>
                    {n.lastAction ? (
                      <>
                        {actionLabel(n.lastAction)}
                        {n.lastActionAt ? (
                          <>
                            <br />
                            <span class="hint">
                              <When value={n.lastActionAt} format={studioDate} />
                            </span>
                          </>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
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
        label="Notice pages"
      />
    </>
  );
}

// ---------------------------------------------------------------- detail

export interface ActionFormValues {
  action: string;
  note: string;
  takenOn: string;
  newStatus: string;
}

export interface StatusFormValues {
  status: string;
  statusNote: string;
}

/** An address the claimant gave, as a link only when it is a web address. */
function Address({ url }: { url: string }) {
  let web = false;
  try {
    const parsed = new URL(url);
    web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    web = false;
  }
  return web ? (
    <a href={url} rel="noopener noreferrer nofollow">
      {url}
    </a>
  ) : (
    <span>{url}</span>
  );
}

function NoticeFields({ notice }: { notice: NoticeDetail }) {
  const yes = (value: boolean) => (value ? 'Yes, confirmed' : 'No');
  return (
    <dl class="notice-fields">
      <dt>Reference</dt>
      <dd>
        <code>{notice.id}</code>
      </dd>
      <dt>Received</dt>
      <dd>
        <When value={notice.receivedAt} />
      </dd>
      <dt>Status</dt>
      <dd>{TAKEDOWN_STATUS_LABELS[notice.status]}</dd>
      <dt>Sent in</dt>
      <dd>{notice.language === 'da' ? 'Danish' : 'English'}</dd>
      <dt>Work concerned</dt>
      <dd class="prewrap" lang={notice.language}>
        {notice.workConcerned}
      </dd>
      <dt>Infringing content</dt>
      <dd>
        <ul class="notice-fields__urls">
          {notice.infringingUrls.map((url) => (
            <li>
              <Address url={url} />
            </li>
          ))}
        </ul>
      </dd>
      <dt>Description</dt>
      <dd class="prewrap" lang={notice.language}>
        {notice.description || '—'}
      </dd>
      <dt>Claimant</dt>
      <dd>{notice.claimantName}</dd>
      <dt>E-mail</dt>
      <dd>
        <a href={`mailto:${notice.claimantEmail}`}>{notice.claimantEmail}</a>
      </dd>
      <dt>Postal address</dt>
      <dd class="prewrap">{notice.claimantAddress || '—'}</dd>
      <dt>Phone</dt>
      <dd>{notice.claimantPhone || '—'}</dd>
      <dt>Good-faith statement</dt>
      <dd>{yes(notice.statementGoodFaith)}</dd>
      <dt>Accuracy statement (under penalty of perjury)</dt>
      <dd>{yes(notice.statementAccuracy)}</dd>
      <dt>Signature</dt>
      <dd>{notice.signature}</dd>
      <dt>Last changed</dt>
      <dd>
        <When value={notice.updatedAt} />
      </dd>
    </dl>
  );
}

function Trail({ notice }: { notice: NoticeDetail }) {
  return (
    <section aria-labelledby="trail-heading">
      <h2 id="trail-heading">Actions taken</h2>
      <div class="table-scroll">
        <table class="data-table">
          <caption class="visually-hidden">Everything done with this notice, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Action</th>
              <th scope="col">Note</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {notice.actions.map((a) => (
              <tr>
                <td>
                  <When value={a.takenAt} format={studioDate} />
                </td>
                <td>{actionLabel(a.action)}</td>
                <td class="prewrap">{a.note || '—'}</td>
                <td>{a.actor ?? 'The public form'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ActionForm({
  req,
  notice,
  values,
  errors,
}: {
  req: FastifyRequest;
  notice: NoticeDetail;
  values: ActionFormValues;
  errors: FieldErrors;
}) {
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">Record an action</h2>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={`/studio/takedowns/${notice.id}/actions`} data-guard-changes>
        <CsrfField req={req} />
        <SelectField
          name="action"
          label="Action taken"
          value={values.action}
          empty="Choose…"
          options={TAKEDOWN_ACTIONS.map(([value, label]) => ({ value, label }))}
          error={errors.action}
          required
        />
        <TextArea
          name="note"
          label="Note"
          value={values.note}
          error={errors.note}
          hint="What was done or said, and why; kept with the notice."
          rows={4}
        />
        <TextField
          name="takenOn"
          label="Date taken"
          type="date"
          value={values.takenOn}
          error={errors.takenOn}
          hint="Today unless you are recording something done earlier."
          required
        />
        <SelectField
          name="newStatus"
          label="New status"
          value={values.newStatus}
          empty={`Keep “${TAKEDOWN_STATUS_LABELS[notice.status]}”`}
          options={TAKEDOWN_STATUSES.filter((s) => s !== notice.status).map((s) => ({
            value: s,
            label: TAKEDOWN_STATUS_LABELS[s],
          }))}
          error={errors.newStatus}
        />
        <p class="actions">
          <button type="submit">Record action</button>
        </p>
      </form>
    </section>
  );
}

function StatusForm({
  req,
  notice,
  values,
  errors,
}: {
  req: FastifyRequest;
  notice: NoticeDetail;
  values: StatusFormValues;
  errors: FieldErrors;
}) {
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">Change the status</h2>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={`/studio/takedowns/${notice.id}/status`}>
        <CsrfField req={req} />
        <SelectField
          name="status"
          label="Status"
          value={values.status || notice.status}
          options={TAKEDOWN_STATUSES.map((s) => ({ value: s, label: TAKEDOWN_STATUS_LABELS[s] }))}
          error={errors.status}
        />
        <TextField
          name="statusNote"
          label="Reason (optional)"
          value={values.statusNote}
          error={errors.statusNote}
        />
        <p class="actions">
          <button type="submit">Change status</button>
        </p>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------- rules

export function checkActionForm(
  values: ActionFormValues,
  notice: Pick<NoticeDetail, 'receivedAt' | 'status'>,
  today: string,
): FieldErrors {
  const errors: Record<string, string> = {};
  if (!TAKEDOWN_ACTIONS.some(([key]) => key === values.action)) errors.action = 'Choose the action taken';
  if (values.note.length > NOTE_MAX)
    errors.note = `Shorten the note to ${NOTE_MAX} characters or fewer (it has ${values.note.length})`;
  if (values.action === 'note' && !values.note) errors.note = 'Write the note';
  const received = dayOf(notice.receivedAt);
  if (!isDay(values.takenOn)) errors.takenOn = 'Enter the date as YYYY-MM-DD, for example 2025-03-31';
  else if (values.takenOn > today) errors.takenOn = 'The date cannot be in the future';
  else if (values.takenOn < received)
    errors.takenOn = `The date cannot be before the notice was received (${received})`;
  if (values.newStatus && !isTakedownStatus(values.newStatus))
    errors.newStatus = 'Choose a status from the list';
  return errors;
}

/** When an action dated `day` was taken: now for today; otherwise midday, and never before the notice arrived. */
export function takenAt(day: string, today: string, receivedAt: Date): Date {
  if (day === today) return new Date();
  const midday = new Date(`${day}T12:00:00Z`);
  return midday < receivedAt ? new Date(receivedAt.getTime() + 1000) : midday;
}

// ---------------------------------------------------------------- routes

type IdParams = { Params: { id: string } };

export const takedownPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = new TakedownService(deps.database.db);

  // The service's 403 (not the site owner) as a studio page.
  app.setErrorHandler(async (error, req, reply) => {
    if (error instanceof AppError && error.code === 'FORBIDDEN')
      return sendOwnerOnly(req, reply, deps, 'Takedown notices');
    throw error;
  });

  async function loadNotice(req: FastifyRequest, reply: FastifyReply, id: string) {
    const notice = await service.get(actorOf(req), id);
    if (notice) return notice;
    await sendStudioPage(req, reply, deps, {
      title: 'Notice not found',
      status: 404,
      breadcrumbs: [
        ['/studio/takedowns', 'Takedown notices'],
        [null, 'Not found'],
      ],
      body: (
        <p>
          There is no such notice. <a href="/studio/takedowns">See all notices</a>.
        </p>
      ),
    });
    return undefined;
  }

  function sendDetail(
    req: FastifyRequest,
    reply: FastifyReply,
    notice: NoticeDetail,
    state: {
      action?: ActionFormValues;
      actionErrors?: FieldErrors;
      status?: StatusFormValues;
      statusErrors?: FieldErrors;
    } = {},
  ) {
    const failed =
      Object.keys(state.actionErrors ?? {}).length + Object.keys(state.statusErrors ?? {}).length > 0;
    const notice_ = failed ? undefined : NOTICES[queryString(req.query, 'notice')];
    const title = `Notice of ${studioDate.format(notice.receivedAt)}`;
    return sendStudioPage(req, reply, deps, {
      title,
      status: failed ? 422 : 200,
      ...(notice_ ? { notice: notice_ } : {}),
      breadcrumbs: [
        ['/studio/takedowns', 'Takedown notices'],
        [null, title],
      ],
      body: (
        <>
          <NoticeFields notice={notice} />
          <Trail notice={notice} />
          <ActionForm
            req={req}
            notice={notice}
            values={state.action ?? { action: '', note: '', takenOn: dayOf(new Date()), newStatus: '' }}
            errors={state.actionErrors ?? {}}
          />
          <StatusForm
            req={req}
            notice={notice}
            values={state.status ?? { status: notice.status, statusNote: '' }}
            errors={state.statusErrors ?? {}}
          />
        </>
      ),
    });
  }

  app.get('/studio/takedowns', { schema: { hide: true } }, async (req, reply) => {
    const filter = parseStatusFilter(queryString(req.query, 'status'));
    const page = pageOf(req.query);
    const found = await service.list(
      actorOf(req),
      { statuses: filter.statuses },
      { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    );
    return sendStudioPage(req, reply, deps, {
      title: 'Takedown notices',
      body: (
        <NoticeList
          rows={found.rows}
          total={found.total}
          page={page}
          totalPages={Math.max(1, Math.ceil(found.total / PAGE_SIZE))}
          status={filter.key}
          counts={found.counts}
        />
      ),
    });
  });

  app.get<IdParams>('/studio/takedowns/:id', { schema: { hide: true } }, async (req, reply) => {
    const notice = await loadNotice(req, reply, req.params.id);
    if (!notice) return reply;
    return sendDetail(req, reply, notice);
  });

  app.post<IdParams>('/studio/takedowns/:id/actions', { schema: { hide: true } }, async (req, reply) => {
    const notice = await loadNotice(req, reply, req.params.id);
    if (!notice) return reply;
    const body = req.body as FormBody;
    const values: ActionFormValues = {
      action: formString(body, 'action'),
      note: formString(body, 'note').replace(/\r\n?/g, '\n'),
      takenOn: formString(body, 'takenOn'),
      newStatus: formString(body, 'newStatus'),
    };
    const today = dayOf(new Date());
    const errors = checkActionForm(values, notice, today);
    if (Object.keys(errors).length)
      return sendDetail(req, reply, notice, { action: values, actionErrors: errors });
    const status = values.newStatus && isTakedownStatus(values.newStatus) ? values.newStatus : undefined;
    const done = await service.recordAction(actorOf(req), notice.id, {
      action: values.action,
      note: values.note || null,
      takenAt: takenAt(values.takenOn, today, notice.receivedAt),
      status,
    });
    if (!done) return loadNotice(req, reply, '');
    const changed = status !== undefined && status !== notice.status;
    return reply.redirect(
      `/studio/takedowns/${notice.id}?notice=${changed ? 'recorded-status' : 'recorded'}#trail-heading`,
      303,
    );
  });

  app.post<IdParams>('/studio/takedowns/:id/status', { schema: { hide: true } }, async (req, reply) => {
    const notice = await loadNotice(req, reply, req.params.id);
    if (!notice) return reply;
    const body = req.body as FormBody;
    const values: StatusFormValues = {
      status: formString(body, 'status'),
      statusNote: formString(body, 'statusNote'),
    };
    const errors: Record<string, string> = {};
    if (!isTakedownStatus(values.status)) errors.status = 'Choose a status from the list';
    if (values.statusNote.length > 1000)
      errors.statusNote = `Shorten the reason to 1000 characters or fewer (it has ${values.statusNote.length})`;
    if (Object.keys(errors).length || !isTakedownStatus(values.status)) {
      return sendDetail(req, reply, notice, { status: values, statusErrors: errors });
    }
    const outcome = await service.setStatus(
      actorOf(req),
      notice.id,
      values.status,
      values.statusNote || null,
    );
    if (outcome === 'missing') return loadNotice(req, reply, '');
    return reply.redirect(
      `/studio/takedowns/${notice.id}?notice=${outcome === 'changed' ? 'status' : 'unchanged'}`,
      303,
    );
  });
};
