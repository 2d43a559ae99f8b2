// SQL of the legal module: notices are stored with a first 'received' action, so every notice has a trail.
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../platform/db/schema.js';
import type { TakedownNotice } from './validation.js';

export async function insertTakedownNotice(
  db: Kysely<Database>,
  notice: TakedownNotice,
  language: Language,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('takedown_notices')
      .values({
        work_concerned: notice.workConcerned,
        infringing_url: notice.infringingUrls.join('\n'),
        claimant_name: notice.claimantName,
        claimant_email: notice.claimantEmail,
        claimant_address: notice.claimantAddress,
        claimant_phone: notice.claimantPhone,
        statement_good_faith: true,
        statement_accuracy: true,
        signature: notice.signature,
        description: notice.description,
        language,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('takedown_actions')
      .values({ notice_id: id, action: 'received', note: 'Submitted with the public form', actor: null })
      .execute();
    return id;
  });
}

export async function takedownNoticeExists(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom('takedown_notices').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
