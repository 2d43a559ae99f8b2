// Answering with a PDF: shown in the browser (inline) under a download name, in its language.
import type { FastifyReply } from 'fastify';
import { attachment } from '../csv/index.js';

export function sendPdf(
  reply: FastifyReply,
  pdf: { readonly pdf: Buffer; readonly fileName: string; readonly lang: string },
  disposition: 'inline' | 'attachment' = 'inline',
): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', attachment(pdf.fileName).replace(/^attachment/, disposition))
    .header('content-language', pdf.lang)
    .send(pdf.pdf);
}
