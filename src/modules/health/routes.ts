// /healthz: the process is up. /readyz: database and storage answer; 503 names the failing part. The public answer
// holds names and booleans only: what went wrong (connection strings, hosts, bucket names) goes to the log.
import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';

export interface HealthDeps {
  database: DatabaseHandle;
  storage: Storage;
}

const CHECK_TIMEOUT_MS = 3000;

async function check(
  name: string,
  run: () => Promise<void>,
): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsync<HealthDeps> = async (app, { database, storage }) => {
  const noStore = { 'cache-control': 'no-store' };
  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    return reply.headers(noStore).send({ status: 'ok' });
  });

  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    const [db, files] = await Promise.all([
      check('database', () => database.ping()),
      check('storage', () => storage.ping()),
    ]);
    const ready = db.ok && files.ok;
    const failing = [db, files].filter((c) => !c.ok);
    if (!ready) req.log.warn({ failing }, 'readiness check failed');
    return reply
      .code(ready ? 200 : 503)
      .headers(noStore)
      .send({
        status: ready ? 'ready' : 'unavailable',
        database: { engine: database.engine, ok: db.ok },
        storage: { driver: storage.driver, ok: files.ok },
        ...(ready ? {} : { failing: failing.map((c) => c.name) }),
      });
  });
};
