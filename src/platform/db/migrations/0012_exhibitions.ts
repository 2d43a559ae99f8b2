// Exhibitions and the artist's CV (issue 20).
// - exhibitions: the artist's exhibition history as records — solo and group shows, art fairs, museum acquisitions
//   and awards — with venue, place, dates, a link and a description in both languages; exhibition_prints links
//   the prints shown (both ways: the print page lists its exhibitions). The per-print free text
//   (prints.exhibition_history) stays.
// - settings: the CV's texts in both languages (artist's statement, education, collections holding the work; the
//   biography is settings.bio) and whether the CV page shows the contact e-mail.
// Both tables bump the catalogue generation (0009), so cached public pages (CV, print pages) show a change at once.
import { runSql, type AnyDb } from './util.js';

export const EXHIBITION_KINDS = ['solo', 'group', 'art-fair', 'museum-acquisition', 'award'] as const;

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table exhibitions (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      kind text not null check (kind in (${EXHIBITION_KINDS.map((k) => `'${k}'`).join(', ')})),
      title text not null check (length(btrim(title)) between 1 and 300),
      venue text check (length(venue) <= 300),
      city text check (length(city) <= 200),
      country text check (length(country) <= 200),
      starts_on date not null,
      ends_on date check (ends_on is null or ends_on >= starts_on),
      url text check (url is null or (url ~ '^https?://[^\\s]+$' and length(url) <= 2000)),
      description jsonb not null default '{}'::jsonb check (public.is_localized(description)),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index exhibitions_artist_starts_idx on exhibitions (artist_id, starts_on desc);
    create trigger exhibitions_set_updated_at before update on exhibitions
      for each row execute function public.set_updated_at();

    create table exhibition_prints (
      exhibition_id uuid not null references exhibitions (id) on delete cascade,
      print_id uuid not null references prints (id) on delete cascade,
      primary key (exhibition_id, print_id)
    );
    create index exhibition_prints_print_idx on exhibition_prints (print_id);

    alter table settings
      add column statement jsonb not null default '{}'::jsonb check (public.is_localized(statement)),
      add column education jsonb not null default '{}'::jsonb check (public.is_localized(education)),
      add column collections jsonb not null default '{}'::jsonb check (public.is_localized(collections)),
      add column show_contact_email boolean not null default false;

    create constraint trigger exhibitions_search_generation after insert or update or delete on exhibitions
      deferrable initially deferred for each row execute function public.search_generation_bump();
    create trigger exhibitions_search_generation_truncate after truncate on exhibitions
      for each statement execute function public.search_generation_bump();
    create constraint trigger exhibition_prints_search_generation after insert or update or delete on exhibition_prints
      deferrable initially deferred for each row execute function public.search_generation_bump();
    create trigger exhibition_prints_search_generation_truncate after truncate on exhibition_prints
      for each statement execute function public.search_generation_bump();
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop table if exists exhibition_prints;
    drop table if exists exhibitions;
    alter table settings
      drop column if exists statement,
      drop column if exists education,
      drop column if exists collections,
      drop column if exists show_contact_email;
    `,
  );
}
