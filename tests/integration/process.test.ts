// The process as an operator meets it: start on embedded defaults, stop on SIGTERM, refuse bad settings in one line.
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres } from '../helpers/db.js';
import { freePort, startSource, waitForStatus, type RunningProcess } from '../helpers/process.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'copper-process-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function stopGracefully(run: RunningProcess): Promise<{ code: number | string; ms: number }> {
  const started = Date.now();
  run.child.kill('SIGTERM');
  const code = await Promise.race([
    run.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
  ]);
  if (code === 'timeout') run.child.kill('SIGKILL');
  return { code, ms: Date.now() - started };
}

describe('the gallery process', () => {
  it('starts on embedded defaults, stops cleanly on SIGTERM and reuses its data on the next start', async () => {
    const dataDir = path.join(tmp, 'embedded');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' };

    const first = startSource(['src/main.ts'], env);
    // From source on a first start: tsx compiles every module and PGlite runs initdb (60 s was not enough on a
    // loaded 2-core machine); a hang or a crash is still caught, the latter at once.
    await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 120_000, first);
    const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 10_000);
    expect(await ready.json()).toMatchObject({
      database: { engine: 'pglite' },
      storage: { driver: 'local' },
    });
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(['db']));
    expect(first.stdout()).toContain('"msg":"migrations applied"');
    const stop = await stopGracefully(first);
    expect(stop.code).toBe(0);
    expect(stop.ms).toBeLessThan(10_000);
    expect(first.stdout()).toContain('"msg":"stopped"');

    const second = startSource(['src/main.ts'], env);
    await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 60_000, second);
    expect(second.stdout()).toContain('"msg":"database schema up to date"');
    expect((await stopGracefully(second)).code).toBe(0);
  }, 240_000);

  it('runs on PostgreSQL when DATABASE_URL is set', async () => {
    const db = await createTestPostgres();
    try {
      const port = await freePort();
      const run = startSource(['src/main.ts'], {
        DATA_DIR: path.join(tmp, 'pg'),
        PORT: String(port),
        DATABASE_URL: db.url,
        LOG_LEVEL: 'warn',
      });
      const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 60_000);
      expect(await ready.json()).toMatchObject({ database: { engine: 'postgres', ok: true } });
      // Ready means the local artist exists: a script that waited for /readyz can sign in or mint a token next.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ subject: string | null }>(
          `select idp_subject as subject from artists where email = 'artist@localhost'`,
        );
        expect(rows.map((r) => r.subject?.startsWith('local|'))).toEqual([true]);
      } finally {
        await client.end();
      }
      expect((await stopGracefully(run)).code).toBe(0);
    } finally {
      await db.drop();
    }
  }, 90_000);

  async function expectOneLineRefusal(
    env: Record<string, string>,
    pattern: RegExp,
    args: string[] = ['src/main.ts'],
  ) {
    const run = startSource(args, { LOG_LEVEL: 'silent', PORT: String(await freePort()), ...env });
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines, run.stderr()).toHaveLength(1);
    expect(lines[0]).toMatch(/^copper-print-gallery: /);
    expect(lines[0]).toMatch(pattern);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  }

  it('refuses an unreachable DATABASE_URL in one line', async () => {
    await expectOneLineRefusal(
      { DATA_DIR: path.join(tmp, 'bad-db'), DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/nowhere' },
      /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/,
    );
  }, 30_000);

  it('does not leak the database password in the refusal', async () => {
    const run = startSource(['src/main.ts'], {
      LOG_LEVEL: 'silent',
      DATA_DIR: path.join(tmp, 'bad-db2'),
      DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/nowhere',
    });
    await run.exited;
    expect(run.stderr() + run.stdout()).not.toContain('hunter2');
  }, 30_000);

  it('refuses a production start without its required settings in one line naming them', async () => {
    await expectOneLineRefusal(
      { NODE_ENV: 'production' },
      /DATABASE_URL is required in production.*SESSION_SECRET/,
    );
  }, 30_000);

  it('refuses a DATA_DIR that cannot be written in one line', async () => {
    const file = path.join(tmp, 'not-a-folder');
    await writeFile(file, 'x');
    await expectOneLineRefusal(
      { DATA_DIR: path.join(file, 'data') },
      /DATA_DIR .*not-a-folder\/data is not writable/,
    );
  }, 30_000);

  it('refuses an unknown role in one line', async () => {
    await expectOneLineRefusal({ DATA_DIR: path.join(tmp, 'role') }, /--role must be web, worker or all/, [
      'src/main.ts',
      '--role=admin',
    ]);
  }, 30_000);
});
