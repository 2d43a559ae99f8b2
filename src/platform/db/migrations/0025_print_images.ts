// Several images per print (issue 19, docs/decisions/024-several-images-per-print.md): every image row gets a role,
// a position among its print's images and alt text in both languages. `prints.image_id` stays the primary image
// (cards, search, the API's `images`/`thumbnailUrl`); the print's other images are rows of the same print with a
// role other than 'primary'. A replacement of the primary that is still being processed is a 'primary' row too
// until it completes and supersedes the current one. Existing images become primary, position 0, with the
// print's alt text.
import { runSql, type AnyDb } from './util.js';

const IMAGE_ROLES = [
  'primary',
  'detail',
  'signature',
  'plate_mark',
  'verso',
  'in_situ',
  'state_proof',
  'other',
] as const;

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table images
      add column role text not null default 'primary'
        constraint images_role_check check (role in (${IMAGE_ROLES.map((r) => `'${r}'`).join(', ')})),
      add column position integer not null default 0 constraint images_position_check check (position >= 0),
      add column alt_text jsonb not null default '{}'::jsonb;
    update images i set alt_text = p.alt_text from prints p where p.id = i.print_id;
    create index images_print_position_idx on images (print_id, position);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop index if exists images_print_position_idx;
    alter table images drop column if exists role, drop column if exists position, drop column if exists alt_text;
    `,
  );
}
