// The embedded OpenID Connect issuer's state (interactions, its sign-in sessions, grants, codes) in the database,
// so it survives restarts and works with several web processes.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table oidc_payloads (
      model text not null,
      id text not null,
      payload jsonb not null check (jsonb_typeof(payload) = 'object'),
      grant_id text,
      user_code text,
      uid text,
      expires_at timestamptz,
      consumed_at timestamptz,
      primary key (model, id)
    );
    create index oidc_payloads_grant_id_idx on oidc_payloads (grant_id) where grant_id is not null;
    create index oidc_payloads_uid_idx on oidc_payloads (uid) where uid is not null;
    create index oidc_payloads_user_code_idx on oidc_payloads (user_code) where user_code is not null;
    create index oidc_payloads_expires_at_idx on oidc_payloads (expires_at);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(db, 'drop table if exists oidc_payloads;');
}
