// Plate states (issue 19, docs/decisions/025-plate-states.md): the states I, II, III … a plate went through, as
// records of its print. A state has its number (an integer ≥ 1, shown as a Roman numeral), an optional date as
// precise as the artist knows it (ISO 8601 reduced precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', so it sorts as
// text), a description in both languages and optionally one of the print's images as its state proof. An
// impression names the state it was pulled from: (plate_state_id, print_id) references the state of the same
// print, so an impression can never name another print's state; removing a state clears it on its impressions.
// The public print page, the comparison view and the API's `states` read the table, so it moves the catalogue
// generation (0009) like the other tables visitors see.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table plate_states (
      id uuid primary key default gen_random_uuid(),
      print_id uuid not null references prints (id) on delete cascade,
      number integer not null constraint plate_states_number_check check (number between 1 and 3999),
      dated text constraint plate_states_dated_check
        check (dated ~ '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$'),
      description jsonb not null default '{}'::jsonb,
      image_id uuid references images (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint plate_states_print_number_key unique (print_id, number),
      constraint plate_states_id_print_key unique (id, print_id)
    );
    create index plate_states_image_id_idx on plate_states (image_id);
    create trigger plate_states_set_updated_at before update on plate_states
      for each row execute function public.set_updated_at();
    create constraint trigger plate_states_search_generation after insert or update or delete on plate_states
      deferrable initially deferred for each row execute function public.search_generation_bump();
    create trigger plate_states_search_generation_truncate after truncate on plate_states
      for each statement execute function public.search_generation_bump();

    alter table impressions add column plate_state_id uuid;
    alter table impressions add constraint impressions_plate_state_fkey
      foreign key (plate_state_id, print_id) references plate_states (id, print_id)
      on delete set null (plate_state_id);
    create index impressions_plate_state_idx on impressions (plate_state_id, print_id);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop index if exists impressions_plate_state_idx;
    alter table impressions drop constraint if exists impressions_plate_state_fkey;
    alter table impressions drop column if exists plate_state_id;
    drop table if exists plate_states;
    `,
  );
}
