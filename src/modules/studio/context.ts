// What every studio page group gets: the adapters, the shared services and the asset catalogue.
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import type { AssetCatalog } from '../../platform/assets.js';
import type { CatalogueService } from '../catalogue/service.js';
import type { SearchService } from '../search/service.js';

export interface StudioDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly storage: Storage;
  /** Absent in tests that run without a queue: pages that would queue work say so. */
  readonly queue: Queue | undefined;
  readonly assets: AssetCatalog;
  /** The same instance the JSON API uses, so a studio change clears the public API's cache at once. */
  readonly catalogue: CatalogueService;
  readonly search: SearchService;
}
