// Process entry. `node dist/src/main.js [--role=web|worker|all]` serves; `node dist/src/main.js release` migrates.
// Locally the default role `all` runs web and worker in one process and migrates on start.
import { mkdirSync, accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './platform/logger.js';
import { openDatabase } from './platform/db/index.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createStorage } from './platform/storage/index.js';
import { createQueue, type Queue } from './platform/queue/index.js';
import { buildApp } from './app.js';
import { ensureLocalArtist, printLocalCredentials } from './modules/auth/local-artist.js';
import { writeTokenMaterial } from './modules/auth/tokens.js';

export type Role = 'web' | 'worker' | 'all';

/** Heroku sends SIGKILL 30 s after SIGTERM; finish well before. */
const SHUTDOWN_GRACE_MS = 25_000;

class StartupError extends Error {}

export function parseArgs(argv: readonly string[]): { command: 'serve' | 'release'; role: Role } {
  let command: 'serve' | 'release' = 'serve';
  let role: Role = 'all';
  for (const arg of argv) {
    if (arg === 'release') command = 'release';
    else if (arg.startsWith('--role=')) {
      const value = arg.slice('--role='.length);
      if (value !== 'web' && value !== 'worker' && value !== 'all') {
        throw new StartupError(`--role must be web, worker or all (got "${value}")`);
      }
      role = value;
    } else throw new StartupError(`unknown argument "${arg}" (expected release or --role=web|worker|all)`);
  }
  return { command, role };
}

function ensureWritableDataDir(config: Config): void {
  if (config.database.url && config.storage.driver === 's3') return;
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (err) {
    throw new StartupError(
      `DATA_DIR ${config.dataDir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

async function release(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase(config);
  try {
    const { applied } = await migrateToLatest(database);
    log.info(
      { applied, engine: database.engine },
      applied.length ? 'migrations applied' : 'database schema up to date',
    );
  } finally {
    await database.close();
  }
}

async function serve(config: Config, role: Role, log: Logger): Promise<void> {
  const closers: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  // One shutdown, however many ask for it (a signal during start-up and the start-up's own failure): the process
  // exits only after it has finished, so the database is closed and its folder lock released.
  const shutdown = () =>
    (stopping ??= (async () => {
      for (let close = closers.pop(); close; close = closers.pop()) await close();
    })());
  // Signals are handled from the first moment: a SIGTERM during start-up still closes what was opened.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'shutting down after an error');
    else log.info({ signal }, 'shutting down');
    await shutdown();
    log.info('stopped');
  });

  try {
    const database = await openDatabase(config);
    closers.push(() => database.close());
    // Locally there is no release phase: the single process migrates.
    if (role === 'all') {
      const { applied } = await migrateToLatest(database);
      log.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
    }
    const storage = createStorage(config);
    const queue: Queue = createQueue(database, { logger: log });
    await queue.start();
    closers.push(() => queue.stop({ graceful: true, timeoutMs: SHUTDOWN_GRACE_MS - 5_000 }));

    if (role === 'worker' || role === 'all') {
      // Loaded only here: the worker brings the image pipeline (sharp, libvips), which a web process never maps
      // (decision 001; tests/integration/production-boot.test.ts reads the web process's memory map).
      const { startWorker } = await import('./worker.js');
      await startWorker({ config, database, storage, queue, log });
    }
    if (role === 'web' || role === 'all') {
      const app = await buildApp({ config, database, storage, queue, loggerInstance: log });
      // Closed last-registered-first: the HTTP server drains before jobs and the database stop.
      closers.push(() => app.close());
      // With the embedded issuer: the local artist exists (created on first start) before the process answers
      // /readyz, so a script that waits for readiness can sign in or mint a token at once. Credentials printed once.
      const localArtist = await ensureLocalArtist(config, database);
      await app.listen({ port: config.port, host: config.host });
      printLocalCredentials(localArtist, config);
      // `npm run token` cannot open the embedded database while this process holds it: leave it what it needs.
      if (database.engine === 'pglite' && !config.oidc.issuerUrl) {
        closers.push(await writeTokenMaterial(config, database));
      }
    }
    log.info(
      { role, engine: database.engine, storage: storage.driver, port: config.port },
      'copper print gallery started',
    );
  } catch (err) {
    await shutdown().catch(() => undefined);
    throw err;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const log = createLogger(config);
  try {
    const { command, role } = parseArgs(process.argv.slice(2));
    ensureWritableDataDir(config);
    if (command === 'release') await release(config, log);
    else await serve(config, role, log);
  } catch (err) {
    fail(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One line, no stack: the operator needs the cause, not a trace. */
function fail(message: string): never {
  process.stderr.write(`copper-print-gallery: ${message.split('\n')[0]}\n`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
