// The job catalog: every background job, its payload (ids only — the worker reads the rest from the
// database) and how the queue treats it (retries, expiry, de-duplication).

export interface JobCatalog {
  /** Make every version, tiles and EXIF of one uploaded image. */
  'image.process': { imageId: string; attempt?: number };
  /** Rebuild the displayed versions of every image (e.g. after the watermark changed). */
  'image.regenerate-all': { artistId: string };
  /** Move a print's image files to the area the visibility policy calls for (after a gallery change). */
  'media.place': { printId: string };
  /**
   * Delete image files retired by a later processing run or a replacement, once no cached page can name them any
   * more (sent with a delay; decision 027). No `generations`: every generation of a replaced image.
   */
  'media.retire': { imageId: string; generations?: string[]; printId?: string };
  /** Delete temporary uploads that were never attached to a print. */
  'uploads.cleanup': Record<string, never>;
  /** Write the backup archive of one backup record. */
  'backup.create': { backupId: string };
  /** E-mail the artist about an enquiry (SMTP configured); the notification row holds the message. */
  'enquiry.notify': { notificationId: string };
  /** Delete enquiries older than their artist's retention period (settings). */
  'enquiries.retention': Record<string, never>;
}

export type JobName = keyof JobCatalog;

export type JobData<N extends JobName> = JobCatalog[N];

/**
 * How duplicates of a job are handled.
 * - `standard`: every send creates a job.
 * - `stately`: at most one waiting and one running job per singleton key: a send while a job with the same
 *   key is still waiting returns `null` (deduplicated); a send while one runs queues exactly one follow-up.
 * - `singleton`: any number wait, but only one job per singleton key runs at a time (across all workers).
 */
export type JobPolicy = 'standard' | 'stately' | 'singleton';

export interface JobOptions<N extends JobName = JobName> {
  /** Retries after the first failure; the job ends `failed` after retryLimit + 1 attempts. */
  readonly retryLimit: number;
  /** Base delay in seconds; with backoff the n-th retry waits about retryDelay · 2^(n-1) … 2^n seconds. */
  readonly retryDelay: number;
  readonly retryBackoff: true;
  /**
   * Longest a single attempt may run. A handler still running then is failed (and retried); a job whose
   * worker died (crash, SIGKILL) stays `active` until this passes, then maintenance puts it back for a retry.
   */
  readonly expireInSeconds: number;
  readonly policy: JobPolicy;
  /** Default singleton key derived from the payload (a send may pass its own). */
  readonly singletonKey?: (data: JobCatalog[N]) => string;
}

export type JobOptionsCatalog = { readonly [N in JobName]: JobOptions<N> };

export const JOB_OPTIONS: JobOptionsCatalog = {
  // Decoding and encoding a 20+ MP image into every version takes tens of seconds on a dyno; transient
  // failures (storage hiccups, memory pressure) are retried. One queued job per image: repeated sends while
  // one waits are no-ops.
  'image.process': {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    singletonKey: (data) => data.imageId,
  },
  'image.regenerate-all': {
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 60 * 60,
    policy: 'stately',
    singletonKey: (data) => data.artistId,
  },
  // Moving a print's files after a gallery change: one waiting job per print is enough (it places the files
  // where the policy says when it runs), a send while one runs queues one follow-up.
  'media.place': {
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    policy: 'stately',
    singletonKey: (data) => data.printId,
  },
  // Sent with startAfter = the grace period; one waiting job per generation (or replaced image): a second
  // retirement of the same files keeps the first one's time. Files already gone make it a no-op.
  'media.retire': {
    retryLimit: 5,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    singletonKey: (data) => `${data.imageId}/${data.generations?.join(',') ?? '*'}`,
  },
  // Scheduled; a pile-up of clean-ups is pointless, one waiting run is enough.
  'uploads.cleanup': {
    retryLimit: 1,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
  },
  // Each backup record gets its own job, but only one backup runs at a time.
  'backup.create': {
    retryLimit: 1,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 2 * 60 * 60,
    policy: 'singleton',
  },
  // A mail server that is down or refuses for a while: retried with backoff for about an hour (30 s, 1 min, 2 min,
  // … 16 min); after the last try the notification shows `failed` in the studio. One waiting job per notification.
  'enquiry.notify': {
    retryLimit: 6,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 2 * 60,
    policy: 'stately',
    singletonKey: (data) => data.notificationId,
  },
  // Scheduled hourly; one waiting run is enough.
  'enquiries.retention': {
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
  },
};

export const JOB_NAMES = Object.keys(JOB_OPTIONS) as JobName[];
