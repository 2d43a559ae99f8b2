// The job queue: pg-boss on the app's own database connection (PostgreSQL pool or PGlite), typed by the
// job catalog. pg-boss runs its SQL through the handle's executor (its `db` option), so the queue works
// the same on both engines and never opens a second pool.
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/types.js';
import { JOB_NAMES, JOB_OPTIONS, type JobCatalog, type JobName, type JobOptions } from './jobs.js';

export type { JobCatalog, JobName, JobOptions } from './jobs.js';
export { JOB_NAMES, JOB_OPTIONS } from './jobs.js';

export interface QueueLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type JobOptionOverrides = {
  readonly [N in JobName]?: Partial<Pick<JobOptions<N>, 'retryLimit' | 'retryDelay' | 'expireInSeconds'>>;
};

export interface CreateQueueOptions {
  /** PostgreSQL schema holding pg-boss's tables (default `pgboss`). */
  schema?: string;
  logger?: QueueLogger;
  /** How often an idle worker looks for new jobs (pg-boss minimum 0.5 s; default 1 s). */
  pollingIntervalSeconds?: number;
  /**
   * How often maintenance runs: jobs of crashed workers past their expiry go back for a retry, old jobs are
   * archived (default 60 s, minimum 1 s). Across processes it runs at most once per interval.
   */
  maintenanceIntervalSeconds?: number;
  /** Run maintenance and cron schedules in this process (default true). */
  supervise?: boolean;
  /** Per-job overrides of JOB_OPTIONS (tests shorten delays and expiry). */
  jobOptions?: JobOptionOverrides;
  /**
   * PostgreSQL: how often running jobs are checked for a live worker (default 10 s); a job whose worker is gone
   * (crash, SIGKILL, lost dyno) goes back for a retry then instead of after its expiry.
   */
  reclaimIntervalSeconds?: number;
}

export interface Job<N extends JobName> {
  id: string;
  name: N;
  data: JobCatalog[N];
  /** 0 on the first attempt. */
  retryCount: number;
  /** Retries allowed after the first attempt: retryCount === retryLimit is the last try. */
  retryLimit: number;
  /** Aborted when the attempt has run past its expiry or the queue stops without waiting for it. */
  signal: AbortSignal;
}

export type JobHandler<N extends JobName> = (job: Job<N>) => Promise<void>;

export type JobStateName = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobState<N extends JobName = JobName> {
  id: string;
  name: N;
  state: JobStateName;
  data: JobCatalog[N];
  retryCount: number;
  retryLimit: number;
  singletonKey: string | null;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** A failed job's error ({ name, message, stack }); absent on success. */
  error: { name?: string; message: string; stack?: string } | null;
}

export interface SendOptions {
  /** Overrides the catalog's default key (see JOB_OPTIONS[name].policy). */
  singletonKey?: string;
  /** A date, or a delay in seconds. */
  startAfter?: Date | number;
}

export interface StopOptions {
  /** Wait for running jobs to finish (up to timeoutMs); otherwise fail them at once so they are retried. */
  graceful: boolean;
  timeoutMs: number;
}

export interface Queue {
  /** Installs or migrates pg-boss's schema, creates or updates one queue per catalog entry, starts maintenance. */
  start(): Promise<void>;
  /** Queues a job; returns its id, or null when the job's policy deduplicated it. */
  send<N extends JobName>(name: N, data: JobCatalog[N], opts?: SendOptions): Promise<string | null>;
  /** Runs handler for jobs of this name; a throw fails the attempt (retried per JOB_OPTIONS). */
  work<N extends JobName>(name: N, handler: JobHandler<N>, opts?: { concurrency?: number }): Promise<void>;
  /** Sends the job on a cron schedule (UTC unless tz is given); one schedule per job name. */
  schedule<N extends JobName>(
    name: N,
    cron: string,
    data: JobCatalog[N],
    opts?: { tz?: string },
  ): Promise<void>;
  unschedule(name: JobName): Promise<void>;
  getJob<N extends JobName>(name: N, id: string): Promise<JobState<N> | null>;
  /** Stops fetching, lets running jobs finish (graceful) and fails what still runs so it is retried. */
  stop(options?: StopOptions): Promise<void>;
  /** Throws unless the queue is started and its tables answer. */
  ping(): Promise<void>;
}

const DEFAULT_SCHEMA = 'pgboss';
const DEFAULT_STOP: StopOptions = { graceful: true, timeoutMs: 20_000 };

const silentLogger: QueueLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function errorOf(output: unknown): JobState['error'] {
  if (!output || typeof output !== 'object') return null;
  const record = output as Record<string, unknown>;
  // A thrown Error is stored serialized ({ name, message, stack }); pg-boss's own failures as
  // { value: { message } } (expiry) or { value: 'message' } (shutdown).
  if (typeof record.value === 'string') return { message: record.value };
  const source = (typeof record.message === 'string' ? record : record.value) as
    Record<string, unknown> | undefined;
  if (!source || typeof source.message !== 'string') return null;
  return {
    message: source.message,
    ...(typeof source.name === 'string' ? { name: source.name } : {}),
    ...(typeof source.stack === 'string' ? { stack: source.stack } : {}),
  };
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** First key of the advisory lock a worker holds on PostgreSQL while it runs a job ('jobs'); the second is hashtext(id). */
const LIVENESS_NAMESPACE = 0x6a6f6273;
/** A job fetched this recently may not hold its liveness lock yet: it is not judged. */
const RECLAIM_GRACE_SECONDS = 30;

/** Whether a stored queue already has these options (and no retention or dead letter, which we never set). */
function sameQueueOptions(
  stored: PgBoss.QueueResult,
  wanted: Pick<
    JobOptions<JobName>,
    'policy' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds'
  >,
): boolean {
  return (
    stored.policy === wanted.policy &&
    stored.retryLimit === wanted.retryLimit &&
    stored.retryDelay === wanted.retryDelay &&
    stored.retryBackoff === wanted.retryBackoff &&
    stored.expireInSeconds === wanted.expireInSeconds &&
    stored.retentionMinutes == null &&
    stored.deadLetter == null
  );
}

export function createQueue(
  handle: Pick<DatabaseHandle, 'engine' | 'executor'>,
  options: CreateQueueOptions = {},
): Queue {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const log = options.logger ?? silentLogger;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const supervise = options.supervise ?? true;

  const boss = new PgBoss({
    db: {
      executeSql: (text: string, values?: unknown[]) => handle.executor.executeSql(text, values),
    },
    schema,
    migrate: true,
    supervise,
    schedule: supervise,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    pollingIntervalSeconds,
  });
  boss.on('error', (err) => log.error({ err, engine: handle.engine }, 'job queue error'));

  const optionsOf = <N extends JobName>(name: N): JobOptions<N> => ({
    ...(JOB_OPTIONS[name] as JobOptions<N>),
    ...options.jobOptions?.[name],
  });

  /** Attempts currently running in this process, so stop() can abort the ones it gives up on. */
  const running = new Set<AbortController>();
  /** The same attempts as promises: stop() waits for them, because pg-boss completes a job after its handler
   * returns without awaiting it, and that call must reach the pool before the caller closes it. */
  const attempts = new Set<Promise<void>>();
  let state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';

  const assertStarted = (action: string): void => {
    if (state !== 'started') throw new Error(`job queue: cannot ${action} while ${state}`);
  };

  const withSession = handle.engine === 'postgres' ? handle.executor.withSession : undefined;

  /** Runs an attempt while its process shows it is alive: on PostgreSQL a session lock that dies with the process. */
  const whileAlive = async (jobId: string, attempt: () => Promise<void>): Promise<void> => {
    if (!withSession) return attempt();
    await withSession.call(handle.executor, async (session) => {
      await session.executeSql('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_NAMESPACE, jobId]);
      await attempt();
    });
  };

  /**
   * Jobs left `active` by a worker that is gone go back for a retry (pg-boss alone waits for their expiry, up to
   * ten minutes for an image). On PGlite the process owns the database alone (a folder lock), so at start every
   * active job is abandoned; on PostgreSQL a job is abandoned when nobody holds its liveness lock.
   */
  const reclaimAbandoned = async (): Promise<number> => {
    const { rows } = await handle.executor.executeSql(
      `SELECT id::text AS id, name FROM ${schema}.job WHERE state = 'active'` +
        (withSession ? ` AND started_on < now() - interval '${RECLAIM_GRACE_SECONDS} seconds'` : ''),
    );
    let reclaimed = 0;
    for (const row of rows as Array<{ id: string; name: string }>) {
      if (withSession) {
        const alive = await withSession.call(handle.executor, async (session) => {
          const probe = await session.executeSql('select pg_try_advisory_lock($1, hashtext($2)) as free', [
            LIVENESS_NAMESPACE,
            row.id,
          ]);
          return probe.rows[0]?.free !== true;
        });
        if (alive) continue;
      }
      await boss.fail(row.name, row.id, { message: 'the worker running this job stopped; retried' });
      reclaimed += 1;
    }
    if (reclaimed > 0) log.warn({ reclaimed }, 'jobs of stopped workers put back for a retry');
    return reclaimed;
  };
  let reclaimTimer: NodeJS.Timeout | undefined;

  return {
    async start() {
      if (state !== 'new') throw new Error(`job queue: start() called while ${state}`);
      state = 'starting';
      try {
        await boss.start();
        for (const name of JOB_NAMES) {
          const { retryLimit, retryDelay, retryBackoff, expireInSeconds, policy } = optionsOf(name);
          const queueOptions = { name, policy, retryLimit, retryDelay, retryBackoff, expireInSeconds };
          // createQueue keeps an existing queue as it is; updateQueue applies changed options on deploy (and only
          // then: an unchanged queue costs no write, so a restart does not rewrite five rows).
          // Web and worker dynos start together: a concurrent creation can deadlock or collide, so retry.
          await retryOnConcurrency(async () => {
            const existing = await boss.getQueue(name);
            if (!existing) await boss.createQueue(name, queueOptions);
            else if (!sameQueueOptions(existing, queueOptions)) await boss.updateQueue(name, queueOptions);
          });
        }
        if (supervise) {
          await reclaimAbandoned();
          if (withSession) {
            reclaimTimer = setInterval(
              () =>
                void reclaimAbandoned().catch((err: unknown) =>
                  log.error({ err }, 'checking running jobs for a live worker failed'),
                ),
              (options.reclaimIntervalSeconds ?? 10) * 1000,
            );
            reclaimTimer.unref();
          }
        }
        state = 'started';
        log.info({ engine: handle.engine, schema, queues: JOB_NAMES.length }, 'job queue started');
      } catch (err) {
        state = 'stopped';
        await boss.stop({ graceful: false, wait: true, close: false }).catch(() => undefined);
        throw err;
      }
    },

    async send(name, data, opts = {}) {
      assertStarted('send');
      const singletonKey = opts.singletonKey ?? optionsOf(name).singletonKey?.(data);
      const sendOptions: PgBoss.SendOptions = {};
      if (singletonKey !== undefined) sendOptions.singletonKey = singletonKey;
      if (opts.startAfter !== undefined) sendOptions.startAfter = opts.startAfter;
      return boss.send(name, data, sendOptions);
    },

    async work(name, handler, opts = {}) {
      assertStarted('work');
      const concurrency = opts.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error('job queue: concurrency must be an integer ≥ 1');
      const { expireInSeconds } = optionsOf(name);

      const run = async ([raw]: PgBoss.JobWithMetadata<JobCatalog[typeof name]>[]): Promise<void> => {
        if (!raw) return;
        const controller = new AbortController();
        running.add(controller);
        // pg-boss gives up on an attempt after its expiry; tell the handler so it can stop working.
        const expiry = setTimeout(() => controller.abort(new Error('job expired')), expireInSeconds * 1000);
        expiry.unref();
        const started = Date.now();
        const context = { jobId: raw.id, job: name, retryCount: raw.retryCount };
        let failure: unknown;
        let failed = false;
        try {
          await whileAlive(raw.id, () =>
            handler({
              id: raw.id,
              name,
              data: raw.data,
              retryCount: raw.retryCount,
              retryLimit: raw.retryLimit,
              signal: controller.signal,
            }),
          );
        } catch (err) {
          failed = true;
          failure = err;
        } finally {
          clearTimeout(expiry);
          running.delete(controller);
        }
        // An attempt that expired or was cut off by stop() has already been failed by pg-boss and may be running
        // elsewhere by now: its late result must not touch the job.
        if (controller.signal.aborted) {
          log.warn({ ...context, reason: String(controller.signal.reason) }, 'job attempt abandoned');
          return;
        }
        // Record the outcome before returning, so a graceful stop() resolves only once it is stored (pg-boss's
        // own completion call after this handler is not awaited; it finds the job no longer active and is a no-op).
        if (failed) {
          const final = raw.retryCount >= raw.retryLimit;
          log[final ? 'error' : 'warn'](
            { ...context, err: failure, final },
            final ? 'job failed' : 'job failed, will retry',
          );
          await boss.fail(name, raw.id, failure instanceof Error ? failure : { message: String(failure) });
        } else {
          await boss.complete(name, raw.id);
          log.info({ ...context, ms: Date.now() - started }, 'job completed');
        }
      };

      // Each pg-boss worker runs one job at a time: concurrency is the number of workers.
      for (let i = 0; i < concurrency; i++) {
        await boss.work(
          name,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
          (jobs: Parameters<typeof run>[0]) => {
            const attempt = run(jobs);
            attempts.add(attempt);
            void attempt.finally(() => attempts.delete(attempt)).catch(() => undefined);
            return attempt;
          },
        );
      }
    },

    async schedule(name, cron, data, opts = {}) {
      assertStarted('schedule');
      const singletonKey = optionsOf(name).singletonKey?.(data);
      await boss.schedule(name, cron, data, {
        tz: opts.tz ?? 'UTC',
        ...(singletonKey !== undefined ? { singletonKey } : {}),
      });
    },

    async unschedule(name) {
      assertStarted('unschedule');
      await boss.unschedule(name);
    },

    async getJob<N extends JobName>(name: N, id: string): Promise<JobState<N> | null> {
      const job = await boss.getJobById<JobCatalog[N]>(name, id, { includeArchive: true });
      if (!job) return null;
      return {
        id: job.id,
        name,
        state: job.state,
        data: job.data,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
        singletonKey: job.singletonKey,
        createdOn: toDate(job.createdOn) ?? new Date(0),
        startedOn: toDate(job.startedOn),
        completedOn: toDate(job.completedOn),
        error: job.state === 'failed' || job.state === 'retry' ? errorOf(job.output) : null,
      };
    },

    async stop(stopOptions = DEFAULT_STOP) {
      if (state === 'new' || state === 'stopped') {
        state = 'stopped';
        return;
      }
      if (state === 'stopping') throw new Error('job queue: stop() already in progress');
      state = 'stopping';
      clearInterval(reclaimTimer);
      const timeoutMs = Math.max(stopOptions.timeoutMs, 1000);
      const abortRunning = () => {
        for (const controller of running) controller.abort(new Error('job queue stopped'));
      };
      // After the grace period pg-boss fails what still runs (it is retried later); tell those handlers.
      const giveUp = stopOptions.graceful ? setTimeout(abortRunning, timeoutMs) : undefined;
      if (!stopOptions.graceful) abortRunning();
      try {
        await boss.stop({ graceful: stopOptions.graceful, wait: true, timeout: timeoutMs, close: false });
        const abandoned = running.size;
        // Handlers told to stop (not graceful, or past the grace period) return soon; wait for them, bounded.
        let waited: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...attempts]),
          new Promise((resolve) => (waited = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(waited);
        await new Promise((resolve) => setImmediate(resolve));
        log.info({ engine: handle.engine, abandoned }, 'job queue stopped');
      } finally {
        clearTimeout(giveUp);
        state = 'stopped';
      }
    },

    async ping() {
      assertStarted('ping');
      await handle.executor.executeSql(`SELECT version FROM ${schema}.version`);
    },
  };
}

/** deadlock_detected, serialization_failure, unique_violation, duplicate_table, duplicate_object. */
const CONCURRENCY_CODES = new Set(['40P01', '40001', '23505', '42P07', '42710']);

async function retryOnConcurrency(run: () => Promise<void>, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !CONCURRENCY_CODES.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}
