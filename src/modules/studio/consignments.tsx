// The studio's consignments (decision 022): those still out and those returned, the form that consigns impressions
// to a gallery or dealer (they stay available; the ledger locates them with the dealer), "mark returned" with the
// date (the ledger gets back what it said before) and delete. Saved through BusinessService after the API's schema
// check; what either refuses is shown at its field.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { ConsignmentCreate, type ConsignmentInput } from '../business/schemas.js';
import { ConsignmentsTable, ImpressionChoices, refusal, schemaErrors, todayIso } from './business-views.js';
import type { StudioDeps } from './context.js';
import {
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  formString,
  formStrings,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { amountOf, contactChoices } from './sales.js';
import { Compile } from 'typebox/compile';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  impressionIds: 'Impressions consigned',
  contactId: 'Gallery or dealer',
  dateOut: 'Date out',
  commissionPercent: 'Commission',
  'price.amount': 'Agreed price',
  'price.currency': 'Currency',
  notes: 'Notes',
};

const WORDS: Readonly<Record<string, string>> = {
  impressionIds: 'Choose at least one impression',
  contactId: 'Choose the gallery or dealer',
  dateOut: 'Enter the date it went out like 2025-03-02',
  commissionPercent: 'Enter the commission as a number from 0 to 100, or leave it empty',
  'price.amount': 'Enter the agreed price as a number, e.g. 4800, or leave it empty',
  'price.currency': 'Enter a three-letter currency code such as DKK or EUR',
  price: 'Enter the agreed price and its currency, or leave both empty',
  notes: 'Enter at most 5,000 characters',
};

const checkConsignment = Compile(ConsignmentCreate);

const NOTICES: Readonly<Record<string, string>> = {
  recorded: 'Consignment recorded. The edition ledger locates the impressions with the dealer.',
  returned: 'Return recorded. The impressions have the status and location they had before.',
  deleted: 'Consignment deleted.',
};

interface FormValues {
  impressionIds: string[];
  contactId: string;
  dateOut: string;
  commissionPercent: string;
  amount: string;
  currency: string;
  notes: string;
}

function typed(body: FormBody | undefined): FormValues {
  return {
    impressionIds: formStrings(body, 'impressionIds'),
    contactId: formString(body, 'contactId'),
    dateOut: formString(body, 'dateOut'),
    commissionPercent: formString(body, 'commissionPercent'),
    amount: formString(body, 'price.amount'),
    currency: formString(body, 'price.currency').toUpperCase(),
    notes: formString(body, 'notes'),
  };
}

function inputOf(v: FormValues): Record<string, unknown> {
  const percent = v.commissionPercent.replace(',', '.');
  return {
    impressionIds: v.impressionIds,
    contactId: v.contactId,
    dateOut: v.dateOut,
    commissionPercent:
      v.commissionPercent === '' ? null : /^\d+(\.\d+)?$/.test(percent) ? Number(percent) : percent,
    price: v.amount === '' ? null : { amount: amountOf(v.amount), currency: v.currency },
    notes: v.notes || null,
  };
}

export const consignmentsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = deps.business;

  async function showForm(
    req: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const [contacts, choices] = await Promise.all([
      contactChoices(deps, req),
      service.saleableImpressions(actorOf(req)),
    ]);
    return sendStudioPage(req, reply, deps, {
      title: 'Consign impressions',
      status,
      breadcrumbs: [
        ['/studio/consignments', 'Consignments'],
        [null, 'Consign impressions'],
      ],
      body: (
        <form method="post" action="/studio/consignments" class="form" novalidate>
          <ErrorSummary errors={errors} labels={FIELD_LABELS} />
          <CsrfField req={req} />
          <p>
            Consigned impressions stay available for sale; the edition ledger locates them with the dealer
            until you record their return. Only available impressions can be consigned.
          </p>
          <ImpressionChoices
            choices={choices.filter((c) => c.status === 'available')}
            checked={values.impressionIds}
            error={errors.impressionIds}
            legend="Impressions consigned"
          />
          <SelectField
            name="contactId"
            label="Gallery or dealer"
            value={values.contactId}
            options={contacts}
            empty="Choose a contact"
            error={errors.contactId}
            required
            hint={
              <>
                Not in the list? <a href="/studio/contacts/new">Record the contact</a> first.
              </>
            }
          />
          <TextField
            name="dateOut"
            label="Date out"
            type="date"
            value={values.dateOut}
            error={errors.dateOut}
            required
          />
          <TextField
            name="commissionPercent"
            label="Commission, % (optional)"
            value={values.commissionPercent}
            error={errors.commissionPercent}
            inputMode="decimal"
          />
          <TextField
            name="price.amount"
            label="Agreed price (optional)"
            value={values.amount}
            error={errors['price.amount'] ?? errors.price}
            inputMode="decimal"
          />
          <TextField
            name="price.currency"
            label="Currency"
            value={values.currency}
            error={errors['price.currency']}
            hint="A three-letter code: DKK, EUR, SEK …"
          />
          <TextArea
            name="notes"
            label="Private notes (optional)"
            value={values.notes}
            error={errors.notes}
            rows={3}
          />
          <p>
            <button type="submit">Record consignment</button> <a href="/studio/consignments">Cancel</a>
          </p>
        </form>
      ),
    });
  }

  /** The lists; with the refusal of a return or delete said at the top (the row's form has no room for it). */
  async function showList(req: FastifyRequest, reply: FastifyReply, problem?: string, status = 200) {
    const actor = actorOf(req);
    const [out, returned] = await Promise.all([
      service.listConsignments(actor, { state: 'out', limit: 100 }),
      service.listConsignments(actor, { state: 'returned', limit: 100 }),
    ]);
    const notice = problem ? undefined : NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Consignments',
      status,
      ...(notice ? { notice } : {}),
      body: (
        <>
          {problem ? (
            <p class="error-summary" role="alert">
              {problem}
            </p>
          ) : null}
          <p class="actions">
            <a class="button" href="/studio/consignments/new">
              Consign impressions
            </a>
            <a href="/studio/sales">Sales</a>
          </p>
          <h2>Out</h2>
          {out.consignments.length === 0 ? (
            <p>Nothing is out on consignment.</p>
          ) : (
            <ConsignmentsTable
              req={req}
              consignments={out.consignments}
              caption="Out on consignment"
              today={todayIso()}
            />
          )}
          <h2>Returned</h2>
          {returned.consignments.length === 0 ? (
            <p>No consignment has been returned yet.</p>
          ) : (
            <ConsignmentsTable
              req={req}
              consignments={returned.consignments}
              caption="Returned consignments, newest first"
              today={todayIso()}
            />
          )}
        </>
      ),
    });
  }

  app.get('/studio/consignments', { schema: { hide: true } }, async (req, reply) => showList(req, reply));

  app.get('/studio/consignments/new', { schema: { hide: true } }, async (req, reply) => {
    const impression = queryString(req.query, 'impression');
    const contact = queryString(req.query, 'contact');
    return showForm(
      req,
      reply,
      {
        impressionIds: isUuid(impression) ? [impression] : [],
        contactId: isUuid(contact) ? contact : '',
        dateOut: todayIso(),
        commissionPercent: '',
        amount: '',
        currency: 'DKK',
        notes: '',
      },
      {},
    );
  });

  app.post('/studio/consignments', { schema: { hide: true } }, async (req, reply) => {
    const values = typed(req.body as FormBody | undefined);
    const input = inputOf(values);
    const errors = schemaErrors(checkConsignment, input, WORDS);
    if (Object.keys(errors).length > 0) return showForm(req, reply, values, errors, 400);
    try {
      await service.recordConsignment(actorOf(req), input as ConsignmentInput);
    } catch (error) {
      const refused = refusal(error, 'impressionIds');
      return showForm(req, reply, values, refused, error instanceof AppError ? error.status : 400);
    }
    return reply.redirect('/studio/consignments?notice=recorded', 303);
  });

  const refused = (req: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
    return showList(req, reply, error.message.replace(/^body\.\w+: /, ''), error.status);
  };

  app.post<{ Params: { id: string } }>(
    '/studio/consignments/:id/return',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      const date = formString(req.body as FormBody | undefined, 'dateReturned');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        return showList(req, reply, 'Enter the date it came back like 2025-03-02', 400);
      try {
        await service.returnConsignment(actorOf(req), req.params.id, date);
      } catch (error) {
        return refused(req, reply, error);
      }
      return reply.redirect('/studio/consignments?notice=returned', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/consignments/:id/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      try {
        await service.deleteConsignment(actorOf(req), req.params.id);
      } catch (error) {
        return refused(req, reply, error);
      }
      return reply.redirect('/studio/consignments?notice=deleted', 303);
    },
  );
};
