// The studio's exhibitions (the artist's CV): a list newest first, a form to record or edit one (kind, title,
// venue and place, dates, link, description in both languages, the prints shown), and deleting. Saved through
// ExhibitionsService, the same calls (and audit events) as the artist API, after the same schema check; what the
// schema or the service refuses is shown at its field.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import { actorOf } from '../../platform/auth-context.js';
import { AppError, unlessNotFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { ExhibitionKind } from '../../platform/db/schema.js';
import { ExhibitionCreate, type ExhibitionInput } from '../catalogue/schemas.js';
import type { ExhibitionView } from '../catalogue/exhibitions-service.js';
import type { StudioDeps } from './context.js';
import {
  BilingualField,
  ErrorSummary,
  SelectField,
  TextField,
  fieldId,
  formString,
  formStrings,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';

export const KIND_LABELS: ReadonlyArray<readonly [ExhibitionKind, string]> = [
  ['solo', 'Solo exhibition'],
  ['group', 'Group exhibition'],
  ['art-fair', 'Art fair'],
  ['museum-acquisition', 'Museum acquisition'],
  ['award', 'Award'],
];

const FIELD_LABELS: Readonly<Record<string, string>> = {
  kind: 'Kind',
  title: 'Title',
  venue: 'Venue',
  city: 'City',
  country: 'Country',
  startDate: 'Start date',
  endDate: 'End date',
  url: 'Link',
  'description.da': 'Description (Danish)',
  'description.en': 'Description (English)',
  printIds: 'Prints shown',
};

const NOTICES: Readonly<Record<string, string>> = {
  created: 'Exhibition recorded.',
  saved: 'Exhibition saved.',
  deleted: 'Exhibition deleted.',
};

interface FormValues {
  kind: string;
  title: string;
  venue: string;
  city: string;
  country: string;
  startDate: string;
  endDate: string;
  url: string;
  description: { da: string; en: string };
  printIds: string[];
}

const EMPTY: FormValues = {
  kind: 'solo',
  title: '',
  venue: '',
  city: '',
  country: '',
  startDate: '',
  endDate: '',
  url: '',
  description: { da: '', en: '' },
  printIds: [],
};

function storedValues(e: ExhibitionView): FormValues {
  return {
    kind: e.kind,
    title: e.title,
    venue: e.venue ?? '',
    city: e.city ?? '',
    country: e.country ?? '',
    startDate: e.startDate,
    endDate: e.endDate ?? '',
    url: e.url ?? '',
    description: { da: e.description.da ?? '', en: e.description.en ?? '' },
    printIds: e.printIds,
  };
}

function typedValues(body: FormBody | undefined): FormValues {
  return {
    kind: formString(body, 'kind'),
    title: formString(body, 'title'),
    venue: formString(body, 'venue'),
    city: formString(body, 'city'),
    country: formString(body, 'country'),
    startDate: formString(body, 'startDate'),
    endDate: formString(body, 'endDate'),
    url: formString(body, 'url'),
    description: { da: formString(body, 'description.da'), en: formString(body, 'description.en') },
    printIds: formStrings(body, 'printIds'),
  };
}

const orNull = (value: string): string | null => (value === '' ? null : value);

/** The form as the API would receive it. */
function inputOf(v: FormValues): Record<string, unknown> {
  return {
    kind: v.kind,
    title: v.title,
    venue: orNull(v.venue),
    city: orNull(v.city),
    country: orNull(v.country),
    startDate: v.startDate,
    endDate: orNull(v.endDate),
    url: orNull(v.url),
    description: v.description,
    printIds: v.printIds,
  };
}

const checkInput = Compile(ExhibitionCreate);

/** What the schema refuses, at the field it names, in words. */
function schemaErrors(input: Record<string, unknown>): FieldErrors {
  const errors: Record<string, string> = {};
  if (checkInput.Check(input)) return errors;
  for (const error of checkInput.Errors(input)) {
    const field = error.instancePath
      .replace(/^\//, '')
      .split('/')[0]!
      .replace(/^description$/, 'description.en');
    const name = field === 'description' ? 'description.en' : field || 'title';
    if (errors[name]) continue;
    errors[name] =
      name === 'startDate' || name === 'endDate'
        ? 'Enter a date like 2024-03-02'
        : name === 'url'
          ? 'Enter a full address starting with https:// or http://, or leave it empty'
          : name === 'title'
            ? 'Enter the exhibition’s title (up to 300 characters)'
            : name === 'kind'
              ? 'Choose the kind'
              : name === 'printIds'
                ? 'Choose prints from the list'
                : `${FIELD_LABELS[name] ?? name} ${error.message}`;
  }
  return errors;
}

type PrintChoice = { id: string; title: string; year: number | null };

async function printChoices(deps: StudioDeps, req: FastifyRequest): Promise<PrintChoice[]> {
  const list = await deps.catalogue.prints.list(actorOf(req), 'en', { limit: 100 });
  return list.prints.map((p) => ({ id: p.id, title: p.title || 'Untitled', year: p.year }));
}

function ExhibitionForm({
  req,
  action,
  values,
  errors,
  prints,
  submit,
}: {
  req: FastifyRequest;
  action: string;
  values: FormValues;
  errors: FieldErrors;
  prints: readonly PrintChoice[];
  submit: string;
}) {
  return (
    <form method="post" action={action} class="form" novalidate>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <CsrfField req={req} />
      <SelectField
        name="kind"
        label="Kind"
        value={values.kind}
        options={KIND_LABELS.map(([value, label]) => ({ value, label }))}
        error={errors.kind}
        required
      />
      <TextField name="title" label="Title" value={values.title} error={errors.title} required />
      <TextField
        name="venue"
        label="Venue"
        value={values.venue}
        error={errors.venue}
        hint="Gallery, museum or fair"
      />
      <TextField name="city" label="City" value={values.city} error={errors.city} />
      <TextField name="country" label="Country" value={values.country} error={errors.country} />
      <TextField
        name="startDate"
        label="Start date"
        type="date"
        value={values.startDate}
        error={errors.startDate}
        required
        hint="For an acquisition or award: its date"
      />
      <TextField
        name="endDate"
        label="End date (optional)"
        type="date"
        value={values.endDate}
        error={errors.endDate}
      />
      <TextField name="url" label="Link (optional)" type="url" value={values.url} error={errors.url} />
      <BilingualField
        name="description"
        label="Description"
        values={values.description}
        errors={errors}
        multiline
        rows={3}
      />
      <fieldset class="field" aria-describedby={errors.printIds ? `${fieldId('printIds')}-error` : undefined}>
        <legend id={fieldId('printIds')} tabIndex={-1}>
          Prints shown
        </legend>
        {errors.printIds ? (
          <p class="field__error" id={`${fieldId('printIds')}-error`}>
            {errors.printIds}
          </p>
        ) : null}
        {prints.length === 0 ? <p>You have no prints yet.</p> : null}
        <ul class="check-list">
          {prints.map((p) => (
            <li>
              <input
                type="checkbox"
                id={`print-${p.id}`}
                name="printIds"
                value={p.id}
                checked={values.printIds.includes(p.id)}
              />{' '}
              <label for={`print-${p.id}`}>
                {p.title}
                {p.year ? ` (${p.year})` : ''}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <p>
        <button type="submit">{submit}</button> <a href="/studio/exhibitions">Cancel</a>
      </p>
    </form>
  );
}

function dates(e: ExhibitionView): string {
  return e.endDate && e.endDate !== e.startDate ? `${e.startDate} – ${e.endDate}` : e.startDate;
}

export const exhibitionsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = deps.catalogue.exhibitions;

  async function showForm(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { id?: string; values: FormValues; errors: FieldErrors; status?: number },
  ) {
    const prints = await printChoices(deps, req);
    const editing = opts.id !== undefined;
    return sendStudioPage(req, reply, deps, {
      title: editing ? `Edit exhibition: ${opts.values.title || 'untitled'}` : 'New exhibition',
      status: opts.status ?? 200,
      body: (
        <>
          <p>
            <a href="/studio/exhibitions">All exhibitions</a>
          </p>
          <ExhibitionForm
            req={req}
            action={editing ? `/studio/exhibitions/${opts.id}` : '/studio/exhibitions'}
            values={opts.values}
            errors={opts.errors}
            prints={prints}
            submit={editing ? 'Save exhibition' : 'Record exhibition'}
          />
          {editing ? (
            <form method="post" action={`/studio/exhibitions/${opts.id}/delete`} class="form">
              <CsrfField req={req} />
              <p>
                <button type="submit" class="button--danger">
                  Delete this exhibition
                </button>
              </p>
            </form>
          ) : null}
        </>
      ),
    });
  }

  /** Saves through the service; what it refuses goes back to the form at the field it names. */
  async function save(req: FastifyRequest, reply: FastifyReply, id: string | undefined) {
    const values = typedValues(req.body as FormBody | undefined);
    const input = inputOf(values);
    const errors = schemaErrors(input);
    if (Object.keys(errors).length > 0) return showForm(req, reply, { id, values, errors, status: 400 });
    try {
      if (id) await service.update(actorOf(req), id, input as ExhibitionInput);
      else await service.create(actorOf(req), input as Parameters<typeof service.create>[1]);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const field = error.details?.field ?? 'title';
      const message = error.message.replace(/^body\.\w+: /, '');
      return showForm(req, reply, {
        id,
        values,
        errors: { [field]: message.charAt(0).toUpperCase() + message.slice(1) },
        status: 400,
      });
    }
    return reply.redirect(`/studio/exhibitions?notice=${id ? 'saved' : 'created'}`, 303);
  }

  app.get('/studio/exhibitions', { schema: { hide: true } }, async (req, reply) => {
    const list = await service.list(actorOf(req), { limit: 100 });
    const notice = NOTICES[queryString(req.query, 'notice')];
    const kindLabel = new Map(KIND_LABELS);
    return sendStudioPage(req, reply, deps, {
      title: 'Exhibitions',
      ...(notice ? { notice } : {}),
      body: (
        <>
          <p>
            Your exhibitions, acquisitions and awards make the CV page of the public site, newest first. The
            exhibition text of each print stays as it is.
          </p>
          <p>
            <a class="button" href="/studio/exhibitions/new">
              New exhibition
            </a>
          </p>
          {list.exhibitions.length === 0 ? (
            <p>No exhibitions recorded yet.</p>
          ) : (
            <table class="table">
              <caption class="visually-hidden">Exhibitions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Place</th>
                  <th scope="col">Dates</th>
                  <th scope="col">Prints</th>
                </tr>
              </thead>
              <tbody>
                {list.exhibitions.map((e) => (
                  <tr>
                    <th scope="row">
                      <a href={`/studio/exhibitions/${e.id}`}>{e.title}</a>
                    </th>
                    <td>{kindLabel.get(e.kind) ?? e.kind}</td>
                    <td>{[e.venue, e.city, e.country].filter(Boolean).join(', ')}</td>
                    <td>{dates(e)}</td>
                    <td>{e.printIds.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ),
    });
  });

  app.get('/studio/exhibitions/new', { schema: { hide: true } }, async (req, reply) =>
    showForm(req, reply, { values: EMPTY, errors: {} }),
  );

  app.post('/studio/exhibitions', { schema: { hide: true } }, async (req, reply) =>
    save(req, reply, undefined),
  );

  app.get<{ Params: { id: string } }>(
    '/studio/exhibitions/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      const exhibition = await unlessNotFound(service.get(actorOf(req), req.params.id));
      if (!exhibition) return reply.callNotFound();
      return showForm(req, reply, { id: exhibition.id, values: storedValues(exhibition), errors: {} });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/exhibitions/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      return save(req, reply, req.params.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/exhibitions/:id/delete',
    { schema: { hide: true } },
    async (req, reply) => {
      if (!isUuid(req.params.id)) return reply.callNotFound();
      await service.delete(actorOf(req), req.params.id);
      return reply.redirect('/studio/exhibitions?notice=deleted', 303);
    },
  );
};
