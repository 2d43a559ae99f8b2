// The public enquiry form (on every print page, and on its own page for a print), the contact page and the
// confirmation. Plain server-rendered forms: they work without JavaScript, every field is labelled, errors are
// shown per field and in a summary that takes focus, and what the visitor typed comes back with them.
import type { ComponentChildren } from 'preact';
import { FormField, type ControlProps } from '../site/form-field.js';
import { Layout, localePath, type PageContext } from '../site/layout.js';
import {
  ENQUIRY_LIMITS,
  type EnquiryField,
  type EnquiryFieldError,
  type EnquiryInput,
} from './validation.js';

/** A problem with the form as a whole (not one field): sent too fast, too late, or refused. */
export type FormProblem = 'tooFast' | 'expired' | 'rejected';

export interface EnquiryFormProps {
  ctx: PageContext;
  /** Where the form posts. */
  action: string;
  /** The signed fill-time token (form-token.ts). */
  token: string;
  input: EnquiryInput;
  errors: readonly EnquiryFieldError[];
  problem?: FormProblem | undefined;
  /** Show the impression/edition field (print enquiries). */
  withInterest: boolean;
  /** Heading level and text of the form's section. */
  heading: ComponentChildren;
  headingId: string;
  /** What else the form carries: the ids of a visitor's list. */
  hiddenFields?: readonly { name: string; value: string }[] | undefined;
}

const fieldId = (field: EnquiryField) => `enq-${field}`;

function labelsOf(ctx: PageContext): Record<EnquiryField, string> {
  return {
    name: ctx.t('enquiry.form.name'),
    email: ctx.t('enquiry.form.email'),
    message: ctx.t('enquiry.form.message'),
    interest: ctx.t('enquiry.form.interest'),
  };
}

function errorText(ctx: PageContext, error: EnquiryFieldError, label: string): string {
  return ctx.t(`enquiry.error.${error.key}`, { field: label, ...error.params });
}

function Field({
  ctx,
  field,
  label,
  hint,
  errors,
  children,
}: {
  ctx: PageContext;
  field: EnquiryField;
  label: string;
  hint?: string;
  errors: readonly EnquiryFieldError[];
  children: (control: ControlProps) => preact.VNode;
}) {
  const error = errors.find((e) => e.field === field);
  return (
    <FormField
      id={fieldId(field)}
      name={field}
      label={label}
      {...(hint ? { hint } : {})}
      {...(error ? { error: errorText(ctx, error, label) } : {})}
    >
      {children}
    </FormField>
  );
}

export function EnquiryForm(props: EnquiryFormProps) {
  const { ctx, action, token, input, errors, problem, withInterest, heading, headingId, hiddenFields } =
    props;
  const { t, lang } = ctx;
  const labels = labelsOf(ctx);
  const hasErrors = errors.length > 0 || problem !== undefined;
  return (
    <section class="enquiry" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {hasErrors ? (
        <div class="error-summary" role="alert" aria-labelledby="enq-error-title" tabIndex={-1} autoFocus>
          <h3 id="enq-error-title">{t('enquiry.errors.title')}</h3>
          <ul>
            {problem ? <li>{t(`enquiry.error.${problem}`)}</li> : null}
            {errors.map((e) => (
              <li>
                <a href={`#${fieldId(e.field)}`}>{errorText(ctx, e, labels[e.field])}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{t('enquiry.form.required')}</p>
      <form class="form" method="post" action={action} noValidate>
        <input type="hidden" name="issued" value={token} />
        {hiddenFields?.map((f) => (
          <input type="hidden" name={f.name} value={f.value} />
        ))}
        <Field ctx={ctx} field="name" label={labels.name} errors={errors}>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="name"
              maxLength={ENQUIRY_LIMITS.name}
              required
              value={input.name}
            />
          )}
        </Field>
        <Field
          ctx={ctx}
          field="email"
          label={labels.email}
          hint={t('enquiry.form.emailHint')}
          errors={errors}
        >
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="email"
              maxLength={ENQUIRY_LIMITS.email}
              required
              value={input.email}
            />
          )}
        </Field>
        {withInterest ? (
          <Field
            ctx={ctx}
            field="interest"
            label={labels.interest}
            hint={t('enquiry.form.interestHint')}
            errors={errors}
          >
            {(p) => <input {...p} type="text" maxLength={ENQUIRY_LIMITS.interest} value={input.interest} />}
          </Field>
        ) : null}
        <Field ctx={ctx} field="message" label={labels.message} errors={errors}>
          {(p) => (
            <textarea {...p} rows={6} maxLength={ENQUIRY_LIMITS.message} required value={input.message} />
          )}
        </Field>
        {/* Honeypot for bots: hidden from people and assistive technology; anything typed here is refused. */}
        <div class="hp" aria-hidden="true">
          <label for="enq-website">{t('enquiry.form.honeypot')}</label>
          <input id="enq-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
        </div>
        <p class="hint">
          <a href={localePath(lang, '/privacy')}>{t('enquiry.form.privacy')}</a>
        </p>
        <button type="submit" class="button">
          {t('enquiry.form.submit')}
        </button>
      </form>
    </section>
  );
}

export interface FormState {
  token: string;
  input: EnquiryInput;
  errors: readonly EnquiryFieldError[];
  problem?: FormProblem | undefined;
}

export function ContactPage({
  ctx,
  state,
  directEmail,
}: {
  ctx: PageContext;
  state: FormState;
  directEmail: string | null;
}) {
  const { t, lang } = ctx;
  const title = t('contact.title');
  const failed = state.errors.length > 0 || state.problem !== undefined;
  return (
    <Layout
      ctx={ctx}
      title={failed ? t('enquiry.errors.pageTitle', { title }) : title}
      description={t('contact.description')}
      noindex={failed}
    >
      <div class="prose">
        <h1>{title}</h1>
        <p class="lede">{t('contact.intro')}</p>
        {directEmail ? (
          <p>
            {t('contact.directEmail')} <a href={`mailto:${directEmail}`}>{directEmail}</a>.
          </p>
        ) : null}
        <EnquiryForm
          ctx={ctx}
          action={localePath(lang, '/contact')}
          token={state.token}
          input={state.input}
          errors={state.errors}
          problem={state.problem}
          withInterest={false}
          heading={t('enquiry.form.heading')}
          headingId="enquiry-h"
        />
      </div>
    </Layout>
  );
}

export function PrintEnquiryPage({
  ctx,
  printId,
  printTitle,
  state,
}: {
  ctx: PageContext;
  printId: string;
  printTitle: string;
  state: FormState;
}) {
  const { t, lang } = ctx;
  const title = t('enquiry.print.title', { title: printTitle });
  const failed = state.errors.length > 0 || state.problem !== undefined;
  return (
    <Layout
      ctx={ctx}
      // The print's title alone in <title> (kept short); the heading says what the page is for.
      title={failed ? t('enquiry.errors.pageTitle', { title: printTitle }) : printTitle}
      description={t('enquiry.print.intro', { title: printTitle })}
      noindex
    >
      <div class="prose">
        <h1>{title}</h1>
        <p class="lede">{t('enquiry.print.intro', { title: printTitle })}</p>
        <p>
          <a href={localePath(lang, `/prints/${printId}`)}>{t('enquiry.print.back')}</a>
        </p>
        <EnquiryForm
          ctx={ctx}
          action={localePath(lang, `/prints/${printId}/enquiry`)}
          token={state.token}
          input={state.input}
          errors={state.errors}
          problem={state.problem}
          withInterest
          heading={t('enquiry.form.heading')}
          headingId="enquiry-h"
        />
      </div>
    </Layout>
  );
}

export function EnquirySentPage({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('enquiry.sent.title')} noindex alternates={false}>
      <div class="prose">
        <h1>{t('enquiry.sent.title')}</h1>
        <p>{t('enquiry.sent.body')}</p>
        <p>
          <a href={localePath(lang, '/')}>{t('enquiry.sent.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
