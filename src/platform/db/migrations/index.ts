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
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
