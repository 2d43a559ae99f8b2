// The backup and restore commands as the operator runs them (child processes on real PostgreSQL and local
// storage), including the worst case: the backup process killed with SIGKILL while it writes the archive, and
// again while it reads it back. Neither leaves an archive counted as a backup, the three previous backups stay
// and verify, and the next run cleans up and succeeds.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanArchive } from '../../src/modules/backups/archive.js';
import {
  createBackup,
  failInterruptedBackups,
  listBackups,
  type BackupSummary,
} from '../../src/modules/backups/service.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { createArtist, insertPrint } from '../helpers/catalogue.js';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startSource, type RunningProcess } from '../helpers/process.js';

const BIG_IMAGES = 12;
const BIG_IMAGE_MB = 16;

describe('backup and restore commands on PostgreSQL', () => {
  let t: TestDatabase;
  let temp: { dir: string; cleanup(): Promise<void> };
  let storage: Storage;
  let env: Record<string, string>;
  let artistId: string;
  let printId: string;
  let previous: BackupSummary[];
  /** Where the local driver keeps backup archives (and, while writing one, its temporary file). */
  let backupsDir: string;
  const running: RunningProcess[] = [];

  const run = (script: 'backup' | 'restore', args: string[] = []) => {
    // Node itself with tsx's loader: the tsx command would run the script in a child the kill would not reach.
    const p = startSource([`src/cli/${script}.ts`, ...args], env);
    running.push(p);
    return p;
  };
  const finished = async (p: RunningProcess) => {
    const code = await p.exited;
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  };
  const verified = async () =>
    (await listBackups(t.handle.db)).filter((b) => b.status === 'verified').map((b) => b.id);
  const archives = async () => {
    const keys: string[] = [];
    for await (const o of storage.list('backups', 'backups/')) keys.push(o.key);
    return keys.sort();
  };
  const partials = async () => (await fs.readdir(backupsDir)).filter((n) => n.startsWith('.~tmp-'));
  async function checks(key: string): Promise<void> {
    const result = await scanArchive(await storage.getStream('backups', key));
    expect(result.manifest.counts.prints).toBeGreaterThan(0);
  }

  /** Polls until `found` answers something, checking every 20 ms; fails when the process ends first. */
  async function waitFor<T>(p: RunningProcess, found: () => Promise<T | undefined>): Promise<T> {
    let ended = false;
    void p.exited.then(() => (ended = true));
    for (;;) {
      const value = await found();
      if (value !== undefined) return value;
      if (ended) throw new Error(`the process ended first:\n${p.stdout()}\n${p.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    temp = await createTempDir('copper-backup-kill-');
    t = await openTestDatabase('postgres', { DATA_DIR: temp.dir });
    storage = createStorage(t.config);
    backupsDir = path.join(t.config.backups.localDir, 'backups');
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: temp.dir,
      DATABASE_URL: t.config.database.url!,
      USER: 'operator',
    };
    artistId = await createArtist(t.handle, 'Kunstner');
    printId = await insertPrint(t.handle, artistId, { title: { da: 'Havnen', en: 'The harbour' } });
    await insertPrint(t.handle, artistId, { title: { da: 'Skoven', en: 'The forest' } });
    // Three earlier backups, made while the catalogue was small.
    previous = [];
    for (let i = 0; i < 3; i++) {
      previous.push(await createBackup({ config: t.config, database: t.handle, storage }, artistId));
    }
    // Then a few large originals, so writing the next archive takes a while.
    for (let i = 0; i < BIG_IMAGES; i++) {
      const body = randomBytes(BIG_IMAGE_MB * 1024 * 1024);
      const key = `originals/${artistId}/big-${i}.tif`;
      await storage.put('originals', key, body);
      await t.handle.db
        .insertInto('images')
        .values({
          artist_id: artistId,
          status: 'completed',
          original_key: key,
          original_bytes: body.length,
          width: 8000,
          height: 6000,
          sha256: createHash('sha256').update(body).digest('hex'),
        })
        .execute();
    }
  }, 180_000);

  afterAll(async () => {
    for (const p of running)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    await t?.cleanup();
    await temp?.cleanup();
  });

  it('a backup killed while writing leaves no archive counted; the next run cleans up and succeeds', async () => {
    const before = await archives();
    expect(before).toEqual(previous.map((b) => b.storageKey).sort());
    expect(await verified()).toEqual(previous.map((b) => b.id).reverse());

    const backup = run('backup');
    // Wait for the archive being written to reach 32 MB, then kill the process outright.
    const partial = await waitFor(backup, async () => {
      for (const name of await partials()) {
        const info = await fs.stat(path.join(backupsDir, name)).catch(() => undefined);
        if (info && info.size > 32 * 1024 * 1024) return name;
      }
      return undefined;
    });
    // While it runs, another process checking for interrupted backups leaves it alone (it holds its lock).
    expect(await failInterruptedBackups({ database: t.handle, storage })).toBe(0);
    expect(await partials()).toContain(partial);
    backup.child.kill('SIGKILL');
    expect(await backup.exited).toBe('SIGKILL');

    // Nothing of the killed run counts: its record never became verified, no archive object appeared, the
    // three previous backups are all there and still verify.
    const killed = (await listBackups(t.handle.db)).find((b) => !previous.some((p) => p.id === b.id))!;
    expect(killed.status).toBe('running');
    expect(await verified()).toEqual(previous.map((b) => b.id).reverse());
    expect(await archives()).toEqual(before);
    for (const b of previous) await checks(b.storageKey!);
    // The half-written file is really there (the kill came mid-write); listings never show it.
    expect(await partials()).toContain(partial);

    // The next backup: the killed one is marked failed, its partial file removed, the new one verified, and
    // retention keeps the newest three.
    const next = await finished(run('backup'));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^Backup [0-9a-f-]{36} verified$/m);
    const after = await listBackups(t.handle.db);
    const dead = after.find((b) => b.id === killed.id)!;
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/interrupted/);
    expect(await partials()).toEqual([]);
    const newest = after.find((b) => b.status === 'verified' && !previous.some((p) => p.id === b.id))!;
    expect(await verified()).toEqual([newest.id, previous[2]!.id, previous[1]!.id]);
    expect(await archives()).toEqual(
      [newest.storageKey, previous[2]!.storageKey, previous[1]!.storageKey].sort(),
    );
    await checks(newest.storageKey!);
    // The audit trail has the verified backup and nothing for the killed one.
    const audited = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('action', 'like', 'backup.%')
      .where('entity_id', 'in', [newest.id, killed.id])
      .execute();
    expect(audited).toEqual([{ action: 'backup.verified', entity_id: newest.id }]);
    // The two catalogue prints' images and the large originals, every byte of the latter.
    expect(newest.report?.counts).toMatchObject({ images: BIG_IMAGES + 2 });
    expect(newest.report?.sizes).toMatchObject({ originalsBytes: BIG_IMAGES * BIG_IMAGE_MB * 1024 * 1024 });
  }, 300_000);

  it('a backup killed while checking its finished archive leaves it uncounted; `backup list` removes it', async () => {
    const kept = await verified();
    const keys = await archives();
    const backup = run('backup');
    // The archive is complete once it is renamed into place; the process then reads it back to verify it.
    const complete = await waitFor(backup, async () => (await archives()).find((k) => !keys.includes(k)));
    backup.child.kill('SIGKILL');
    expect(await backup.exited).toBe('SIGKILL');

    const killed = (await listBackups(t.handle.db)).find((b) => b.storageKey === complete)!;
    expect(killed.status).toBe('running');
    expect(await verified()).toEqual(kept);

    const list = await finished(run('backup', ['list']));
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`failed    -  ${killed.id}`);
    expect(list.stdout).toMatch(/interrupted/);
    expect(await archives()).toEqual(keys);
    expect(await verified()).toEqual(kept);
    for (const id of kept) {
      const b = (await listBackups(t.handle.db)).find((x) => x.id === id)!;
      await checks(b.storageKey!);
    }
  }, 300_000);

  it('verify and restore refuse a damaged archive with a clear message and change nothing', async () => {
    const newest = (await listBackups(t.handle.db)).find((b) => b.status === 'verified')!;
    const file = path.join(t.config.backups.localDir, newest.storageKey!);
    const ok = await finished(run('backup', ['verify', file]));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`OK ${file}`);
    expect(ok.stdout).toContain(`archive SHA-256 ${newest.sha256!}`);

    const damaged = path.join(temp.dir, 'damaged.tar.gz');
    const bytes = await fs.readFile(file);
    // A byte in the middle of the big originals: gzip's own check or the entry's SHA-256 catches it.
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x01;
    await fs.writeFile(damaged, bytes);
    const refused = await finished(run('backup', ['verify', damaged]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^REFUSED .*damaged\.tar\.gz\n {2}- .*(SHA-256 mismatch|damaged)/);

    const audits = async () =>
      (
        await t.handle.db
          .selectFrom('audit_events')
          .select('id')
          .where('action', '=', 'backup.restored')
          .execute()
      ).length;
    const restored = await finished(run('restore', [damaged]));
    expect(restored.code).toBe(1);
    expect(restored.stderr).toMatch(/^REFUSED /);
    expect(await audits()).toBe(0);

    const usage = await finished(run('restore', [file, '--only', 'everything']));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--only must be metadata, images or galleries/);
  }, 300_000);

  it('restores one print from the backups area with --print, after a dry run that changes nothing', async () => {
    const newest = (await listBackups(t.handle.db)).find((b) => b.status === 'verified')!;
    const title = () =>
      t.handle.db.selectFrom('prints').select('title').where('id', '=', printId).executeTakeFirstOrThrow();
    await t.handle.db
      .updateTable('prints')
      .set({ title: JSON.stringify({ da: 'Forkert', en: 'Wrong' }) })
      .where('id', '=', printId)
      .execute();

    const dry = await finished(run('restore', [newest.storageKey!, '--print', printId, '--dry-run']));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^DRY RUN — nothing changed/);
    expect(dry.stdout).toMatch(/prints\s+\+0 insert\s+~1 update/);
    expect((await title()).title).toEqual({ da: 'Forkert', en: 'Wrong' });

    const done = await finished(
      run('restore', [newest.storageKey!, '--print', printId, '--only', 'metadata']),
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Restored from a backup of /);
    expect((await title()).title).toEqual({ da: 'Havnen', en: 'The harbour' });
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['actor', 'artist_id', 'details'])
      .where('action', '=', 'backup.restored')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor: 'cli:operator',
      artist_id: artistId,
      details: { archive: newest.storageKey, printId, only: 'metadata', archiveSha256: newest.sha256 },
    });
  }, 300_000);
});
