// Web and worker dynos start at the same moment on an empty database: both job queues must come up.
import { describe, expect, it } from 'vitest';
import { createQueue } from '../../src/platform/queue/index.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { createTestPostgres, testConfig } from '../helpers/db.js';

describe('job queue start-up on PostgreSQL', () => {
  it.each([1, 2, 3])(
    'two processes starting at once on a fresh database both start (round %i)',
    async () => {
      const pg = await createTestPostgres();
      const config = testConfig({ DATABASE_URL: pg.url });
      const handles = await Promise.all([openDatabase(config), openDatabase(config), openDatabase(config)]);
      try {
        const queues = handles.map((h) => createQueue(h, { supervise: false }));
        const results = await Promise.allSettled(queues.map((q) => q.start()));
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual([
          'started',
          'started',
          'started',
        ]);
        await Promise.all(queues.map((q) => q.stop({ graceful: false, timeoutMs: 1000 })));
      } finally {
        await Promise.all(handles.map((h) => h.close()));
        await pg.drop();
      }
    },
    60_000,
  );
});
