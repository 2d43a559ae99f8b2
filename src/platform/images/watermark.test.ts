// watermarkBox() must say exactly where sharp puts the layer of watermarkOverlay(): the pipeline composites only
// that box and copies it back, and the pixels must be the ones compositing the whole picture gives.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { watermarkBox, watermarkOverlay, type WatermarkPlacement } from './watermark.js';

const PLACEMENTS: WatermarkPlacement[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'];

function picture(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 7)) % 251;
  return data;
}

describe('watermarkBox', () => {
  for (const [width, height] of [
    [801, 533],
    [1600, 1067],
    [333, 1000],
  ] as const) {
    it.each(PLACEMENTS)(
      `%s on ${width}×${height}: the box alone composites to the same pixels`,
      async (placement) => {
        const spec = { text: '© 2025 Jens Ølgaard', placement };
        const raw = { raw: { width, height, channels: 3 as const } };
        const overlay = watermarkOverlay(spec, width, height);
        const whole = await sharp(picture(width, height), raw)
          .composite([overlay])
          .removeAlpha()
          .raw()
          .toBuffer();
        const box = watermarkBox(spec, width, height)!;
        expect(box.left + box.width).toBeLessThanOrEqual(width);
        expect(box.top + box.height).toBeLessThanOrEqual(height);
        const patch = await sharp(picture(width, height), raw)
          .extract(box)
          .composite([{ ...overlay, gravity: 'northwest' }])
          .removeAlpha()
          .raw()
          .toBuffer();
        const painted = picture(width, height);
        for (let y = 0; y < box.height; y++)
          patch.copy(
            painted,
            ((box.top + y) * width + box.left) * 3,
            y * box.width * 3,
            (y + 1) * box.width * 3,
          );
        expect(painted.equals(whole)).toBe(true);
        // And the watermark is there at all: the box differs from the plain picture.
        expect(painted.equals(picture(width, height))).toBe(false);
      },
    );
  }

  it('has no box for a tiled watermark (it covers the picture)', () => {
    expect(watermarkBox({ text: '© J', placement: 'tiled' }, 800, 600)).toBeNull();
  });
});
