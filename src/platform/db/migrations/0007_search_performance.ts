// Search performance: the impression ledger's verdict per print (available / reserved / sold) kept in a small side
// table by triggers on impressions, so searches and facet counts join it instead of aggregating every print's
// impressions per request. A print without impressions has no row (its own availability term applies).
// public.print_ledger_rebuild() recomputes the whole table (after bulk loads that held triggers back, e.g. a restore).
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create table print_ledger (
      print_id uuid primary key references prints (id) on delete cascade,
      availability text not null check (availability in ('available', 'reserved', 'sold'))
    );

    -- The verdict of one print's impressions: available if any is, else reserved if any is, else sold.
    create or replace function public.print_ledger_refresh(p_print uuid) returns void
      language plpgsql
      as $$
        declare
          verdict text;
        begin
          select case when bool_or(i.status = 'available') then 'available'
                      when bool_or(i.status = 'reserved') then 'reserved'
                      else 'sold' end
            into verdict
            from public.impressions i
            where i.print_id = p_print
            having count(*) > 0;
          if verdict is null then
            delete from public.print_ledger where print_id = p_print;
          elsif exists (select 1 from public.prints p where p.id = p_print) then
            insert into public.print_ledger (print_id, availability) values (p_print, verdict)
              on conflict (print_id) do update set availability = excluded.availability
              where public.print_ledger.availability is distinct from excluded.availability;
          end if;
        end
      $$;

    create or replace function public.print_ledger_rebuild() returns void
      language sql
      as $$
        delete from public.print_ledger;
        insert into public.print_ledger (print_id, availability)
          select i.print_id,
            case when bool_or(i.status = 'available') then 'available'
                 when bool_or(i.status = 'reserved') then 'reserved'
                 else 'sold' end
          from public.impressions i
          group by i.print_id;
      $$;

    create or replace function public.impressions_ledger_refresh() returns trigger
      language plpgsql
      as $$
        begin
          if tg_op in ('INSERT', 'UPDATE') then
            perform public.print_ledger_refresh(new.print_id);
          end if;
          if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.print_id is distinct from new.print_id) then
            perform public.print_ledger_refresh(old.print_id);
          end if;
          return null;
        end
      $$;
    create trigger impressions_ledger_refresh after insert or delete or update of status, print_id on impressions
      for each row execute function public.impressions_ledger_refresh();

    select public.print_ledger_rebuild();
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop trigger if exists impressions_ledger_refresh on impressions;
    drop function if exists public.impressions_ledger_refresh();
    drop function if exists public.print_ledger_rebuild();
    drop function if exists public.print_ledger_refresh(uuid);
    drop table if exists print_ledger;
    `,
  );
}
