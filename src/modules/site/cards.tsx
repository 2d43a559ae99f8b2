// What a card shows of a print or gallery on every public page (home, galleries, gallery, search, the visitor's
// list): the image on the print's own proportions (small, medium and medium_2x in a srcset with the sizes of the
// grid it sits in, so each screen loads the smallest that is sharp on it — decision 021; the square thumbnail only
// when there is nothing else), its width and height set so nothing shifts while it loads, the tiny blurred
// placeholder underneath (as on the print page), and — for a print — whether it can still be had, in words
// (catalogue/availability.ts).
import type { Language } from '../../platform/i18n/index.js';
import type { ImageVersionName, Localized } from '../../platform/db/schema.js';
import { availabilityText, cardAvailability } from '../catalogue/availability.js';
import type { AvailabilityRow, CardImageRow } from '../catalogue/cards-repository.js';
import type { ImageSource } from './artworks.js';
import { localePath, type PageContext } from './layout.js';
import { localized, type RecentPrint } from './repository.js';
import { SaveToggle } from './shortlist-controls.js';

/**
 * Rendered width of a card image in the card grid (.grid in site.css; main is at most 96rem wide, border-box, with
 * var(--gap) = clamp(1rem, 2.5vw, 2.5rem) as its padding and the grid's gap), never less than the real width:
 * 4 columns from 1440 px: (min(100vw, 96rem) − 5 gaps) / 4 ≤ 336 px (21rem);
 * 3 columns from 1024 px: (95vw − 5vw) / 3 = 30vw;
 * 2 columns from 768 px: (95vw − 2.5vw) / 2 = 46.25vw;
 * 1 column: 95vw from 640 px (the gap is 2.5vw there), 100vw − 2rem below.
 */
export const CARD_SIZES =
  '(min-width: 1440px) 21rem, (min-width: 1024px) 30vw, (min-width: 768px) 46.25vw, ' +
  '(min-width: 640px) 95vw, calc(100vw - 2rem)';

/**
 * Rendered width of a search hit's image (.search-hits in site.css): a 6.5rem column beside the text up to
 * 37.5rem; wider, cards in auto-fill columns of at least 14rem, which stay under (3 × 14rem + 2 gaps) / 2 ≤ 350 px
 * (22rem) whatever the screen (the filters take a column of their own from 64rem).
 */
export const SEARCH_HIT_SIZES = '(max-width: 37.5rem) 6.5rem, 22rem';

/** The versions a card offers, on the print's own proportions, smallest first. */
export const CARD_VERSIONS: readonly ImageVersionName[] = ['small', 'medium', 'medium_2x'];

export interface CardPicture {
  /** Smallest first, all on the same proportions. */
  readonly sources: readonly ImageSource[];
  readonly placeholder: string | null;
  /** The alt text of the print shown, in both languages. */
  readonly alt: Localized;
}

/** One candidate per width: versions of a small original can share a width, and a repeated width is invalid. */
export function srcsetOf(images: readonly ImageSource[]): string {
  const seen = new Set<number>();
  return images
    .filter((i) => !seen.has(i.width) && seen.add(i.width))
    .map((i) => `${i.url} ${i.width}w`)
    .join(', ');
}

/**
 * Card versions that share the print's proportions, smallest first: small, medium and medium_2x (an image processed
 * before small existed offers the medium ones alone), else the (square) thumbnail alone.
 */
export function proportionalSources(images: readonly ImageSource[]): ImageSource[] {
  const proportional = images
    .filter((i) => CARD_VERSIONS.includes(i.version))
    .sort((a, b) => a.width - b.width || CARD_VERSIONS.indexOf(a.version) - CARD_VERSIONS.indexOf(b.version));
  return proportional.length > 0 ? proportional : images.filter((i) => i.version === 'thumbnail');
}

/**
 * Cards of the first row of the widest grid (4 columns) are not lazy: on a wide screen they are in view, and a lazy
 * image waits for layout before it is asked for. The first card alone is fetched first (the largest paint on a
 * phone, where it is the only card in view); the others of the row keep the browser's own priority.
 */
export const FIRST_ROW_CARDS = 4;

/** How the card at `index` of a page's first grid loads (later grids: lazy). */
export function cardLoading(index: number): { eager: boolean; priority: boolean } {
  return { eager: index < FIRST_ROW_CARDS, priority: index === 0 };
}

/** The picture of a card from the card repository's row; undefined when there is no processed image. */
export function cardPicture(
  row: CardImageRow | undefined,
  mediaUrl: (key: string) => string,
): CardPicture | undefined {
  if (!row) return undefined;
  const sources = proportionalSources(
    row.versions.map((v) => ({
      version: v.version,
      url: mediaUrl(v.storageKey),
      width: v.width,
      height: v.height,
    })),
  );
  if (sources.length === 0) return undefined;
  return {
    sources,
    placeholder: row.placeholder?.startsWith('data:image/') ? row.placeholder : null,
    alt: row.alt,
  };
}

export function CardImage({
  picture,
  alt,
  eager = false,
  priority = false,
  className = 'card__image',
  sizes = CARD_SIZES,
}: {
  picture: CardPicture;
  alt: string;
  /** A card of the first row of the widest grid: not lazy, so it is asked for as soon as the HTML is read. */
  eager?: boolean;
  /** The first card of a page: also fetched first (the largest paint on a phone). */
  priority?: boolean;
  className?: string;
  /** The rendered width of the image at each breakpoint (CARD_SIZES or SEARCH_HIT_SIZES). */
  sizes?: string;
}) {
  const images = picture.sources;
  const smallest = images[0];
  if (!smallest) return null;
  // Only where srcset is not understood: medium, as before small existed.
  const src = (images.find((i) => i.version === 'medium') ?? smallest).url;
  return (
    <div class="card__frame">
      {picture.placeholder ? (
        <img
          class="card__placeholder"
          src={picture.placeholder}
          width={smallest.width}
          height={smallest.height}
          alt=""
          decoding="async"
        />
      ) : null}
      <img
        class={`${className} artwork-protect`}
        src={src}
        srcset={images.length > 1 ? srcsetOf(images) : undefined}
        sizes={images.length > 1 ? sizes : undefined}
        width={smallest.width}
        height={smallest.height}
        alt={alt}
        loading={eager || priority ? undefined : 'lazy'}
        fetchpriority={priority ? 'high' : undefined}
        decoding="async"
        draggable={false}
      />
    </div>
  );
}

/** "7 of 25 available", "Sold out", "Not for sale" under a print's card; nothing when the print says nothing. */
export function AvailabilityNote({
  ctx,
  availability,
}: {
  ctx: PageContext;
  availability: AvailabilityRow | undefined;
}) {
  const a = availability ? cardAvailability(availability) : null;
  if (!a) return null;
  return (
    <p class="card__availability" data-availability={a.kind === 'term' ? a.key : a.kind}>
      {availabilityText(a, ctx.lang as Language, ctx.t)}
    </p>
  );
}

/** A print's card: picture, title linking to the print, year and technique, availability. */
export function PrintCard({
  ctx,
  href,
  title,
  titleLang,
  alt,
  year,
  technique,
  picture,
  availability,
  eager = false,
  priority = false,
  headingLevel = 2,
  printId,
}: {
  ctx: PageContext;
  href: string;
  title: string;
  /** The language the title is in, when it is not the page's (a fallback). */
  titleLang?: Language | undefined;
  alt: string;
  year: number | null;
  technique: string | null | undefined;
  picture: CardPicture | undefined;
  availability: AvailabilityRow | undefined;
  eager?: boolean;
  priority?: boolean;
  headingLevel?: 2 | 3;
  /** Given, the card carries the "Save to my list" toggle (shortlist.tsx). */
  printId?: string;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="card">
      {picture ? <CardImage picture={picture} alt={alt} eager={eager} priority={priority} /> : null}
      <Heading class="card__title">
        <a href={href} lang={titleLang}>
          {title || ctx.t('galleries.untitled')}
        </a>
      </Heading>
      <p class="card__meta">{[year === null ? null : String(year), technique].filter(Boolean).join(' · ')}</p>
      <AvailabilityNote ctx={ctx} availability={availability} />
      {printId ? <SaveToggle ctx={ctx} printId={printId} title={title} /> : null}
    </li>
  );
}

/** A public print with what its card shows (home's new work, the visitor's list). */
export interface PublicPrintCardData {
  readonly print: RecentPrint;
  readonly picture: CardPicture | undefined;
  readonly availability: AvailabilityRow | undefined;
}

/** The card of a public print, in the page's language (a title in the other language says so). */
export function PublicPrintCard({
  ctx,
  item: { print, picture, availability },
  headingLevel = 2,
  eager = false,
  priority = false,
}: {
  ctx: PageContext;
  item: PublicPrintCardData;
  headingLevel?: 2 | 3;
  /** See cardLoading: for the cards of a page's first grid. */
  eager?: boolean;
  priority?: boolean;
}) {
  const { lang } = ctx;
  const title = localized(print.title, lang);
  return (
    <PrintCard
      ctx={ctx}
      printId={print.id}
      href={localePath(lang, `/prints/${print.id}`)}
      title={title.text}
      titleLang={title.lang === lang ? undefined : title.lang}
      alt={localized(print.altText, lang).text}
      year={print.year}
      technique={localized(print.technique, lang).text}
      picture={picture}
      availability={availability}
      headingLevel={headingLevel}
      eager={eager}
      priority={priority}
    />
  );
}
