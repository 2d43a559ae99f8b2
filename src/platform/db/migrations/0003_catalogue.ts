// The catalogue: prints (with per-language search documents), tags, galleries and their ordered membership,
// images and their versions and EXIF, signed uploads, and the edition ledger (impressions).
import { extensionSchema, runSql, type AnyDb } from './util.js';

/** Localized text columns of prints: JSONB {"da"?: string, "en"?: string}, never null. */
export const PRINT_LOCALIZED_COLUMNS = [
  'title',
  'description',
  'artist_name',
  'medium',
  'subject',
  'style_movement',
  'paper',
  'ink',
  'printing_press',
  'provenance',
  'exhibition_history',
  'conservation_notes',
  'location',
  'purchase_info',
  'copyright_terms',
  'artist_statement',
  'alt_text',
  'edition_state',
] as const;

export async function up(db: AnyDb): Promise<void> {
  const trgm = await extensionSchema(db, 'pg_trgm');
  const localizedColumns = PRINT_LOCALIZED_COLUMNS.map(
    (c) =>
      `${c} jsonb not null default '{}'::jsonb constraint prints_${c}_localized check (public.is_localized(${c}))`,
  ).join(',\n      ');

  await runSql(
    db,
    `
    create table prints (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      status text not null default 'draft' check (status in ('draft', 'published')),
      ${localizedColumns},
      year smallint check (year between 1400 and 2200),
      technique_key text,
      plate_material_key text,
      availability_key text,
      plate_height_mm integer check (plate_height_mm > 0),
      plate_width_mm integer check (plate_width_mm > 0),
      sheet_height_mm integer check (sheet_height_mm > 0),
      sheet_width_mm integer check (sheet_width_mm > 0),
      edition_size integer check (edition_size >= 0),
      artist_proofs integer check (artist_proofs >= 0),
      price_amount numeric(12, 2) check (price_amount >= 0),
      price_currency text check (price_currency ~ '^[A-Z]{3}$'),
      image_id uuid,
      image_status text not null default 'none' check (image_status in ('none', 'processing', 'completed', 'failed')),
      image_error text,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- Kept current by prints_search_refresh() (it needs tags and vocabulary labels, so it cannot be generated).
      search_da tsvector not null default ''::tsvector,
      search_en tsvector not null default ''::tsvector,
      title_plain text generated always as (public.localized_plain(title)) stored,
      constraint prints_price_currency_required check (price_amount is null or price_currency is not null)
    );
    create index prints_artist_id_idx on prints (artist_id, created_at desc);
    create index prints_status_published_idx on prints (status, published_at desc);
    create index prints_year_idx on prints (year);
    create index prints_technique_key_idx on prints (technique_key);
    create index prints_search_da_idx on prints using gin (search_da);
    create index prints_search_en_idx on prints using gin (search_en);
    create index prints_title_plain_trgm_idx on prints using gin (title_plain ${trgm}.gin_trgm_ops);
    create trigger prints_set_updated_at before update on prints
      for each row execute function public.set_updated_at();

    create table tags (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      label jsonb not null check (public.is_localized(label)),
      created_at timestamptz not null default now(),
      constraint tags_artist_slug_key unique (artist_id, slug)
    );

    create table print_tags (
      print_id uuid not null references prints (id) on delete cascade,
      tag_id uuid not null references tags (id) on delete cascade,
      primary key (print_id, tag_id)
    );
    create index print_tags_tag_id_idx on print_tags (tag_id);

    create table galleries (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      status text not null default 'draft' check (status in ('draft', 'published')),
      title jsonb not null default '{}'::jsonb check (public.is_localized(title)),
      description jsonb not null default '{}'::jsonb check (public.is_localized(description)),
      cover_print_id uuid references prints (id) on delete set null,
      featured boolean not null default false,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_da tsvector generated always as (public.search_vector('danish',
        public.localized_text(title, 'da'), null, public.localized_text(description, 'da'), null)) stored,
      search_en tsvector generated always as (public.search_vector('english',
        public.localized_text(title, 'en'), null, public.localized_text(description, 'en'), null)) stored,
      title_plain text generated always as (public.localized_plain(title)) stored
    );
    create index galleries_artist_id_idx on galleries (artist_id, created_at desc);
    create index galleries_status_published_idx on galleries (status, published_at desc);
    create index galleries_cover_print_id_idx on galleries (cover_print_id);
    create index galleries_search_da_idx on galleries using gin (search_da);
    create index galleries_search_en_idx on galleries using gin (search_en);
    create index galleries_title_plain_trgm_idx on galleries using gin (title_plain ${trgm}.gin_trgm_ops);
    create trigger galleries_set_updated_at before update on galleries
      for each row execute function public.set_updated_at();

    -- Positions are 1..n per gallery. The uniqueness check is deferred to commit, so a reorder can move rows
    -- through each other's positions inside one transaction.
    create table gallery_prints (
      gallery_id uuid not null references galleries (id) on delete cascade,
      print_id uuid not null references prints (id) on delete cascade,
      position integer not null check (position >= 1),
      added_at timestamptz not null default now(),
      primary key (gallery_id, print_id),
      constraint gallery_prints_gallery_position_key unique (gallery_id, position) deferrable initially deferred
    );
    create index gallery_prints_print_id_idx on gallery_prints (print_id);

    -- One row per uploaded image; id is the base image id ({id}_{version} names the versions).
    -- print_id is set null when the print goes: the files are deleted by the app, orphans by a clean-up job.
    create table images (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      print_id uuid references prints (id) on delete set null,
      status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
      error text,
      attempts integer not null default 0 check (attempts >= 0),
      original_key text not null,
      original_filename text,
      original_content_type text,
      original_bytes bigint check (original_bytes >= 0),
      width integer check (width > 0),
      height integer check (height > 0),
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      placeholder text,
      dzi_key text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      processed_at timestamptz
    );
    create index images_artist_id_idx on images (artist_id);
    create index images_print_id_idx on images (print_id);
    create index images_status_idx on images (status, updated_at);
    create trigger images_set_updated_at before update on images
      for each row execute function public.set_updated_at();

    alter table prints add constraint prints_image_id_fkey
      foreign key (image_id) references images (id) on delete set null;
    create index prints_image_id_idx on prints (image_id);

    create table image_versions (
      image_id uuid not null references images (id) on delete cascade,
      version text not null check (version in
        ('original', 'thumbnail', 'thumbnail_2x', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge')),
      storage_key text not null,
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      bytes bigint not null check (bytes >= 0),
      format text not null,
      created_at timestamptz not null default now(),
      primary key (image_id, version)
    );

    create table image_exif (
      image_id uuid primary key references images (id) on delete cascade,
      data jsonb not null default '{}'::jsonb check (jsonb_typeof(data) = 'object'),
      camera text,
      lens text,
      exposure_time text,
      f_number numeric(6, 2),
      iso integer,
      focal_length_mm numeric(8, 2),
      taken_at timestamptz,
      created_at timestamptz not null default now()
    );

    -- Signed direct uploads (the browser PUTs/POSTs straight to storage).
    create table uploads (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists (id) on delete cascade,
      storage_key text not null unique,
      content_type text not null,
      original_filename text,
      max_bytes bigint not null check (max_bytes > 0),
      status text not null default 'pending' check (status in ('pending', 'completed', 'consumed', 'expired')),
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create index uploads_artist_id_idx on uploads (artist_id);
    create index uploads_status_expires_idx on uploads (status, expires_at);

    -- The edition ledger: one row per pulled impression. notes are private to the artist.
    create table impressions (
      id uuid primary key default gen_random_uuid(),
      print_id uuid not null references prints (id) on delete cascade,
      kind text not null check (kind in ('numbered', 'AP', 'TP', 'PP', 'BAT', 'HC')),
      number integer check (number >= 1),
      state text,
      printed_on date,
      paper text,
      ink text,
      status text not null default 'available'
        check (status in ('available', 'sold', 'reserved', 'gifted', 'destroyed')),
      location text,
      price_amount numeric(12, 2) check (price_amount >= 0),
      price_currency text check (price_currency ~ '^[A-Z]{3}$'),
      notes text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint impressions_numbered_has_number check (kind <> 'numbered' or number is not null),
      constraint impressions_price_currency_required check (price_amount is null or price_currency is not null)
    );
    create index impressions_print_id_idx on impressions (print_id);
    -- 3/25 exists once per print; so does AP 2 or TP 1.
    create unique index impressions_print_kind_number_key on impressions (print_id, kind, number)
      where number is not null;
    create trigger impressions_set_updated_at before update on impressions
      for each row execute function public.set_updated_at();

    -- Search documents of a print, one per language. A field missing in one language falls back to the other,
    -- so searching in Danish also finds a print described only in English (and vice versa).
    -- Weights: A title; B technique, medium, tags; C description; D everything else public.
    -- conservation_notes are private and never searchable.
    create or replace function public.prints_search_refresh() returns trigger
      language plpgsql
      as $$
        declare
          lang text;
          doc tsvector;
          tag_text text;
        begin
          foreach lang in array array['da', 'en'] loop
            select string_agg(public.localized_text(t.label, lang), ' ')
              into tag_text
              from public.print_tags pt join public.tags t on t.id = pt.tag_id
              where pt.print_id = new.id;
            doc := public.search_vector(
              case when lang = 'da' then 'danish'::regconfig else 'english'::regconfig end,
              public.localized_text(new.title, lang),
              concat_ws(' ',
                public.vocabulary_label(new.artist_id, 'technique', new.technique_key, lang),
                public.localized_text(new.medium, lang),
                tag_text),
              public.localized_text(new.description, lang),
              concat_ws(' ',
                public.localized_text(new.artist_name, lang),
                public.localized_text(new.subject, lang),
                public.localized_text(new.style_movement, lang),
                public.localized_text(new.paper, lang),
                public.localized_text(new.ink, lang),
                public.localized_text(new.printing_press, lang),
                public.localized_text(new.provenance, lang),
                public.localized_text(new.exhibition_history, lang),
                public.localized_text(new.location, lang),
                public.localized_text(new.purchase_info, lang),
                public.localized_text(new.copyright_terms, lang),
                public.localized_text(new.artist_statement, lang),
                public.localized_text(new.alt_text, lang),
                public.localized_text(new.edition_state, lang),
                public.vocabulary_label(new.artist_id, 'plate_material', new.plate_material_key, lang),
                public.vocabulary_label(new.artist_id, 'availability', new.availability_key, lang),
                new.year::text));
            if lang = 'da' then
              new.search_da := doc;
            else
              new.search_en := doc;
            end if;
          end loop;
          return new;
        end
      $$;
    create trigger prints_search_refresh before insert or update on prints
      for each row execute function public.prints_search_refresh();

    -- Tags and vocabulary labels are part of the search documents: touching the print recomputes them.
    create or replace function public.print_tags_touch_print() returns trigger
      language plpgsql
      as $$
        begin
          if tg_op in ('INSERT', 'UPDATE') then
            update public.prints set updated_at = now() where id = new.print_id;
          end if;
          if tg_op in ('DELETE', 'UPDATE') then
            update public.prints set updated_at = now() where id = old.print_id;
          end if;
          return null;
        end
      $$;
    create trigger print_tags_touch_print after insert or update or delete on print_tags
      for each row execute function public.print_tags_touch_print();

    create or replace function public.tags_touch_prints() returns trigger
      language plpgsql
      as $$
        begin
          update public.prints p set updated_at = now()
            where exists (select 1 from public.print_tags pt where pt.tag_id = new.id and pt.print_id = p.id);
          return null;
        end
      $$;
    create trigger tags_touch_prints after update of label on tags
      for each row execute function public.tags_touch_prints();

    create or replace function public.vocabulary_terms_touch_prints() returns trigger
      language plpgsql
      as $$
        begin
          update public.prints p set updated_at = now()
            where (new.artist_id is null or p.artist_id = new.artist_id)
              and ((new.kind = 'technique' and p.technique_key = new.key)
                or (new.kind = 'plate_material' and p.plate_material_key = new.key)
                or (new.kind = 'availability' and p.availability_key = new.key));
          return null;
        end
      $$;
    create trigger vocabulary_terms_touch_prints after insert or update of label on vocabulary_terms
      for each row execute function public.vocabulary_terms_touch_prints();
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop trigger if exists vocabulary_terms_touch_prints on vocabulary_terms;
    drop function if exists public.vocabulary_terms_touch_prints();
    drop table if exists impressions;
    drop table if exists uploads;
    drop table if exists image_exif;
    drop table if exists image_versions;
    alter table if exists prints drop constraint if exists prints_image_id_fkey;
    drop table if exists images;
    drop table if exists gallery_prints;
    drop table if exists galleries;
    drop table if exists print_tags;
    drop table if exists tags;
    drop table if exists prints;
    drop function if exists public.tags_touch_prints();
    drop function if exists public.print_tags_touch_print();
    drop function if exists public.prints_search_refresh();
    `,
  );
}
