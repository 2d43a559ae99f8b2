// The impression ledger moves the catalogue generation (0009) too. Until now only its per-print verdict
// (print_ledger) did, which changes only when a print's availability as a whole changes: selling 5/25 while others
// remain left cards and print pages saying "7 of 25 available" until FRESH_MS passed, and the card rows kept per
// generation (catalogue/cards-cache.ts) would have kept it until the next other change.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    create constraint trigger impressions_search_generation after insert or update or delete on impressions
      deferrable initially deferred for each row execute function public.search_generation_bump();
    create trigger impressions_search_generation_truncate after truncate on impressions
      for each statement execute function public.search_generation_bump();
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop trigger if exists impressions_search_generation on impressions;
    drop trigger if exists impressions_search_generation_truncate on impressions;
    `,
  );
}
