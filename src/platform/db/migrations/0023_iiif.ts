// IIIF (issue 19, docs/decisions/023-iiif.md): zoom tiles in IIIF Image API 3.0 level 0 layout replace the DZI
// tiles. images.iiif_key is the key of an image's info.json (its tiles sit in the same folder); iiif_width and
// iiif_height are the size of the picture the tiles are cut from (at most the zoom limit, never the original's
// size when that is larger). dzi_key stays for images processed before this migration: the worker reprocesses
// every image that still has one (media/jobs.ts), which clears it. Settings: the largest size visitors may zoom to
// (the long edge in pixels) and an optional licence URI for the IIIF manifests' `rights`.
import { runSql, type AnyDb } from './util.js';

export async function up(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table images add column iiif_key text;
    alter table images add column iiif_width integer
      constraint images_iiif_width_check check (iiif_width is null or iiif_width > 0);
    alter table images add column iiif_height integer
      constraint images_iiif_height_check check (iiif_height is null or iiif_height > 0);
    alter table settings add column zoom_max_pixels integer not null default 6000
      constraint settings_zoom_max_pixels_check check (zoom_max_pixels between 1000 and 20000);
    alter table settings add column licence_url text
      constraint settings_licence_url_check check (licence_url is null or length(licence_url) between 1 and 200);
    `,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await runSql(
    db,
    `
    alter table settings drop column licence_url;
    alter table settings drop column zoom_max_pixels;
    alter table images drop column iiif_height;
    alter table images drop column iiif_width;
    alter table images drop column iiif_key;
    `,
  );
}
