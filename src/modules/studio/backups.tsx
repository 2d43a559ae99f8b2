// The studio's backups: every backup with its status and report (what was included, counts, sizes, checksums,
// duration, warnings), "Back up now" (BackupService.request, the same call as POST /api/v1/artist/backups: a
// backup record plus the worker's 'backup.create' job, refused while one runs), and downloads through
// GET /api/v1/artist/backups/:id/download, which answers Range requests so an interrupted download resumes. While
// a backup runs, studio-backups.js polls the artist API and swaps in the finished state; without JavaScript the
// page has a Refresh link. Backups cover the whole installation, so only the site owner has this page (403 for
// other artists, and no link to it in their navigation).
import type { ComponentChildren } from 'preact';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { BackupReport } from '../backups/format.js';
import { backupActor } from '../backups/routes.js';
import type { BackupSummary, ManifestFacts } from '../backups/service.js';
import type { StudioDeps } from './context.js';
import { CheckboxField } from './forms.js';
import { CsrfField, sendOwnerOnly, sendStudioPage } from './layout.js';
import { When, studioDateTime } from './audit.js';
import { queryString } from './forms.js';
import { formatBytes } from '../../platform/format-bytes.js';

/** A running backup older than this is an interrupted one (the service's own cut-off), not a reason to wait. */
const RUNNING_FOR_AT_MOST_MS = 3 * 60 * 60 * 1000;

const NOTICES: Readonly<Record<string, string>> = {
  started: 'Backup started. It runs in the background; this page shows its report when it is done.',
  running: 'A backup is already running; wait for it to finish before starting another.',
};

const STATUS_LABELS: Readonly<Record<BackupSummary['status'], string>> = {
  running: 'Running',
  succeeded: 'Written, not verified',
  verified: 'Verified',
  failed: 'Failed',
};

function StatusBadge({ status }: { status: BackupSummary['status'] }) {
  const cls =
    status === 'verified'
      ? 'badge badge--published'
      : status === 'failed'
        ? 'badge badge--failed'
        : status === 'running'
          ? 'badge badge--draft'
          : 'badge';
  return <span class={cls}>{STATUS_LABELS[status]}</span>;
}

/** The report when it has the shape a finished backup writes (a running one holds only what was requested). */
function reportOf(backup: BackupSummary): BackupReport | undefined {
  const report = backup.report as Partial<BackupReport> | null;
  return report && report.counts && report.sizes ? (report as BackupReport) : undefined;
}

/** "2 min 5 s", "850 ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function durationOf(backup: BackupSummary): string {
  const report = reportOf(backup);
  if (report) return formatDuration(report.durationMs);
  if (!backup.finishedAt) return '—';
  return formatDuration(Date.parse(backup.finishedAt) - Date.parse(backup.startedAt));
}

const downloadHref = (id: string) => `/api/v1/artist/backups/${id}/download`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Contents({ report }: { report: BackupReport | undefined }) {
  if (!report) return <>—</>;
  const c = report.counts;
  return (
    <>
      {plural(c.prints ?? 0, 'print', 'prints')}, {plural(c.galleries ?? 0, 'gallery', 'galleries')},{' '}
      {plural(c.images ?? 0, 'image', 'images')}
    </>
  );
}

function isRunning(backup: BackupSummary, now: number): boolean {
  return backup.status === 'running' && now - Date.parse(backup.startedAt) < RUNNING_FOR_AT_MOST_MS;
}

/** The part of the page studio-backups.js refreshes while backups run. */
function Live({ running, children }: { running: readonly string[]; children: ComponentChildren }) {
  return (
    <div
      id="backup-live"
      data-backup-live
      data-running={running.length ? running.join(' ') : undefined}
      aria-busy={running.length ? 'true' : undefined}
    >
      {children}
    </div>
  );
}

function BackupTable({ backups }: { backups: readonly BackupSummary[] }) {
  if (backups.length === 0) return <p>No backups yet.</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{plural(backups.length, 'backup', 'backups')}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Status</th>
            <th scope="col">Duration</th>
            <th scope="col">Archive size</th>
            <th scope="col">Contents</th>
            <th scope="col">Warnings</th>
            <th scope="col">
              <span class="visually-hidden">Report and download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => {
            const report = reportOf(b);
            const started = new Date(b.startedAt);
            const name = `the backup of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
            return (
              <tr>
                <td>
                  <When value={started} />
                </td>
                <td>
                  <StatusBadge status={b.status} />
                  {b.status === 'failed' && b.error ? <p class="field-error">{b.error}</p> : null}
                </td>
                <td>{durationOf(b)}</td>
                <td>{b.bytes !== null ? formatBytes(b.bytes) : '—'}</td>
                <td>
                  <Contents report={report} />
                </td>
                <td>{report ? report.warnings.length : '—'}</td>
                <td>
                  <a href={`/studio/backups/${b.id}`}>
                    Report<span class="visually-hidden"> of {name}</span>
                  </a>
                  {b.status === 'verified' ? (
                    <>
                      <br />
                      <a href={downloadHref(b.id)} download>
                        Download<span class="visually-hidden"> {name}</span>
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function StartForm({ req, hasQueue, running }: { req: FastifyRequest; hasQueue: boolean; running: boolean }) {
  if (!hasQueue) {
    return (
      <p class="notice notice--error" id="backup-unavailable">
        A backup can’t be started from here: backups run in the background worker, and this server was started
        without a job queue. Run <code>npm run backup</code> on the server instead (see docs/recovery.md).
      </p>
    );
  }
  return (
    <form method="post" action="/studio/backups" class="backup-start">
      <CsrfField req={req} />
      <CheckboxField
        name="includeVersions"
        label="Also include the generated image versions"
        checked={false}
        hint="Makes the archive much larger. Without them, a restore regenerates the versions from the originals."
      />
      <p class="actions">
        <button type="submit" disabled={running}>
          Back up now
        </button>
        {running ? <span class="hint">A backup is running; wait for it to finish.</span> : null}
      </p>
    </form>
  );
}

/** Row counts in the archive's (restore) order of tables. */
function tablesInOrder(report: BackupReport): [string, number][] {
  const listed = report.included.tables.filter((t) => t in report.counts);
  const rest = Object.keys(report.counts).filter((t) => !listed.includes(t));
  return [...listed, ...rest].map((t) => [t, report.counts[t] ?? 0]);
}

function Checksum({ value }: { value: string | null | undefined }) {
  return value ? <code class="prewrap">{value}</code> : <>—</>;
}

function ReportDetail({ backup, manifest }: { backup: BackupSummary; manifest: ManifestFacts | undefined }) {
  const report = reportOf(backup);
  const started = new Date(backup.startedAt);
  return (
    <>
      <dl class="backup-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={backup.status} />
        </dd>
        <dt>Started</dt>
        <dd>
          <When value={started} />
        </dd>
        <dt>Finished</dt>
        <dd>{backup.finishedAt ? <When value={new Date(backup.finishedAt)} /> : '—'}</dd>
        <dt>Duration</dt>
        <dd>{durationOf(backup)}</dd>
        <dt>Archive size</dt>
        <dd>{backup.bytes !== null ? `${formatBytes(backup.bytes)} (${backup.bytes} bytes)` : '—'}</dd>
        <dt>Archive SHA-256</dt>
        <dd>
          <Checksum value={backup.sha256} />
        </dd>
        {backup.error ? (
          <>
            <dt>Error</dt>
            <dd class="field-error">{backup.error}</dd>
          </>
        ) : null}
      </dl>
      {backup.status === 'verified' ? (
        <p class="actions">
          <a class="button" href={downloadHref(backup.id)} download>
            Download the archive
          </a>
          <span class="hint">
            If the download is interrupted, your browser can resume it. Check it afterwards with{' '}
            <code>npm run backup -- verify &lt;file&gt;</code>.
          </span>
        </p>
      ) : null}
      {report ? (
        <>
          <section aria-labelledby="included-heading">
            <h2 id="included-heading">What was included</h2>
            <ul>
              <li>The database: {report.included.tables.join(', ')}</li>
              <li>
                Original images: {report.included.originals ? 'yes' : 'no'}
                {manifest
                  ? ` (${plural(manifest.originals.count, 'file', 'files')}, ${formatBytes(manifest.originals.bytes)})`
                  : ''}
              </li>
              <li>
                Generated image versions:{' '}
                {report.included.versions
                  ? `yes${manifest ? ` (${plural(manifest.versions.count, 'file', 'files')}, ${formatBytes(manifest.versions.bytes)})` : ''}`
                  : 'no (a restore regenerates them)'}
              </li>
              {manifest ? (
                <li>
                  Made by version {manifest.appVersion} on {manifest.engine}, database schema{' '}
                  <code>{manifest.schemaVersion}</code>, archive format {manifest.formatVersion}
                </li>
              ) : null}
            </ul>
          </section>
          <section aria-labelledby="counts-heading">
            <h2 id="counts-heading">Rows per table</h2>
            <table class="data-table">
              <caption class="visually-hidden">Rows of each table in the archive</caption>
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col">Rows</th>
                </tr>
              </thead>
              <tbody>
                {tablesInOrder(report).map(([table, count]) => (
                  <tr>
                    <th scope="row">
                      <code>{table}</code>
                    </th>
                    <td>{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="sizes-heading">
            <h2 id="sizes-heading">Sizes and checksums</h2>
            <dl class="backup-facts">
              <dt>Database (uncompressed)</dt>
              <dd>{formatBytes(report.sizes.databaseBytes)}</dd>
              <dt>Original images</dt>
              <dd>{formatBytes(report.sizes.originalsBytes)}</dd>
              <dt>Image versions</dt>
              <dd>{formatBytes(report.sizes.versionsBytes)}</dd>
              <dt>Archive (compressed)</dt>
              <dd>{formatBytes(report.sizes.archiveBytes)}</dd>
              <dt>Entries in the archive</dt>
              <dd>{report.entries}</dd>
              <dt>Manifest SHA-256</dt>
              <dd>
                <Checksum value={report.manifestSha256} />
              </dd>
              <dt>Read back and checked</dt>
              <dd>
                {report.verified ? 'Yes: the stored archive matched what was written, entry by entry' : 'No'}
              </dd>
            </dl>
            <p class="hint">The SHA-256 of every single entry is in the archive’s manifest.json.</p>
          </section>
          <section aria-labelledby="warnings-heading">
            <h2 id="warnings-heading">Warnings</h2>
            {report.warnings.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul>
                {report.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : backup.status === 'running' ? (
        <p>
          The backup is still being written; its report appears here when it is done.{' '}
          <a href={`/studio/backups/${backup.id}`}>Refresh</a>
        </p>
      ) : (
        <p>This backup has no report.</p>
      )}
    </>
  );
}

function sendNotFound(req: FastifyRequest, reply: FastifyReply, deps: StudioDeps): FastifyReply {
  return sendStudioPage(req, reply, deps, {
    title: 'Backup not found',
    status: 404,
    breadcrumbs: [
      ['/studio/backups', 'Backups'],
      [null, 'Not found'],
    ],
    body: (
      <p>
        There is no such backup; older ones are removed when newer ones are verified.{' '}
        <a href="/studio/backups">See all backups</a>.
      </p>
    ),
  });
}

export const backupPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = deps.backups;

  // The service's refusals as studio pages: 403 (not the site owner), 404 (no such backup).
  app.setErrorHandler(async (error, req, reply) => {
    if (error instanceof AppError && error.code === 'FORBIDDEN')
      return sendOwnerOnly(req, reply, deps, 'Backups');
    if (error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND')
      return sendNotFound(req, reply, deps);
    throw error;
  });

  async function sendList(
    req: FastifyRequest,
    reply: FastifyReply,
    problem?: { status: number; message: string },
  ) {
    const backups = await service.list(backupActor(req));
    const now = Date.now();
    const running = backups.filter((b) => isRunning(b, now)).map((b) => b.id);
    const notice = problem ? undefined : NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Backups',
      status: problem?.status ?? 200,
      ...(notice ? { notice } : {}),
      scripts: running.length ? ['studio-backups.js'] : [],
      body: (
        <>
          <p>
            A backup is one archive of everything: the database (prints, galleries, settings, takedown
            notices, the audit log), every original image and, if you choose, the generated versions. It is
            stored apart from the site’s files, read back and checked, and can be downloaded to your own
            drive. The newest {Math.max(3, deps.config.backups.retention)} verified backups are kept; older
            ones are removed. Passwords, sign-in sessions and the site’s own keys are never in a backup.
          </p>
          {problem ? <p class="notice notice--error">{problem.message}</p> : null}
          <Live running={running}>
            <StartForm req={req} hasQueue={service.canRequest} running={running.length > 0} />
            {running.length ? (
              <p>
                A backup is running. This page updates when it finishes; <a href="/studio/backups">Refresh</a>{' '}
                to check now.
              </p>
            ) : null}
            <BackupTable backups={backups} />
          </Live>
        </>
      ),
    });
  }

  app.get('/studio/backups', { schema: { hide: true } }, async (req, reply) => sendList(req, reply));

  app.post('/studio/backups', { schema: { hide: true } }, async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    try {
      await service.request(backupActor(req), { includeVersions: body?.includeVersions === '1' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT')
        return reply.redirect('/studio/backups?notice=running', 303);
      if (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE') {
        return sendList(req, reply, {
          status: 503,
          message:
            'The backup was not started: this server has no job queue for the background worker. ' +
            'Run npm run backup on the server instead.',
        });
      }
      throw error;
    }
    return reply.redirect('/studio/backups?notice=started', 303);
  });

  app.get<{ Params: { id: string } }>(
    '/studio/backups/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      const { backup, manifest } = await service.get(backupActor(req), req.params.id);
      const running = isRunning(backup, Date.now()) ? [backup.id] : [];
      const title = `Backup of ${studioDateTime.format(new Date(backup.startedAt))}`;
      return sendStudioPage(req, reply, deps, {
        title,
        scripts: running.length ? ['studio-backups.js'] : [],
        breadcrumbs: [
          ['/studio/backups', 'Backups'],
          [null, title],
        ],
        body: (
          <Live running={running}>
            <ReportDetail backup={backup} manifest={manifest} />
          </Live>
        ),
      });
    },
  );
};
