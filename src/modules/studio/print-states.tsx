// The print editor's "States" section (issue 19, decision 025): the plate's states I, II, III … each with its own
// plain form (number, date, description in both languages, the state proof chosen among the print's images, the
// impressions pulled from it) and a remove form confirmed by a checkbox, and a form to add a state. Everything works
// without JavaScript (server-rendered forms with CSRF); every change goes through the states service, which checks
// that the print is the artist's own. A refusal comes back at its field, with what was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import { AppError } from '../../platform/errors.js';
import type { PrintImageView } from '../catalogue/print-images-service.js';
import type { PlateStateView, StateInput } from '../catalogue/states-service.js';
import { parseStateDate, romanNumeral } from '../catalogue/states.js';
import type { StudioDeps } from './context.js';
import {
  BilingualField,
  CheckboxField,
  SelectField,
  TextField,
  fieldId,
  formString,
  formStrings,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField } from './layout.js';
import { editorPath } from './print-editor-views.js';
import { ROLE_LABELS } from './print-images-views.js';

/** Confirmations a redirect back to the section may ask for. */
export const STATE_NOTICES: Readonly<Record<string, string>> = {
  'state-added': 'State added.',
  'state-saved': 'State saved.',
  'state-removed': 'State removed.',
};

/** The form of one state (`states.<id>.…`) or of a new one (`newState.…`). */
const prefix = (stateId: string | null) => (stateId ? `states.${stateId}` : 'newState');
export const stateField = (
  stateId: string | null,
  name: 'number' | 'date' | 'description' | 'imageId' | 'impressionIds' | 'confirmed' | 'actions',
): string => `${prefix(stateId)}.${name}`;

export interface StateFormValues {
  number: string;
  date: string;
  description: { da: string; en: string };
  imageId: string;
  impressionIds: readonly string[];
}

function storedValues(state: PlateStateView): StateFormValues {
  return {
    number: String(state.number),
    date: state.date ?? '',
    description: state.description,
    imageId: state.imageId ?? '',
    impressionIds: state.impressionIds,
  };
}

/** Labels for the error summary of the section's fields. */
export function stateFieldLabels(states: readonly PlateStateView[]): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (id: string | null, n: string) => {
    out[stateField(id, 'number')] = `${n}: number`;
    out[stateField(id, 'date')] = `${n}: date`;
    out[`${stateField(id, 'description')}.da`] = `${n}: description (Danish)`;
    out[`${stateField(id, 'description')}.en`] = `${n}: description (English)`;
    out[stateField(id, 'imageId')] = `${n}: state proof`;
    out[stateField(id, 'impressionIds')] = `${n}: impressions`;
    out[stateField(id, 'confirmed')] = `${n}: Yes, remove this state`;
    out[stateField(id, 'actions')] = n;
  };
  for (const s of states) add(s.id, `State ${s.numeral}`);
  add(null, 'New state');
  return out;
}

interface ImpressionChoice {
  id: string;
  label: string;
  stateId?: string | null | undefined;
}

function StateFields({
  id,
  values,
  errors,
  images,
  impressions,
  states,
  name,
}: {
  id: string | null;
  values: StateFormValues;
  errors: FieldErrors;
  images: readonly PrintImageView[];
  impressions: readonly ImpressionChoice[];
  states: readonly PlateStateView[];
  name: string;
}) {
  const imageOptions = images.map((image, i) => ({
    value: image.id,
    label: `Image ${i + 1}: ${ROLE_LABELS[image.role] ?? image.role}${
      image.altText.en || image.altText.da ? ` — ${image.altText.en || image.altText.da}` : ''
    }`,
  }));
  const numeralOf = (stateId: string | null | undefined) =>
    states.find((s) => s.id === stateId)?.numeral ?? null;
  const impressionsError = errors[stateField(id, 'impressionIds')];
  return (
    <>
      <TextField
        name={stateField(id, 'number')}
        label={`Number of ${name}`}
        hint="1 for state I, 2 for state II …"
        value={values.number}
        inputMode="numeric"
        error={errors[stateField(id, 'number')]}
      />
      <TextField
        name={stateField(id, 'date')}
        label={`Date of ${name}`}
        hint="As precisely as you know it: a year (1998), a month (1998-03) or a day (1998-03-12). Leave blank if unknown."
        value={values.date}
        error={errors[stateField(id, 'date')]}
      />
      <BilingualField
        name={stateField(id, 'description')}
        label={`Description of ${name}`}
        hint="What was done to the plate in this state; visitors read it, and it describes the comparison."
        values={values.description}
        errors={errors}
        multiline
        rows={3}
      />
      <SelectField
        name={stateField(id, 'imageId')}
        label={`State proof of ${name}`}
        hint="One of the print's images (add a state proof under Images above)."
        value={values.imageId}
        options={imageOptions}
        empty="No image"
        error={errors[stateField(id, 'imageId')]}
      />
      {impressions.length > 0 ? (
        <fieldset
          class={impressionsError ? 'field field--error' : 'field'}
          id={fieldId(stateField(id, 'impressionIds'))}
          tabIndex={-1}
        >
          <legend>Impressions pulled from {name}</legend>
          {impressionsError ? <p class="field-error">{impressionsError}</p> : null}
          {impressions.map((impression) => {
            const elsewhere =
              impression.stateId && impression.stateId !== id ? numeralOf(impression.stateId) : null;
            return (
              <CheckboxField
                name={stateField(id, 'impressionIds')}
                label={elsewhere ? `${impression.label} (now state ${elsewhere})` : impression.label}
                value={impression.id}
                id={`${fieldId(stateField(id, 'impressionIds'))}-${impression.id}`}
                checked={values.impressionIds.includes(impression.id)}
                key={impression.id}
              />
            );
          })}
        </fieldset>
      ) : null}
    </>
  );
}

export function StatesSection({
  req,
  printId,
  states,
  images,
  impressions,
  errors,
  values,
}: {
  req: FastifyRequest;
  printId: string;
  states: readonly PlateStateView[];
  images: readonly PrintImageView[];
  impressions: readonly ImpressionChoice[];
  errors: FieldErrors;
  /** What the artist typed into one state's form (or the new one's, key ''), given back after a refusal. */
  values: ReadonlyMap<string, StateFormValues>;
}) {
  const base = `${editorPath(printId)}/states`;
  const owner = new Map<string, string>();
  for (const s of states) for (const i of s.impressionIds) owner.set(i, s.id);
  const choices = impressions.map((i) => ({ ...i, stateId: owner.get(i.id) ?? null }));
  const next = states.length > 0 ? Math.max(...states.map((s) => s.number)) + 1 : 1;
  return (
    <section id="states" tabIndex={-1} class="print-states-editor" aria-labelledby="states-heading">
      <h2 id="states-heading">States</h2>
      <p class="hint">
        The states the plate went through, I first. Visitors see them on the print page; with two or more
        state proofs they can compare the states side by side.
      </p>
      {states.length === 0 ? <p>No states are recorded.</p> : null}
      <ol class="print-states-editor__list">
        {states.map((state) => {
          const name = `state ${state.numeral}`;
          const actionsError = errors[stateField(state.id, 'actions')];
          return (
            <li id={`state-${state.id}`} class="print-states-editor__item">
              <h3>
                State {state.numeral}
                {state.date ? ` (${state.date})` : ''}
              </h3>
              {state.thumbnailUrl ? (
                <img
                  src={state.thumbnailUrl}
                  alt={`State proof of state ${state.numeral}`}
                  width={120}
                  height={120}
                  class="print-images__thumb"
                  loading="lazy"
                />
              ) : null}
              {actionsError ? (
                <div id={fieldId(stateField(state.id, 'actions'))} tabIndex={-1}>
                  <p class="field-error">{actionsError}</p>
                </div>
              ) : null}
              <form method="post" action={`${base}/${state.id}`} class="print-states-editor__form">
                <CsrfField req={req} />
                <StateFields
                  id={state.id}
                  values={values.get(state.id) ?? storedValues(state)}
                  errors={errors}
                  images={images}
                  impressions={choices}
                  states={states}
                  name={name}
                />
                <button type="submit">Save state {state.numeral}</button>
              </form>
              <form method="post" action={`${base}/${state.id}/remove`} class="print-images__remove">
                <CsrfField req={req} />
                <CheckboxField
                  name={stateField(state.id, 'confirmed')}
                  label="Yes, remove this state"
                  checked={false}
                  error={errors[stateField(state.id, 'confirmed')]}
                />
                <button type="submit" class="button--small button--danger">
                  Remove<span class="visually-hidden"> state {state.numeral}</span>
                </button>
              </form>
            </li>
          );
        })}
      </ol>
      <h3 id="add-state-heading">Add a state</h3>
      <form method="post" action={base} class="print-states-editor__form" aria-labelledby="add-state-heading">
        <CsrfField req={req} />
        <StateFields
          id={null}
          values={
            values.get('') ?? {
              number: String(next),
              date: '',
              description: { da: '', en: '' },
              imageId: '',
              impressionIds: [],
            }
          }
          errors={errors}
          images={images}
          impressions={choices}
          states={states}
          name="the new state"
        />
        <button type="submit">Add state {next <= 3999 ? romanNumeral(next) : ''}</button>
      </form>
    </section>
  );
}

/** What the form sent, and the refusals the form itself can make (the service checks the rest). */
function readForm(body: FormBody, id: string | null): { values: StateFormValues; errors: FieldErrors } {
  const values: StateFormValues = {
    number: formString(body, stateField(id, 'number')).trim(),
    date: formString(body, stateField(id, 'date')).trim(),
    description: {
      da: formString(body, `${stateField(id, 'description')}.da`),
      en: formString(body, `${stateField(id, 'description')}.en`),
    },
    imageId: formString(body, stateField(id, 'imageId')),
    impressionIds: formStrings(body, stateField(id, 'impressionIds')),
  };
  const errors: Record<string, string> = {};
  if (!/^[1-9][0-9]{0,3}$/.test(values.number) || Number(values.number) > 3999)
    errors[stateField(id, 'number')] = 'Enter the state’s number: a whole number from 1 to 3999';
  if (values.date && !parseStateDate(values.date))
    errors[stateField(id, 'date')] =
      'Enter the date as a year (1998), a month (1998-03) or a real day (1998-03-12), or leave it blank';
  return { values, errors };
}

function inputOf(values: StateFormValues): StateInput {
  return {
    number: Number(values.number),
    date: values.date || null,
    description: values.description,
    imageId: values.imageId || null,
    impressionIds: values.impressionIds,
  };
}

/** What the editor shows again after a refusal. */
export interface StatesFormState {
  stateValues?: ReadonlyMap<string, StateFormValues>;
  errors?: FieldErrors;
  status?: number;
}

export interface StateRouteHelpers<Detail extends { id: string }> {
  loadPrint(req: FastifyRequest, reply: FastifyReply, id: string): Promise<Detail | null>;
  reloadPrint(req: FastifyRequest, id: string): Promise<Detail>;
  sendEditor(
    req: FastifyRequest,
    reply: FastifyReply,
    detail: Detail,
    state: StatesFormState,
  ): Promise<unknown>;
  notFound(req: FastifyRequest, reply: FastifyReply, what?: string): Promise<null>;
}

/** The section's routes, registered by the print editor (which renders the editor again after a refusal). */
export function stateRoutes<Detail extends { id: string }>(
  app: FastifyInstance,
  deps: StudioDeps,
  helpers: StateRouteHelpers<Detail>,
): void {
  const { catalogue } = deps;
  type Params = { Params: { id: string; stateId?: string } };

  /** A refusal of the states service at its field of this state's form. */
  function stateErrors(error: unknown, id: string | null): FieldErrors | undefined {
    if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) return undefined;
    const text = error.message.replace(/^(?:body\.)?[A-Za-z.]+: /, '');
    const message = text.charAt(0).toUpperCase() + text.slice(1);
    const known = ['number', 'date', 'imageId', 'impressionIds'] as const;
    const field = known.find((f) => f === error.details?.field) ?? 'actions';
    return { [stateField(id, field)]: message };
  }

  async function change(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    id: string | null,
    notice: string,
    state: StatesFormState,
    apply: (detail: Detail) => Promise<unknown>,
  ) {
    const detail = await helpers.loadPrint(req, reply, req.params.id);
    if (!detail) return reply;
    if (id !== null) {
      const { states } = await catalogue.states.list(actorOf(req), detail.id);
      if (!states.some((s) => s.id === id)) return helpers.notFound(req, reply, 'State');
    }
    if (state.errors && Object.keys(state.errors).length > 0)
      return helpers.sendEditor(req, reply, detail, { ...state, status: 422 });
    try {
      await apply(detail);
    } catch (error) {
      const errors = stateErrors(error, id);
      if (!errors) throw error;
      return helpers.sendEditor(req, reply, await helpers.reloadPrint(req, detail.id), {
        ...state,
        errors,
        status: 422,
      });
    }
    return reply.redirect(`${editorPath(detail.id)}?notice=${notice}#states`, 303);
  }

  app.post<Params>('/studio/prints/:id/states', { schema: { hide: true } }, async (req, reply) => {
    const { values, errors } = readForm(req.body as FormBody, null);
    return change(req, reply, null, 'state-added', { stateValues: new Map([['', values]]), errors }, (d) =>
      catalogue.states.create(actorOf(req), d.id, inputOf(values)),
    );
  });

  app.post<Params>('/studio/prints/:id/states/:stateId', { schema: { hide: true } }, async (req, reply) => {
    const id = req.params.stateId ?? '';
    const { values, errors } = readForm(req.body as FormBody, id);
    return change(req, reply, id, 'state-saved', { stateValues: new Map([[id, values]]), errors }, (d) =>
      catalogue.states.update(actorOf(req), d.id, id, inputOf(values)),
    );
  });

  app.post<Params>(
    '/studio/prints/:id/states/:stateId/remove',
    { schema: { hide: true } },
    async (req, reply) => {
      const id = req.params.stateId ?? '';
      const confirmed = formString(req.body as FormBody, stateField(id, 'confirmed')) === '1';
      const errors: FieldErrors = confirmed
        ? {}
        : { [stateField(id, 'confirmed')]: 'Tick “Yes, remove this state” to remove it' };
      return change(req, reply, id, 'state-removed', { errors }, (d) =>
        catalogue.states.remove(actorOf(req), d.id, id),
      );
    },
  );
}
