// Enquiry notifications over real SMTP (an smtp-server started by the test) on both engines: the job sends the
// e-mail (to the artist, reply-to the visitor, subject naming the print, the message and a studio link), a mail
// server that refuses is retried and the enquiry kept; the retention job deletes enquiries dated in the past per
// artist setting; a restore of an archive never brings back an enquiry past its retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { startWorker } from '../../src/worker.js';
import { enquiryFormKey } from '../../src/modules/enquiries/routes.js';
import { issueFormToken } from '../../src/modules/enquiries/form-token.js';
import { createBackup } from '../../src/modules/backups/service.js';
import { restoreArchive } from '../../src/modules/backups/restore.js';
import { createTempDir, ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

const ORIGIN = 'http://localhost:3000';

interface Inbox {
  server: SMTPServer;
  port: number;
  received: ParsedMail[];
  /** Refuse this many more messages with a temporary error (451). */
  refuse: number;
  refused: number;
}

async function startInbox(): Promise<Inbox> {
  const inbox: Inbox = {
    server: undefined as unknown as SMTPServer,
    port: 0,
    received: [],
    refuse: 0,
    refused: 0,
  };
  inbox.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (inbox.refuse > 0) {
          inbox.refuse -= 1;
          inbox.refused += 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          inbox.received.push(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => inbox.server.listen(0, '127.0.0.1', resolve));
  inbox.port = (inbox.server.server.address() as AddressInfo).port;
  return inbox;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each(ENGINES)('enquiry e-mail and retention on %s', (engine) => {
  let inbox: Inbox;
  let db: TestDatabase;
  let temp: Awaited<ReturnType<typeof createTempDir>>;
  let storage: Storage;
  let queue: Queue;
  let app: FastifyInstance;
  let key: string;
  let artist: string;
  let print: string;
  let ip = 0;

  const send = async (url: string, message: string) => {
    const res = await app.inject({
      method: 'POST',
      url,
      remoteAddress: `10.2.0.${++ip}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams({
        name: 'Karen Blixen',
        email: 'karen@example.test',
        message,
        interest: 'An artist’s proof',
        website: '',
        issued: issueFormToken(key, Date.now() - 10_000),
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    return db.handle.db
      .selectFrom('enquiries')
      .select('id')
      .where('message', '=', message)
      .executeTakeFirstOrThrow();
  };
  const notificationOf = (enquiryId: string) =>
    db.handle.db
      .selectFrom('enquiry_notifications')
      .selectAll()
      .where('enquiry_id', '=', enquiryId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    inbox = await startInbox();
    temp = await createTempDir();
    db = await openTestDatabase(engine, {
      DATA_DIR: temp.dir,
      PUBLIC_URL: ORIGIN,
      SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
      MAIL_FROM: 'Copper Print Gallery <gallery@example.test>',
    });
    storage = createStorage(db.config);
    // Retries a second apart (production waits 30 s and more), so a refused message is retried within the test.
    queue = createQueue(db.handle, {
      pollingIntervalSeconds: 0.5,
      jobOptions: { 'enquiry.notify': { retryDelay: 1 } },
    });
    await queue.start();
    await startWorker({
      config: db.config,
      database: db.handle,
      storage,
      queue,
      log: pino({ level: 'silent' }),
    });
    app = await buildApp({ config: db.config, database: db.handle, storage, queue });
    await app.ready();
    key = await enquiryFormKey(db.config, db.handle);
    artist = await createArtist(db.handle, 'Owner');
    await db.handle.db
      .insertInto('settings')
      .values({ artist_id: artist, contact_email: 'studio@owner.test' })
      .execute();
    print = await insertPrint(db.handle, artist, {
      status: 'published',
      title: { da: 'Havn', en: 'Harbour' },
    });
    await insertGallery(db.handle, artist, [print]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await db?.cleanup();
    await temp?.cleanup();
    await new Promise<void>((resolve) => (inbox ? inbox.server.close(() => resolve()) : resolve()));
  });

  it('e-mails the artist from a job: to, reply-to the visitor, subject naming the print, message and studio link', async () => {
    const { id } = await send(`/en/prints/${print}/enquiry`, 'Is the harbour print still available?');
    const mail = await until('the e-mail', async () =>
      inbox.received.find((m) => m.text?.includes('Is the harbour print still available?')),
    );
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : mail.to).toBe('studio@owner.test');
    expect(mail.from?.text).toBe('"Copper Print Gallery" <gallery@example.test>');
    expect(mail.replyTo?.text).toBe('karen@example.test');
    expect(mail.subject).toBe('Enquiry about “Harbour” from Karen Blixen');
    expect(mail.text).toContain('Impression or edition: An artist’s proof');
    expect(mail.text).toContain(`${ORIGIN}/studio/enquiries/${id}`);
    expect(mail.text).toContain(`${ORIGIN}/en/prints/${print}`);
    const note = await until('the sent status', async () => {
      const n = await notificationOf(id);
      return n.status === 'sent' ? n : undefined;
    });
    expect(note.attempts).toBe(1);
    expect(note.sent_at).not.toBeNull();
  });

  it('retries when the mail server refuses, keeping the enquiry, and sends on a later attempt', async () => {
    inbox.refuse = 1;
    const { id } = await send('/da/contact', 'Har De en udstilling i foråret?');
    const mail = await until('the retried e-mail', async () =>
      inbox.received.find((m) => m.text?.includes('Har De en udstilling i foråret?')),
    );
    expect(inbox.refused).toBe(1);
    expect(mail.subject).toBe('Message from Karen Blixen through the contact page');
    const note = await until('the sent status', async () => {
      const n = await notificationOf(id);
      return n.status === 'sent' ? n : undefined;
    });
    expect(note.attempts).toBe(2);
    expect(
      await db.handle.db.selectFrom('enquiries').select('id').where('id', '=', id).executeTakeFirst(),
    ).toEqual({ id });
  });

  it('deletes enquiries past their artist’s retention period in the scheduled job, and only those', async () => {
    const second = await createArtist(db.handle, 'Second');
    await db.handle.db
      .insertInto('settings')
      .values({ artist_id: second, enquiry_retention_months: 6 })
      .execute();
    const monthsAgo = (m: number) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() - m);
      return d;
    };
    const insert = async (artistId: string, age: number) =>
      (
        await db.handle.db
          .insertInto('enquiries')
          .values({
            artist_id: artistId,
            name: 'Old',
            email: 'old@example.test',
            message: `${age} months old`,
            language: 'en',
            created_at: monthsAgo(age),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const ownerOld = await insert(artist, 25);
    const ownerKept = await insert(artist, 23);
    const secondOld = await insert(second, 7);
    const secondKept = await insert(second, 5);
    await queue.send('enquiries.retention', {});
    await until('the retention job', async () => {
      const rows = await db.handle.db
        .selectFrom('enquiries')
        .select('id')
        .where('id', '=', ownerOld)
        .execute();
      return rows.length === 0 ? true : undefined;
    });
    const left = await db.handle.db
      .selectFrom('enquiries')
      .select('id')
      .where('id', 'in', [ownerOld, ownerKept, secondOld, secondKept])
      .execute();
    expect(left.map((r) => r.id).sort()).toEqual([ownerKept, secondKept].sort());
    const audit = await db.handle.db
      .selectFrom('audit_events')
      .select(['artist_id', 'details'])
      .where('action', '=', 'enquiry.expired_deleted')
      .execute();
    expect(audit.map((a) => [a.artist_id, (a.details as { deleted: number }).deleted]).sort()).toEqual(
      [
        [artist, 1],
        [second, 1],
      ].sort(),
    );
  });

  it('archives enquiries, and a restore deletes those past their retention period', async () => {
    const recent = (await send('/en/contact', 'Recent enough to keep')).id;
    // An enquiry that expired after the archive was made: here written into the archive already old.
    const old = (
      await db.handle.db
        .insertInto('enquiries')
        .values({
          artist_id: artist,
          name: 'Expired',
          email: 'expired@example.test',
          message: 'Thirty months old',
          language: 'da',
          created_at: new Date(Date.now() - 30 * 31 * 24 * 3600 * 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const backup = await createBackup({ config: db.config, database: db.handle, storage }, artist);
    expect(backup.status).toBe('verified');
    const targetDir = await createTempDir();
    const target = await openTestDatabase(engine, { DATA_DIR: targetDir.dir });
    try {
      const result = await restoreArchive(
        { database: target.handle, storage: createStorage(target.config) },
        () => storage.getStream('backups', backup.storageKey!),
        { actor: 'test' },
      );
      expect(result.tables.enquiries?.insert).toBeGreaterThanOrEqual(2);
      const restored = await target.handle.db.selectFrom('enquiries').select('id').execute();
      const ids = restored.map((r) => r.id);
      expect(ids).toContain(recent);
      expect(ids).not.toContain(old);
      expect(await target.handle.db.selectFrom('enquiry_notifications').select('id').execute()).toEqual([]);
    } finally {
      await target.cleanup();
      await targetDir.cleanup();
    }
  });
});
