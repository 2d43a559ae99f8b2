// SQL of a print's plate states (migration 0026, decision 025) and the impressions pulled from each.
import type { Selectable, Updateable } from 'kysely';
import type { PlateStatesTable } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

export type PlateStateRow = Selectable<PlateStatesTable>;

/** The print's states, I first. */
export async function listStates(db: Db, printId: string): Promise<PlateStateRow[]> {
  return db
    .selectFrom('plate_states')
    .selectAll()
    .where('print_id', '=', printId)
    .orderBy('number')
    .execute();
}

export async function findState(
  db: Db,
  printId: string,
  stateId: string,
  forUpdate = false,
): Promise<PlateStateRow | undefined> {
  const query = db
    .selectFrom('plate_states')
    .selectAll()
    .where('print_id', '=', printId)
    .where('id', '=', stateId);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** The next free number after the highest (1 for a print without states). */
export async function nextNumber(db: Db, printId: string): Promise<number> {
  const row = await db
    .selectFrom('plate_states')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('print_id', '=', printId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertState(
  db: Db,
  printId: string,
  values: { number: number; dated: string | null; description: string; image_id: string | null },
): Promise<PlateStateRow> {
  return db
    .insertInto('plate_states')
    .values({ ...values, print_id: printId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateState(
  db: Db,
  stateId: string,
  values: Updateable<PlateStatesTable>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('plate_states').set(values).where('id', '=', stateId).execute();
}

export async function deleteState(db: Db, stateId: string): Promise<void> {
  await db.deleteFrom('plate_states').where('id', '=', stateId).execute();
}

/** Per state of the print: the ids of the impressions pulled from it. */
export async function impressionsByState(db: Db, printId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('impressions')
    .select(['id', 'plate_state_id'])
    .where('print_id', '=', printId)
    .where('plate_state_id', 'is not', null)
    .orderBy('kind')
    .orderBy('number')
    .orderBy('created_at')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.plate_state_id!) ?? [];
    list.push(r.id);
    out.set(r.plate_state_id!, list);
  }
  return out;
}

/** Which of these ids are impressions of the print. */
export async function impressionsOfPrint(
  db: Db,
  printId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('impressions')
    .select('id')
    .where('print_id', '=', printId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Exactly these impressions of the print name the state afterwards (others that did are cleared). */
export async function assignImpressions(
  db: Db,
  printId: string,
  stateId: string,
  impressionIds: readonly string[],
): Promise<void> {
  let clear = db
    .updateTable('impressions')
    .set({ plate_state_id: null })
    .where('print_id', '=', printId)
    .where('plate_state_id', '=', stateId);
  if (impressionIds.length > 0) clear = clear.where('id', 'not in', [...impressionIds]);
  await clear.execute();
  if (impressionIds.length === 0) return;
  await db
    .updateTable('impressions')
    .set({ plate_state_id: stateId })
    .where('print_id', '=', printId)
    .where('id', 'in', [...impressionIds])
    .execute();
}

/** Whether the image is one of the print's (any role; the primary included). */
export async function isImageOfPrint(db: Db, printId: string, imageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('prints')
    .select('id')
    .where('id', '=', printId)
    .where((eb) =>
      eb.or([
        eb('image_id', '=', imageId),
        eb.exists(
          eb
            .selectFrom('images')
            .select('images.id')
            .where('images.id', '=', imageId)
            .where('images.print_id', '=', printId),
        ),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
