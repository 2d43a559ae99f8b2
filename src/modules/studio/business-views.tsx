// What the studio's business pages share (decision 022): the words for contact kinds and sale channels, money,
// the tables of sales and consignments (the lists, a contact's history), the impressions to choose in a form, and
// what a refusal of the service says at the field it names.
import type { FastifyRequest } from 'fastify';
import type { Validator } from 'typebox/compile';
import { AppError } from '../../platform/errors.js';
import type { BusinessService, ConsignmentView, SaleView } from '../business/service.js';
import type { FieldErrors } from './forms.js';
import { fieldId } from './forms.js';
import { CsrfField } from './layout.js';
import { dayOf } from '../../platform/days.js';

export const CONTACT_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['collector', 'Collector'],
  ['dealer', 'Gallery or dealer'],
  ['institution', 'Institution'],
];

export const CHANNELS: ReadonlyArray<readonly [string, string]> = [
  ['studio', 'Studio'],
  ['gallery', 'Gallery'],
  ['fair', 'Art fair'],
  ['online', 'Online'],
  ['commission', 'Commission'],
];

export const label = (pairs: ReadonlyArray<readonly [string, string]>, key: string) =>
  pairs.find(([k]) => k === key)?.[1] ?? key;

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
  } catch {
    return `${currency} ${amount.toFixed(2)}`;
  }
}

type ContactRef = SaleView['buyer'];

export function ContactName({ contact }: { contact: ContactRef }) {
  if (!contact) return <em>Deleted contact</em>;
  return (
    <a href={`/studio/contacts/${contact.id}`}>
      {contact.name}
      {contact.organisation ? ` (${contact.organisation})` : ''}
    </a>
  );
}

type Line = SaleView['impressions'][number];
const lineText = (l: Line) => `${l.printTitle.en || l.printTitle.da || 'Untitled'} ${l.marking}`;

export function Lines({ lines }: { lines: readonly Line[] }) {
  return (
    <ul class="plain-list">
      {lines.map((l) => (
        <li>
          <a href={`/studio/prints/${l.printId}#impression-${l.impressionId}`}>{lineText(l)}</a>
        </li>
      ))}
    </ul>
  );
}

/** The sales, newest first, each with an undo button. */
export function SalesTable({
  req,
  sales,
  caption,
  showBuyer = true,
}: {
  req: FastifyRequest;
  sales: readonly SaleView[];
  caption: string;
  showBuyer?: boolean;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Impressions</th>
            {showBuyer ? <th scope="col">Buyer</th> : null}
            <th scope="col">Price</th>
            <th scope="col">Channel</th>
            <th scope="col">Invoice</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sales.map((s) => (
            <tr id={`sale-${s.id}`}>
              <th scope="row">{s.date}</th>
              <td>
                <Lines lines={s.impressions} />
              </td>
              {showBuyer ? (
                <td>
                  <ContactName contact={s.buyer} />
                </td>
              ) : null}
              <td>{money(s.price.amount, s.price.currency)}</td>
              <td>{label(CHANNELS, s.channel)}</td>
              <td>{s.invoiceNumber ?? ''}</td>
              <td>
                <form
                  method="post"
                  action={`/studio/sales/${s.id}/delete`}
                  data-confirm={`Undo the sale of ${s.date}? The impressions get back the status and location they had before.`}
                >
                  <CsrfField req={req} />
                  <button type="submit" class="button--small button--danger">
                    Undo sale<span class="visually-hidden"> of {s.date}</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The consignments, those still out first, with "mark returned" (a date) and delete. */
export function ConsignmentsTable({
  req,
  consignments,
  caption,
  showDealer = true,
  today,
}: {
  req: FastifyRequest;
  consignments: readonly ConsignmentView[];
  caption: string;
  showDealer?: boolean;
  today: string;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Out</th>
            <th scope="col">Impressions</th>
            {showDealer ? <th scope="col">Gallery or dealer</th> : null}
            <th scope="col">Commission</th>
            <th scope="col">Agreed price</th>
            <th scope="col">Returned</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {consignments.map((c) => {
            const dateId = `return-${c.id}`;
            return (
              <tr id={`consignment-${c.id}`}>
                <th scope="row">{c.dateOut}</th>
                <td>
                  <ul class="plain-list">
                    {c.impressions.map((l) => (
                      <li>
                        <a href={`/studio/prints/${l.printId}#impression-${l.impressionId}`}>{lineText(l)}</a>
                        {l.saleId ? ' (sold)' : l.open ? '' : ' (returned)'}
                      </li>
                    ))}
                  </ul>
                </td>
                {showDealer ? (
                  <td>
                    <ContactName contact={c.dealer} />
                  </td>
                ) : null}
                <td>{c.commissionPercent === null ? '' : `${c.commissionPercent} %`}</td>
                <td>{c.price ? money(c.price.amount, c.price.currency) : ''}</td>
                <td>{c.dateReturned ?? 'Still out'}</td>
                <td>
                  <div class="actions actions--row">
                    {c.dateReturned === null ? (
                      <form method="post" action={`/studio/consignments/${c.id}/return`}>
                        <CsrfField req={req} />
                        <label for={dateId}>
                          Returned on<span class="visually-hidden"> (consignment of {c.dateOut})</span>
                        </label>{' '}
                        <input type="date" id={dateId} name="dateReturned" value={today} required />{' '}
                        <button type="submit" class="button--small">
                          Mark returned<span class="visually-hidden"> (consignment of {c.dateOut})</span>
                        </button>
                      </form>
                    ) : null}
                    <form
                      method="post"
                      action={`/studio/consignments/${c.id}/delete`}
                      data-confirm="Delete this consignment? Impressions still with the dealer get back their status and location."
                    >
                      <CsrfField req={req} />
                      <button type="submit" class="button--small button--danger">
                        Delete<span class="visually-hidden"> consignment of {c.dateOut}</span>
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export interface ImpressionChoice {
  id: string;
  printId: string;
  title: { da?: string; en?: string };
  marking: string;
  status: string;
  location: string | null;
}

/** Checkboxes of the impressions that can be sold or consigned, as a fieldset with its error. */
export function ImpressionChoices({
  choices,
  checked,
  error,
  legend,
}: {
  choices: readonly ImpressionChoice[];
  checked: readonly string[];
  error: string | undefined;
  legend: string;
}) {
  const id = fieldId('impressionIds');
  return (
    <fieldset
      class={error ? 'field field--error' : 'field'}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend id={id} tabIndex={-1}>
        {legend}
      </legend>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {choices.length === 0 ? (
        <p>No impression is available. Record impressions in a print’s edition ledger first.</p>
      ) : (
        <ul class="check-list">
          {choices.map((c) => (
            <li>
              <input
                type="checkbox"
                id={`imp-${c.id}`}
                name="impressionIds"
                value={c.id}
                checked={checked.includes(c.id)}
              />{' '}
              <label for={`imp-${c.id}`}>
                {c.title.en || c.title.da || 'Untitled'} {c.marking}
                {c.status === 'reserved' ? ' (reserved)' : ''}
                {c.location ? ` — ${c.location}` : ''}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/**
 * What the schema refuses, at the field it names (the top-level property), in words. `check` is compiled once, where
 * the page is defined (compiling is far dearer than checking).
 */
export function schemaErrors(
  check: Validator,
  input: unknown,
  words: Readonly<Record<string, string>>,
): FieldErrors {
  const errors: Record<string, string> = {};
  if (check.Check(input)) return errors;
  for (const error of check.Errors(input)) {
    const path = error.instancePath.replace(/^\//, '').split('/');
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties?.[0];
    const name = path[0] || missing || 'form';
    const nested = path[0] === 'price' && path[1] ? `price.${path[1]}` : name;
    const key = words[nested] ? nested : name;
    if (errors[key]) continue;
    errors[key] = words[key] ?? `This ${key} is not valid`;
  }
  return errors;
}

/** A refusal of the service (400 naming a field, 409) as an error at the field; anything else is rethrown. */
export function refusal(error: unknown, fallback: string): FieldErrors {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
  const field = error.details?.field ?? fallback;
  const message = error.message.replace(/^body\.[\w.]+: /, '');
  return { [field]: message.charAt(0).toUpperCase() + message.slice(1) };
}

type ProvenanceView = Awaited<ReturnType<BusinessService['provenance']>>;

/** The print editor's provenance: each sold impression's chain of sales, oldest first. */
export function ProvenanceSection({ provenance }: { provenance: ProvenanceView }) {
  const sold = provenance.impressions.filter((i) => i.sales.length > 0);
  return (
    <section id="provenance" aria-labelledby="provenance-heading">
      <h2 id="provenance-heading">Provenance</h2>
      {sold.length === 0 ? (
        <p>
          No sales of this print’s impressions are recorded. Record one from the ledger above or on the{' '}
          <a href="/studio/sales">sales page</a>.
        </p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption>Sales of each impression, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Impression</th>
                <th scope="col">Date</th>
                <th scope="col">Buyer</th>
                <th scope="col">Channel</th>
                <th scope="col">Price</th>
              </tr>
            </thead>
            <tbody>
              {sold.flatMap((i) =>
                i.sales.map((s, n) => (
                  <tr>
                    {n === 0 ? (
                      <th scope="row" rowSpan={i.sales.length}>
                        {i.marking}
                      </th>
                    ) : null}
                    <td>{s.date}</td>
                    <td>
                      <ContactName contact={s.buyer} />
                    </td>
                    <td>{label(CHANNELS, s.channel)}</td>
                    <td>{money(s.price.amount, s.price.currency)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Today in the studio's calendar (Copenhagen), the forms' default date. */
export const todayIso = () => dayOf(new Date());
