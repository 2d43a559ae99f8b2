// Built-in bilingual vocabulary (artist_id null): techniques, plate materials and availability.
// An artist may add their own terms (same kind, own artist_id); keys are stable slugs used by prints.
import { sql } from 'kysely';
import type { AnyDb } from './util.js';

type Term = readonly [key: string, en: string, da: string];

export const BUILT_IN_VOCABULARY: Readonly<
  Record<'technique' | 'plate_material' | 'availability', readonly Term[]>
> = {
  technique: [
    ['etching', 'Etching', 'Radering'],
    ['engraving', 'Engraving', 'Kobberstik'],
    ['drypoint', 'Drypoint', 'Tørnål'],
    ['aquatint', 'Aquatint', 'Akvatinte'],
    ['mezzotint', 'Mezzotint', 'Mezzotinte'],
    ['soft-ground', 'Soft ground', 'Blødgrund'],
    ['chine-colle', 'Chine-collé', 'Chine-collé'],
    ['photogravure', 'Photogravure', 'Fotogravure'],
    ['sugar-lift', 'Sugar lift', 'Sukkerætsning'],
    ['spit-bite', 'Spit bite', 'Spit bite'],
  ],
  plate_material: [
    ['copper', 'Copper', 'Kobber'],
    ['zinc', 'Zinc', 'Zink'],
    ['steel', 'Steel', 'Stål'],
    ['brass', 'Brass', 'Messing'],
    ['plexiglas', 'Plexiglas', 'Plexiglas'],
  ],
  availability: [
    ['available', 'Available', 'Til salg'],
    ['sold', 'Sold', 'Solgt'],
    ['reserved', 'Reserved', 'Reserveret'],
    ['not-for-sale', 'Not for sale', 'Ikke til salg'],
    ['on-loan', 'On loan', 'Udlånt'],
  ],
};

export async function up(db: AnyDb): Promise<void> {
  for (const [kind, terms] of Object.entries(BUILT_IN_VOCABULARY)) {
    for (const [index, [key, en, da]] of terms.entries()) {
      await sql`
        insert into vocabulary_terms (artist_id, kind, key, label, sort)
        values (null, ${kind}, ${key}, ${JSON.stringify({ da, en })}::jsonb, ${(index + 1) * 10})
        on conflict on constraint vocabulary_terms_kind_key_artist_key do nothing
      `.execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from vocabulary_terms where artist_id is null`.execute(db);
}
