// Studio island of the backups pages: while a backup runs, polls the artist API and, when it has finished, swaps in
// the page's fresh backup section and says how it ended.
import { ApiError, announce, api } from './studio-api.js';
import { formatBytes } from '../platform/format-bytes.js';

interface BackupState {
  id: string;
  status: string;
  bytes: number | null;
  error: string | null;
}

const POLL_MS = 2000;
/** Give up polling after two hours; the Refresh link still works. */
const POLL_LIMIT = (2 * 60 * 60 * 1000) / POLL_MS;

function outcome(states: readonly BackupState[]): { message: string; kind: 'notice' | 'error' } {
  const failed = states.find((b) => b.status === 'failed');
  if (failed) return { message: `The backup failed: ${failed.error ?? 'no reason given'}.`, kind: 'error' };
  const done = states.find((b) => b.status === 'verified' || b.status === 'succeeded');
  if (done) {
    const size = done.bytes !== null ? ` (${formatBytes(done.bytes)})` : '';
    return {
      message:
        done.status === 'verified'
          ? `The backup has finished and was verified${size}. Its report and download are ready.`
          : `The backup has finished${size}.`,
      kind: 'notice',
    };
  }
  return { message: 'The backup is no longer listed; it may have been removed.', kind: 'notice' };
}

/** Replaces the backup section with the server's current rendering of this page. */
async function refreshSection(current: HTMLElement): Promise<boolean> {
  const response = await fetch(window.location.pathname, {
    credentials: 'same-origin',
    headers: { accept: 'text/html' },
  });
  if (!response.ok) return false;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const fresh = doc.getElementById('backup-live');
  if (!fresh) return false;
  current.replaceWith(document.importNode(fresh, true));
  return true;
}

function watchBackups(live: HTMLElement): void {
  const ids = (live.dataset.running ?? '').split(' ').filter(Boolean);
  if (ids.length === 0) return;
  let polls = 0;
  const tick = async () => {
    polls += 1;
    try {
      const { backups } = await api<{ backups: BackupState[] }>('GET', '/api/v1/artist/backups');
      const states = ids.map(
        (id) => backups.find((b) => b.id === id) ?? { id, status: 'gone', bytes: null, error: null },
      );
      if (states.every((b) => b.status !== 'running')) {
        const { message, kind } = outcome(states);
        const current = document.getElementById('backup-live');
        if (current && (await refreshSection(current))) {
          announce(message, kind);
          const fresh = document.getElementById('backup-live');
          if (fresh?.dataset.running) watchBackups(fresh);
        } else {
          announce(`${message} Refresh the page to see it.`, kind);
        }
        return;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        announce(error.message, 'error');
        return;
      }
      // A network hiccup: try again at the next tick.
    }
    if (polls < POLL_LIMIT) window.setTimeout(() => void tick(), POLL_MS);
  };
  window.setTimeout(() => void tick(), POLL_MS);
}

const backupLive = document.querySelector<HTMLElement>('[data-backup-live][data-running]');
if (backupLive) watchBackups(backupLive);
