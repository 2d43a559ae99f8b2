// Child process of the crash test: processes one image on the database/storage the parent names, and is
// SIGKILLed by the parent half way through.
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { processImage } from '../../src/modules/media/service.js';

const config = loadConfig(process.env);
const handle = await openDatabase(config);
const storage = createStorage(config);
process.stdout.write('started\n');
await processImage(
  { db: handle.db, storage, maxPixels: config.images.maxPixels, maxBytes: config.storage.uploadMaxBytes },
  process.argv[2] ?? '',
);
process.stdout.write('finished\n');
await handle.close();
