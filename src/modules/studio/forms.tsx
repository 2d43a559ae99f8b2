// Form building blocks every studio page uses, so each field is labelled, described, and shows its own error
// next to it (and in the summary at the top) the same way everywhere.
import type { ComponentChildren } from 'preact';

/** Field name → what is wrong with it, in a sentence the artist can act on. */
export type FieldErrors = Readonly<Record<string, string>>;

/** Submitted form values, as parsed by @fastify/formbody (repeated names arrive as arrays). */
export type FormBody = Readonly<Record<string, string | string[] | undefined>>;

/** A stable element id for a field name ("title.da" → "f-title-da"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** One submitted value, trimmed; the first when the name was repeated; '' when absent. */
export function formString(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** One query-string value, trimmed; the first when repeated; '' when absent (the same rule as form values). */
export function queryString(query: unknown, name: string): string {
  return formString(query as FormBody | undefined, name);
}

/** Every submitted value of a repeated name (checkbox groups, multi-selects). */
export function formStrings(body: FormBody | undefined, name: string): string[] {
  const value = body?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** Lists every error at the top of the form, each linking to its field; focused by studio.js on load. */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors: FieldErrors;
  labels?: Readonly<Record<string, string>>;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">
        {entries.length === 1 ? 'There is a problem' : `There are ${entries.length} problems`}
      </h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{labels?.[name] ? `${labels[name]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldBase {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  required?: boolean;
  /** `lang` of the value (da/en fields). */
  lang?: string;
}

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's hint and error, with the ids describedBy names. */
export function Meta({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: ComponentChildren;
  error?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </>
  );
}

/** The labelled frame of a single-control field: label, hint, error, then the control. */
function Labelled({
  id,
  label,
  required,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  required?: boolean | undefined;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span class="field__required"> (required)</span> : null}
      </label>
      <Meta id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** id, aria-invalid and aria-describedby of a control. */
function controlAttrs(id: string, hint: unknown, error: string | undefined) {
  return {
    id,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
}

export function TextField({
  name,
  label,
  value,
  error,
  hint,
  required,
  lang,
  type = 'text',
  inputMode,
  autocomplete,
  min,
  max,
  step,
}: FieldBase & {
  value: string | number | null | undefined;
  type?: 'text' | 'number' | 'email' | 'url' | 'date' | 'search' | 'password';
  inputMode?: 'numeric' | 'decimal' | 'text';
  autocomplete?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
}) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} required={required} hint={hint} error={error}>
      <input
        {...controlAttrs(id, hint, error)}
        name={name}
        // Preact types <input> as a union per type; ours is one of them, chosen by the caller.
        type={type as 'text'}
        value={value ?? ''}
        lang={lang}
        inputMode={inputMode}
        autocomplete={autocomplete ?? 'off'}
        min={min}
        max={max}
        step={step}
      />
    </Labelled>
  );
}

export function TextArea({
  name,
  label,
  value,
  error,
  hint,
  required,
  lang,
  rows = 4,
}: FieldBase & { value: string | null | undefined; rows?: number }) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} required={required} hint={hint} error={error}>
      <textarea {...controlAttrs(id, hint, error)} name={name} rows={rows} lang={lang}>
        {value ?? ''}
      </textarea>
    </Labelled>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  value,
  options,
  error,
  hint,
  required,
  empty,
}: FieldBase & { value: string | null | undefined; options: readonly Option[]; empty?: string }) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} required={required} hint={hint} error={error}>
      <select {...controlAttrs(id, hint, error)} name={name}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option value={o.value} selected={o.value === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function CheckboxField({
  name,
  label,
  checked,
  error,
  hint,
  value = '1',
  id: ownId,
}: FieldBase & {
  checked: boolean;
  value?: string;
  /** One of several boxes sharing a name (a list of choices) needs its own id. */
  id?: string;
}) {
  const id = ownId ?? fieldId(name);
  return (
    <div class={error ? 'field field--check field--error' : 'field field--check'}>
      <input
        {...controlAttrs(id, hint, error)}
        name={name}
        type="checkbox"
        value={value}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label for={id}>{label}</label>
      <Meta id={id} hint={hint} error={error} />
    </div>
  );
}

export const LANGUAGES = [
  ['da', 'Danish'],
  ['en', 'English'],
] as const;

/**
 * One text field in both languages, side by side (stacked on narrow screens). Names are `${name}.da` and
 * `${name}.en`; `missing` lists the languages the publishing gate still needs, flagged at the field.
 */
export function BilingualField({
  name,
  label,
  values,
  errors = {},
  multiline = false,
  rows,
  missing = [],
  hint,
}: {
  name: string;
  label: string;
  values: { da?: string | null; en?: string | null } | null | undefined;
  errors?: FieldErrors;
  multiline?: boolean;
  rows?: number;
  missing?: readonly string[];
  hint?: string;
}) {
  return (
    <fieldset class="bilingual">
      <legend>{label}</legend>
      <div class="bilingual__pair">
        {LANGUAGES.map(([lang, language]) => {
          const field = `${name}.${lang}`;
          const needed = missing.includes(lang);
          const fieldLabel = `${label} (${language})`;
          const fieldHint = needed ? `Needed before publishing.${hint ? ` ${hint}` : ''}` : hint;
          return multiline ? (
            <TextArea
              name={field}
              label={fieldLabel}
              value={values?.[lang] ?? ''}
              error={errors[field]}
              hint={fieldHint}
              lang={lang}
              rows={rows}
            />
          ) : (
            <TextField
              name={field}
              label={fieldLabel}
              value={values?.[lang] ?? ''}
              error={errors[field]}
              hint={fieldHint}
              lang={lang}
            />
          );
        })}
      </div>
    </fieldset>
  );
}
