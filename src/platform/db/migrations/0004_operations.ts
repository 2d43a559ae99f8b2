// Operations and legal: takedown notices and the actions taken on them, the audit trail, studio sessions, backups.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    -- Notice-and-takedown (DMCA / EU e-Commerce Directive). The claimant's details are the only personal data
    -- the public site collects.
    create table takedown_notices (
      id uuid primary key default gen_random_uuid(),
      received_at timestamptz not null default now(),
      status text not null default 'received'
        check (status in ('received', 'in_review', 'actioned', 'rejected', 'withdrawn')),
      work_concerned text not null,
      infringing_url text not null,
      claimant_name text not null,
      claimant_email text not null,
      claimant_address text,
      claimant_phone text,
      statement_good_faith boolean not null,
      statement_accuracy boolean not null,
      signature text not null,
      description text,
      language text not null default 'da' check (language in ('da', 'en')),
      updated_at timestamptz not null default now()
    );
    create index takedown_notices_status_received_idx on takedown_notices (status, received_at desc);
    create trigger takedown_notices_set_updated_at before update on takedown_notices
      for each row execute function public.set_updated_at();

    create table takedown_actions (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references takedown_notices (id) on delete cascade,
      action text not null check (length(action) between 1 and 200),
      note text,
      actor text,
      taken_at timestamptz not null default now()
    );
    create index takedown_actions_notice_id_idx on takedown_actions (notice_id, taken_at);

    -- Logins (successful and failed) and every change the artist makes.
    create table audit_events (
      id bigserial primary key,
      occurred_at timestamptz not null default now(),
      artist_id uuid references artists (id) on delete set null,
      actor text,
      action text not null,
      entity_type text,
      entity_id text,
      ip text,
      user_agent text,
      request_id text,
      details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
    );
    create index audit_events_occurred_at_idx on audit_events (occurred_at desc);
    create index audit_events_artist_occurred_idx on audit_events (artist_id, occurred_at desc);

    -- Studio sessions. id is a hash of the opaque cookie token, never the token itself.
    create table sessions (
      id text primary key,
      artist_id uuid not null references artists (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      remember_me boolean not null default false,
      csrf_secret text not null,
      user_agent text,
      ip text,
      id_token_hint text
    );
    create index sessions_artist_id_idx on sessions (artist_id);
    create index sessions_absolute_expires_at_idx on sessions (absolute_expires_at);

    create table backups (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid references artists (id) on delete set null,
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'verified')),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      storage_key text,
      bytes bigint check (bytes >= 0),
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      manifest jsonb check (jsonb_typeof(manifest) = 'object'),
      report jsonb check (jsonb_typeof(report) = 'object'),
      error text
    );
    create index backups_artist_id_idx on backups (artist_id);
    create index backups_status_started_idx on backups (status, started_at desc);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop table if exists backups;
    drop table if exists sessions;
    drop table if exists audit_events;
    drop table if exists takedown_actions;
    drop table if exists takedown_notices;
    `,
  );
}
