// The catalogue: prints, galleries, the edition ledger, exhibitions, the vocabulary and the artist's settings, and what
// visitors may read of them. One instance per app, shared by the JSON API, the studio and the public site, so
// every change goes through the same rules, the same audit trail and clears the same cache.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { placementScheduler } from '../media/visibility.js';
import { BulkEditService } from './bulk-edit-service.js';
import { EditionsService } from './editions-service.js';
import { ExhibitionsService } from './exhibitions-service.js';
import { GalleriesService } from './galleries-service.js';
import { InventoryService } from './inventory-service.js';
import { Changes, PublicCache } from './kit.js';
import { PrintImagesService } from './print-images-service.js';
import { PrintsService } from './prints-service.js';
import { PublicCatalogue } from './public-service.js';
import { SettingsService } from './settings-service.js';
import { PlateStatesService } from './states-service.js';
import { VocabularyService } from './vocabulary-service.js';

export interface Catalogue {
  readonly public: PublicCatalogue;
  readonly galleries: GalleriesService;
  readonly prints: PrintsService;
  /** A print's images: the primary and the additional ones (decision 024). */
  readonly images: PrintImagesService;
  /** A print's plate states and the impressions pulled from each (decision 025). */
  readonly states: PlateStatesService;
  /** Setting or clearing fields of many prints at once (the studio's bulk edit and POST /prints/bulk). */
  readonly bulk: BulkEditService;
  readonly editions: EditionsService;
  readonly exhibitions: ExhibitionsService;
  readonly vocabulary: VocabularyService;
  readonly settings: SettingsService;
  /** The inventory spreadsheet: export and import (issue 22). */
  readonly inventory: InventoryService;
  /** Forgets cached public answers (after a change made outside the catalogue, e.g. a restore). */
  invalidatePublic(): void;
}

export interface CatalogueDeps {
  db: Kysely<Database>;
  storage: Storage;
  /** Web processes send jobs; absent in tests and tools that do not need it. */
  queue?: Queue | undefined;
}

export function createCatalogue({ db, storage, queue }: CatalogueDeps): Catalogue {
  const cache = new PublicCache(db);
  const changes = new Changes(db, cache);
  const prints = new PrintsService(db, storage, queue, changes);
  const place = placementScheduler(db, storage, queue);
  return {
    public: new PublicCatalogue(db, storage, cache),
    galleries: new GalleriesService(db, changes, place),
    prints,
    images: new PrintImagesService(db, storage, queue, changes, prints),
    states: new PlateStatesService(db, changes, prints),
    bulk: new BulkEditService(db, storage, changes, place),
    editions: new EditionsService(db, changes, prints),
    exhibitions: new ExhibitionsService(db, changes),
    vocabulary: new VocabularyService(db, changes),
    settings: new SettingsService(db, queue, changes),
    inventory: new InventoryService(db, changes),
    invalidatePublic: () => cache.clear(),
  };
}

export type { Actor, PageInput } from './kit.js';
export type { UploadedImage } from './prints-service.js';
export type { ImportResult, ImportRowOut } from './inventory-service.js';
