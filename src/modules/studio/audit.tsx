// The studio's audit log: the signed-in artist's sign-ins, sign-outs and changes, newest first, filtered by action
// (one action or a family such as every `gallery.` event), date range (Copenhagen days) and entity, paginated,
// with each event's details readable. Reads through the audit repository, like GET /api/v1/artist/audit-events
// (same scope, order and filters).
import type { ComponentChildren } from 'preact';
import type { FastifyPluginAsync } from 'fastify';
import { requireArtist } from '../../platform/auth-context.js';
import { isDay } from '../../platform/days.js';
import { auditVocabulary, findAuditEvents, type AuditEventView } from '../audit/repository.js';
import type { StudioDeps } from './context.js';
import { ErrorSummary, fieldId, queryString, TextField, type FieldErrors } from './forms.js';
import { sendStudioPage } from './layout.js';
import { actionText } from './dashboard.js';

export const AUDIT_PAGE_SIZE = 50;
const ZONE = 'Europe/Copenhagen';
/** An exact action ("print.updated") or a family ("print.*"). */
const ACTION = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\.\*)?$/;

// ---------------------------------------------------------------- shared by the studio's admin pages

/** A page number from the query (1 when absent or nonsense). */
export function pageOf(query: unknown): number {
  const requested = Number(queryString(query, 'page'));
  return Number.isInteger(requested) && requested >= 1 && requested <= 1_000_000 ? requested : 1;
}

export const studioDateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: ZONE,
});
export const studioDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: ZONE });
// The day helpers moved to the audit module (its repository filters by day); the studio pages import them from here.
export { dayOf, isDay, nextDay, startOfDay } from '../../platform/days.js';

export function When({ value, format = studioDateTime }: { value: Date; format?: Intl.DateTimeFormat }) {
  return <time dateTime={value.toISOString()}>{format.format(value)}</time>;
}

export function Pagination({
  page,
  totalPages,
  href,
  label,
}: {
  page: number;
  totalPages: number;
  href: (page: number) => string;
  label: string;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav class="pagination" aria-label={label}>
      {page > 1 ? <a href={href(page - 1)}>Previous page</a> : null}
      <span>
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? <a href={href(page + 1)}>Next page</a> : null}
    </nav>
  );
}

// ---------------------------------------------------------------- query

export interface AuditFilter {
  /** An exact action, or a family ending in ".*". */
  action: string;
  from: string;
  to: string;
  entityType: string;
  entityId: string;
}

const EMPTY_FILTER: AuditFilter = { action: '', from: '', to: '', entityType: '', entityId: '' };

/** Reads and checks the filter form; errors name the field they belong to. */
export function parseAuditFilter(query: unknown): { filter: AuditFilter; errors: FieldErrors } {
  const filter: AuditFilter = {
    action: queryString(query, 'action').slice(0, 200),
    from: queryString(query, 'from').slice(0, 40),
    to: queryString(query, 'to').slice(0, 40),
    entityType: queryString(query, 'entity').slice(0, 200),
    entityId: queryString(query, 'entityId').slice(0, 200),
  };
  const errors: Record<string, string> = {};
  if (filter.action && (filter.action.length > 100 || !ACTION.test(filter.action)))
    errors.action = 'Choose an action from the list';
  if (filter.entityType && (filter.entityType.length > 100 || !/^[a-z0-9_]+$/.test(filter.entityType)))
    errors.entity = 'Choose a kind of entity from the list';
  if (filter.entityId.length > 100) errors.entityId = 'An entity id has at most 100 characters';
  if (filter.from && !isDay(filter.from))
    errors.from = 'Enter the date as YYYY-MM-DD, for example 2025-03-31';
  if (filter.to && !isDay(filter.to)) errors.to = 'Enter the date as YYYY-MM-DD, for example 2025-03-31';
  if (!errors.from && !errors.to && filter.from && filter.to && filter.from > filter.to)
    errors.to = 'The end date must be on or after the start date';
  return { filter, errors };
}

// ---------------------------------------------------------------- page

/** Where an event's entity lives in the studio, when it has a page there (and still exists, as far as we know). */
function entityHref(event: AuditEventView): string | undefined {
  if (!event.entityId || event.action.endsWith('.deleted')) return undefined;
  const id = encodeURIComponent(event.entityId);
  switch (event.entityType) {
    case 'print':
      return `/studio/prints/${id}`;
    case 'gallery':
      return `/studio/galleries/${id}`;
    case 'takedown_notice':
      return `/studio/takedowns/${id}`;
    case 'backup':
      return `/studio/backups/${id}`;
    case 'settings':
      return '/studio/settings';
    case 'contact':
      return `/studio/contacts/${id}`;
    default:
      return undefined;
  }
}

function filterHref(filter: AuditFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.action) params.set('action', filter.action);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.entityType) params.set('entity', filter.entityType);
  if (filter.entityId) params.set('entityId', filter.entityId);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/studio/audit?${qs}` : '/studio/audit';
}

/** Families offered in the filter: every prefix before the first dot of the known actions. */
function families(actions: readonly string[]): string[] {
  return [...new Set(actions.filter((a) => a.includes('.')).map((a) => `${a.split('.')[0]}.*`))].sort();
}

function FilterSelect({
  name,
  label,
  error,
  children,
}: {
  name: string;
  label: string;
  error: string | undefined;
  children: ComponentChildren;
}) {
  const id = fieldId(name);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
    </div>
  );
}

function Filters({
  filter,
  errors,
  actions,
  entityTypes,
}: {
  filter: AuditFilter;
  errors: FieldErrors;
  actions: readonly string[];
  entityTypes: readonly string[];
}) {
  // A filter value no longer in the log (or typed into the URL) stays selectable, so the form shows what applies.
  const actionChoices =
    filter.action && !actions.includes(filter.action) ? [...actions, filter.action] : actions;
  const groups = families(actionChoices);
  const singles = actionChoices.filter((a) => !a.endsWith('.*'));
  const kinds =
    filter.entityType && !entityTypes.includes(filter.entityType)
      ? [...entityTypes, filter.entityType]
      : entityTypes;
  return (
    <form method="get" action="/studio/audit" class="filters" aria-label="Filter the audit log">
      <FilterSelect name="action" label="Action" error={errors.action}>
        <option value="">All actions</option>
        {groups.length ? (
          <optgroup label="Families">
            {groups.map((g) => (
              <option value={g} selected={g === filter.action}>
                {`Every ${g.slice(0, -2)} event (${g})`}
              </option>
            ))}
          </optgroup>
        ) : null}
        {singles.length ? (
          <optgroup label="Single actions">
            {singles.map((a) => (
              <option value={a} selected={a === filter.action}>
                {`${actionText(a)} (${a})`}
              </option>
            ))}
          </optgroup>
        ) : null}
      </FilterSelect>
      <TextField name="from" label="From (date)" type="date" value={filter.from} error={errors.from} />
      <TextField name="to" label="To (date, inclusive)" type="date" value={filter.to} error={errors.to} />
      <FilterSelect name="entity" label="Concerning" error={errors.entity}>
        <option value="">Anything</option>
        {kinds.map((k) => (
          <option value={k} selected={k === filter.entityType}>
            {actionText(k)}
          </option>
        ))}
      </FilterSelect>
      <TextField
        name="entityId"
        label="Entity id (optional)"
        value={filter.entityId}
        error={errors.entityId}
        hint="The id of one print, gallery, notice or backup."
      />
      <div class="field">
        <button type="submit">Filter</button>{' '}
        <a href="/studio/audit" class="button--quiet">
          Clear filters
        </a>
      </div>
    </form>
  );
}

function EventDetails({ event }: { event: AuditEventView }) {
  const hasDetails = Object.keys(event.details).length > 0;
  return (
    <details class="audit-details">
      <summary>
        Details<span class="visually-hidden"> of event {event.id}</span>
      </summary>
      <dl>
        <dt>Event</dt>
        <dd>
          <code>{event.action}</code> #{event.id}
        </dd>
        {event.entityType ? (
          <>
            <dt>Entity</dt>
            <dd>
              {event.entityType}
              {event.entityId ? (
                <>
                  {' '}
                  <code>{event.entityId}</code>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>From address</dt>
        <dd>{event.ip ?? '—'}</dd>
        <dt>Browser</dt>
        <dd>{event.userAgent ?? '—'}</dd>
        <dt>Request id</dt>
        <dd>{event.requestId ? <code>{event.requestId}</code> : '—'}</dd>
      </dl>
      {hasDetails ? <pre class="audit-details__json">{JSON.stringify(event.details, null, 2)}</pre> : null}
    </details>
  );
}

function EventTable({
  events,
  total,
  page,
  totalPages,
  filtered,
}: {
  events: readonly AuditEventView[];
  total: number;
  page: number;
  totalPages: number;
  filtered: boolean;
}) {
  if (events.length === 0) {
    return (
      <p>
        {total > 0
          ? `There is no page ${page}; the log has ${totalPages} ${totalPages === 1 ? 'page' : 'pages'} for this filter.`
          : filtered
            ? 'No events match this filter.'
            : 'Nothing recorded yet.'}
      </p>
    );
  }
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>
          {total === 1 ? '1 event' : `${total} events`}
          {filtered ? ' matching the filter' : ''}, newest first
          {totalPages > 1 ? `; page ${page} of ${totalPages}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Concerning</th>
            <th scope="col">Who</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const href = entityHref(e);
            const concerning = e.entityType ? actionText(e.entityType) : '—';
            return (
              <tr>
                <td>
                  <When value={e.occurredAt} />
                </td>
                <td>
                  {actionText(e.action)}
                  <br />
                  <code class="hint">{e.action}</code>
                </td>
                <td>{href ? <a href={href}>{concerning}</a> : concerning}</td>
                <td>{e.actor ?? '—'}</td>
                <td>
                  <EventDetails event={e} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export const auditPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  app.get('/studio/audit', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    const db = deps.database.db;
    const { filter, errors } = parseAuditFilter(req.query);
    const hasErrors = Object.keys(errors).length > 0;
    const applied = hasErrors ? EMPTY_FILTER : filter;
    const page = hasErrors ? 1 : pageOf(req.query);
    const [vocabulary, found] = await Promise.all([
      auditVocabulary(db, artist.id),
      findAuditEvents(db, artist.id, applied, {
        offset: (page - 1) * AUDIT_PAGE_SIZE,
        limit: AUDIT_PAGE_SIZE,
      }),
    ]);
    const totalPages = Math.max(1, Math.ceil(found.total / AUDIT_PAGE_SIZE));
    const filtered = Object.values(applied).some((v) => v !== '');
    return sendStudioPage(req, reply, deps, {
      title: 'Audit log',
      status: hasErrors ? 422 : 200,
      body: (
        <>
          <p>
            Every sign-in, sign-out and change made in the studio or through the API, with where it came from.
            Failed sign-ins are listed when they could be matched to your account.
          </p>
          <ErrorSummary
            errors={errors}
            labels={{
              action: 'Action',
              from: 'From',
              to: 'To',
              entity: 'Concerning',
              entityId: 'Entity id',
            }}
          />
          <Filters
            filter={filter}
            errors={errors}
            actions={vocabulary.actions}
            entityTypes={vocabulary.entityTypes}
          />
          {hasErrors ? <p>Showing every event until the filter is corrected.</p> : null}
          <EventTable
            events={found.events}
            total={found.total}
            page={page}
            totalPages={totalPages}
            filtered={filtered}
          />
          <Pagination
            page={page}
            totalPages={totalPages}
            href={(p) => filterHref(applied, p)}
            label="Audit log pages"
          />
        </>
      ),
    });
  });
};
