// The studio's sales (decision 022): the totals per year (count and sum per currency), the sales newest first with
// an undo button each, and the form that records a sale of one or more impressions to a contact (reachable from
// a print's edition ledger with the impression chosen). Saved through BusinessService — the ledger changes in the
// same transaction — after the API's schema check; what either refuses is shown at its field.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { SaleCreate, type SaleInput } from '../business/schemas.js';
import {
  CHANNELS,
  ImpressionChoices,
  SalesTable,
  money,
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
  formStrings,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { Compile } from 'typebox/compile';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  impressionIds: 'Impressions sold',
  contactId: 'Buyer',
  date: 'Date',
  'price.amount': 'Price',
  'price.currency': 'Currency',
  channel: 'Channel',
  invoiceNumber: 'Invoice number',
  notes: 'Notes',
};

const WORDS: Readonly<Record<string, string>> = {
  impressionIds: 'Choose at least one impression',
  contactId: 'Choose the buyer',
  date: 'Enter the date of the sale like 2025-03-02',
  'price.amount': 'Enter the price as a number, e.g. 4800 or 4800.50',
  'price.currency': 'Enter a three-letter currency code such as DKK or EUR',
  price: 'Enter the price and its currency',
  channel: 'Choose where it was sold',
  invoiceNumber: 'Enter at most 100 characters',
  notes: 'Enter at most 5,000 characters',
};

const checkSale = Compile(SaleCreate);

const NOTICES: Readonly<Record<string, string>> = {
  recorded: 'Sale recorded. The impressions are marked sold in the edition ledger.',
  undone: 'Sale undone. The impressions have the status and location they had before.',
};

interface FormValues {
  impressionIds: string[];
  contactId: string;
  date: string;
  amount: string;
  currency: string;
  channel: string;
  invoiceNumber: string;
  notes: string;
}

function typed(body: FormBody | undefined): FormValues {
  return {
    impressionIds: formStrings(body, 'impressionIds'),
    contactId: formString(body, 'contactId'),
    date: formString(body, 'date'),
    amount: formString(body, 'price.amount'),
    currency: formString(body, 'price.currency').toUpperCase(),
    channel: formString(body, 'channel'),
    invoiceNumber: formString(body, 'invoiceNumber'),
    notes: formString(body, 'notes'),
  };
}

/** "4800", "4800.50" or "4800,50" as a number; anything else stays text so the schema refuses it. */
export function amountOf(text: string): number | string {
  const normal = text.replace(/\s/g, '').replace(/,(\d{1,2})$/, '.$1');
  return /^\d+(\.\d{1,2})?$/.test(normal) ? Number(normal) : text;
}

function inputOf(v: FormValues): Record<string, unknown> {
  return {
    impressionIds: v.impressionIds,
    contactId: v.contactId,
    date: v.date,
    price: { amount: amountOf(v.amount), currency: v.currency },
    channel: v.channel,
    invoiceNumber: v.invoiceNumber || null,
    notes: v.notes || null,
  };
}

export type ContactChoice = { value: string; label: string };

export async function contactChoices(deps: StudioDeps, req: FastifyRequest): Promise<ContactChoice[]> {
  const contacts = await deps.business.allContacts(actorOf(req));
  return contacts.map((c) => ({
    value: c.id,
    label: c.organisation ? `${c.name} (${c.organisation})` : c.name,
  }));
}

export const salesPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
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
      title: 'Record a sale',
      status,
      breadcrumbs: [
        ['/studio/sales', 'Sales'],
        [null, 'Record a sale'],
      ],
      body: (
        <form method="post" action="/studio/sales" class="form" novalidate>
          <ErrorSummary errors={errors} labels={FIELD_LABELS} />
          <CsrfField req={req} />
          <p>
            Recording the sale marks each impression sold in its edition ledger, located with the buyer.
            Undoing the sale puts back what the ledger said before.
          </p>
          <ImpressionChoices
            choices={choices}
            checked={values.impressionIds}
            error={errors.impressionIds}
            legend="Impressions sold"
          />
          <SelectField
            name="contactId"
            label="Buyer"
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
          <TextField name="date" label="Date" type="date" value={values.date} error={errors.date} required />
          <TextField
            name="price.amount"
            label="Price of the whole sale"
            value={values.amount}
            error={errors['price.amount'] ?? errors.price}
            inputMode="decimal"
            required
          />
          <TextField
            name="price.currency"
            label="Currency"
            value={values.currency}
            error={errors['price.currency']}
            hint="A three-letter code: DKK, EUR, SEK …"
            required
          />
          <SelectField
            name="channel"
            label="Channel"
            value={values.channel}
            options={CHANNELS.map(([value, l]) => ({ value, label: l }))}
            error={errors.channel}
            required
          />
          <TextField
            name="invoiceNumber"
            label="Invoice number (optional)"
            value={values.invoiceNumber}
            error={errors.invoiceNumber}
          />
          <TextArea
            name="notes"
            label="Private notes (optional)"
            value={values.notes}
            error={errors.notes}
            rows={3}
          />
          <p>
            <button type="submit">Record sale</button> <a href="/studio/sales">Cancel</a>
          </p>
        </form>
      ),
    });
  }

  app.get('/studio/sales', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const [totals, list] = await Promise.all([
      service.totals(actor),
      service.listSales(actor, { limit: 100 }),
    ]);
    const notice = NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Sales',
      ...(notice ? { notice } : {}),
      body: (
        <>
          <p class="actions">
            <a class="button" href="/studio/sales/new">
              Record a sale
            </a>
            <a href="/api/v1/artist/sales/export.csv" download>
              Download all sales (CSV)
            </a>
            <a href="/studio/consignments">Consignments</a>
          </p>
          <h2>Totals per year</h2>
          {totals.years.length === 0 ? (
            <p>No sales recorded yet.</p>
          ) : (
            <div class="table-scroll">
              <table class="data-table">
                <caption>Sales per year, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col">Sales</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {totals.years.map((y) => (
                    <tr>
                      <th scope="row">{y.year}</th>
                      <td>{y.count}</td>
                      <td>{y.sums.map((s) => money(s.amount, s.currency)).join(' · ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>All sales</h2>
          {list.sales.length === 0 ? (
            <p>No sales yet. Record one here or from a print’s edition ledger.</p>
          ) : (
            <SalesTable
              req={req}
              sales={list.sales}
              caption={
                list.totalCount > list.sales.length
                  ? `The newest ${list.sales.length} of ${list.totalCount} sales (the CSV has them all)`
                  : 'Sales, newest first'
              }
            />
          )}
        </>
      ),
    });
  });

  app.get('/studio/sales/new', { schema: { hide: true } }, async (req, reply) => {
    const impression = queryString(req.query, 'impression');
    const contact = queryString(req.query, 'contact');
    return showForm(
      req,
      reply,
      {
        impressionIds: isUuid(impression) ? [impression] : [],
        contactId: isUuid(contact) ? contact : '',
        date: todayIso(),
        amount: '',
        currency: 'DKK',
        channel: 'studio',
        invoiceNumber: '',
        notes: '',
      },
      {},
    );
  });

  app.post('/studio/sales', { schema: { hide: true } }, async (req, reply) => {
    const values = typed(req.body as FormBody | undefined);
    const input = inputOf(values);
    const errors = schemaErrors(checkSale, input, WORDS);
    if (Object.keys(errors).length > 0) return showForm(req, reply, values, errors, 400);
    try {
      await service.recordSale(actorOf(req), input as SaleInput);
    } catch (error) {
      const refused = refusal(error, 'impressionIds');
      return showForm(req, reply, values, refused, error instanceof AppError ? error.status : 400);
    }
    return reply.redirect('/studio/sales?notice=recorded', 303);
  });

  app.post<{ Params: { id: string } }>(
    '/studio/sales/:id/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      try {
        await service.deleteSale(actorOf(req), req.params.id);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 409) throw error;
        return sendStudioPage(req, reply, deps, {
          title: 'The sale was not undone',
          status: 409,
          body: (
            <>
              <p role="alert">{error.message}</p>
              <p>
                <a href="/studio/sales">Back to the sales</a>
              </p>
            </>
          ),
        });
      }
      return reply.redirect('/studio/sales?notice=undone', 303);
    },
  );
};
