// The public search page: one GET form (words and every filter, facet counts next to the values) that works
// without JavaScript, the results with highlighted snippets, and pagination. The island search.js (autocomplete,
// results updated in place) enhances exactly this markup: it fetches the same page for new choices and swaps the
// regions marked data-search-region, so there is one rendering of results in both cases.
import { createHash } from 'node:crypto';
import { formatCount } from '../../../platform/i18n/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import {
  KEY_FIELDS,
  NUMBER_RANGES,
  searchQueryString,
  TEXT_FIELDS,
  type FieldProblem,
  type ListField,
  type NumberField,
  type SearchPageParams,
} from '../../search/page-params.js';
import {
  answeredAtLeast,
  SearchService,
  type FacetBucket,
  type FilterReview,
  type ReviewedField,
  type SearchHit,
  type SearchResult,
} from '../../search/service.js';
import { Layout, localePath, renderPage, type PageContext } from '../layout.js';
import {
  AvailabilityNote,
  CardImage,
  cardLoading,
  cardPicture,
  SEARCH_HIT_SIZES,
  type CardPicture,
} from '../cards.js';
import { SaveToggle } from '../shortlist-controls.js';
import type { AvailabilityRow } from '../../catalogue/cards-repository.js';
import type { PublicCatalogue } from '../../catalogue/public-service.js';

/** Hits per page: a multiple of 2, 3 and 4 (the grid's columns). */
export const PAGE_SIZE = 24;

type Translate = PageContext['t'];

/** Facets shown as checkboxes, in the order of the form. */
const CHECKBOX_FACETS: readonly ListField[] = [
  'technique',
  'medium',
  'subject',
  'styleMovement',
  'availability',
  'gallery',
  'tags',
  'plateMaterial',
];

interface PageData {
  params: SearchPageParams;
  review: FilterReview | undefined;
  result: SearchResult | undefined;
  /** The search itself failed on the choices (kept apart from per-field problems). */
  failed: boolean;
  /** What the cards of the hits show: the image on its proportions, a placeholder, a print's availability. */
  cards: HitCards;
}

interface HitCards {
  readonly pictures: ReadonlyMap<string, CardPicture>;
  readonly availability: ReadonlyMap<string, AvailabilityRow>;
}

/** The card data of a page of hits (prints and galleries), from the catalogue's card rows. */
async function hitCards(
  cards: CardSource,
  hits: readonly SearchHit[],
  mediaUrl: (key: string) => string,
  generation: number,
): Promise<HitCards> {
  const ids = (type: SearchHit['type']) => hits.filter((h) => h.type === type).map((h) => h.id);
  const [prints, galleries] = await Promise.all([
    cards.printCards(ids('print'), generation),
    cards.galleryCards(ids('gallery'), generation),
  ]);
  const pictures = new Map<string, CardPicture>();
  const availability = new Map<string, AvailabilityRow>();
  for (const [id, row] of prints) {
    const picture = cardPicture(row.image, mediaUrl);
    if (picture) pictures.set(id, picture);
    availability.set(id, row.availability);
  }
  for (const [id, row] of galleries) {
    const picture = cardPicture(row, mediaUrl);
    if (picture) pictures.set(id, picture);
  }
  return { pictures, availability };
}

/** Where the search page reads its cards from (the public catalogue). */
export type CardSource = Pick<PublicCatalogue, 'printCards' | 'galleryCards'>;

/**
 * Renders /{lang}/search for a parsed query string (page-params.ts). Never throws on what a visitor typed: problems
 * are shown next to their fields and in a summary (status 400), the search runs without them. `current` says
 * whether the answers came from the catalogue at `generation` or newer (site/page-cache.ts keeps only those).
 */
export function searchPageRenderer(
  db: Kysely<Database>,
  mediaUrl: (key: string) => string,
  cardSource: CardSource,
): (
  ctx: PageContext,
  params: SearchPageParams,
  generation: number,
) => Promise<{ html: string; status: number; current: boolean }> {
  const service = new SearchService(db, { publicUrl: mediaUrl });
  return async (ctx, params, generation) => {
    const review = await service.reviewPublicFilters(params.filters, ctx.lang, generation);
    let result: SearchResult | undefined;
    let failed = false;
    try {
      result = await service.searchPublic(
        'all',
        {
          q: params.q,
          page: params.page,
          limit: PAGE_SIZE,
          language: ctx.lang,
          filters: review.filters,
        },
        generation,
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      failed = true;
    }
    const cards = await hitCards(cardSource, result?.hits ?? [], mediaUrl, generation);
    const data: PageData = { params, review, result, failed, cards };
    const bad = params.problems.length > 0 || review.unknown.length > 0 || failed;
    const current =
      answeredAtLeast(review, generation) && (result === undefined || answeredAtLeast(result, generation));
    return { html: renderPage(<SearchPage ctx={ctx} data={data} />), status: bad ? 400 : 200, current };
  };
}

/**
 * The cache key of a search page: the search as parsed (what the page shows depends on nothing else of the query
 * string: unknown parameters, empty fields of the GET form and repeated values fall away), hashed when long.
 */
export function searchPageKey(params: SearchPageParams): string {
  const key = JSON.stringify([params.q, params.page, params.filters, params.typed, params.problems]);
  return key.length <= 512 ? key : `#${createHash('sha256').update(key).digest('base64url')}`;
}

const fieldId = (field: string) => `f-${field}`;
const isKeyField = (field: ListField): field is ReviewedField =>
  (KEY_FIELDS as readonly string[]).includes(field);

function problemText(t: Translate, p: FieldProblem): string {
  switch (p.kind) {
    case 'notNumber':
      return t('search.error.notNumber', { value: p.value });
    case 'range':
      return t('search.error.range', { min: p.min, max: p.max });
    case 'order':
      return t('search.error.order', { other: t(`search.field.${p.other}`) });
  }
}

function countText(ctx: PageContext, total: number, q: string): string {
  const key = q ? 'search.resultsFor' : 'search.results';
  return ctx.t(`${key}.${total === 1 ? 'one' : 'other'}`, { count: formatCount(total, ctx.lang), q });
}

export function SearchPage({ ctx, data }: { ctx: PageContext; data: PageData }) {
  const { t, lang } = ctx;
  const { review, result } = data;
  const params = { ...data.params, filters: review?.filters ?? data.params.filters };
  const total = result?.totalHits ?? 0;
  const summary = data.failed ? t('search.error.failed') : countText(ctx, total, params.q);
  const action = localePath(lang, '/search');
  const filterProblems = data.params.problems.length > 0 || (review?.unknown.length ?? 0) > 0;
  return (
    <Layout
      ctx={ctx}
      title={params.q ? `${params.q} · ${t('search.title')}` : t('search.title')}
      description={t('search.description')}
      noindex={params.q !== '' || params.filtered}
      scripts={['search.js']}
    >
      <h1>{t('search.title')}</h1>
      <div class="search-layout">
        <form class="search-form" role="search" method="get" action={action}>
          <div class="search-bar">
            <label for="search-q">{t('search.label')}</label>
            <p class="hint" id="search-q-hint" data-search-hint hidden>
              {t('search.suggestionsHint')}
            </p>
            <div class="search-form__row">
              <div
                class="search-combobox"
                data-suggest-url="/api/v1/search/suggest"
                data-language={lang}
                data-label-suggestions={t('search.suggestions')}
                data-label-print={t('search.suggestion.print')}
                data-label-gallery={t('search.suggestion.gallery')}
                data-label-tag={t('search.suggestion.tag')}
                data-label-technique={t('search.suggestion.technique')}
              >
                <input
                  id="search-q"
                  name="q"
                  type="search"
                  value={params.q}
                  maxLength={200}
                  autoComplete="off"
                  spellcheck={false}
                />
              </div>
              <button type="submit">{t('search.submit')}</button>
            </div>
            <p class="search-skip">
              <a href="#search-results-heading">{t('search.toResults')}</a>
            </p>
          </div>
          {/* A disclosure on narrow screens (site.css shows it open beside the results on wide ones); outside the
              swapped region so it stays as the visitor left it. Open when a filter needs correcting. */}
          <details class="search-panel" open={filterProblems}>
            <summary class="search-panel__toggle">{t('search.filters')}</summary>
            <Filters ctx={ctx} data={data} />
          </details>
        </form>
        <section
          class="search-results"
          aria-labelledby="search-results-heading"
          data-updating={t('search.updating')}
          data-update-failed={t('search.updateFailed')}
        >
          <h2 id="search-results-heading" tabIndex={-1}>
            {t('search.resultsHeading')}
          </h2>
          <p id="search-summary" class="search-summary" role="status">
            {summary}
          </p>
          <div id="search-results" data-search-region>
            <Problems ctx={ctx} params={data.params} review={review} failed={data.failed} />
            <Results ctx={ctx} params={params} result={result} failed={data.failed} cards={data.cards} />
          </div>
        </section>
      </div>
    </Layout>
  );
}

function Problems({
  ctx,
  params,
  review,
  failed,
}: {
  ctx: PageContext;
  params: SearchPageParams;
  review: FilterReview | undefined;
  failed: boolean;
}) {
  const { t } = ctx;
  const items = [
    ...params.problems.map((p) => ({
      href: `#${fieldId(p.field)}`,
      text: `${t(`search.field.${p.field}`)}: ${problemText(t, p)}`,
    })),
    ...(review?.unknown ?? []).map((u) => ({
      href: `#${fieldId(u.field)}`,
      text: `${t(`search.facet.${u.field}`)}: ${t('search.error.unknown', { value: u.value })}`,
    })),
  ];
  if (items.length === 0 && !failed) return null;
  return (
    <div class="error-summary" id="search-problems" tabIndex={-1}>
      <h2>{t('search.errors.title')}</h2>
      {items.length > 0 ? (
        <>
          <p>{t('search.errors.intro')}</p>
          <ul>
            {items.map((item) => (
              <li>
                <a href={item.href}>{item.text}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('search.error.failed')}</p>
      )}
    </div>
  );
}

function Filters({ ctx, data }: { ctx: PageContext; data: PageData }) {
  const { t, lang } = ctx;
  const { review, result } = data;
  // Values that name nothing were reported and left out: they are not offered again.
  const params = { ...data.params, filters: review?.filters ?? data.params.filters };
  const facets = new Map((result?.facets ?? []).map((f) => [f.name, f.buckets]));
  const selected = (field: ListField): string[] => {
    const v = params.filters[field];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  const decades = facets.get('decade') ?? [];
  const numberField = (field: NumberField) => {
    const problem = params.problems.find((p) => p.field === field);
    const { min, max, integer } = NUMBER_RANGES[field];
    const typed = params.typed[field];
    const value = typed !== undefined && !problem ? typed : undefined;
    return (
      <div class={problem ? 'field field--range field--error' : 'field field--range'}>
        <label for={fieldId(field)}>{t(`search.field.${field}`)}</label>
        {problem ? (
          <p class="field-error" id={`${fieldId(field)}-error`}>
            {problemText(t, problem)}
          </p>
        ) : null}
        <input
          id={fieldId(field)}
          name={field}
          type="number"
          min={min}
          max={max}
          step={integer ? 1 : 'any'}
          inputMode={integer ? 'numeric' : 'decimal'}
          value={value}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? `${fieldId(field)}-error` : undefined}
        />
      </div>
    );
  };
  return (
    <div class="search-filters" id="search-filters" data-search-region>
      <h2>{t('search.filters')}</h2>
      {CHECKBOX_FACETS.map((field) => (
        <CheckboxFacet
          ctx={ctx}
          field={field}
          buckets={facets.get(field) ?? []}
          selected={selected(field)}
          labels={isKeyField(field) ? review?.labels[field] : undefined}
          unknown={review?.unknown.filter((u) => u.field === field).map((u) => u.value) ?? []}
        />
      ))}
      <fieldset id={fieldId('year')}>
        <legend>{t('search.facet.year')}</legend>
        <div class="field-row">
          {numberField('yearFrom')}
          {numberField('yearTo')}
        </div>
        {decades.length > 0 ? (
          <>
            <p class="facet__heading">{t('search.decades')}</p>
            <ul class="facet facet--links">
              {decades.map((b) => {
                const from = Number(b.key);
                const current = params.filters.yearFrom === from && params.filters.yearTo === from + 9;
                return (
                  <li>
                    <a
                      href={
                        action(lang) +
                        searchQueryString(params, { set: { yearFrom: from, yearTo: from + 9 } })
                      }
                      aria-current={current ? 'true' : undefined}
                    >
                      {b.label}{' '}
                      <span class="facet__count">
                        {t('search.facetCount', { count: formatCount(b.docCount, lang) })}
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </fieldset>
      <fieldset id={fieldId('plate')}>
        <legend>{t('search.facet.plate')}</legend>
        <div class="field-row">
          {numberField('plateHeightMin')}
          {numberField('plateHeightMax')}
        </div>
        <div class="field-row">
          {numberField('plateWidthMin')}
          {numberField('plateWidthMax')}
        </div>
      </fieldset>
      <fieldset id={fieldId('price')}>
        <legend>{t('search.facet.price')}</legend>
        <div class="field-row">
          {numberField('priceMin')}
          {numberField('priceMax')}
        </div>
      </fieldset>
      <div class="search-filters__actions">
        <button type="submit" class="search-filters__apply">
          {t('search.applyFilters')}
        </button>
        {params.filtered ? (
          <a href={action(lang) + searchQueryString({ q: params.q, filters: {} })}>
            {t('search.clearFilters')}
          </a>
        ) : null}
      </div>
    </div>
  );
}

const action = (lang: PageContext['lang']) => localePath(lang, '/search');

function CheckboxFacet({
  ctx,
  field,
  buckets,
  selected,
  labels,
  unknown,
}: {
  ctx: PageContext;
  field: ListField;
  buckets: readonly FacetBucket[];
  selected: readonly string[];
  labels: Map<string, string> | undefined;
  unknown: readonly string[];
}) {
  const { t } = ctx;
  const isText = (TEXT_FIELDS as readonly string[]).includes(field);
  // Free-text values match facet keys regardless of case; keys match exactly.
  const same = (a: string, b: string) => (isText ? a.toLowerCase() === b.toLowerCase() : a === b);
  const options: { value: string; label: string; count: number | undefined }[] = buckets.map((b) => ({
    value: b.key,
    label: b.label,
    count: b.docCount,
  }));
  for (const value of selected) {
    if (!options.some((o) => same(o.value, value)))
      // Chosen but counted nowhere now: still shown (checked) so it can be unchecked; a text value may still
      // match in the other language, so no count is claimed for it.
      options.push({ value, label: labels?.get(value) ?? value, count: isText ? undefined : 0 });
  }
  const problem = unknown.length > 0;
  // A facet with nothing to choose (no print has a subject yet, say) is left out rather than shown empty.
  if (options.length === 0 && !problem) return null;
  return (
    <fieldset id={fieldId(field)} class={problem ? 'field--error' : undefined}>
      <legend>{t(`search.facet.${field}`)}</legend>
      {unknown.map((value) => (
        <p class="field-error">{t('search.error.unknown', { value })}</p>
      ))}
      {options.length === 0 ? null : (
        <ul class="facet">
          {options.map((o, i) => {
            const id = `${fieldId(field)}-${i}`;
            return (
              <li class="field--check">
                <input
                  type="checkbox"
                  id={id}
                  name={field}
                  value={o.value}
                  checked={selected.some((s) => same(o.value, s))}
                />
                <label for={id}>
                  {o.label}
                  {o.count !== undefined ? (
                    <>
                      {' '}
                      <span class="facet__count">
                        {t('search.facetCount', { count: formatCount(o.count, ctx.lang) })}
                      </span>
                    </>
                  ) : null}
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

function Results({
  ctx,
  params,
  result,
  failed,
  cards,
}: {
  ctx: PageContext;
  params: SearchPageParams;
  result: SearchResult | undefined;
  failed: boolean;
  cards: HitCards;
}) {
  const { t, lang } = ctx;
  if (failed || !result) return null;
  if (result.totalHits === 0) {
    return (
      <div class="search-empty">
        <p>
          <strong>{t('search.noResults')}</strong>
        </p>
        <p>{t('search.noResultsHint')}</p>
        {params.filtered ? (
          <p>
            <a href={action(lang) + searchQueryString({ q: params.q, filters: {} })}>
              {t('search.clearFilters')}
            </a>
          </p>
        ) : null}
      </div>
    );
  }
  if (result.hits.length === 0) {
    return (
      <p>
        {t('search.pageEmpty')} <a href={action(lang) + searchQueryString(params)}>{t('search.firstPage')}</a>
      </p>
    );
  }
  return (
    <>
      <ol class="grid search-hits">
        {result.hits.map((hit, index) => (
          <Hit
            ctx={ctx}
            index={index}
            hit={hit}
            picture={cards.pictures.get(hit.id)}
            availability={cards.availability.get(hit.id)}
          />
        ))}
      </ol>
      <Pagination ctx={ctx} params={params} result={result} />
    </>
  );
}

function Hit({
  ctx,
  index,
  hit,
  picture,
  availability,
}: {
  ctx: PageContext;
  /** Its place on the page: the first row is not lazy (cardLoading). */
  index: number;
  hit: SearchHit;
  picture: CardPicture | undefined;
  availability: AvailabilityRow | undefined;
}) {
  const { t, lang } = ctx;
  const href = localePath(lang, hit.type === 'print' ? `/prints/${hit.id}` : `/galleries/${hit.id}`);
  // Highlights are HTML built by the search module: every character escaped, only <mark> added.
  const titleHtml = hit.highlights.title?.[0];
  const snippetHtml = hit.highlights.description?.join(' … ');
  const meta = [t(`search.type.${hit.type}`), hit.year !== null ? String(hit.year) : null]
    .filter(Boolean)
    .join(' · ');
  return (
    <li class="card search-hit">
      {picture ? (
        <CardImage
          picture={picture}
          alt=""
          className="search-hit__image"
          sizes={SEARCH_HIT_SIZES}
          {...cardLoading(index)}
        />
      ) : null}
      <h3 class="card__title">
        {titleHtml ? (
          <a href={href} dangerouslySetInnerHTML={{ __html: titleHtml }} />
        ) : (
          <a href={href}>{hit.title || t('galleries.untitled')}</a>
        )}
      </h3>
      <p class="card__meta">{meta}</p>
      <AvailabilityNote ctx={ctx} availability={availability} />
      {snippetHtml ? (
        <p class="card__text" dangerouslySetInnerHTML={{ __html: snippetHtml }} />
      ) : hit.description ? (
        <p class="card__text">{hit.description}</p>
      ) : null}
      {hit.type === 'print' ? <SaveToggle ctx={ctx} printId={hit.id} title={hit.title} /> : null}
    </li>
  );
}

function Pagination({
  ctx,
  params,
  result,
}: {
  ctx: PageContext;
  params: SearchPageParams;
  result: SearchResult;
}) {
  const { t, lang } = ctx;
  if (result.totalPages <= 1) return null;
  const href = (page: number) => action(lang) + searchQueryString(params, { page });
  const { page, totalPages } = result;
  return (
    <nav class="pager search-pager" aria-label={t('search.pagination')}>
      {page > 1 ? (
        <a class="pager__prev" rel="prev" href={href(Math.min(page - 1, totalPages))} data-search-page>
          {t('search.previous')}
        </a>
      ) : (
        <span class="pager__prev" />
      )}
      <span class="pager__pos">
        {t('search.pageOf', { page: formatCount(page, lang), pages: formatCount(totalPages, lang) })}
      </span>
      {page < totalPages ? (
        <a class="pager__next" rel="next" href={href(page + 1)} data-search-page>
          {t('search.next')}
        </a>
      ) : (
        <span class="pager__next" />
      )}
    </nav>
  );
}
