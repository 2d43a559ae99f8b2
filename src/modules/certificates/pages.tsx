// The public verification pages (docs/decisions/020-certificates.md): the impression a code names — said plainly
// to be genuine, with the facts its certificate carries and, while visitors may see the print, its picture and a
// link to its page — and a helpful page for a code that names nothing, with a form to type one from paper.
import { FormField } from '../site/form-field.js';
import { Layout, localePath, type PageContext } from '../site/layout.js';
import type { VerifiedImpression } from './service.js';

export const verifyPath = (code?: string): string => (code ? `/verify/${code}` : '/verify');

function CodeForm({ ctx, value, headingLevel }: { ctx: PageContext; value: string; headingLevel: 1 | 2 }) {
  const { t, lang } = ctx;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section aria-labelledby="verify-form-h" class="verify__form">
      <Heading id="verify-form-h">{t('verify.form.heading')}</Heading>
      <form method="get" action={localePath(lang, verifyPath())}>
        <FormField id="verify-code" name="code" label={t('verify.form.label')} hint={t('verify.form.hint')}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={value}
              required
              maxLength={64}
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
            />
          )}
        </FormField>
        <button type="submit">{t('verify.form.submit')}</button>
      </form>
    </section>
  );
}

export function VerifiedPage({ ctx, result }: { ctx: PageContext; result: VerifiedImpression }) {
  const { t, lang } = ctx;
  const { facts, picture } = result;
  return (
    <Layout ctx={ctx} title={t('verify.title')} alternates={false} noindex>
      <article class="verify" aria-labelledby="verify-h">
        <div class="verify__genuine">
          <h1 id="verify-h">{t('verify.genuine.heading')}</h1>
          <p>{t('verify.genuine.body', { artist: facts.artist, code: result.code })}</p>
          {facts.status === 'destroyed' ? (
            <p>
              <strong>{t('verify.destroyed')}</strong>
            </p>
          ) : null}
        </div>
        <div class="artwork__layout">
          <div class="artwork__media">
            {picture ? (
              <figure class="artwork__figure">
                <img
                  class="verify__image"
                  src={picture.src}
                  srcset={picture.srcset}
                  sizes="(min-width: 1024px) 55vw, 100vw"
                  width={picture.width}
                  height={picture.height}
                  alt={picture.alt}
                  decoding="async"
                />
              </figure>
            ) : result.printId ? null : (
              // Only for a print visitors cannot see: a public print without a processed picture is still on show.
              <p class="hint">{t('verify.notShown')}</p>
            )}
          </div>
          <section class="artwork__details" aria-labelledby="verify-facts-h">
            <h2 id="verify-facts-h" class="visually-hidden">
              {t('verify.facts')}
            </h2>
            <p class="verify__title" lang={facts.title.lang === lang ? undefined : facts.title.lang}>
              {facts.title.text}
            </p>
            <dl class="facts">
              {[
                ...facts.rows.map((r) => [t(`certificate.field.${r.key}`), r.value] as const),
                [t('certificate.field.artist'), facts.artist] as const,
              ].map(([label, value]) => (
                <div class="facts__row">
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            {result.printId ? (
              <p>
                <a href={localePath(lang, `/prints/${result.printId}`)}>{t('verify.seePrint')}</a>
              </p>
            ) : null}
          </section>
        </div>
      </article>
    </Layout>
  );
}

/** No certificate has the code (or none was given): what to check, and the form. */
export function UnknownCodePage({ ctx, typed }: { ctx: PageContext; typed: string | undefined }) {
  const { t, lang } = ctx;
  if (typed === undefined) {
    return (
      <Layout ctx={ctx} title={t('verify.form.heading')} alternates={false} noindex>
        <div class="prose">
          <CodeForm ctx={ctx} value="" headingLevel={1} />
        </div>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={t('verify.unknown.title')} alternates={false} noindex>
      <div class="prose">
        <h1>{t('verify.unknown.title')}</h1>
        <p>{t('verify.unknown.body')}</p>
        <p>
          <a href={localePath(lang, '/contact')}>{t('verify.unknown.contact')}</a>
        </p>
        <CodeForm ctx={ctx} value={typed} headingLevel={2} />
      </div>
    </Layout>
  );
}
