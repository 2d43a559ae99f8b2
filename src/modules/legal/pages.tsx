// Terms of use, privacy policy, and the copyright & notice-and-takedown page with its form and confirmation.
import { FormField, type ControlProps } from '../site/form-field.js';
import { Layout, localePath, type PageContext } from '../site/layout.js';
import { LIMITS, type FieldError, type TakedownField, type TakedownInput } from './validation.js';

function Section({ ctx, id }: { ctx: PageContext; id: string }) {
  return (
    <section aria-labelledby={`${id.replace('.', '-')}-h`}>
      <h2 id={`${id.replace('.', '-')}-h`}>{ctx.t(`${id}.heading`)}</h2>
      <p>{ctx.t(`${id}.body`, { artist: ctx.artistName || ctx.t('site.name') })}</p>
    </section>
  );
}

export function TermsPage({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  const artist = ctx.artistName || t('site.name');
  return (
    <Layout ctx={ctx} title={t('terms.title')} description={t('terms.description')}>
      <div class="prose">
        <h1>{t('terms.title')}</h1>
        <p class="lede">{t('terms.intro', { artist })}</p>
        {['terms.copyright', 'terms.allowed', 'terms.forbidden', 'terms.information', 'terms.law'].map(
          (id) => (
            <Section ctx={ctx} id={id} />
          ),
        )}
        <p>
          {t('terms.related')} <a href={localePath(lang, '/privacy')}>{t('privacy.title')}</a> ·{' '}
          <a href={localePath(lang, '/takedown')}>{t('takedown.title')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function PrivacyPage({ ctx, enquiryMonths }: { ctx: PageContext; enquiryMonths: number }) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy.title')} description={t('privacy.description')}>
      <div class="prose">
        <h1>{t('privacy.title')}</h1>
        <p class="lede">{t('privacy.intro')}</p>
        <h2>{t('privacy.collected.heading')}</h2>
        <section aria-labelledby="privacy-takedown-h">
          <h3 id="privacy-takedown-h">{t('privacy.takedown.heading')}</h3>
          <p>{t('privacy.takedown.body')}</p>
          <p>
            <a href={localePath(lang, '/takedown')}>{t('takedown.title')}</a>
          </p>
        </section>
        <section aria-labelledby="privacy-enquiries-h">
          <h3 id="privacy-enquiries-h">{t('privacy.enquiries.heading')}</h3>
          <p>{t('privacy.enquiries.body', { months: enquiryMonths })}</p>
          <p>
            <a href={localePath(lang, '/contact')}>{t('contact.title')}</a>
          </p>
        </section>
        <section aria-labelledby="privacy-business-h">
          <h3 id="privacy-business-h">{t('privacy.business.heading')}</h3>
          <p>{t('privacy.business.body')}</p>
        </section>
        <section aria-labelledby="privacy-cookie-h">
          <h3 id="privacy-cookie-h">{t('privacy.cookie.heading')}</h3>
          <p>{t('privacy.cookie.body')}</p>
        </section>
        <section aria-labelledby="privacy-room-h">
          <h3 id="privacy-room-h">{t('privacy.room.heading')}</h3>
          <p>{t('privacy.room.body')}</p>
        </section>
        <section aria-labelledby="privacy-shortlist-h">
          <h3 id="privacy-shortlist-h">{t('privacy.shortlist.heading')}</h3>
          <p>{t('privacy.shortlist.body')}</p>
        </section>
        <section aria-labelledby="privacy-logs-h">
          <h3 id="privacy-logs-h">{t('privacy.logs.heading')}</h3>
          <p>{t('privacy.logs.body')}</p>
        </section>
        <Section ctx={ctx} id="privacy.rights" />
        <p>{t('privacy.controller', { artist: ctx.artistName || t('site.name') })}</p>
      </div>
    </Layout>
  );
}

const FIELD_ID = (field: TakedownField) => `td-${field}`;

interface FieldProps {
  ctx: PageContext;
  field: TakedownField;
  label: string;
  hint?: string;
  errors: readonly FieldError[];
  children: (control: ControlProps) => preact.VNode;
}

function errorText(ctx: PageContext, error: FieldError, label: string): string {
  return ctx.t(`takedown.error.${error.key}`, { field: label, ...error.params });
}

function Field({ ctx, field, label, hint, errors, children }: FieldProps) {
  const error = errors.find((e) => e.field === field);
  return (
    <FormField
      id={FIELD_ID(field)}
      name={field}
      label={label}
      {...(hint ? { hint } : {})}
      {...(error ? { error: errorText(ctx, error, label) } : {})}
    >
      {children}
    </FormField>
  );
}

function Checkbox({
  ctx,
  field,
  label,
  checked,
  errors,
}: {
  ctx: PageContext;
  field: 'goodFaith' | 'accuracy';
  label: string;
  checked: boolean;
  errors: readonly FieldError[];
}) {
  const id = FIELD_ID(field);
  const error = errors.find((e) => e.field === field);
  return (
    <div class={error ? 'field field--check field--error' : 'field field--check'}>
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {errorText(ctx, error, label)}
        </p>
      ) : null}
      <input
        id={id}
        name={field}
        type="checkbox"
        value="yes"
        checked={checked}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

export interface TakedownPageProps {
  ctx: PageContext;
  input: TakedownInput;
  errors: readonly FieldError[];
}

export function TakedownPage({ ctx, input, errors }: TakedownPageProps) {
  const { t, lang } = ctx;
  const title = t('takedown.title');
  const labels: Record<TakedownField, string> = {
    work: t('takedown.form.work'),
    urls: t('takedown.form.urls'),
    description: t('takedown.form.description'),
    name: t('takedown.form.name'),
    email: t('takedown.form.email'),
    address: t('takedown.form.address'),
    phone: t('takedown.form.phone'),
    goodFaith: t('takedown.form.goodFaith'),
    accuracy: t('takedown.form.accuracy'),
    signature: t('takedown.form.signature'),
  };
  return (
    <Layout
      ctx={ctx}
      title={errors.length > 0 ? t('takedown.errors.pageTitle', { title }) : title}
      description={t('takedown.description')}
      noindex={errors.length > 0}
    >
      <div class="prose">
        <h1>{title}</h1>
        <p class="lede">{t('takedown.intro')}</p>
        {errors.length > 0 ? (
          <div
            class="error-summary"
            role="alert"
            aria-labelledby="error-summary-title"
            tabIndex={-1}
            autoFocus
          >
            <h2 id="error-summary-title">{t('takedown.errors.title')}</h2>
            <ul>
              {errors.map((e) => (
                <li>
                  <a href={`#${FIELD_ID(e.field)}`}>{errorText(ctx, e, labels[e.field])}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <section aria-labelledby="dmca-h">
          <h2 id="dmca-h">{t('takedown.dmca.heading')}</h2>
          <p>{t('takedown.dmca.intro')}</p>
          <ol>
            {[1, 2, 3, 4, 5, 6].map((n) => (
              <li>{t(`takedown.dmca.${n}`)}</li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="eu-h">
          <h2 id="eu-h">{t('takedown.eu.heading')}</h2>
          <p>{t('takedown.eu.body')}</p>
        </section>
        <section aria-labelledby="process-h">
          <h2 id="process-h">{t('takedown.process.heading')}</h2>
          <p>{t('takedown.process.body')}</p>
        </section>
        <section aria-labelledby="form-h">
          <h2 id="form-h">{t('takedown.form.heading')}</h2>
          <p>{t('takedown.form.required')}</p>
          <form class="form" method="post" action={localePath(lang, '/takedown')} noValidate>
            <Field
              ctx={ctx}
              field="work"
              label={labels.work}
              hint={t('takedown.form.workHint')}
              errors={errors}
            >
              {(control) => (
                <textarea {...control} rows={3} maxLength={LIMITS.work} required value={input.work} />
              )}
            </Field>
            <Field
              ctx={ctx}
              field="urls"
              label={labels.urls}
              hint={t('takedown.form.urlsHint')}
              errors={errors}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={3}
                  maxLength={LIMITS.urls}
                  required
                  spellcheck={false}
                  value={input.urls}
                />
              )}
            </Field>
            <Field
              ctx={ctx}
              field="description"
              label={labels.description}
              hint={t('takedown.form.descriptionHint')}
              errors={errors}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={6}
                  maxLength={LIMITS.description}
                  required
                  value={input.description}
                />
              )}
            </Field>
            <fieldset>
              <legend>{t('takedown.form.contact')}</legend>
              <Field ctx={ctx} field="name" label={labels.name} errors={errors}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    autoComplete="name"
                    maxLength={LIMITS.name}
                    required
                    value={input.name}
                  />
                )}
              </Field>
              <Field ctx={ctx} field="email" label={labels.email} errors={errors}>
                {(control) => (
                  <input
                    {...control}
                    type="email"
                    autoComplete="email"
                    maxLength={LIMITS.email}
                    required
                    value={input.email}
                  />
                )}
              </Field>
              <Field ctx={ctx} field="address" label={labels.address} errors={errors}>
                {(control) => (
                  <textarea
                    {...control}
                    rows={3}
                    autoComplete="street-address"
                    maxLength={LIMITS.address}
                    required
                    value={input.address}
                  />
                )}
              </Field>
              <Field ctx={ctx} field="phone" label={labels.phone} errors={errors}>
                {(control) => (
                  <input
                    {...control}
                    type="tel"
                    autoComplete="tel"
                    maxLength={LIMITS.phone}
                    value={input.phone}
                  />
                )}
              </Field>
            </fieldset>
            <fieldset>
              <legend>{t('takedown.form.statements')}</legend>
              <Checkbox
                ctx={ctx}
                field="goodFaith"
                label={labels.goodFaith}
                checked={input.goodFaith}
                errors={errors}
              />
              <Checkbox
                ctx={ctx}
                field="accuracy"
                label={labels.accuracy}
                checked={input.accuracy}
                errors={errors}
              />
              <Field
                ctx={ctx}
                field="signature"
                label={labels.signature}
                hint={t('takedown.form.signatureHint')}
                errors={errors}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    autoComplete="off"
                    maxLength={LIMITS.signature}
                    required
                    value={input.signature}
                  />
                )}
              </Field>
            </fieldset>
            {/* Honeypot for bots: hidden from people and assistive technology; anything typed here is refused. */}
            <div class="hp" aria-hidden="true">
              <label for="td-website">{t('takedown.form.honeypot')}</label>
              <input id="td-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
            </div>
            <button type="submit" class="button">
              {t('takedown.form.submit')}
            </button>
          </form>
        </section>
      </div>
    </Layout>
  );
}

export function TakedownReceivedPage({ ctx, reference }: { ctx: PageContext; reference: string }) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('takedown.received.title')} noindex alternates={false}>
      <div class="prose">
        <h1>{t('takedown.received.title')}</h1>
        <p>
          {t('takedown.received.reference')} <strong class="reference">{reference}</strong>
        </p>
        <p>{t('takedown.received.body')}</p>
        <p>
          <a href={localePath(lang, '/')}>{t('takedown.received.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
