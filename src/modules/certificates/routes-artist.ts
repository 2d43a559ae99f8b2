// Artist API: the certificate of one of the artist's impressions, and a new verification code for it.
//   GET  /api/v1/artist/prints/:printId/impressions/:impressionId/certificate?lang=da|en   → application/pdf
//   POST /api/v1/artist/prints/:printId/impressions/:impressionId/certificate/code         → a new code
// actorOf answers 401 without a signed-in artist; the service answers 404 for another artist's print or impression.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/auth-context.js';
import { sendPdf } from '../../platform/pdf/reply.js';
import { ErrorResponse, ImpressionParams } from '../catalogue/schemas.js';
import type { CertificateService } from './service.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

const CertificateQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union([Type.Literal('da'), Type.Literal('en')], {
        description: "The certificate's language (default: the artist's default language)",
      }),
    ),
  },
  { additionalProperties: false },
);

const CodeOut = Type.Object(
  {
    code: Type.String({ description: 'The new verification code, as printed (five groups of four)' }),
    verifyUrl: Type.Object(
      { da: Type.String(), en: Type.String() },
      { description: 'The verification pages' },
    ),
  },
  { title: 'CertificateCode' },
);

export const certificateArtistRoutes: FastifyPluginAsyncTypebox<{ service: CertificateService }> = async (
  app,
  { service },
) => {
  app.get(
    '/prints/:printId/impressions/:impressionId/certificate',
    {
      // A HEAD would issue a certificate (a code, an audit event) without anyone receiving it.
      exposeHeadRoute: false,
      schema: {
        tags,
        security,
        summary: 'The certificate of authenticity of an impression (A4 PDF, Danish or English)',
        description:
          'The first certificate gives the impression its verification code; the PDF carries it with a QR code of ' +
          'the public verification page (/{lang}/verify/{code}). Every certificate issued is in the audit log.',
        operationId: 'getImpressionCertificate',
        params: ImpressionParams,
        querystring: CertificateQuery,
        response: {
          200: {
            description: 'The certificate',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const issued = await service.issue(
        actorOf(req),
        req.params.printId,
        req.params.impressionId,
        req.query.lang,
      );
      // The documented body is binary (format: binary), typed as a string by the type provider.
      return sendPdf(reply, issued) as unknown as string;
    },
  );

  app.post(
    '/prints/:printId/impressions/:impressionId/certificate/code',
    {
      schema: {
        tags,
        security,
        summary:
          'Replace the verification code of an impression (a lost certificate); the old code stops verifying',
        operationId: 'replaceImpressionCertificateCode',
        params: ImpressionParams,
        response: { 200: CodeOut, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const { code } = await service.replaceCode(actorOf(req), req.params.printId, req.params.impressionId);
      return { code, verifyUrl: { da: service.verifyUrl('da', code), en: service.verifyUrl('en', code) } };
    },
  );
};
