// Outgoing e-mail: one small interface, and its SMTP implementation over nodemailer. Used by jobs only (never in a
// visitor's request). Without SMTP settings there is no mailer: notifications stay in the studio's outbox.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config.js';

export interface MailMessage {
  to: string;
  replyTo: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Delivers the message to the SMTP server; throws when the server does not accept it. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtp: SmtpSettings, from: string): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // Without implicit TLS the server must offer STARTTLS, except on a loopback test server.
    requireTLS: !smtp.secure && !isLoopback(smtp.host),
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.text,
      });
    },
    close() {
      transport.close();
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}
