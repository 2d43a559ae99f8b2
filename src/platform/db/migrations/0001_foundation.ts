// Extensions, helper functions used by constraints, triggers and search, and the tables everything else hangs on:
// app_state, artists, settings, vocabulary_terms.
import { sql } from 'kysely';
import { extensionSchema, runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);
  const unaccentSchema = await extensionSchema(db, 'unaccent');

  // unaccent() is only STABLE (its dictionary could change); this wrapper names the dictionary explicitly and is
  // declared IMMUTABLE so it can be used in indexes and generated columns (the usual, documented technique).
  await runSql(
    db,
    `
    create or replace function public.f_unaccent(text) returns text
      language sql immutable parallel safe strict
      as $$ select ${unaccentSchema}.unaccent('${unaccentSchema}.unaccent'::regdictionary, $1) $$;
    `,
  );

  await runSql(
    db,
    `
    -- A localized text value: {"da"?: string, "en"?: string}, nothing else.
    create or replace function public.is_localized(j jsonb) returns boolean
      language sql immutable parallel safe
      as $$
        select case
          when jsonb_typeof(j) <> 'object' then false
          else (j - 'da' - 'en') = '{}'::jsonb
            and coalesce(jsonb_typeof(j -> 'da'), 'string') = 'string'
            and coalesce(jsonb_typeof(j -> 'en'), 'string') = 'string'
        end
      $$;

    -- The text in one language, falling back to the other language, else ''.
    create or replace function public.localized_text(j jsonb, lang text) returns text
      language sql immutable parallel safe
      as $$
        select coalesce(
          nullif(j ->> lang, ''),
          nullif(j ->> (case when lang = 'da' then 'en' else 'da' end), ''),
          ''
        )
      $$;

    -- Lower-case, unaccented Danish and English text of a localized value, for trigram matching.
    create or replace function public.localized_plain(j jsonb) returns text
      language sql immutable parallel safe
      as $$ select lower(public.f_unaccent(coalesce(j ->> 'da', '') || ' ' || coalesce(j ->> 'en', ''))) $$;

    -- A weighted, unaccented search document: a (A, titles), b (B, technique/medium/tags), c (C, descriptions),
    -- d (D, everything else).
    create or replace function public.search_vector(cfg regconfig, a text, b text, c text, d text) returns tsvector
      language sql immutable parallel safe
      as $$
        select setweight(to_tsvector(cfg, public.f_unaccent(coalesce(a, ''))), 'A')
            || setweight(to_tsvector(cfg, public.f_unaccent(coalesce(b, ''))), 'B')
            || setweight(to_tsvector(cfg, public.f_unaccent(coalesce(c, ''))), 'C')
            || setweight(to_tsvector(cfg, public.f_unaccent(coalesce(d, ''))), 'D')
      $$;

    create or replace function public.set_updated_at() returns trigger
      language plpgsql
      as $$
        begin
          new.updated_at := now();
          return new;
        end
      $$;

    create table app_state (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );
    create trigger app_state_set_updated_at before update on app_state
      for each row execute function public.set_updated_at();

    create table artists (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and position('@' in email) > 1),
      display_name text not null check (length(display_name) between 1 and 200),
      idp_subject text unique,
      password_hash text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create trigger artists_set_updated_at before update on artists
      for each row execute function public.set_updated_at();

    create table settings (
      artist_id uuid primary key references artists (id) on delete cascade,
      profile_name text,
      bio jsonb not null default '{}'::jsonb check (public.is_localized(bio)),
      contact_email text,
      copyright_line text,
      watermark_text text,
      watermark_placement text not null default 'bottom-right'
        check (watermark_placement in ('bottom-right', 'bottom-left', 'top-right', 'top-left', 'center', 'tiled')),
      default_language text not null default 'da' check (default_language in ('da', 'en')),
      updated_at timestamptz not null default now()
    );
    create trigger settings_set_updated_at before update on settings
      for each row execute function public.set_updated_at();

    create table vocabulary_terms (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid references artists (id) on delete cascade,
      kind text not null
        check (kind in ('technique', 'plate_material', 'availability', 'medium', 'paper', 'subject', 'style_movement')),
      key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      label jsonb not null check (public.is_localized(label)),
      sort integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint vocabulary_terms_kind_key_artist_key unique nulls not distinct (kind, key, artist_id)
    );
    create index vocabulary_terms_artist_id_idx on vocabulary_terms (artist_id);
    create trigger vocabulary_terms_set_updated_at before update on vocabulary_terms
      for each row execute function public.set_updated_at();

    -- The label of a vocabulary term in one language; an artist's own term wins over the built-in one.
    create or replace function public.vocabulary_label(p_artist uuid, p_kind text, p_key text, p_lang text)
      returns text
      language sql stable parallel safe
      as $$
        select public.localized_text(v.label, p_lang)
        from public.vocabulary_terms v
        where v.kind = p_kind and v.key = p_key and (v.artist_id is null or v.artist_id = p_artist)
        order by v.artist_id nulls last
        limit 1
      $$;
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop function if exists public.vocabulary_label(uuid, text, text, text);
    drop table if exists vocabulary_terms;
    drop table if exists settings;
    drop table if exists artists;
    drop table if exists app_state;
    drop function if exists public.set_updated_at();
    drop function if exists public.search_vector(regconfig, text, text, text, text);
    drop function if exists public.localized_plain(jsonb);
    drop function if exists public.localized_text(jsonb, text);
    drop function if exists public.is_localized(jsonb);
    drop function if exists public.f_unaccent(text);
    `,
  );
}
