// Which versions a card offers and how its image loads (decision 021): small, medium and medium_2x on the print's
// proportions, smallest first; medium alone where an image was processed before small existed; the first row of
// the widest grid not lazy and the first card fetched first.
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { ImageVersionName } from '../../platform/db/schema.js';
import type { CardImageRow } from '../catalogue/cards-repository.js';
import {
  CARD_SIZES,
  CardImage,
  cardLoading,
  cardPicture,
  FIRST_ROW_CARDS,
  proportionalSources,
  SEARCH_HIT_SIZES,
} from './cards.js';

const PLACEHOLDER = 'data:image/webp;base64,UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoEAAMAAUAmJaQAA3AA/vuUAAA=';

/** A card row as the card repository answers it (ordered by width), for a 3:2 original `originalWidth` wide. */
function row(versions: ReadonlyArray<readonly [ImageVersionName, number]>): CardImageRow {
  return {
    imageId: 'img',
    placeholder: PLACEHOLDER,
    alt: { en: 'An etching' },
    versions: versions.map(([version, width]) => ({
      version,
      storageKey: `images/img/g/${version}.webp`,
      width,
      height: version === 'thumbnail' ? width : Math.round((width * 2) / 3),
    })),
  };
}

const url = (key: string) => `/media/${key}`;
const names = (r: CardImageRow) => cardPicture(r, url)?.sources.map((s) => `${s.version} ${s.width}`);

describe('the versions a card offers', () => {
  it('offers small, medium and medium_2x, smallest first, and nothing square or bigger', () => {
    const current = row([
      ['thumbnail', 200],
      ['small', 400],
      ['medium', 800],
      ['medium_2x', 1600],
    ]);
    expect(names(current)).toEqual(['small 400', 'medium 800', 'medium_2x 1600']);
    // Whatever order the rows come in, and larger versions are never a card's.
    const shuffled = proportionalSources([
      { version: 'large', url: '/l', width: 1600, height: 1067 },
      { version: 'medium_2x', url: '/m2', width: 1600, height: 1067 },
      { version: 'medium', url: '/m', width: 800, height: 533 },
      { version: 'small', url: '/s', width: 400, height: 267 },
      { version: 'thumbnail', url: '/t', width: 200, height: 200 },
    ]);
    expect(shuffled.map((s) => s.version)).toEqual(['small', 'medium', 'medium_2x']);
  });

  it('falls back to the medium versions for an image processed before small existed', () => {
    expect(
      names(
        row([
          ['thumbnail', 200],
          ['medium', 800],
          ['medium_2x', 1600],
        ]),
      ),
    ).toEqual(['medium 800', 'medium_2x 1600']);
  });

  it('offers what a small original has: medium at its own width when it is narrower than small', () => {
    expect(
      names(
        row([
          ['thumbnail', 200],
          ['medium', 350],
        ]),
      ),
    ).toEqual(['medium 350']);
    expect(names(row([['thumbnail', 200]]))).toEqual(['thumbnail 200']);
    expect(cardPicture(row([]), url)).toBeUndefined();
  });
});

describe('the card image', () => {
  const picture = cardPicture(
    row([
      ['thumbnail', 200],
      ['small', 400],
      ['medium', 800],
      ['medium_2x', 1600],
    ]),
    url,
  )!;
  const attr = (html: string, name: string) =>
    new RegExp(`<img class="card__image[^>]* ${name}="([^"]*)"`).exec(html)?.[1];

  it('names every version with its width in srcset, the grid sizes, and the smallest one’s dimensions', () => {
    const html = renderToString(<CardImage picture={picture} alt="An etching" />);
    expect(attr(html, 'srcset')).toBe(
      '/media/images/img/g/small.webp 400w, /media/images/img/g/medium.webp 800w, ' +
        '/media/images/img/g/medium_2x.webp 1600w',
    );
    expect(attr(html, 'sizes')).toBe(CARD_SIZES);
    // Where srcset is not understood: medium, as before.
    expect(attr(html, 'src')).toBe('/media/images/img/g/medium.webp');
    expect(attr(html, 'width')).toBe('400');
    expect(attr(html, 'height')).toBe('267');
    expect(attr(html, 'loading')).toBe('lazy');
    expect(attr(html, 'decoding')).toBe('async');
    expect(html).not.toContain('fetchpriority');
  });

  it('takes the sizes of the grid it is in (search hits are narrower)', () => {
    const html = renderToString(
      <CardImage picture={picture} alt="" className="search-hit__image" sizes={SEARCH_HIT_SIZES} />,
    );
    expect(html).toContain(`sizes="${SEARCH_HIT_SIZES}"`);
  });

  it('loads the first row at once and the first card first', () => {
    expect(FIRST_ROW_CARDS).toBe(4);
    expect([0, 1, 2, 3, 4, 5].map((i) => cardLoading(i))).toEqual([
      { eager: true, priority: true },
      { eager: true, priority: false },
      { eager: true, priority: false },
      { eager: true, priority: false },
      { eager: false, priority: false },
      { eager: false, priority: false },
    ]);
    const first = renderToString(<CardImage picture={picture} alt="" {...cardLoading(0)} />);
    expect(attr(first, 'fetchpriority')).toBe('high');
    expect(attr(first, 'loading')).toBeUndefined();
    const second = renderToString(<CardImage picture={picture} alt="" {...cardLoading(1)} />);
    expect(attr(second, 'fetchpriority')).toBeUndefined();
    expect(attr(second, 'loading')).toBeUndefined();
  });
});
