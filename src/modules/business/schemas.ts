// TypeBox schemas of the business records' artist API (decision 022): contacts, sales, consignments, provenance and
// totals. Input objects refuse unknown fields; output schemas are whitelists.
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const uuid = (description: string) => Type.String({ format: 'uuid', description });
const Day = (description: string) =>
  Type.String({ format: 'date', description: `${description} (YYYY-MM-DD)` });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. DKK' });
const Money = Type.Object(
  {
    amount: Type.Number({ minimum: 0, maximum: 9_999_999_999 }),
    currency: Currency,
  },
  { additionalProperties: false },
);
const MoneyOut = Type.Object({ amount: Type.Number(), currency: Type.String() });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Page number (≥ 1)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Items per page (1–100)' })),
};
const Envelope = <T extends TSchema>(key: string, item: T, title: string) =>
  Type.Object(
    {
      [key]: Type.Array(item),
      totalCount: Type.Integer(),
      currentPage: Type.Integer(),
      totalPages: Type.Integer(),
    },
    { title },
  );

// ---- contacts ----

export const ContactKind = Type.Union(
  [Type.Literal('collector'), Type.Literal('dealer'), Type.Literal('institution')],
  { description: 'collector, dealer (a gallery or dealer) or institution' },
);
export const ContactIdParams = Type.Object(
  { contactId: uuid('Contact id') },
  { additionalProperties: false },
);
const contactFields = {
  kind: ContactKind,
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The person’s (or the place’s) name' }),
  organisation: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(
    Nullable(Type.String({ maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'E-mail address' })),
  ),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 5000, description: 'Private notes' }))),
};
export const ContactCreate = Type.Object(contactFields, { additionalProperties: false });
export const ContactUpdate = Type.Object(
  { ...contactFields, kind: Type.Optional(ContactKind), name: Type.Optional(contactFields.name) },
  { additionalProperties: false },
);
export type ContactInput = Static<typeof ContactUpdate>;
export const ContactOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: ContactKind,
    name: Type.String(),
    organisation: Nullable(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    address: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Contact' },
);
export const ContactList = Envelope('contacts', ContactOut, 'ContactList');
export const ContactQuery = Type.Object(
  {
    ...Paging,
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Part of the name, organisation or e-mail (any case)' }),
    ),
    kind: Type.Optional(ContactKind),
  },
  { additionalProperties: false },
);

const ContactRef = Nullable(
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      kind: ContactKind,
      name: Type.String(),
      organisation: Nullable(Type.String()),
    },
    { description: 'null when the contact has been deleted' },
  ),
);

const LineOut = Type.Object({
  impressionId: Type.String({ format: 'uuid' }),
  printId: Type.String({ format: 'uuid' }),
  printTitle: Type.Object({ da: Type.Optional(Type.String()), en: Type.Optional(Type.String()) }),
  marking: Type.String({ description: 'As written on the sheet: 7/25, AP 2/5, BAT' }),
  status: Type.String({ description: 'The impression’s status in the ledger now' }),
  location: Nullable(Type.String({ description: 'Its location in the ledger now' })),
  previousStatus: Type.String({ description: 'What the ledger said before the sale or consignment' }),
  previousLocation: Nullable(Type.String()),
});

// ---- sales ----

export const SaleChannel = Type.Union(
  [
    Type.Literal('studio'),
    Type.Literal('gallery'),
    Type.Literal('fair'),
    Type.Literal('online'),
    Type.Literal('commission'),
  ],
  { description: 'Where it was sold' },
);
export const SaleIdParams = Type.Object({ saleId: uuid('Sale id') }, { additionalProperties: false });
const ImpressionIds = Type.Array(uuid('Impression id'), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Impressions of your prints',
});
export const SaleCreate = Type.Object(
  {
    impressionIds: ImpressionIds,
    contactId: uuid('The buyer (one of your contacts)'),
    date: Day('The day of the sale'),
    price: Type.Object(
      { amount: Money.properties.amount, currency: Currency },
      { additionalProperties: false, description: 'The price of the whole sale' },
    ),
    channel: SaleChannel,
    invoiceNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
export type SaleInput = Static<typeof SaleCreate>;
export const SaleOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    date: Type.String({ format: 'date' }),
    buyer: ContactRef,
    price: MoneyOut,
    channel: SaleChannel,
    invoiceNumber: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    impressions: Type.Array(LineOut),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Sale' },
);
export const SaleList = Envelope('sales', SaleOut, 'SaleList');
export const SaleQuery = Type.Object(
  {
    ...Paging,
    year: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 9999, description: 'Only this year’s sales' }),
    ),
    contactId: Type.Optional(uuid('Only this buyer’s sales')),
  },
  { additionalProperties: false },
);
export const SaleTotals = Type.Object(
  {
    years: Type.Array(
      Type.Object({
        year: Type.Integer(),
        count: Type.Integer({ description: 'Sales that year' }),
        sums: Type.Array(MoneyOut, { description: 'The sum per currency' }),
      }),
    ),
  },
  { title: 'SaleTotals' },
);

// ---- consignments ----

export const ConsignmentIdParams = Type.Object(
  { consignmentId: uuid('Consignment id') },
  { additionalProperties: false },
);
export const ConsignmentCreate = Type.Object(
  {
    impressionIds: ImpressionIds,
    contactId: uuid('The gallery or dealer (one of your contacts)'),
    dateOut: Day('The day it went out'),
    commissionPercent: Type.Optional(
      Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'The dealer’s commission, %' })),
    ),
    price: Type.Optional(Nullable(Type.Object(Money.properties, { additionalProperties: false }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
export type ConsignmentInput = Static<typeof ConsignmentCreate>;
export const ConsignmentReturn = Type.Object(
  { dateReturned: Day('The day it came back') },
  { additionalProperties: false },
);
export const ConsignmentOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    dealer: ContactRef,
    dateOut: Type.String({ format: 'date' }),
    dateReturned: Nullable(Type.String({ format: 'date' })),
    commissionPercent: Nullable(Type.Number()),
    price: Nullable(MoneyOut),
    notes: Nullable(Type.String()),
    impressions: Type.Array(
      Type.Object({
        ...LineOut.properties,
        open: Type.Boolean({ description: 'Still with the dealer' }),
        saleId: Nullable(Type.String({ format: 'uuid', description: 'The sale that ended it there' })),
      }),
    ),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Consignment' },
);
export const ConsignmentList = Envelope('consignments', ConsignmentOut, 'ConsignmentList');
export const ConsignmentQuery = Type.Object(
  {
    ...Paging,
    state: Type.Optional(
      Type.Union([Type.Literal('out'), Type.Literal('returned')], {
        description: 'out: not yet returned; returned',
      }),
    ),
    contactId: Type.Optional(uuid('Only this dealer’s consignments')),
  },
  { additionalProperties: false },
);

// ---- history and provenance ----

export const ContactHistory = Type.Object(
  {
    contact: ContactOut,
    sales: Type.Array(SaleOut, { description: 'What they bought, newest first' }),
    consignments: Type.Array(ConsignmentOut, { description: 'Consigned to them, those still out first' }),
  },
  { title: 'ContactHistory' },
);
export const Provenance = Type.Object(
  {
    printId: Type.String({ format: 'uuid' }),
    impressions: Type.Array(
      Type.Object({
        impressionId: Type.String({ format: 'uuid' }),
        marking: Type.String(),
        status: Type.String(),
        location: Nullable(Type.String()),
        sales: Type.Array(
          Type.Object({
            saleId: Type.String({ format: 'uuid' }),
            date: Type.String({ format: 'date' }),
            buyer: ContactRef,
            channel: SaleChannel,
            price: MoneyOut,
          }),
          { description: 'Oldest first' },
        ),
      }),
    ),
  },
  { title: 'Provenance' },
);
