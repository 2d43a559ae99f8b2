// Artist API of the business records (decision 022), under /api/v1/artist:
//   contacts: GET/POST /contacts, GET /contacts/export.csv, GET/PATCH/DELETE /contacts/:id, GET /contacts/:id/history
//   sales: GET/POST /sales, GET /sales/totals, GET /sales/export.csv, GET/DELETE /sales/:id (DELETE undoes it)
//   consignments: GET/POST /consignments, GET/DELETE /consignments/:id, POST /consignments/:id/return
//   provenance: GET /prints/:printId/provenance
// actorOf answers 401 without a signed-in artist; the service answers 404 for another artist's records.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/auth-context.js';
import { sendCsv } from '../../platform/csv/index.js';
import { ErrorResponse, PrintIdParams } from '../catalogue/schemas.js';
import { CONTACT_COLUMNS, SALE_COLUMNS } from './csv.js';
import {
  ConsignmentCreate,
  ConsignmentIdParams,
  ConsignmentList,
  ConsignmentOut,
  ConsignmentQuery,
  ConsignmentReturn,
  ContactCreate,
  ContactHistory,
  ContactIdParams,
  ContactList,
  ContactOut,
  ContactQuery,
  ContactUpdate,
  Provenance,
  SaleCreate,
  SaleIdParams,
  SaleList,
  SaleOut,
  SaleQuery,
  SaleTotals,
} from './schemas.js';
import type { BusinessService } from './service.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
const common = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;
const Deleted = Type.Null({ description: 'Deleted' });
const csvResponse = (description: string) => ({
  200: { description, content: { 'text/csv': { schema: Type.String() } } },
  401: ErrorResponse,
});

export const businessArtistRoutes: FastifyPluginAsyncTypebox<{ service: BusinessService }> = async (
  app,
  { service },
) => {
  // ---- contacts ----
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        security,
        summary: 'Your contacts (collectors, galleries and dealers, institutions), by name; q searches',
        operationId: 'getContacts',
        querystring: ContactQuery,
        response: { 200: ContactList, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.listContacts(actorOf(req), req.query),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        security,
        summary: 'Record a contact',
        operationId: 'createContact',
        body: ContactCreate,
        response: { 201: ContactOut, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createContact(actorOf(req), req.body)),
  );

  app.get(
    '/contacts/export.csv',
    {
      schema: {
        tags,
        security,
        summary: 'Your contacts as CSV (UTF-8 with BOM, RFC 4180), one row per contact',
        description: `Columns: ${CONTACT_COLUMNS.map((c) => c.header).join(', ')} (docs/sales.md describes each).`,
        operationId: 'exportContactsCsv',
        response: csvResponse('The CSV file'),
      },
    },
    async (req, reply) => sendCsv(reply, await service.contactsCsv(actorOf(req))),
  );

  app.get(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        security,
        summary: 'A contact',
        operationId: 'getContact',
        params: ContactIdParams,
        response: { 200: ContactOut, ...common },
      },
    },
    async (req) => service.getContact(actorOf(req), req.params.contactId),
  );

  app.get(
    '/contacts/:contactId/history',
    {
      schema: {
        tags,
        security,
        summary: 'What a contact bought and what was consigned to them',
        operationId: 'getContactHistory',
        params: ContactIdParams,
        response: { 200: ContactHistory, ...common },
      },
    },
    async (req) => service.history(actorOf(req), req.params.contactId),
  );

  app.patch(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        security,
        summary: 'Update a contact (the fields given)',
        operationId: 'updateContact',
        params: ContactIdParams,
        body: ContactUpdate,
        response: { 200: ContactOut, ...common },
      },
    },
    async (req) => service.updateContact(actorOf(req), req.params.contactId, req.body),
  );

  app.delete(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        security,
        summary:
          'Delete a contact; their sales stay without the name (409 while a consignment is out with them)',
        operationId: 'deleteContact',
        params: ContactIdParams,
        response: { 204: Deleted, ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      await service.deleteContact(actorOf(req), req.params.contactId);
      return reply.code(204).send(null);
    },
  );

  // ---- sales ----
  app.get(
    '/sales',
    {
      schema: {
        tags,
        security,
        summary: 'Your sales, newest first',
        operationId: 'getSales',
        querystring: SaleQuery,
        response: { 200: SaleList, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.listSales(actorOf(req), req.query),
  );

  app.post(
    '/sales',
    {
      schema: {
        tags,
        security,
        summary: 'Record a sale of impressions: each becomes sold, its location the buyer (one transaction)',
        description:
          'Refused with 409 when an impression is already sold, given away or destroyed. An impression on ' +
          'consignment may be sold (the dealer sold it); undoing the sale puts it back on consignment.',
        operationId: 'createSale',
        body: SaleCreate,
        response: { 201: SaleOut, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await service.recordSale(actorOf(req), req.body)),
  );

  app.get(
    '/sales/totals',
    {
      schema: {
        tags,
        security,
        summary: 'Sales per year: the count and the sum per currency, newest year first',
        operationId: 'getSaleTotals',
        response: { 200: SaleTotals, 401: ErrorResponse },
      },
    },
    async (req) => service.totals(actorOf(req)),
  );

  app.get(
    '/sales/export.csv',
    {
      schema: {
        tags,
        security,
        summary: 'Your sales as CSV (UTF-8 with BOM, RFC 4180), one row per sale',
        description: `Columns: ${SALE_COLUMNS.map((c) => c.header).join(', ')} (docs/sales.md describes each).`,
        operationId: 'exportSalesCsv',
        response: csvResponse('The CSV file'),
      },
    },
    async (req, reply) => sendCsv(reply, await service.salesCsv(actorOf(req))),
  );

  app.get(
    '/sales/:saleId',
    {
      schema: {
        tags,
        security,
        summary: 'A sale',
        operationId: 'getSale',
        params: SaleIdParams,
        response: { 200: SaleOut, ...common },
      },
    },
    async (req) => service.getSale(actorOf(req), req.params.saleId),
  );

  app.delete(
    '/sales/:saleId',
    {
      schema: {
        tags,
        security,
        summary: 'Undo a sale: its impressions get back the status and location they had before',
        operationId: 'deleteSale',
        params: SaleIdParams,
        response: { 204: Deleted, ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      await service.deleteSale(actorOf(req), req.params.saleId);
      return reply.code(204).send(null);
    },
  );

  // ---- consignments ----
  app.get(
    '/consignments',
    {
      schema: {
        tags,
        security,
        summary: 'Your consignments, those still out first',
        operationId: 'getConsignments',
        querystring: ConsignmentQuery,
        response: { 200: ConsignmentList, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.listConsignments(actorOf(req), req.query),
  );

  app.post(
    '/consignments',
    {
      schema: {
        tags,
        security,
        summary: 'Record a consignment: the impressions stay available, their location becomes the dealer',
        description: 'Refused with 409 unless every impression is available and not already on consignment.',
        operationId: 'createConsignment',
        body: ConsignmentCreate,
        response: { 201: ConsignmentOut, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await service.recordConsignment(actorOf(req), req.body)),
  );

  app.get(
    '/consignments/:consignmentId',
    {
      schema: {
        tags,
        security,
        summary: 'A consignment',
        operationId: 'getConsignment',
        params: ConsignmentIdParams,
        response: { 200: ConsignmentOut, ...common },
      },
    },
    async (req) => service.getConsignment(actorOf(req), req.params.consignmentId),
  );

  app.post(
    '/consignments/:consignmentId/return',
    {
      schema: {
        tags,
        security,
        summary: 'Record the return: impressions still with the dealer get back their status and location',
        operationId: 'returnConsignment',
        params: ConsignmentIdParams,
        body: ConsignmentReturn,
        response: { 200: ConsignmentOut, ...common, 409: ErrorResponse },
      },
    },
    async (req) => service.returnConsignment(actorOf(req), req.params.consignmentId, req.body.dateReturned),
  );

  app.delete(
    '/consignments/:consignmentId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a consignment recorded by mistake (its impressions get back what they had)',
        operationId: 'deleteConsignment',
        params: ConsignmentIdParams,
        response: { 204: Deleted, ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      await service.deleteConsignment(actorOf(req), req.params.consignmentId);
      return reply.code(204).send(null);
    },
  );

  // ---- provenance ----
  app.get(
    '/prints/:printId/provenance',
    {
      schema: {
        tags,
        security,
        summary: 'The chain of sales of each impression of a print',
        operationId: 'getPrintProvenance',
        params: PrintIdParams,
        response: { 200: Provenance, ...common },
      },
    },
    async (req) => service.provenance(actorOf(req), req.params.printId),
  );
};
