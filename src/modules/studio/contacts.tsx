// The studio's contacts (decision 022): collectors, galleries and dealers, institutions — a list searchable by name,
// organisation or e-mail, a form to record or edit one, and each contact's page with what they bought and what is
// on consignment with them. Saved through BusinessService, the same calls (and audit events) as the artist API,
// after the same schema check; what the schema or the service refuses is shown at its field.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import { AppError, unlessNotFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { ContactCreate, type ContactInput } from '../business/schemas.js';
import type { ContactView } from '../business/service.js';
import {
  CONTACT_KINDS,
  ConsignmentsTable,
  SalesTable,
  label,
  refusal,
  schemaErrors,
  todayIso,
} from './business-views.js';
import type { StudioDeps } from './context.js';
import {
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  formString,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { Compile } from 'typebox/compile';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  kind: 'Kind',
  name: 'Name',
  organisation: 'Organisation',
  email: 'E-mail',
  phone: 'Phone',
  address: 'Address',
  notes: 'Notes',
};

const WORDS: Readonly<Record<string, string>> = {
  kind: 'Choose the kind of contact',
  name: 'Enter the name (up to 200 characters)',
  organisation: 'Enter at most 200 characters',
  email: 'Enter an e-mail address like name@example.com, or leave it empty',
  phone: 'Enter at most 50 characters',
  address: 'Enter at most 1,000 characters',
  notes: 'Enter at most 5,000 characters',
};

const checkContact = Compile(ContactCreate);

const NOTICES: Readonly<Record<string, string>> = {
  created: 'Contact recorded.',
  saved: 'Contact saved.',
  deleted: 'Contact deleted.',
};

const FIELDS = ['kind', 'name', 'organisation', 'email', 'phone', 'address', 'notes'] as const;
type FormValues = Record<(typeof FIELDS)[number], string>;

const EMPTY: FormValues = {
  kind: 'collector',
  name: '',
  organisation: '',
  email: '',
  phone: '',
  address: '',
  notes: '',
};

const stored = (c: ContactView): FormValues => ({
  kind: c.kind,
  name: c.name,
  organisation: c.organisation ?? '',
  email: c.email ?? '',
  phone: c.phone ?? '',
  address: c.address ?? '',
  notes: c.notes ?? '',
});

function typed(body: FormBody | undefined): FormValues {
  const v = { ...EMPTY };
  for (const f of FIELDS) v[f] = formString(body, f);
  return v;
}

function inputOf(v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: v.kind, name: v.name };
  for (const f of ['organisation', 'email', 'phone', 'address', 'notes'] as const)
    out[f] = v[f] === '' ? null : v[f];
  return out;
}

function ContactForm({
  req,
  action,
  values,
  errors,
  submit,
}: {
  req: FastifyRequest;
  action: string;
  values: FormValues;
  errors: FieldErrors;
  submit: string;
}) {
  return (
    <form method="post" action={action} class="form" novalidate>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <CsrfField req={req} />
      <SelectField
        name="kind"
        label="Kind"
        value={values.kind}
        options={CONTACT_KINDS.map(([value, l]) => ({ value, label: l }))}
        error={errors.kind}
        required
      />
      <TextField
        name="name"
        label="Name"
        value={values.name}
        error={errors.name}
        required
        autocomplete="off"
      />
      <TextField
        name="organisation"
        label="Organisation (optional)"
        value={values.organisation}
        error={errors.organisation}
        hint="The gallery, company or institution. Consigned impressions are located there in the ledger."
      />
      <TextField
        name="email"
        label="E-mail (optional)"
        type="email"
        value={values.email}
        error={errors.email}
      />
      <TextField name="phone" label="Phone (optional)" value={values.phone} error={errors.phone} />
      <TextArea
        name="address"
        label="Address (optional)"
        value={values.address}
        error={errors.address}
        rows={3}
      />
      <TextArea
        name="notes"
        label="Private notes (optional)"
        value={values.notes}
        error={errors.notes}
        rows={3}
      />
      <p>
        <button type="submit">{submit}</button> <a href="/studio/contacts">Cancel</a>
      </p>
    </form>
  );
}

export const contactsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = deps.business;

  async function showForm(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { id?: string; values: FormValues; errors: FieldErrors; status?: number },
  ) {
    const editing = opts.id !== undefined;
    return sendStudioPage(req, reply, deps, {
      title: editing ? `Edit contact: ${opts.values.name || 'unnamed'}` : 'New contact',
      status: opts.status ?? 200,
      breadcrumbs: [
        ['/studio/contacts', 'Contacts'],
        ...(editing ? [[`/studio/contacts/${opts.id}`, opts.values.name || 'Contact'] as const] : []),
        [null, editing ? 'Edit' : 'New contact'],
      ],
      body: (
        <>
          <ContactForm
            req={req}
            action={editing ? `/studio/contacts/${opts.id}` : '/studio/contacts'}
            values={opts.values}
            errors={opts.errors}
            submit={editing ? 'Save contact' : 'Record contact'}
          />
          {editing ? (
            <form
              method="post"
              action={`/studio/contacts/${opts.id}/delete`}
              class="form"
              data-confirm="Delete this contact? Their sales stay in your books without the name."
            >
              <CsrfField req={req} />
              <p>
                <button type="submit" class="button--danger">
                  Delete this contact
                </button>
              </p>
            </form>
          ) : null}
        </>
      ),
    });
  }

  async function save(req: FastifyRequest, reply: FastifyReply, id: string | undefined) {
    const values = typed(req.body as FormBody | undefined);
    const input = inputOf(values);
    const errors = schemaErrors(checkContact, input, WORDS);
    if (Object.keys(errors).length > 0) return showForm(req, reply, { id, values, errors, status: 400 });
    let savedId = id;
    try {
      if (id) await service.updateContact(actorOf(req), id, input as ContactInput);
      else
        savedId = (
          await service.createContact(actorOf(req), input as Parameters<typeof service.createContact>[1])
        ).id;
    } catch (error) {
      return showForm(req, reply, { id, values, errors: refusal(error, 'name'), status: 400 });
    }
    return reply.redirect(`/studio/contacts/${savedId}?notice=${id ? 'saved' : 'created'}`, 303);
  }

  app.get('/studio/contacts', { schema: { hide: true } }, async (req, reply) => {
    const q = queryString(req.query, 'q').slice(0, 200);
    const kind = queryString(req.query, 'kind');
    const validKind = CONTACT_KINDS.some(([k]) => k === kind) ? (kind as ContactInput['kind']) : undefined;
    const list = await service.listContacts(actorOf(req), { q, kind: validKind, limit: 100 });
    const notice = NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Contacts',
      ...(notice ? { notice } : {}),
      body: (
        <>
          <p>
            Collectors, galleries and dealers, and institutions: the buyers of your sales and the dealers of
            your consignments. They are your own business records, kept until you delete them.
          </p>
          <p class="actions">
            <a class="button" href="/studio/contacts/new">
              New contact
            </a>
            <a href="/api/v1/artist/contacts/export.csv" download>
              Download all contacts (CSV)
            </a>
          </p>
          <form method="get" action="/studio/contacts" class="business-search" role="search">
            <TextField
              name="q"
              label="Search by name, organisation or e-mail"
              type="search"
              value={q}
              error={undefined}
            />
            <SelectField
              name="kind"
              label="Kind"
              value={validKind ?? ''}
              options={CONTACT_KINDS.map(([value, l]) => ({ value, label: l }))}
              empty="All kinds"
              error={undefined}
            />
            <button type="submit">Search</button>
          </form>
          {list.contacts.length === 0 ? (
            <p>{q || validKind ? 'No contact matches.' : 'No contacts recorded yet.'}</p>
          ) : (
            <div class="table-scroll">
              <table class="data-table">
                <caption>
                  {list.totalCount === 1 ? '1 contact' : `${list.totalCount} contacts`}
                  {list.totalCount > list.contacts.length ? ` (the first ${list.contacts.length} shown)` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Organisation</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Phone</th>
                  </tr>
                </thead>
                <tbody>
                  {list.contacts.map((c) => (
                    <tr>
                      <th scope="row">
                        <a href={`/studio/contacts/${c.id}`}>{c.name}</a>
                      </th>
                      <td>{label(CONTACT_KINDS, c.kind)}</td>
                      <td>{c.organisation ?? ''}</td>
                      <td>{c.email ?? ''}</td>
                      <td>{c.phone ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });

  app.get('/studio/contacts/new', { schema: { hide: true } }, async (req, reply) =>
    showForm(req, reply, { values: EMPTY, errors: {} }),
  );

  app.post('/studio/contacts', { schema: { hide: true } }, async (req, reply) => save(req, reply, undefined));

  app.get<{ Params: { id: string } }>(
    '/studio/contacts/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      const history = await unlessNotFound(service.history(actorOf(req), req.params.id));
      if (!history) return reply.callNotFound();
      const c = history.contact;
      const notice = NOTICES[queryString(req.query, 'notice')];
      return sendStudioPage(req, reply, deps, {
        title: c.name,
        ...(notice ? { notice } : {}),
        breadcrumbs: [
          ['/studio/contacts', 'Contacts'],
          [null, c.name],
        ],
        body: (
          <>
            <dl class="facts">
              <dt>Kind</dt>
              <dd>{label(CONTACT_KINDS, c.kind)}</dd>
              {c.organisation ? (
                <>
                  <dt>Organisation</dt>
                  <dd>{c.organisation}</dd>
                </>
              ) : null}
              {c.email ? (
                <>
                  <dt>E-mail</dt>
                  <dd>
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </dd>
                </>
              ) : null}
              {c.phone ? (
                <>
                  <dt>Phone</dt>
                  <dd>{c.phone}</dd>
                </>
              ) : null}
              {c.address ? (
                <>
                  <dt>Address</dt>
                  <dd class="prewrap">{c.address}</dd>
                </>
              ) : null}
              {c.notes ? (
                <>
                  <dt>Private notes</dt>
                  <dd class="prewrap">{c.notes}</dd>
                </>
              ) : null}
            </dl>
            <p class="actions">
              <a class="button" href={`/studio/contacts/${c.id}/edit`}>
                Edit contact
              </a>
              <a href={`/studio/sales/new?contact=${c.id}`}>Record a sale to {c.name}</a>
              <a href={`/studio/consignments/new?contact=${c.id}`}>Consign impressions to {c.name}</a>
            </p>
            <h2>Bought</h2>
            {history.sales.length === 0 ? (
              <p>No sales to this contact.</p>
            ) : (
              <SalesTable
                req={req}
                sales={history.sales}
                caption={`Sales to ${c.name}, newest first`}
                showBuyer={false}
              />
            )}
            <h2>Consignments</h2>
            {history.consignments.length === 0 ? (
              <p>Nothing consigned to this contact.</p>
            ) : (
              <ConsignmentsTable
                req={req}
                consignments={history.consignments}
                caption={`Consigned to ${c.name}, those still out first`}
                showDealer={false}
                today={todayIso()}
              />
            )}
          </>
        ),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/studio/contacts/:id/edit',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      const contact = await unlessNotFound(service.getContact(actorOf(req), req.params.id));
      if (!contact) return reply.callNotFound();
      return showForm(req, reply, { id: contact.id, values: stored(contact), errors: {} });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/contacts/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      return save(req, reply, req.params.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/contacts/:id/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      try {
        await service.deleteContact(actorOf(req), req.params.id);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 409) throw error;
        const contact = await service.getContact(actorOf(req), req.params.id);
        return showForm(req, reply, {
          id: contact.id,
          values: stored(contact),
          errors: { name: error.message },
          status: 409,
        });
      }
      return reply.redirect('/studio/contacts?notice=deleted', 303);
    },
  );
};
