// What an enquiry is about, beyond one print (issue 22):
// - prints: the visitor's shortlist sent with one enquiry, as [{ "id": uuid, "title": text }] in the visitor's
//   order — titles kept as sent, like print_title, so the artist still knows what was asked about when a print is
//   deleted later. Null for a print enquiry or a contact message.
// - room_id / room_title: the viewing room the enquiry was sent from (so the artist knows which curator asks);
//   room_id is cleared when the room is deleted, the title stays.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table enquiries
      add column prints jsonb check (prints is null or (jsonb_typeof(prints) = 'array' and jsonb_array_length(prints) between 1 and 50)),
      add column room_id uuid references viewing_rooms (id) on delete set null,
      add column room_title text check (room_title is null or length(room_title) <= 500);
    create index enquiries_room_idx on enquiries (room_id);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    drop index if exists enquiries_room_idx;
    alter table enquiries drop column if exists room_title, drop column if exists room_id, drop column if exists prints;
    `,
  );
}
