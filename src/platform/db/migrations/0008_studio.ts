// Studio: forms submitted after the session expired are kept for a short while, so signing in again brings the
// artist back to what they typed instead of losing it.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table studio_form_stash (
      id uuid primary key default gen_random_uuid(),
      -- The studio page the form was posted to; only same-origin /studio paths are stored.
      path text not null check (path like '/studio/%' and length(path) <= 500),
      fields jsonb not null check (jsonb_typeof(fields) = 'array'),
      -- SHA-256 of a random value held in an HTTP-only cookie of the browser that posted it: only that browser
      -- gets the form back.
      browser_key text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index studio_form_stash_expires_at_idx on studio_form_stash (expires_at);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(db, 'drop table if exists studio_form_stash;');
}
