// The cards' image version `small` (issue 21, docs/decisions/021-card-images.md): 400 wide, on the print's
// proportions, watermarked. Images processed before it have no such row and their cards fall back to medium;
// they get it when processed again (a watermark change, a replacement, a retry).
import { runSql, type AnyDb } from './util.js';

const WITH_SMALL = `'thumbnail', 'thumbnail_2x', 'small', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge'`;
const WITHOUT_SMALL = `'thumbnail', 'thumbnail_2x', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge'`;

function checks(list: string): string {
  return `
    alter table image_versions drop constraint if exists image_versions_version_check;
    alter table image_versions add constraint image_versions_version_check
      check (version in ('original', ${list}));
    alter table viewing_rooms drop constraint if exists viewing_rooms_max_version_check;
    alter table viewing_rooms add constraint viewing_rooms_max_version_check check (max_version in (${list}));
    alter table viewing_rooms drop constraint if exists viewing_rooms_download_version_check;
    alter table viewing_rooms add constraint viewing_rooms_download_version_check
      check (download_version in (${list}));
  `;
}

export async function up(db: AnyDb): Promise<void> {
  await runSql(db, checks(WITH_SMALL));
}

export async function down(db: AnyDb): Promise<void> {
  // Rooms that chose small show up to medium again; small rows go (their files are left to the next processing).
  await runSql(
    db,
    `update viewing_rooms set max_version = 'medium' where max_version = 'small';
     update viewing_rooms set download_version = 'medium' where download_version = 'small';
     delete from image_versions where version = 'small';
     ${checks(WITHOUT_SMALL)}`,
  );
}
