import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgliteDurability } from './pglite-durability.js';

const SEGMENT = '000000010000000000000001';

describe('PgliteDurability', () => {
  let dir: string;
  let synced: string[];
  let durability: PgliteDurability;
  const segment = () => path.join(dir, 'pg_wal', SEGMENT);
  /** Writes the segment, then sets its mtime as a kernel with coarse timestamps would leave it. */
  const write = async (content: string, mtime: Date) => {
    await writeFile(segment(), content);
    await utimes(segment(), mtime, mtime);
  };
  const segmentSyncs = () => synced.filter((p) => p === segment()).length;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'copper-durability-'));
    await mkdir(path.join(dir, 'pg_wal'), { recursive: true });
    await mkdir(path.join(dir, 'global'), { recursive: true });
    await writeFile(path.join(dir, 'global', 'pg_control'), 'control');
    const old = new Date(Date.now() - 60_000);
    await utimes(path.join(dir, 'global', 'pg_control'), old, old);
    synced = [];
    durability = new PgliteDurability(dir, { fsync: async (p) => void synced.push(p) });
  });
  afterEach(async () => await rm(dir, { recursive: true, force: true }));

  it('fsyncs a segment again when a write within the same timestamp tick left its mtime and size unchanged', async () => {
    const tick = new Date();
    await write('A'.repeat(16), tick);
    await durability.flush();
    expect(segmentSyncs()).toBe(1);
    // A second commit in the same tick: same mtime, same (preallocated) size, new bytes.
    await write('B'.repeat(16), tick);
    await durability.flush();
    expect(segmentSyncs()).toBe(2);
  });

  it('trusts a stamp taken well after its write: an unchanged segment is not fsynced again', async () => {
    await write('A'.repeat(16), new Date(Date.now() - 5_000));
    await durability.flush();
    await durability.flush();
    await durability.flush();
    expect(segmentSyncs()).toBe(1);
    // A later write moves the mtime: fsynced.
    await write('B'.repeat(16), new Date(Date.now() - 1_000));
    await durability.flush();
    expect(segmentSyncs()).toBe(2);
  });

  it('fsyncs pg_wal itself when a segment appears', async () => {
    await write('A', new Date(Date.now() - 5_000));
    await durability.flush();
    expect(synced).toContain(path.join(dir, 'pg_wal'));
  });
});
