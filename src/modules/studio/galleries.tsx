// The studio's galleries: the list, create/edit (both languages, cover, status), adding prints from the
// inventory, removing them, ordering them without JavaScript (positions, Move up/down) — studio-gallery.js adds
// drag-and-drop and keyboard moves saved through the artist API — and deleting. Every change goes through the
// CatalogueService the JSON API uses, so rules, audit events and cache clearing are the same.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import { actorOf } from '../../platform/auth-context.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors.js';
import type { Language } from '../../platform/db/schema.js';
import { LIMITS, type GalleryInput } from '../catalogue/schemas.js';
import type { StudioDeps } from './context.js';
import { formString, formStrings, queryString, type FieldErrors, type FormBody } from './forms.js';
import { sendStudioPage } from './layout.js';
import { orderFromPositions, parseMove } from './galleries-order.js';
import {
  AddPrints,
  DeleteConfirm,
  GalleryDetailsForm,
  GalleryEditor,
  GalleryList,
  UNTITLED_PRINT,
  editorPath,
  galleryName,
  type CandidateView,
  type GalleryFormValues,
  type GalleryView,
} from './galleries-views.js';
import { isUuid } from '../../platform/ids.js';
import { isPublishedStatus } from '../catalogue/policy.js';

const LIST_PAGE_SIZE = 50;
/** Prints offered at once on the add page; more than that, and the artist narrows the search. */
const CANDIDATES_SHOWN = 60;
/** Inventory pages (of 100) read to find prints not in the gallery. */
const CANDIDATE_PAGES = 20;

type IdParams = { Params: { id: string } };

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { da: 'Danish', en: 'English' };

/** Fixed confirmations a redirect may ask for (never text from the URL). */
const NOTICES: Readonly<Record<string, string>> = {
  created: 'Gallery created. Add prints to it below.',
  saved: 'Details saved.',
  order: 'Order saved.',
  unchanged: 'The order was already like that; nothing changed.',
  removed: 'Print removed from the gallery.',
  deleted: 'Gallery deleted.',
};

type Detail = Awaited<ReturnType<StudioDeps['catalogue']['galleries']['get']>>;

function viewOf(detail: Detail): GalleryView {
  return {
    id: detail.id,
    title: detail.localized.title,
    status: detail.status,
    prints: [...detail.prints]
      .sort((a, b) => a.order - b.order)
      .map((p) => ({
        printId: p.printId,
        title: p.title || UNTITLED_PRINT,
        thumbnailUrl: p.thumbnailUrl,
        status: p.status,
      })),
  };
}

function storedValues(detail: Detail): GalleryFormValues {
  const { title, description } = detail.localized;
  return {
    title: { da: title.da ?? '', en: title.en ?? '' },
    description: { da: description.da ?? '', en: description.en ?? '' },
    status: detail.status,
    featured: detail.featured,
    coverPrintId: detail.coverPrintId ?? '',
  };
}

function typedValues(body: FormBody | undefined): GalleryFormValues {
  return {
    title: { da: formString(body, 'title.da'), en: formString(body, 'title.en') },
    description: { da: formString(body, 'description.da'), en: formString(body, 'description.en') },
    status: formString(body, 'status') || 'draft',
    featured: formString(body, 'featured') === '1',
    coverPrintId: formString(body, 'coverPrintId'),
  };
}

const EMPTY_FORM: GalleryFormValues = {
  title: { da: '', en: '' },
  description: { da: '', en: '' },
  status: 'draft',
  featured: false,
  coverPrintId: '',
};

/** What the form itself can tell (lengths as the API schema limits them, choices); the service checks the rest. */
function checkForm(values: GalleryFormValues, coverChoices: ReadonlySet<string> | undefined): FieldErrors {
  const errors: Record<string, string> = {};
  if (!values.title.da && !values.title.en) {
    errors['title.da'] = 'Enter a title, in Danish or English (both are needed to publish)';
  }
  for (const lang of ['da', 'en'] as const) {
    const title = values.title[lang];
    if (title.length > LIMITS.short) {
      errors[`title.${lang}`] =
        `Shorten the title to ${LIMITS.short} characters or fewer (it has ${title.length})`;
    }
    const description = values.description[lang];
    if (description.length > LIMITS.long) {
      errors[`description.${lang}`] =
        `Shorten the description to ${LIMITS.long} characters or fewer (it has ${description.length})`;
    }
  }
  if (values.status !== 'draft' && !isPublishedStatus(values.status))
    errors.status = 'Choose Draft or Published';
  if (coverChoices && values.coverPrintId && !coverChoices.has(values.coverPrintId)) {
    errors.coverPrintId = 'Choose one of the prints in this gallery, or No cover';
  }
  return errors;
}

function inputOf(values: GalleryFormValues, withCover: boolean): GalleryInput {
  return {
    title: { ...values.title },
    description: { ...values.description },
    status: isPublishedStatus(values.status) ? 'published' : 'draft',
    featured: values.featured,
    ...(withCover ? { coverPrintId: values.coverPrintId || null } : {}),
  };
}

/** The service's refusals that belong to a field (the publishing gate) → errors next to those fields. */
function serviceErrors(error: unknown): FieldErrors | undefined {
  if (!(error instanceof AppError) || error.code !== 'UNPROCESSABLE') return undefined;
  const missing = (error.details?.missing as string[] | undefined) ?? [];
  const errors: Record<string, string> = {};
  for (const item of missing) {
    const match = /^title \((da|en)\)$/.exec(item);
    if (match?.[1]) {
      const lang = match[1] as Language;
      errors[`title.${lang}`] =
        `Enter the ${LANGUAGE_NAMES[lang]} title to publish, or keep the gallery as a draft`;
    }
  }
  return Object.keys(errors).length ? errors : { status: error.message };
}

export const galleriesPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const { catalogue } = deps;

  /** The artist's gallery, or a studio 404 page (another artist's gallery is simply not there). */
  async function loadGallery(req: FastifyRequest, reply: FastifyReply, id: string): Promise<Detail | null> {
    if (isUuid(id)) {
      try {
        return await catalogue.galleries.get(actorOf(req), id, 'en');
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    await sendStudioPage(req, reply, deps, {
      title: 'Gallery not found',
      status: 404,
      breadcrumbs: [
        ['/studio/galleries', 'Galleries'],
        [null, 'Not found'],
      ],
      body: (
        <p>
          There is no such gallery in your studio; it may have been deleted.{' '}
          <a href="/studio/galleries">See all galleries</a>.
        </p>
      ),
    });
    return null;
  }

  function noticeFor(req: FastifyRequest, gallery: GalleryView | undefined): string | undefined {
    const fixed = NOTICES[queryString(req.query, 'notice')];
    if (fixed) return fixed;
    const added = Number(queryString(req.query, 'added'));
    if (Number.isInteger(added) && added > 0) {
      return added === 1
        ? 'Added 1 print to the end of the gallery.'
        : `Added ${added} prints to the end of the gallery.`;
    }
    const moved = queryString(req.query, 'moved');
    const index = gallery?.prints.findIndex((p) => p.printId === moved) ?? -1;
    const print = gallery?.prints[index];
    if (gallery && print) {
      return `Moved “${print.title}” to position ${index + 1} of ${gallery.prints.length}.`;
    }
    return undefined;
  }

  function sendEditor(
    req: FastifyRequest,
    reply: FastifyReply,
    detail: Detail,
    state: {
      values?: GalleryFormValues;
      formErrors?: FieldErrors;
      orderErrors?: FieldErrors;
      typed?: ReadonlyMap<string, string>;
      problem?: string;
      status?: number;
    } = {},
  ) {
    const gallery = viewOf(detail);
    const name = galleryName(gallery.title);
    return sendStudioPage(req, reply, deps, {
      title: `Gallery: ${name}`,
      breadcrumbs: [
        ['/studio/galleries', 'Galleries'],
        [null, name],
      ],
      status: state.status ?? 200,
      notice: state.status ? undefined : noticeFor(req, gallery),
      scripts: gallery.prints.length > 1 ? ['studio-gallery.js'] : [],
      body: (
        <GalleryEditor
          req={req}
          gallery={gallery}
          values={state.values ?? storedValues(detail)}
          formErrors={state.formErrors ?? {}}
          orderErrors={state.orderErrors ?? {}}
          typed={state.typed}
          problem={state.problem}
        />
      ),
    });
  }

  // ---- list ----

  app.get('/studio/galleries', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const requested = Number(queryString(req.query, 'page'));
    const page = Number.isInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
    const list = await catalogue.galleries.list(actor, 'en', { page, limit: LIST_PAGE_SIZE });
    return sendStudioPage(req, reply, deps, {
      title: 'Galleries',
      notice: noticeFor(req, undefined),
      body: (
        <GalleryList
          page={page}
          total={list.totalCount}
          totalPages={Math.max(1, list.totalPages)}
          rows={list.galleries.map((g) => ({
            id: g.id,
            title: g.localized.title ?? {},
            status: g.status,
            featured: g.featured,
            printCount: g.printCount,
            coverThumbnailUrl: g.coverThumbnailUrl,
            updatedAt: new Date(g.updatedAt),
          }))}
        />
      ),
    });
  });

  // ---- create ----

  const sendNewForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    values: GalleryFormValues,
    errors: FieldErrors,
  ) =>
    sendStudioPage(req, reply, deps, {
      title: 'New gallery',
      status: Object.keys(errors).length ? 422 : 200,
      breadcrumbs: [
        ['/studio/galleries', 'Galleries'],
        [null, 'New gallery'],
      ],
      body: (
        <GalleryDetailsForm
          req={req}
          action="/studio/galleries/new"
          values={values}
          errors={errors}
          submitLabel="Create gallery"
        />
      ),
    });

  app.get('/studio/galleries/new', { schema: { hide: true } }, async (req, reply) =>
    sendNewForm(req, reply, EMPTY_FORM, {}),
  );

  app.post('/studio/galleries/new', { schema: { hide: true } }, async (req, reply) => {
    const values = typedValues(req.body as FormBody);
    const errors = checkForm(values, undefined);
    if (Object.keys(errors).length) return sendNewForm(req, reply, values, errors);
    try {
      const created = await catalogue.galleries.create(actorOf(req), inputOf(values, false), 'en');
      return reply.redirect(`${editorPath(created.id)}?notice=created`, 303);
    } catch (error) {
      const fieldErrors = serviceErrors(error);
      if (!fieldErrors) throw error;
      return sendNewForm(req, reply, values, fieldErrors);
    }
  });

  // ---- edit ----

  app.get<IdParams>('/studio/galleries/:id', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    return sendEditor(req, reply, detail);
  });

  app.post<IdParams>('/studio/galleries/:id', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    const values = typedValues(req.body as FormBody);
    const errors = checkForm(values, new Set(detail.prints.map((p) => p.printId)));
    if (Object.keys(errors).length) {
      return sendEditor(req, reply, detail, { values, formErrors: errors, status: 422 });
    }
    try {
      await catalogue.galleries.update(actorOf(req), detail.id, inputOf(values, true), 'en');
    } catch (error) {
      const fieldErrors = serviceErrors(error);
      if (!fieldErrors) throw error;
      return sendEditor(req, reply, detail, { values, formErrors: fieldErrors, status: 422 });
    }
    return reply.redirect(`${editorPath(detail.id)}?notice=saved`, 303);
  });

  // ---- order without JavaScript: Move up / Move down, or typed positions and Save order ----

  app.post<IdParams>('/studio/galleries/:id/order', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    const actor = actorOf(req);
    const body = req.body as FormBody;
    const current = viewOf(detail).prints.map((p) => p.printId);
    const changedMeanwhile = () =>
      sendEditor(req, reply, detail, {
        status: 409,
        problem:
          'The gallery changed since this page was loaded (in another tab, perhaps). Here it is as it is now; ' +
          'make the change again.',
      });

    const moveValue = formString(body, 'move');
    if (moveValue) {
      const move = parseMove(moveValue, current);
      if (!move) return changedMeanwhile();
      if (move.to !== move.from) await catalogue.galleries.movePrint(actor, detail.id, move.printId, move.to);
      // Back to the same button (or its twin at either end), so the next press moves the print again.
      const up = moveValue.startsWith('up:');
      const first = move.to === 1;
      const last = move.to === current.length;
      const target =
        current.length === 1
          ? `print-${move.printId}`
          : (up && !first) || (!up && last)
            ? `up-${move.printId}`
            : `down-${move.printId}`;
      return reply.redirect(`${editorPath(detail.id)}?moved=${move.printId}#${target}`, 303);
    }

    const typed = new Map<string, string>();
    for (const [name, value] of Object.entries(body ?? {})) {
      if (name.startsWith('position.') && value !== undefined) {
        typed.set(name.slice('position.'.length), Array.isArray(value) ? (value[0] ?? '') : value);
      }
    }
    if (current.some((id) => !typed.has(id)) || [...typed.keys()].some((id) => !current.includes(id))) {
      return changedMeanwhile();
    }
    const outcome = orderFromPositions(current, typed);
    if (!outcome.ok) {
      return sendEditor(req, reply, detail, { orderErrors: outcome.errors, typed, status: 422 });
    }
    if (!outcome.changed) return reply.redirect(`${editorPath(detail.id)}?notice=unchanged#order`, 303);
    await catalogue.galleries.reorder(
      actor,
      detail.id,
      outcome.order.map((printId, i) => ({ printId, newOrder: i + 1 })),
    );
    return reply.redirect(`${editorPath(detail.id)}?notice=order#order`, 303);
  });

  app.post<IdParams>(
    '/studio/galleries/:id/prints/remove',
    { schema: { hide: true } },
    async (req, reply) => {
      const detail = await loadGallery(req, reply, req.params.id);
      if (!detail) return reply;
      const printId = formString(req.body as FormBody, 'printId');
      const actor = actorOf(req);
      if (detail.prints.some((p) => p.printId === printId)) {
        try {
          await catalogue.galleries.removePrint(actor, detail.id, printId);
        } catch (error) {
          // Removed meanwhile (a second click): the outcome the artist asked for.
          if (!(error instanceof NotFoundError)) throw error;
        }
        // A cover must be one of the gallery's prints.
        if (detail.coverPrintId === printId) {
          await catalogue.galleries.update(actor, detail.id, { coverPrintId: null }, 'en');
        }
      }
      return reply.redirect(`${editorPath(detail.id)}?notice=removed#order`, 303);
    },
  );

  // ---- add prints from the inventory ----

  /** The artist's prints not in the gallery: matching `q` (full-text, drafts included), or the newest. */
  async function candidates(
    actor: Actor,
    members: ReadonlySet<string>,
    q: string,
  ): Promise<{ items: CandidateView[]; more: boolean }> {
    const items: CandidateView[] = [];
    for (let page = 1; page <= CANDIDATE_PAGES; page += 1) {
      let batch: CandidateView[];
      let totalPages: number;
      if (q) {
        const found = await deps.search.searchArtist(actor.artistId, 'prints', {
          q,
          page,
          limit: 100,
          language: 'en',
          filters: {},
        });
        batch = found.hits.map((h) => ({
          printId: h.id,
          title: h.title || UNTITLED_PRINT,
          thumbnailUrl: h.thumbnailUrl,
          year: h.year,
          status: h.status ?? 'published',
        }));
        totalPages = found.totalPages;
      } else {
        const listed = await catalogue.prints.list(actor, 'en', { page, limit: 100 });
        batch = listed.prints.map((p) => ({
          printId: p.id,
          title: p.title || UNTITLED_PRINT,
          thumbnailUrl: p.thumbnailUrl,
          year: p.year,
          status: p.status,
        }));
        totalPages = listed.totalPages;
      }
      for (const c of batch) {
        if (members.has(c.printId)) continue;
        if (items.length === CANDIDATES_SHOWN) return { items, more: true };
        items.push(c);
      }
      if (page >= totalPages) break;
    }
    return { items, more: false };
  }

  async function sendAddPage(
    req: FastifyRequest,
    reply: FastifyReply,
    detail: Detail,
    q: string,
    selected: ReadonlySet<string>,
    errors: FieldErrors,
  ) {
    const gallery = viewOf(detail);
    const name = galleryName(gallery.title);
    const found = await candidates(actorOf(req), new Set(gallery.prints.map((p) => p.printId)), q);
    return sendStudioPage(req, reply, deps, {
      title: `Add prints to “${name}”`,
      status: Object.keys(errors).length ? 422 : 200,
      breadcrumbs: [
        ['/studio/galleries', 'Galleries'],
        [editorPath(gallery.id), name],
        [null, 'Add prints'],
      ],
      body: (
        <AddPrints
          req={req}
          gallery={gallery}
          q={q}
          candidates={found.items}
          more={found.more}
          selected={selected}
          errors={errors}
        />
      ),
    });
  }

  app.get<IdParams>('/studio/galleries/:id/add', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    return sendAddPage(req, reply, detail, queryString(req.query, 'q').slice(0, 200), new Set(), {});
  });

  app.post<IdParams>('/studio/galleries/:id/prints', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    const body = req.body as FormBody;
    const q = formString(body, 'q').slice(0, 200);
    const chosen = [...new Set(formStrings(body, 'printId[]'))].filter((id) => isUuid(id));
    if (chosen.length === 0) {
      return sendAddPage(req, reply, detail, q, new Set(), { printId: 'Choose at least one print to add' });
    }
    const actor = actorOf(req);
    let added = 0;
    const missing: string[] = [];
    for (const printId of chosen) {
      try {
        await catalogue.galleries.addPrint(actor, detail.id, printId, undefined);
        added += 1;
      } catch (error) {
        if (error instanceof ConflictError) continue; // already there (sent twice): nothing to do
        if (error instanceof NotFoundError) missing.push(printId);
        else throw error;
      }
    }
    if (missing.length) {
      const fresh = await catalogue.galleries.get(actor, detail.id, 'en');
      const message =
        (added ? `Added ${added}; but ` : '') +
        (missing.length === 1
          ? '1 chosen print no longer exists in your inventory'
          : `${missing.length} chosen prints no longer exist in your inventory`);
      return sendAddPage(req, reply, fresh, q, new Set(), { printId: message });
    }
    return reply.redirect(`${editorPath(detail.id)}?added=${added}#order`, 303);
  });

  // ---- delete ----

  app.get<IdParams>('/studio/galleries/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    const gallery = viewOf(detail);
    const name = galleryName(gallery.title);
    return sendStudioPage(req, reply, deps, {
      title: `Delete “${name}”?`,
      breadcrumbs: [
        ['/studio/galleries', 'Galleries'],
        [editorPath(gallery.id), name],
        [null, 'Delete'],
      ],
      body: <DeleteConfirm req={req} gallery={gallery} />,
    });
  });

  app.post<IdParams>('/studio/galleries/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const detail = await loadGallery(req, reply, req.params.id);
    if (!detail) return reply;
    await catalogue.galleries.delete(actorOf(req), detail.id);
    return reply.redirect('/studio/galleries?notice=deleted', 303);
  });
};
