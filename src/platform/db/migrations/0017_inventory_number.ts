// The artist's own inventory number of a print (issue 22): printmakers keep edition books keyed by it, and the
// spreadsheet import matches rows by it. Optional, trimmed, at most 50 characters, unique per artist. Private to
// the artist: never on a public page, feed or the public API (not in the search documents either).
// awaited_image_name: the file name of an image the artist will upload for a print that has none yet (a spreadsheet
// import's image_file_name); a bulk upload of a file with that name attaches it to this print (then it is cleared).
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table prints add column inventory_number text
      constraint prints_inventory_number_check check (
        inventory_number is null
        or (length(inventory_number) between 1 and 50 and inventory_number = btrim(inventory_number))
      );
    alter table prints add constraint prints_artist_inventory_number_key unique (artist_id, inventory_number);
    alter table prints add column awaited_image_name text
      constraint prints_awaited_image_name_check check (
        awaited_image_name is null
        or (length(awaited_image_name) between 1 and 255 and awaited_image_name = btrim(awaited_image_name))
      );
    create index prints_awaited_image_name_idx on prints (artist_id, lower(awaited_image_name))
      where awaited_image_name is not null;
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `drop index if exists prints_awaited_image_name_idx;
     alter table prints drop column if exists awaited_image_name;
     alter table prints drop constraint if exists prints_artist_inventory_number_key;
     alter table prints drop column if exists inventory_number;`,
  );
}
