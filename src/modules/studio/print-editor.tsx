// The studio's print editor: create a draft, edit every field in both languages, add vocabulary terms, publish and
// unpublish through the publishing gate, keep the edition ledger, see the image and its EXIF, preview the public
// page in either language (drafts included), delete. Every change goes through the CatalogueService the JSON API
// uses, so its rules, audit events and cache clearing are the same; routes here parse the form and present.
import { RETRY_NOTICES } from './prints.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import { actorOf } from '../../platform/auth-context.js';
import { AppError, NotFoundError } from '../../platform/errors.js';
import type { Language } from '../../platform/db/schema.js';
import { ACCEPTED_UPLOAD_TYPES } from '../media/uploads.js';
import { printPreviewPage } from '../site/preview.js';
import type { StudioDeps } from './context.js';
import { ProvenanceSection } from './business-views.js';
import { formString, queryString, type FieldErrors, type FormBody, type Option } from './forms.js';
import { sendStudioPage } from './layout.js';
import {
  PICKER_FIELDS,
  VOCABULARY_PICKERS,
  emptyImpressionForm,
  emptyPrintForm,
  impressionInputOf,
  impressionServiceErrors,
  inlineImpressionInputOf,
  printInputOf,
  serviceFieldErrors,
  storedImpressionForm,
  storedPrintForm,
  termInputOf,
  typedImpressionForm,
  typedPrintForm,
  type ImpressionFormValues,
  type PickerField,
  type PrintFormValues,
  type StoredImpression,
} from './print-editor-form.js';
import {
  ConfirmDelete,
  DeletePrintForm,
  ExifPanel,
  ImagePanel,
  ImpressionEditForm,
  ImpressionLedger,
  PrintForm,
  Problems,
  StatusPanel,
  UNTITLED,
  editorPath,
  type ExifView,
  type ImageView,
  type Pickers,
} from './print-editor-views.js';
import { isUuid } from '../../platform/ids.js';
import { ImagesSection, imageField, imageFieldLabels, type ImageFormValues } from './print-images-views.js';
import {
  STATE_NOTICES,
  StatesSection,
  stateFieldLabels,
  stateRoutes,
  type StateFormValues,
} from './print-states.js';
import type { ImageRole } from '../../platform/db/schema.js';

type IdParams = { Params: { id: string } };
type ImpressionParams = { Params: { id: string; impressionId: string } };
type ImageParams = { Params: { id: string; imageId: string } };

/** Fixed confirmations a redirect may ask for (never text from the URL). */
const NOTICES: Readonly<Record<string, string>> = {
  created:
    'Draft created. Add its image and edition ledger below; publish once everything needed is filled in.',
  saved: 'Saved.',
  published: 'Saved and published.',
  unpublished: 'Saved and unpublished: visitors no longer see this print.',
  'impression-added': 'Impression recorded.',
  'impression-saved': 'Impression saved.',
  'impression-deleted': 'Impression deleted.',
  'certificate-code':
    'New verification code made: certificates printed before it no longer verify. Print the certificate again.',
  'image-saved': 'Image saved.',
  'image-primary': 'The image is now the primary image.',
  'image-moved': 'Image moved.',
  'image-removed': 'Image removed.',
  'image-retried': 'Processing of the image started again.',
  ...RETRY_NOTICES,
  ...STATE_NOTICES,
};

type Detail = Awaited<ReturnType<StudioDeps['catalogue']['prints']['get']>>;
type Ledger = Awaited<ReturnType<StudioDeps['catalogue']['editions']['list']>>;

/** A print's name in the studio: English first, else Danish. */
export function printName(title: { da?: string; en?: string } | undefined): string {
  return title?.en?.trim() || title?.da?.trim() || UNTITLED;
}

function imageOf(detail: Detail): ImageView {
  const pick =
    detail.images.find((i) => i.version === 'medium') ??
    detail.images.find((i) => i.version === 'thumbnail') ??
    detail.images[0];
  return {
    status: detail.imageProcessingStatus ?? 'none',
    error: detail.imageError,
    current: pick ? { url: pick.url, width: pick.width, height: pick.height } : null,
  };
}

const exifText = (value: unknown): string =>
  Array.isArray(value) ? value.map((v) => String(v)).join(', ') : String(value);

/** The EXIF of the print's current original, read through the artist's print (another artist's: nothing). */
async function exifOf(deps: StudioDeps, actor: Actor, printId: string): Promise<ExifView | null> {
  const row = await deps.catalogue.prints.exif(actor, printId);
  if (!row) return null;
  const takenAt = row.taken_at ? new Date(row.taken_at) : null;
  const summary: Array<[string, string]> = [
    ['Camera', row.camera ?? '—'],
    ['Lens', row.lens ?? '—'],
    ['Exposure time', row.exposure_time ? `${row.exposure_time} s` : '—'],
    ['Aperture', row.f_number === null ? '—' : `f/${Number(row.f_number)}`],
    ['ISO', row.iso === null ? '—' : String(row.iso)],
    ['Focal length', row.focal_length_mm === null ? '—' : `${Number(row.focal_length_mm)} mm`],
    [
      'Taken',
      takenAt
        ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
            takenAt,
          ) + ' (UTC)'
        : '—',
    ],
  ];
  const data = (row.data ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const directories = Object.entries(data)
    .filter(([, tags]) => tags && typeof tags === 'object')
    .map(
      ([directory, tags]) =>
        [
          directory,
          Object.entries(tags ?? {}).map(([tag, value]) => [tag, exifText(value)] as const),
        ] as const,
    )
    .filter(([, tags]) => tags.length > 0);
  return { summary, directories };
}

/** The artist's terms of each picker's vocabulary, labelled in English and Danish. */
async function pickersFor(deps: StudioDeps, artistId: string): Promise<Pickers> {
  const { terms } = await deps.catalogue.vocabulary.list(artistId);
  const out = {} as Record<PickerField, Option[]>;
  for (const field of PICKER_FIELDS) {
    const seen = new Set<string>();
    out[field] = [];
    for (const t of terms) {
      if (t.kind !== VOCABULARY_PICKERS[field].kind || seen.has(t.key)) continue;
      seen.add(t.key);
      const en = t.label.en?.trim() || t.key;
      const da = t.label.da?.trim() || en;
      out[field].push({ value: t.key, label: en === da ? en : `${en} / ${da}` });
    }
  }
  return out;
}

/** The "add a term" fields as typed, to give them back on a re-render. */
function typedTerms(body: FormBody | undefined) {
  const out: Partial<Record<PickerField, { da: string; en: string }>> = {};
  for (const field of PICKER_FIELDS) {
    const da = formString(body, `newTerm.${field}.da`);
    const en = formString(body, `newTerm.${field}.en`);
    if (da || en) out[field] = { da, en };
  }
  return out;
}

interface EditorState {
  values?: PrintFormValues;
  errors?: FieldErrors;
  newTerms?: Partial<Record<PickerField, { da: string; en: string }>>;
  impressionValues?: ImpressionFormValues;
  rowValues?: ReadonlyMap<string, { status: string; location: string }>;
  imageValues?: ReadonlyMap<string, ImageFormValues>;
  stateValues?: ReadonlyMap<string, StateFormValues>;
  status?: number;
  notice?: string;
}

export const printEditorPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const { catalogue, config } = deps;

  async function notFound(req: FastifyRequest, reply: FastifyReply, what = 'Print') {
    await sendStudioPage(req, reply, deps, {
      title: `${what} not found`,
      status: 404,
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [null, 'Not found'],
      ],
      body: (
        <p>
          There is no such {what.toLowerCase()} in your studio; it may have been deleted.{' '}
          <a href="/studio/prints">See all prints</a>.
        </p>
      ),
    });
    return null;
  }

  /** The artist's print, or a studio 404 page (another artist's print is simply not there). */
  async function loadPrint(req: FastifyRequest, reply: FastifyReply, id: string): Promise<Detail | null> {
    if (isUuid(id)) {
      try {
        return await catalogue.prints.get(actorOf(req), id, 'en');
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return notFound(req, reply);
  }

  async function sendEditor(
    req: FastifyRequest,
    reply: FastifyReply,
    detail: Detail,
    state: EditorState = {},
  ) {
    const actor = actorOf(req);
    const [pickers, ledger, exif, published, provenance, { images }, { states }, settings] =
      await Promise.all([
        pickersFor(deps, actor.artistId),
        catalogue.editions.list(actor, detail.id, 'en'),
        exifOf(deps, actor, detail.id),
        deps.catalogue.prints.isPublic(actor, detail.id),
        deps.business.provenance(actor, detail.id),
        catalogue.images.list(actor, detail.id),
        catalogue.states.list(actor, detail.id),
        catalogue.settings.get(actor),
      ]);
    const name = printName(detail.localized.title);
    const errors = state.errors ?? {};
    return sendStudioPage(req, reply, deps, {
      title: `Print: ${name}`,
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [null, name],
      ],
      status: state.status ?? 200,
      notice: state.notice ?? (state.status ? undefined : NOTICES[queryString(req.query, 'notice')]),
      scripts: ['studio-editor.js'],
      body: (
        <>
          <Problems
            errors={errors}
            extraLabels={{ ...imageFieldLabels(images), ...stateFieldLabels(states) }}
          />
          <StatusPanel
            id={detail.id}
            status={detail.status}
            missing={detail.missingForPublication}
            visible={published}
          />
          <ImagePanel
            req={req}
            id={detail.id}
            title={name}
            image={imageOf(detail)}
            maxBytes={config.storage.uploadMaxBytes}
            types={ACCEPTED_UPLOAD_TYPES}
            error={errors.image}
          />
          <ImagesSection
            req={req}
            printId={detail.id}
            images={images}
            errors={errors}
            values={state.imageValues ?? new Map()}
            maxBytes={config.storage.uploadMaxBytes}
            types={ACCEPTED_UPLOAD_TYPES}
          />
          <h2 class="visually-hidden">Details</h2>
          <PrintForm
            req={req}
            action={editorPath(detail.id)}
            termAction={`${editorPath(detail.id)}/terms`}
            values={state.values ?? storedPrintForm(detail)}
            errors={errors}
            pickers={pickers}
            missing={detail.missingForPublication}
            status={detail.status}
            newTerms={state.newTerms ?? {}}
            zoomDefault={settings.zoomMaxPixels}
          />
          <ImpressionLedger
            req={req}
            printId={detail.id}
            edition={ledger.edition}
            impressions={ledger.impressions as StoredImpression[]}
            addValues={state.impressionValues ?? emptyImpressionForm()}
            errors={errors}
            rowValues={state.rowValues ?? new Map()}
            plateStates={states}
          />
          <StatesSection
            req={req}
            printId={detail.id}
            states={states}
            images={images}
            impressions={ledger.impressions}
            errors={errors}
            values={state.stateValues ?? new Map()}
          />
          <ProvenanceSection provenance={provenance} />
          <ExifPanel exif={exif} />
          <DeletePrintForm req={req} id={detail.id} title={name} />
        </>
      ),
    });
  }

  async function sendNewForm(req: FastifyRequest, reply: FastifyReply, state: EditorState = {}) {
    const [pickers, settings] = await Promise.all([
      pickersFor(deps, actorOf(req).artistId),
      catalogue.settings.get(actorOf(req)),
    ]);
    const errors = state.errors ?? {};
    return sendStudioPage(req, reply, deps, {
      title: 'New print',
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [null, 'New print'],
      ],
      status: state.status ?? 200,
      ...(state.notice ? { notice: state.notice } : {}),
      scripts: ['studio-editor.js'],
      body: (
        <>
          <Problems errors={errors} />
          <p>
            Describe the print and create it as a draft; then add its image and edition ledger, preview it and
            publish it. To start from image files instead,{' '}
            <a href="/studio/prints">upload them on the prints page</a>.
          </p>
          <PrintForm
            req={req}
            action="/studio/prints/new"
            termAction="/studio/prints/new/terms"
            values={state.values ?? emptyPrintForm()}
            errors={errors}
            pickers={pickers}
            missing={[]}
            status={undefined}
            newTerms={state.newTerms ?? {}}
            zoomDefault={settings.zoomMaxPixels}
          />
        </>
      ),
    });
  }

  // ---- create a draft (no image yet) ----

  app.get('/studio/prints/new', { schema: { hide: true } }, async (req, reply) => sendNewForm(req, reply));

  app.post('/studio/prints/new', { schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = typedPrintForm(body);
    const newTerms = typedTerms(body);
    const { input, errors } = printInputOf(values);
    if (Object.keys(errors).length) return sendNewForm(req, reply, { values, errors, newTerms, status: 422 });
    try {
      const created = await catalogue.prints.create(actorOf(req), { ...input, status: 'draft' }, 'en');
      return reply.redirect(`${editorPath(created.id)}?notice=created`, 303);
    } catch (error) {
      const fieldErrors = serviceFieldErrors(error);
      if (!fieldErrors) throw error;
      return sendNewForm(req, reply, { values, errors: fieldErrors, newTerms, status: 422 });
    }
  });

  // ---- edit, publish, unpublish ----

  app.get<IdParams>('/studio/prints/:id', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    return sendEditor(req, reply, detail);
  });

  app.post<IdParams>('/studio/prints/:id', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    const body = req.body as FormBody;
    const values = typedPrintForm(body);
    const newTerms = typedTerms(body);
    const intent = formString(body, 'intent');
    const { input, errors } = printInputOf(values);
    if (Object.keys(errors).length) {
      return sendEditor(req, reply, detail, { values, errors, newTerms, status: 422 });
    }
    if (intent === 'publish') input.status = 'published';
    if (intent === 'unpublish') input.status = 'draft';
    try {
      await catalogue.prints.update(actorOf(req), detail.id, input, 'en');
    } catch (error) {
      const fieldErrors = serviceFieldErrors(error);
      if (!fieldErrors) throw error;
      return sendEditor(req, reply, detail, { values, errors: fieldErrors, newTerms, status: 422 });
    }
    const notice = intent === 'publish' ? 'published' : intent === 'unpublish' ? 'unpublished' : 'saved';
    return reply.redirect(`${editorPath(detail.id)}?notice=${notice}`, 303);
  });

  // ---- vocabulary: "add a term" without JavaScript (the island calls the artist API in place) ----

  /** Adds the term; the form comes back with everything typed (not saved) and the new term chosen. */
  async function addTerm(req: FastifyRequest): Promise<EditorState> {
    const body = req.body as FormBody;
    const values = typedPrintForm(body);
    const newTerms = typedTerms(body);
    const parsed = termInputOf(body);
    if (!parsed)
      return { values, newTerms, errors: { _form: 'Choose which list to add a term to.' }, status: 422 };
    const { term, errors } = parsed;
    if (Object.keys(errors).length) return { values, newTerms, errors, status: 422 };
    const picker = VOCABULARY_PICKERS[term.field];
    try {
      const added = await catalogue.vocabulary.addTerm(actorOf(req), {
        kind: picker.kind,
        label: term.label,
      });
      values[term.field] = added.key;
      delete newTerms[term.field];
      return {
        values,
        newTerms,
        notice: `Added the ${picker.term} “${term.label.en} / ${term.label.da}” and chose it. Save to keep the choice.`,
      };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const message =
        error.code === 'CONFLICT'
          ? `The list already has this ${picker.term}: choose it above`
          : error.message.replace(/^body\.\w+: /, '');
      return { values, newTerms, errors: { [`newTerm.${term.field}.en`]: message }, status: 422 };
    }
  }

  app.post('/studio/prints/new/terms', { schema: { hide: true } }, async (req, reply) =>
    sendNewForm(req, reply, await addTerm(req)),
  );

  app.post<IdParams>('/studio/prints/:id/terms', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    return sendEditor(req, reply, detail, await addTerm(req));
  });

  // ---- preview as a visitor would see it, drafts included ----

  app.get<{ Params: { id: string; lang: string }; Querystring: { image?: unknown } }>(
    '/studio/prints/:id/preview/:lang',
    { schema: { hide: true } },
    async (req, reply) => {
      const { id, lang } = req.params;
      if (lang !== 'da' && lang !== 'en') return notFound(req, reply, 'Preview');
      const image = typeof req.query.image === 'string' ? req.query.image : undefined;
      const html = await printPreviewPage(
        deps,
        actorOf(req).artistId,
        id,
        lang as Language,
        { editor: editorPath(id), preview: (l) => `${editorPath(id)}/preview/${l}` },
        image,
      );
      if (html === undefined) return notFound(req, reply);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .send(html);
    },
  );

  // ---- delete (a confirmation page without JavaScript; form[data-confirm] with it) ----

  app.get<IdParams>('/studio/prints/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    const name = printName(detail.localized.title);
    const { impressions } = await catalogue.editions.list(actorOf(req), detail.id, 'en');
    return sendStudioPage(req, reply, deps, {
      title: `Delete “${name}”?`,
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [editorPath(detail.id), name],
        [null, 'Delete'],
      ],
      body: (
        <ConfirmDelete
          req={req}
          action={`${editorPath(detail.id)}/delete`}
          cancel={editorPath(detail.id)}
          button="Delete the print"
          explanation={
            <>
              This removes its images
              {impressions.length
                ? `, its edition ledger (${impressions.length} ${impressions.length === 1 ? 'impression' : 'impressions'})`
                : ''}{' '}
              and its places in galleries, from the studio and the public site. This cannot be undone.
            </>
          }
        />
      ),
    });
  });

  app.post<IdParams>('/studio/prints/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    if (formString(req.body as FormBody, 'confirmed') !== '1') {
      return reply.redirect(`${editorPath(detail.id)}/delete`, 303);
    }
    await catalogue.prints.delete(actorOf(req), detail.id);
    return reply.redirect('/studio/prints?notice=deleted', 303);
  });

  // ---- the edition ledger ----

  app.post<IdParams>('/studio/prints/:id/impressions', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    const values = typedImpressionForm(req.body as FormBody);
    const { input, errors } = impressionInputOf(values);
    if (Object.keys(errors).length) {
      return sendEditor(req, reply, detail, { impressionValues: values, errors, status: 422 });
    }
    try {
      await catalogue.editions.create(actorOf(req), detail.id, input);
    } catch (error) {
      const fieldErrors = impressionServiceErrors(error);
      if (!fieldErrors) throw error;
      return sendEditor(req, reply, detail, { impressionValues: values, errors: fieldErrors, status: 422 });
    }
    return reply.redirect(`${editorPath(detail.id)}?notice=impression-added#impressions`, 303);
  });

  /** The print and one of its impressions, or a 404 page. */
  async function loadImpression(
    req: FastifyRequest<ImpressionParams>,
    reply: FastifyReply,
  ): Promise<{ detail: Detail; impression: StoredImpression; ledger: Ledger } | null> {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return null;
    const ledger = await catalogue.editions.list(actorOf(req), detail.id, 'en');
    const impression = ledger.impressions.find((i) => i.id === req.params.impressionId);
    if (!impression) return notFound(req, reply, 'Impression');
    return { detail, impression, ledger };
  }

  function sendImpressionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    detail: Detail,
    impression: StoredImpression,
    values: ImpressionFormValues,
    errors: FieldErrors,
  ) {
    const name = printName(detail.localized.title);
    return sendStudioPage(req, reply, deps, {
      title: `Impression ${impression.label} of “${name}”`,
      status: Object.keys(errors).length ? 422 : 200,
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [editorPath(detail.id), name],
        [null, `Impression ${impression.label}`],
      ],
      scripts: ['studio-editor.js'],
      body: (
        <ImpressionEditForm
          req={req}
          printId={detail.id}
          impression={impression}
          values={values}
          errors={errors}
          certificates={deps.certificates !== undefined}
        />
      ),
    });
  }

  app.get<ImpressionParams>(
    '/studio/prints/:id/impressions/:impressionId',
    { schema: { hide: true } },
    async (req, reply) => {
      const found = await loadImpression(req, reply);
      if (!found) return reply;
      const { detail, impression } = found;
      return sendImpressionPage(req, reply, detail, impression, storedImpressionForm(impression), {});
    },
  );

  app.post<ImpressionParams>(
    '/studio/prints/:id/impressions/:impressionId',
    { schema: { hide: true } },
    async (req, reply) => {
      const found = await loadImpression(req, reply);
      if (!found) return reply;
      const { detail, impression } = found;
      const body = req.body as FormBody;
      const actor = actorOf(req);
      if (formString(body, 'inline') === '1') {
        // The ledger table's row: status and location only; errors go back next to them.
        const { input, values, errors } = inlineImpressionInputOf(body, impression.id);
        const rowValues = new Map([[impression.id, values]]);
        if (Object.keys(errors).length)
          return sendEditor(req, reply, detail, { rowValues, errors, status: 422 });
        try {
          await catalogue.editions.update(actor, detail.id, impression.id, input);
        } catch (error) {
          const fieldErrors = impressionServiceErrors(error, `row.${impression.id}.`);
          if (!fieldErrors) throw error;
          return sendEditor(req, reply, detail, { rowValues, errors: fieldErrors, status: 422 });
        }
        return reply.redirect(
          `${editorPath(detail.id)}?notice=impression-saved#impression-${impression.id}`,
          303,
        );
      }
      const values = typedImpressionForm(body);
      const { input, errors } = impressionInputOf(values);
      if (Object.keys(errors).length)
        return sendImpressionPage(req, reply, detail, impression, values, errors);
      try {
        await catalogue.editions.update(actor, detail.id, impression.id, input);
      } catch (error) {
        const fieldErrors = impressionServiceErrors(error);
        if (!fieldErrors) throw error;
        return sendImpressionPage(req, reply, detail, impression, values, fieldErrors);
      }
      return reply.redirect(`${editorPath(detail.id)}?notice=impression-saved#impressions`, 303);
    },
  );

  // A new verification code for a lost certificate (decision 020): the box must be ticked, the old code stops
  // verifying, and the artist prints the certificate again.
  app.post<ImpressionParams>(
    '/studio/prints/:id/impressions/:impressionId/certificate-code',
    { schema: { hide: true } },
    async (req, reply) => {
      const found = await loadImpression(req, reply);
      if (!found) return reply;
      const { detail, impression } = found;
      const base = `${editorPath(detail.id)}/impressions/${impression.id}`;
      if (!deps.certificates || formString(req.body as FormBody, 'understood') !== '1')
        return reply.redirect(`${base}#certificate`, 303);
      await deps.certificates.replaceCode(actorOf(req), detail.id, impression.id);
      return reply.redirect(
        `${editorPath(detail.id)}?notice=certificate-code#impression-${impression.id}`,
        303,
      );
    },
  );

  app.get<ImpressionParams>(
    '/studio/prints/:id/impressions/:impressionId/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      const found = await loadImpression(req, reply);
      if (!found) return reply;
      const { detail, impression } = found;
      const name = printName(detail.localized.title);
      const base = `${editorPath(detail.id)}/impressions/${impression.id}`;
      return sendStudioPage(req, reply, deps, {
        title: `Delete impression ${impression.label}?`,
        breadcrumbs: [
          ['/studio/prints', 'Prints'],
          [editorPath(detail.id), name],
          [null, `Delete impression ${impression.label}`],
        ],
        body: (
          <ConfirmDelete
            req={req}
            action={`${base}/delete`}
            cancel={`${editorPath(detail.id)}#impressions`}
            button="Delete the impression"
            explanation={`Impression ${impression.label} of “${name}” is removed from the edition ledger. This cannot be undone.`}
          />
        ),
      });
    },
  );

  app.post<ImpressionParams>(
    '/studio/prints/:id/impressions/:impressionId/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      const found = await loadImpression(req, reply);
      if (!found) return reply;
      const { detail, impression } = found;
      const base = `${editorPath(detail.id)}/impressions/${impression.id}`;
      if (formString(req.body as FormBody, 'confirmed') !== '1') return reply.redirect(`${base}/delete`, 303);
      try {
        await catalogue.editions.delete(actorOf(req), detail.id, impression.id);
      } catch (error) {
        // Deleted meanwhile (a second click): the outcome the artist asked for.
        if (!(error instanceof NotFoundError)) throw error;
      }
      return reply.redirect(`${editorPath(detail.id)}?notice=impression-deleted#impressions`, 303);
    },
  );

  // ---- the plate's states (decision 025): print-states.tsx ----
  stateRoutes(app, deps, {
    loadPrint,
    reloadPrint: (req, id) => catalogue.prints.get(actorOf(req), id, 'en'),
    sendEditor,
    notFound,
  });

  // ---- the print's images (decision 024): role and alt text, make primary, move, remove; adding is the island's ----

  /** A refusal of the images service as errors at the image's fields (the gate names the alt text it needs). */
  function imageErrors(error: unknown, imageId: string): FieldErrors | undefined {
    if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) return undefined;
    const errors: Record<string, string> = {};
    if (error.code === 'UNPROCESSABLE' && Array.isArray(error.details?.missing)) {
      for (const item of error.details.missing as unknown[]) {
        const m = typeof item === 'string' ? /^images\.([0-9a-f-]+)\.altText \((da|en)\)$/.exec(item) : null;
        if (m?.[1] && m[2])
          errors[`${imageField(m[1], 'altText')}.${m[2]}`] =
            `The print is published, so this image needs its alt text in ${m[2] === 'da' ? 'Danish' : 'English'}`;
      }
      if (Object.keys(errors).length) return errors;
    }
    const text = error.message.replace(/^(?:body\.)?[A-Za-z.]+: /, '');
    const message = text.charAt(0).toUpperCase() + text.slice(1);
    const field =
      error.details?.field === 'role' ? imageField(imageId, 'role') : imageField(imageId, 'actions');
    return { [field]: message };
  }

  /** Runs one change of an image: back to the section with a notice, or the editor with the error at the image. */
  async function imageChange(
    req: FastifyRequest<ImageParams>,
    reply: FastifyReply,
    notice: string,
    change: (detail: Detail) => Promise<unknown>,
    state: EditorState = {},
  ) {
    const detail = await loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    const { imageId } = req.params;
    const { images } = await catalogue.images.list(actorOf(req), detail.id);
    if (!images.some((i) => i.id === imageId && !i.primary)) return notFound(req, reply, 'Image');
    if (state.errors) return sendEditor(req, reply, detail, { ...state, status: 422 });
    try {
      await change(detail);
    } catch (error) {
      const errors = imageErrors(error, imageId);
      if (!errors) throw error;
      return sendEditor(req, reply, await catalogue.prints.get(actorOf(req), detail.id, 'en'), {
        ...state,
        errors,
        status: 422,
      });
    }
    return reply.redirect(`${editorPath(detail.id)}?notice=${notice}#images`, 303);
  }

  app.post<ImageParams>(
    '/studio/prints/:id/images/:imageId',
    { schema: { hide: true } },
    async (req, reply) => {
      const { imageId } = req.params;
      const body = req.body as FormBody;
      const values: ImageFormValues = {
        role: formString(body, imageField(imageId, 'role')),
        altText: {
          da: formString(body, `${imageField(imageId, 'altText')}.da`),
          en: formString(body, `${imageField(imageId, 'altText')}.en`),
        },
      };
      const imageValues = new Map([[imageId, values]]);
      const errors: FieldErrors = values.role
        ? {}
        : { [imageField(imageId, 'role')]: 'Choose the role of the image' };
      return imageChange(
        req,
        reply,
        'image-saved',
        (detail) =>
          catalogue.images.update(actorOf(req), detail.id, imageId, {
            role: values.role as ImageRole,
            altText: values.altText,
          }),
        Object.keys(errors).length ? { imageValues, errors } : { imageValues },
      );
    },
  );

  app.post<ImageParams>(
    '/studio/prints/:id/images/:imageId/primary',
    { schema: { hide: true } },
    async (req, reply) =>
      imageChange(req, reply, 'image-primary', (detail) =>
        catalogue.images.makePrimary(actorOf(req), detail.id, req.params.imageId),
      ),
  );

  app.post<ImageParams>(
    '/studio/prints/:id/images/:imageId/retry',
    { schema: { hide: true } },
    async (req, reply) =>
      imageChange(req, reply, 'image-retried', (detail) =>
        catalogue.images.retry(actorOf(req), detail.id, req.params.imageId),
      ),
  );

  app.post<ImageParams>(
    '/studio/prints/:id/images/:imageId/move',
    { schema: { hide: true } },
    async (req, reply) => {
      const direction = formString(req.body as FormBody, 'direction');
      const { imageId } = req.params;
      const errors: FieldErrors =
        direction === 'up' || direction === 'down'
          ? {}
          : { [imageField(imageId, 'actions')]: 'Choose whether to move the image up or down' };
      return imageChange(
        req,
        reply,
        'image-moved',
        async (detail) => {
          const { images } = await catalogue.images.list(actorOf(req), detail.id);
          const current = images.find((i) => i.id === imageId)?.position ?? 1;
          const extras = images.filter((i) => !i.primary).length;
          const position = Math.min(extras, Math.max(1, current + (direction === 'up' ? -1 : 1)));
          await catalogue.images.update(actorOf(req), detail.id, imageId, { position });
        },
        Object.keys(errors).length ? { errors } : {},
      );
    },
  );

  app.post<ImageParams>(
    '/studio/prints/:id/images/:imageId/remove',
    { schema: { hide: true } },
    async (req, reply) => {
      const { imageId } = req.params;
      const confirmed = formString(req.body as FormBody, imageField(imageId, 'confirmed')) === '1';
      return imageChange(
        req,
        reply,
        'image-removed',
        (detail) => catalogue.images.remove(actorOf(req), detail.id, imageId),
        confirmed
          ? {}
          : { errors: { [imageField(imageId, 'confirmed')]: 'Tick “Yes, remove this image” to remove it' } },
      );
    },
  );
};
