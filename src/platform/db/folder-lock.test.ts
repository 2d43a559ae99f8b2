import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FolderInUseError,
  lockFolder,
  processStartTime,
  readLockHolder,
  type LockHolder,
} from './folder-lock.js';

let dir: string;
let folder: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'copper-lock-'));
  folder = path.join(dir, 'db');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has already ended. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(run.stdout.toString());
}

async function plant(holder: Partial<LockHolder>): Promise<void> {
  const full: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: processStartTime(process.pid),
    startedAt: '2026-01-01T00:00:00.000Z',
    command: 'src/main.ts',
    ...holder,
  };
  await fs.writeFile(`${folder}.lock`, JSON.stringify(full));
}

describe('lockFolder', () => {
  it('records this process as the holder and removes the file on release', async () => {
    const lock = await lockFolder(folder);
    expect(await readLockHolder(lock.path)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect((await fs.stat(lock.path)).mode & 0o777).toBe(0o600);
    await lock.release();
    await expect(fs.access(lock.path)).rejects.toThrow();
  });

  it('refuses a second holder while the first lives, naming it', async () => {
    const lock = await lockFolder(folder);
    const second = await lockFolder(folder).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(FolderInUseError);
    expect((second as FolderInUseError).holder.pid).toBe(process.pid);
    expect((second as Error).message).toContain(`in use by another process (pid ${process.pid}`);
    expect((second as Error).message).toContain('stop the gallery');
    await lock.release();
    const again = await lockFolder(folder);
    await again.release();
  });

  it('takes over at once the lock of a process that is gone (kill -9, crash)', async () => {
    await plant({ pid: deadPid(), processStart: '1' });
    const lock = await lockFolder(folder);
    expect((await readLockHolder(lock.path))?.pid).toBe(process.pid);
    expect((await fs.readdir(dir)).filter((f) => f.includes('.stale-'))).toEqual([]);
    await lock.release();
  });

  it.runIf(processStartTime(process.pid) !== null)(
    'takes over a lock whose pid now belongs to another process (pid reuse after a crash)',
    async () => {
      await plant({ pid: process.pid, processStart: 'not-this-process' });
      const lock = await lockFolder(folder);
      expect((await readLockHolder(lock.path))?.processStart).toBe(processStartTime(process.pid));
      await lock.release();
    },
  );

  it.runIf(processStartTime(process.pid) !== null)(
    'takes over the lock of a killed process nobody has reaped yet (a zombie after kill -9 of its group)',
    async () => {
      // sh starts a child that ends half a second later, when sh has become `sleep`, which never collects it: a
      // zombie for 10 s. (A child that ended at once could be reaped by sh before the exec: no zombie, a flake.)
      const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 10'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const pid = Number((await once(parent.stdout, 'data'))[0].toString().trim());
        const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        while (state() !== 'Z') await new Promise((r) => setTimeout(r, 10));
        expect(() => process.kill(pid, 0)).not.toThrow(); // it still answers signals
        await plant({ pid, processStart: processStartTime(pid) });
        const lock = await lockFolder(folder);
        expect((await readLockHolder(lock.path))?.pid).toBe(process.pid);
        await lock.release();
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  it('treats an empty or garbled lock file (crash while writing it) as stale', async () => {
    await fs.writeFile(`${folder}.lock`, '{"pid": 12');
    const lock = await lockFolder(folder);
    await lock.release();
  });

  it('refuses a lock held on another host, and says how to clear it', async () => {
    await plant({ hostname: 'another-host.example', pid: 1 });
    const error = await lockFolder(folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderInUseError);
    expect((error as Error).message).toContain('on host another-host.example');
    expect((error as Error).message).toContain(`delete ${folder}.lock`);
  });

  it('release leaves a lock alone that is no longer its own', async () => {
    const lock = await lockFolder(folder);
    await plant({ startedAt: '2026-02-02T00:00:00.000Z' });
    await lock.release();
    expect((await readLockHolder(`${folder}.lock`))?.startedAt).toBe('2026-02-02T00:00:00.000Z');
  });
});
