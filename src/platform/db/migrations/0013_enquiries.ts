// Enquiries and contact messages from visitors (issue 18), their notification e-mails, and how long they are kept.
// - enquiries: what a visitor sent through the print page's enquiry form or the contact page. Each belongs to one
//   artist: the print's artist, or the site owner for a general contact message. print_id is cleared when the print
//   is deleted (the snapshot of its title stays, so the artist still knows what it was about).
// - enquiry_notifications: the e-mail to the artist for each enquiry. With SMTP configured a job sends it (status
//   pending → sent / failed); without SMTP (the embedded default) it stays in the studio's outbox (status outbox).
//   Deleted with its enquiry: it holds the same personal data.
// - settings.enquiry_retention_months: enquiries older than this are deleted by the enquiries.retention job.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table enquiries (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      print_id uuid references prints (id) on delete set null,
      print_title text check (print_title is null or length(print_title) <= 500),
      name text not null check (length(name) between 1 and 200),
      email text not null check (length(email) between 3 and 254),
      message text not null check (length(message) between 1 and 5000),
      interest text check (interest is null or length(interest) <= 200),
      language text not null check (language in ('da', 'en')),
      status text not null default 'new' check (status in ('new', 'answered', 'closed')),
      notes text not null default '' check (length(notes) <= 10000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index enquiries_artist_status_created_idx on enquiries (artist_id, status, created_at desc);
    create index enquiries_created_idx on enquiries (created_at);
    create index enquiries_print_idx on enquiries (print_id);
    create trigger enquiries_set_updated_at before update on enquiries
      for each row execute function public.set_updated_at();

    create table enquiry_notifications (
      id uuid primary key default gen_random_uuid(),
      enquiry_id uuid not null references enquiries (id) on delete cascade,
      artist_id uuid not null references artists (id) on delete cascade,
      recipient text not null,
      reply_to text not null,
      subject text not null,
      body text not null,
      status text not null check (status in ('outbox', 'pending', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index enquiry_notifications_artist_idx on enquiry_notifications (artist_id, created_at desc);
    create index enquiry_notifications_enquiry_idx on enquiry_notifications (enquiry_id);

    alter table settings add column enquiry_retention_months integer not null default 24
      check (enquiry_retention_months between 1 and 120);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table settings drop column if exists enquiry_retention_months;
    drop table if exists enquiry_notifications;
    drop table if exists enquiries;
    `,
  );
}
