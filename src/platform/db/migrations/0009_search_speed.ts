// Search speed: a catalogue generation number that changes whenever anything public search reads changes. The
// search module keeps answers and an in-memory snapshot of the published catalogue, and reuses them only while
// the generation is unchanged, so every web process sees every committed change at once (changes made by the
// worker, another dyno or plain SQL included).
//
// The bump is a deferred constraint trigger: it runs at commit, once per transaction (a transaction-local flag
// skips the rest), and takes the generation row's lock only at that last moment, so it cannot take part in a
// deadlock with the row locks a transaction takes before. TRUNCATE (no row events) bumps straight away.
// public.search_changed() bumps by hand (after bulk loads that held triggers back, e.g. a restore).
import { runSql, type AnyDb } from './util.js';

/** Tables whose content public search, its facets, thumbnails or suggestions read. */
const WATCHED = [
  'prints',
  'galleries',
  'gallery_prints',
  'print_tags',
  'tags',
  'print_ledger',
  'vocabulary_terms',
  'image_versions',
] as const;

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table search_generation (
      id boolean primary key default true check (id),
      generation bigint not null
    );
    insert into search_generation (id, generation) values (true, 1);

    create or replace function public.search_changed() returns void
      language sql
      as $$ update public.search_generation set generation = generation + 1 where id $$;

    create or replace function public.search_generation_bump() returns trigger
      language plpgsql
      as $$
        begin
          if current_setting('copper.search_generation_bumped', true) is distinct from 'on' then
            update public.search_generation set generation = generation + 1 where id;
            perform set_config('copper.search_generation_bumped', 'on', true);
          end if;
          return null;
        end
      $$;

    ${WATCHED.map(
      (t) => `
    create constraint trigger ${t}_search_generation after insert or update or delete on ${t}
      deferrable initially deferred for each row execute function public.search_generation_bump();
    create trigger ${t}_search_generation_truncate after truncate on ${t}
      for each statement execute function public.search_generation_bump();`,
    ).join('\n')}
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    ${WATCHED.map(
      (t) => `
    drop trigger if exists ${t}_search_generation_truncate on ${t};
    drop trigger if exists ${t}_search_generation on ${t};`,
    ).join('\n')}
    drop function if exists public.search_generation_bump();
    drop function if exists public.search_changed();
    drop table if exists search_generation;
    `,
  );
}
