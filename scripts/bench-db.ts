// Price of making PGlite's acknowledged writes durable (the WAL flush before each write is acknowledged,
// docs/decisions/010): the same writes and reads on an on-disk PGlite with the flush (the app's setting) and
// without it (the baseline, measured in the same run), interleaved in rounds.
//
//   npm run bench:db              (3 rounds of 500 operations each)
//   BENCH_ROUNDS=5 BENCH_OPS=1000 npm run bench:db
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OPS = Number(process.env.BENCH_OPS ?? 500);

type Kind = 'write transaction' | 'single insert' | 'read';

async function measure(flush: boolean, dir: string): Promise<Record<Kind, number>> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const handle = await openDatabase(config, { pgliteFlush: flush });
  try {
    await sql`create table if not exists bench (id serial primary key, v text)`.execute(handle.db);
    const time = async (run: (i: number) => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < OPS; i++) await run(i);
      return (performance.now() - started) / OPS;
    };
    return {
      'write transaction': await time((i) =>
        handle.db.transaction().execute(async (trx) => {
          await sql`insert into bench (v) values (${`t${i}`})`.execute(trx);
          await sql`update bench set v = v || '!' where id = 1`.execute(trx);
        }),
      ),
      'single insert': await time((i) => sql`insert into bench (v) values (${`s${i}`})`.execute(handle.db)),
      read: await time(() => sql`select count(*) from bench`.execute(handle.db)),
    };
  } finally {
    await handle.close();
  }
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-bench-db-'));
const totals: Record<'flush' | 'os', Record<Kind, number[]>> = {
  flush: { 'write transaction': [], 'single insert': [], read: [] },
  os: { 'write transaction': [], 'single insert': [], read: [] },
};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (['flush', 'os'] as const) : (['os', 'flush'] as const)) {
      const result = await measure(mode === 'flush', path.join(root, `${mode}-${round}`));
      for (const [kind, ms] of Object.entries(result)) totals[mode][kind as Kind].push(ms);
    }
  }
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(
  `PGlite on disk, ${ROUNDS} rounds × ${OPS} operations, median ms per operation (load ${os.loadavg()[0]?.toFixed(2)})`,
);
console.log('operation          | OS only (baseline) | flushed | ratio');
for (const kind of Object.keys(totals.os) as Kind[]) {
  const base = median(totals.os[kind]);
  const flushed = median(totals.flush[kind]);
  console.log(
    `${kind.padEnd(18)} | ${base.toFixed(3).padStart(18)} | ${flushed.toFixed(3).padStart(7)} | ${(flushed / base).toFixed(2)}×`,
  );
}
