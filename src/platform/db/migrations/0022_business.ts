// The printmaker's business records (issue 18, docs/decisions/022-sales-and-consignments.md): contacts (collectors,
// galleries and dealers, institutions), sales and consignments of impressions. A sale or consignment has one line
// per impression; the line keeps what the ledger said of the impression before (status and location), so undoing
// it (deleting the sale, returning the consignment) puts back exactly that. One open consignment line per
// impression (a partial unique index). Deleting an impression (or its print) deletes its lines, never the sale:
// the money was still received. Deleting a contact keeps their sales (bookkeeping) without the name.
import { runSql, type AnyDb } from './util.js';

export const CONTACT_KINDS = ['collector', 'dealer', 'institution'] as const;
export const SALE_CHANNELS = ['studio', 'gallery', 'fair', 'online', 'commission'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const STATUSES = list(['available', 'sold', 'reserved', 'gifted', 'destroyed']);

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table contacts (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      kind text not null check (kind in (${list(CONTACT_KINDS)})),
      name text not null check (length(btrim(name)) between 1 and 200),
      organisation text check (length(organisation) <= 200),
      email text check (length(email) <= 320),
      phone text check (length(phone) <= 50),
      address text check (length(address) <= 1000),
      notes text check (length(notes) <= 5000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index contacts_artist_name_idx on contacts (artist_id, lower(name));
    create trigger contacts_set_updated_at before update on contacts
      for each row execute function public.set_updated_at();

    create table sales (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      contact_id uuid references contacts (id) on delete set null,
      sold_on date not null,
      price_amount numeric(12, 2) not null check (price_amount >= 0),
      price_currency text not null check (price_currency ~ '^[A-Z]{3}$'),
      channel text not null check (channel in (${list(SALE_CHANNELS)})),
      invoice_number text check (length(invoice_number) <= 100),
      notes text check (length(notes) <= 5000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sales_artist_sold_idx on sales (artist_id, sold_on desc);
    create index sales_contact_idx on sales (contact_id);
    create trigger sales_set_updated_at before update on sales
      for each row execute function public.set_updated_at();

    create table consignments (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      contact_id uuid references contacts (id) on delete set null,
      out_on date not null,
      returned_on date check (returned_on is null or returned_on >= out_on),
      commission_percent numeric(5, 2) check (commission_percent between 0 and 100),
      price_amount numeric(12, 2) check (price_amount >= 0),
      price_currency text check (price_currency ~ '^[A-Z]{3}$'),
      notes text check (length(notes) <= 5000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint consignments_price_currency_required check ((price_amount is null) = (price_currency is null))
    );
    create index consignments_artist_out_idx on consignments (artist_id, out_on desc);
    create index consignments_contact_idx on consignments (contact_id);
    create trigger consignments_set_updated_at before update on consignments
      for each row execute function public.set_updated_at();

    create table sale_lines (
      sale_id uuid not null references sales (id) on delete cascade,
      impression_id uuid not null references impressions (id) on delete cascade,
      previous_status text not null check (previous_status in (${STATUSES})),
      previous_location text,
      -- The consignment the impression was on when sold (its line was closed by the sale).
      consignment_id uuid references consignments (id) on delete set null,
      primary key (sale_id, impression_id)
    );
    create index sale_lines_impression_idx on sale_lines (impression_id);
    create index sale_lines_consignment_idx on sale_lines (consignment_id);

    create table consignment_lines (
      consignment_id uuid not null references consignments (id) on delete cascade,
      impression_id uuid not null references impressions (id) on delete cascade,
      previous_status text not null check (previous_status in (${STATUSES})),
      previous_location text,
      open boolean not null default true,
      primary key (consignment_id, impression_id)
    );
    create unique index consignment_lines_open_key on consignment_lines (impression_id) where open;
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `drop table if exists consignment_lines; drop table if exists sale_lines; drop table if exists consignments;
     drop table if exists sales; drop table if exists contacts;`,
  );
}
