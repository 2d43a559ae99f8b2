// The site owner, and print history that survives a redraw.
// - artists.role: 'owner' operates the whole site (backups, takedown notices); 'artist' manages only their
//   own catalogue. The first artist of an existing installation becomes its owner.
// - prints.updated_at moves when the print changes, not when the worker records its image's processing state
//   (image_status, image_error): redrawing the versions (after a restore, a watermark change) rewrites no history.
//   An explicit `set updated_at = …` (tags and vocabulary touching their prints) still counts as a change.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table artists add column role text not null default 'artist' check (role in ('owner', 'artist'));
    update artists set role = 'owner' where id = (select id from artists order by created_at, id limit 1);

    create or replace function public.prints_set_updated_at() returns trigger
      language plpgsql
      as $$
        declare
          bookkeeping constant text[] := array['updated_at', 'image_status', 'image_error', 'search_da', 'search_en',
            'title_plain'];
        begin
          if new.updated_at is distinct from old.updated_at
            or (to_jsonb(new) - bookkeeping) is distinct from (to_jsonb(old) - bookkeeping) then
            new.updated_at := now();
          end if;
          return new;
        end
      $$;
    drop trigger prints_set_updated_at on prints;
    create trigger prints_set_updated_at before update on prints
      for each row execute function public.prints_set_updated_at();
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop trigger if exists prints_set_updated_at on prints;
    create trigger prints_set_updated_at before update on prints
      for each row execute function public.set_updated_at();
    drop function if exists public.prints_set_updated_at();
    alter table artists drop column if exists role;
    `,
  );
}
