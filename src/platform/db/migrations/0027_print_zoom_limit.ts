// A zoom limit per print (issue 19, docs/decisions/023-iiif.md): the largest size visitors may zoom to into this
// print's images, the long edge in pixels, in the same range as the site-wide setting (settings.zoom_max_pixels,
// 0023). Null (every existing print) means the site-wide setting applies.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table prints add column zoom_max_pixels integer
      constraint prints_zoom_max_pixels_check check (zoom_max_pixels is null or zoom_max_pixels between 1000 and 20000);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(db, `alter table prints drop column zoom_max_pixels;`);
}
