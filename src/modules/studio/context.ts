// What every studio page group gets: the adapters, the shared services and the asset catalogue.
import type { Config } from '../../config.js';
import type { CertificateService } from '../certificates/service.js';
import type { ExportService } from '../exports/service.js';
import type { BusinessService } from '../business/service.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import type { AssetCatalog } from '../../platform/assets.js';
import type { Catalogue } from '../catalogue/index.js';
import type { SearchService } from '../search/service.js';
import type { BackupService } from '../backups/service.js';
import type { ViewingRoomService } from '../rooms/service.js';
import type { EnquiryService } from '../enquiries/service.js';

export interface StudioDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly storage: Storage;
  /** Absent in tests that run without a queue: pages that would queue work say so. */
  readonly queue: Queue | undefined;
  readonly assets: AssetCatalog;
  /** The same instance the JSON API uses, so a studio change clears the public API's cache at once. */
  readonly catalogue: Catalogue;
  readonly search: SearchService;
  /** The same instance the JSON API uses: one backup request rule for both. */
  readonly backups: BackupService;
  /** The same instance the artist API uses (decision 015). */
  readonly rooms: ViewingRoomService;
  /** The same instance the JSON API uses. */
  readonly enquiries: EnquiryService;
  /** Certificates of authenticity (decision 020); absent: the impression page offers no new verification code. */
  readonly certificates?: CertificateService | undefined;
  /** The price list and the impression ledger (issue 18); absent: their studio downloads answer 404. */
  readonly exports?: ExportService | undefined;
  /** Contacts, sales and consignments (decision 022): the same instance the artist API uses. */
  readonly business: BusinessService;
}
