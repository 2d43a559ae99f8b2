// The comparison of a print's plate states (issue 19, decision 025): two states side by side, chosen with a plain
// GET form, with the text alternative of what changed (from the artist's descriptions) above the pictures. The
// island (states.client.ts) turns the two pictures into zoom viewers over their IIIF tiles that follow each other
// (pan or zoom one, the other follows), and offers an overlay mode whose labelled range input reveals the later
// state over the earlier. Without JavaScript both pictures and descriptions are there and a note says what the
// island adds; the note and the controls share one grid cell (the hidden one has visibility: hidden), so the box has
// the same height whether the island runs or not, and nothing moves when it does.
import { Layout, type PageContext } from '../layout.js';
import type { StatesPageData } from '../artworks.js';
import { comparisonText } from '../../catalogue/states.js';
import { printHref } from './gallery.js';
import { ArtworkFrame, statesHref, ZoomButtons } from './print.js';
import { localePath } from '../layout.js';

/** Each picture takes half the content width from 1024 px, else all of it. */
const STATE_SIZES = '(min-width: 1536px) 44rem, (min-width: 1024px) 45vw, calc(100vw - 2rem)';

export function StatesPage({ ctx, data }: { ctx: PageContext; data: StatesPageData }) {
  const { t, lang } = ctx;
  const print = data.page.print;
  const title = print.title || t('galleries.untitled');
  const back = data.page.gallery.id
    ? printHref(lang, print.id, data.page.gallery.id)
    : localePath(lang, `/prints/${print.id}`);
  const name = (s: { numeral: string; dateText: string | null }) =>
    s.dateText
      ? `${t('print.states.name', { numeral: s.numeral })} (${s.dateText})`
      : t('print.states.name', { numeral: s.numeral });
  const change = comparisonText(
    { number: data.a.number, dated: data.a.dated, description: data.a.descriptions },
    { number: data.b.number, dated: data.b.dated, description: data.b.descriptions },
    lang,
  );
  const select = (field: 'a' | 'b', chosen: number) => (
    <select id={`states-${field}`} name={field}>
      {data.states.map((s) => (
        <option value={String(s.number)} selected={s.number === chosen}>
          {name(s)}
        </option>
      ))}
    </select>
  );
  return (
    <Layout
      ctx={ctx}
      title={t('states.pageTitle', { title })}
      description={change.slice(0, 160)}
      scripts={['artwork.js', 'states.js']}
    >
      <article class="states" aria-labelledby="states-title">
        <p class="breadcrumb">
          <a href={back}>{t('states.back')}</a>
        </p>
        <h1 id="states-title">{t('states.heading', { title })}</h1>
        <form class="states__choose" method="get" action={statesHref(lang, print.id)}>
          <fieldset>
            <legend>{t('states.choose')}</legend>
            <div class="states__selects">
              <p>
                <label for="states-a">{t('states.first')}</label> {select('a', data.a.number)}
              </p>
              <p>
                <label for="states-b">{t('states.second')}</label> {select('b', data.b.number)}
              </p>
              <p>
                <button type="submit">{t('states.show')}</button>
              </p>
            </div>
          </fieldset>
        </form>
        {data.adjusted ? (
          <p class="states__adjusted" role="status">
            {t('states.adjusted')}
          </p>
        ) : null}
        <h2 class="states__subheading">{t('states.change')}</h2>
        <p id="states-change" class="states__change">
          {change}
        </p>
        <div class="states__tools">
          <p class="states__nojs">{t('states.noScript')}</p>
          <div
            class="states__controls"
            data-value-text={t('states.revealValue', { percent: '{percent}', b: data.b.numeral })}
            data-label-error={t('zoom.error')}
          >
            <fieldset class="states__mode">
              <legend>{t('states.mode')}</legend>
              <label>
                <input type="radio" name="states-mode" value="side" checked /> {t('states.mode.side')}
              </label>
              <label>
                <input type="radio" name="states-mode" value="overlay" /> {t('states.mode.overlay')}
              </label>
            </fieldset>
            <p class="states__reveal">
              <label for="states-reveal">
                {t('states.reveal', { a: data.a.numeral, b: data.b.numeral })}
              </label>
              <input
                id="states-reveal"
                type="range"
                min="0"
                max="100"
                step="5"
                value="50"
                disabled
                aria-valuetext={t('states.revealValue', { percent: '50', b: data.b.numeral })}
              />
            </p>
            <div class="states__zoom" role="group" aria-label={t('states.zoomGroup')}>
              <ZoomButtons ctx={ctx} />
            </div>
            <p class="states__status" role="status" />
          </div>
        </div>
        <p id="states-help" class="states__help">
          {t('states.help')}
        </p>
        <div class="states__pair" id="states-pair">
          {([data.a, data.b] as const).map((state, i) => {
            const images = state.image.images;
            const main = images.find((v) => v.version === 'large') ?? images[images.length - 1]!;
            return (
              <figure
                class={`states__figure states__figure--${i === 0 ? 'under' : 'over'}`}
                data-tiles={state.image.zoomUrl ?? undefined}
                data-label-viewer={t('states.viewerLabel', { numeral: state.numeral })}
              >
                <figcaption class="states__caption">{name(state)}</figcaption>
                <ArtworkFrame
                  ctx={ctx}
                  main={main}
                  images={images}
                  placeholder={state.image.placeholder}
                  alt={`${name(state)}: ${state.image.alt}`}
                  sizes={STATE_SIZES}
                  extraClass="states__frame"
                  lowPriority
                >
                  <div class="states__viewer" />
                </ArtworkFrame>
              </figure>
            );
          })}
        </div>
        <h2 class="states__subheading">{t('states.descriptions')}</h2>
        <dl class="states__descriptions">
          {[data.a, data.b].map((state) => (
            <div class="facts__row">
              <dt>{name(state)}</dt>
              <dd lang={state.descriptionLang}>{state.description || '—'}</dd>
            </div>
          ))}
        </dl>
      </article>
    </Layout>
  );
}
