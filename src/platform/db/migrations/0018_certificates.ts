// Certificates of authenticity (issue 18, docs/decisions/020-certificates.md): each impression may carry a
// verification code, made the first time the artist issues its certificate. 20 symbols of Crockford's base32
// (100 random bits), stored without the reading hyphens; unique, so a code names one impression. A new code (a lost
// certificate) replaces the old one, which then stops verifying. Deleting the impression deletes its code.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table impressions add column verification_code text
      constraint impressions_verification_code_check
        check (verification_code is null or verification_code ~ '^[0-9A-HJKMNP-TV-Z]{20}$');
    create unique index impressions_verification_code_key on impressions (verification_code)
      where verification_code is not null;
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `drop index if exists impressions_verification_code_key;
     alter table impressions drop column if exists verification_code;`,
  );
}
