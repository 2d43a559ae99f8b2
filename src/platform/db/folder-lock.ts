// One process at a time on an embedded database folder. PGlite has no lock of its own: a second process that
// opens a folder the gallery is using (`npm run token` in another terminal, a seed, a backup) replays the WAL,
// writes a shutdown checkpoint on close and so makes the first process's later commits invisible after a crash
// — acknowledged writes lost (issue 17). Like PostgreSQL's postmaster.pid, the lock is a file naming its holder;
// a holder that is gone (killed, crashed, power cut) is detected at once from the process table, so a restart
// after `kill -9` never waits. docs/decisions/010-embedded-database-durability.md says why not a lock library.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** The holder's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  readonly processStart: string | null;
  readonly startedAt: string;
  readonly command: string;
}

export class FolderInUseError extends Error {
  readonly holder: LockHolder;

  constructor(folder: string, holder: LockHolder) {
    const elsewhere = holder.hostname !== os.hostname();
    super(
      `the embedded database in ${folder} is in use by another process (pid ${holder.pid}` +
        `${elsewhere ? ` on host ${holder.hostname}` : ''}, started ${holder.startedAt}: ${holder.command}). ` +
        'PGlite allows one process at a time: stop the gallery (Ctrl-C) and run the command again, or use ' +
        `DATABASE_URL with a PostgreSQL server${elsewhere ? `; if that process is gone, delete ${folder}.lock` : ''}`,
    );
    this.name = 'FolderInUseError';
    this.holder = holder;
  }
}

export interface FolderLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** Fields 3 onwards of /proc/<pid>/stat; undefined where there is no /proc or no such process. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat); null where there is no /proc. */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/**
 * A killed process whose parent has not yet collected it (a zombie, state Z, or dead, X) still answers kill(pid, 0)
 * but holds no files and writes nothing: it is gone. After `kill -9` of a process group, the gallery under tsx or
 * npm is such a grandchild until init reaps it, which a container's init may do late or never.
 */
function isZombie(pid: number): boolean {
  const state = procStat(pid)?.[0];
  return state === 'Z' || state === 'X';
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the recorded holder still runs. A holder on another host cannot be checked: it counts as alive. */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (!processExists(holder.pid) || isZombie(holder.pid)) return false;
  if (holder.processStart === null) return true;
  return processStartTime(holder.pid) === holder.processStart;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.hostname !== 'string') return undefined;
    return {
      pid: value.pid as number,
      hostname: value.hostname,
      processStart: typeof value.processStart === 'string' ? value.processStart : null,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '?',
      command: typeof value.command === 'string' ? value.command : '?',
    };
  } catch {
    return undefined;
  }
}

/** The holder recorded in a lock file; undefined when there is none or it is unreadable. */
export async function readLockHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    return parseHolder(await fs.readFile(lockPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function ownHolder(): LockHolder {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    command: process.argv
      .slice(1)
      .map((a) => a.replace(/^.*?[/\\](node_modules|src|dist)[/\\]/, '$1/'))
      .join(' ')
      .slice(0, 200),
  };
}

const sameHolder = (a: LockHolder, b: LockHolder) =>
  a.pid === b.pid &&
  a.hostname === b.hostname &&
  a.processStart === b.processStart &&
  a.startedAt === b.startedAt;

/** Creates the lock file, or answers the holder already recorded there. */
async function tryCreate(lockPath: string, holder: LockHolder): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Takes the lock `<folder>.lock`, or throws FolderInUseError naming the live holder. A lock left by a process
 * that is gone is taken over: renamed aside atomically (so two starting processes cannot both take it), checked
 * to be the one that was judged stale, then removed.
 */
export async function lockFolder(folder: string): Promise<FolderLock> {
  const lockPath = `${folder}.lock`;
  const holder = ownHolder();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(lockPath, holder)) {
      return {
        path: lockPath,
        holder,
        async release() {
          const current = await readLockHolder(lockPath);
          if (current && sameHolder(current, holder)) await fs.rm(lockPath, { force: true });
        },
      };
    }
    let recorded = await readLockHolder(lockPath);
    if (!recorded) {
      // Being written by a process that has just created it, or left empty by a crash mid-write.
      await new Promise((resolve) => setTimeout(resolve, 50));
      recorded = await readLockHolder(lockPath);
    }
    if (recorded && holderAlive(recorded)) throw new FolderInUseError(folder, recorded);
    const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // someone else took it over first
      throw error;
    }
    const moved = await readLockHolder(aside);
    if (recorded && moved && !sameHolder(moved, recorded)) {
      // A process took the stale lock over between our read and our rename: the lock is its, give it back.
      await fs.rename(aside, lockPath).catch(() => undefined);
      if (holderAlive(moved)) throw new FolderInUseError(folder, moved);
    }
    await fs.rm(aside, { force: true });
  }
  throw new Error(`could not take the lock ${lockPath}: it keeps changing hands`);
}
