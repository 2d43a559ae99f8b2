// Private viewing rooms (docs/decisions/015-viewing-rooms.md): an unguessable link to chosen prints, drafts
// included, until it expires or the artist revokes it. Only the SHA-256 of the link's token is looked up
// (token_hash); token_sealed is the token encrypted with a key derived from the installation's secret, so the
// studio can show the link again. password_hash: scrypt, like the embedded issuer's.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table viewing_rooms (
      id uuid primary key default gen_random_uuid(),
      artist_id uuid not null references artists(id) on delete cascade,
      title jsonb not null default '{}'::jsonb,
      note jsonb not null default '{}'::jsonb,
      token_hash text not null unique,
      token_sealed text not null,
      password_hash text,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      show_prices boolean not null default false,
      deep_zoom boolean not null default false,
      max_version text not null default 'large'
        check (max_version in ('thumbnail', 'thumbnail_2x', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge')),
      download_version text
        check (download_version in ('thumbnail', 'thumbnail_2x', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge')),
      last_opened_at timestamptz,
      open_count integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index viewing_rooms_artist_idx on viewing_rooms (artist_id, created_at desc);
    create table viewing_room_prints (
      room_id uuid not null references viewing_rooms(id) on delete cascade,
      print_id uuid not null references prints(id) on delete cascade,
      position integer not null check (position >= 1),
      primary key (room_id, print_id),
      unique (room_id, position)
    );
    create index viewing_room_prints_print_idx on viewing_room_prints (print_id);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(db, `drop table if exists viewing_room_prints; drop table if exists viewing_rooms;`);
}
