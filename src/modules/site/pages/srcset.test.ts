import { describe, expect, it } from 'vitest';
import type { ImageSource } from '../artworks.js';
import { srcsetOf } from '../cards.js';

describe('srcsetOf', () => {
  it('lists each width once (a small original gives several versions of the same width)', () => {
    const v = (version: ImageSource['version'], width: number): ImageSource => ({
      version,
      url: `/media/${version}.webp`,
      width,
      height: width,
    });
    expect(srcsetOf([v('medium', 800), v('medium_2x', 1200), v('large', 1200), v('xlarge', 1200)])).toBe(
      '/media/medium.webp 800w, /media/medium_2x.webp 1200w',
    );
  });
});
