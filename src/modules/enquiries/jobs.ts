// The enquiry jobs on the worker (and in the embedded `all` process): sending notification e-mails over SMTP with
// retries, and the hourly deletion of enquiries past their retention period.
import type { WorkerDeps } from '../../worker.js';
import { createSmtpMailer, type Mailer } from '../../platform/mail/index.js';
import { EnquiryService } from './service.js';

/** Minute past each hour the retention job runs. */
export const RETENTION_CRON = '41 * * * *';

export async function registerEnquiryJobs(
  deps: WorkerDeps,
  options: { mailer?: Mailer } = {},
): Promise<void> {
  const { config, queue, log } = deps;
  const service = new EnquiryService({
    db: deps.database.db,
    queue,
    publicUrl: config.publicUrl,
    smtp: config.mail.smtp !== undefined,
  });
  const { smtp, from } = config.mail;
  const mailer = options.mailer ?? (smtp && from ? createSmtpMailer(smtp, from) : undefined);
  if (mailer) {
    await queue.work('enquiry.notify', async (job) => {
      const attempt = { final: job.retryCount >= job.retryLimit };
      const sent = await service.deliver(job.data.notificationId, mailer, attempt);
      log.info(
        { notificationId: job.data.notificationId, sent },
        sent ? 'enquiry notification sent' : 'nothing to send',
      );
    });
  }
  await queue.work('enquiries.retention', async () => {
    const deleted = await service.deleteExpired();
    log.info({ deleted }, 'enquiries past their retention period deleted');
  });
  await queue.schedule('enquiries.retention', RETENTION_CRON, {});
}
