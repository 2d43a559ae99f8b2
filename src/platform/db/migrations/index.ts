// Every migration, in order. Listed statically (no directory scan) so the compiled build finds them too.
// Add new ones at the end with the next number; never edit one that has shipped.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_vocabulary.js';
import * as m0003 from './0003_catalogue.js';
import * as m0004 from './0004_operations.js';
import * as m0005 from './0005_auth.js';
import * as m0006 from './0006_search.js';
import * as m0007 from './0007_search_performance.js';
import * as m0008 from './0008_studio.js';
import * as m0009 from './0009_search_speed.js';
import * as m0011 from './0011_site_owner.js';
import * as m0012 from './0012_exhibitions.js';
import * as m0013 from './0013_enquiries.js';
import * as m0014 from './0014_viewing_rooms.js';
import * as m0015 from './0015_enquiry_context.js';
import * as m0017 from './0017_inventory_number.js';
import * as m0018 from './0018_certificates.js';
import * as m0021 from './0021_small_image_version.js';
import * as m0022 from './0022_business.js';
import * as m0023 from './0023_iiif.js';
import * as m0024 from './0024_impressions_generation.js';
import * as m0025 from './0025_print_images.js';
import * as m0026 from './0026_plate_states.js';
import * as m0027 from './0027_print_zoom_limit.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_foundation': m0001,
  '0002_vocabulary': m0002,
  '0003_catalogue': m0003,
  '0004_operations': m0004,
  '0005_auth': m0005,
  '0006_search': m0006,
  '0007_search_performance': m0007,
  '0008_studio': m0008,
  '0009_search_speed': m0009,
  '0011_site_owner': m0011,
  '0012_exhibitions': m0012,
  '0013_enquiries': m0013,
  '0014_viewing_rooms': m0014,
  '0015_enquiry_context': m0015,
  '0017_inventory_number': m0017,
  '0018_certificates': m0018,
  '0021_small_image_version': m0021,
  '0022_business': m0022,
  '0023_iiif': m0023,
  '0024_impressions_generation': m0024,
  '0025_print_images': m0025,
  '0026_plate_states': m0026,
  '0027_print_zoom_limit': m0027,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
