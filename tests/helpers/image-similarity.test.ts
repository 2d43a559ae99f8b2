// The measure behind "no visible loss" in npm run bench:images and the tile test: it must tell pictures apart.
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hatchingRaw } from '../fixtures/images.js';
import { luma, psnr, ssim } from './image-similarity.js';

const W = 256;
const H = 192;
const source = luma(hatchingRaw(W, H, 4), W, H, 3);

/** The source after an encode (or filter) and a decode. */
async function through(pipeline: (p: Sharp) => Sharp): Promise<ReturnType<typeof luma>> {
  const encoded = await pipeline(
    sharp(hatchingRaw(W, H, 4), { raw: { width: W, height: H, channels: 3 } }),
  ).toBuffer();
  const out = await sharp(encoded).removeAlpha().raw().toBuffer();
  return luma(out, W, H, 3);
}

describe('image similarity', () => {
  it('an image is identical to itself', () => {
    expect(ssim(source, source)).toBeCloseTo(1, 10);
    expect(psnr(source, source)).toBe(Infinity);
  });

  it('ranks a light JPEG above a heavy one, and a blur of the line work lowest', async () => {
    const light = await through((p) => p.jpeg({ quality: 95 }));
    const heavy = await through((p) => p.jpeg({ quality: 30 }));
    const blurred = await through((p) => p.blur(2).png());
    expect(ssim(source, light)).toBeGreaterThan(ssim(source, heavy));
    expect(psnr(source, light)).toBeGreaterThan(psnr(source, heavy) + 3);
    expect(ssim(source, heavy)).toBeGreaterThan(ssim(source, blurred));
    expect(ssim(source, blurred)).toBeLessThan(0.9);
  });

  it('takes luma from RGB and RGBA alike, and refuses pictures of different sizes', () => {
    const rgb = Buffer.from([255, 0, 0, 0, 255, 0]);
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255]);
    expect([...luma(rgb, 2, 1, 3).data]).toEqual([76, 150]);
    expect([...luma(rgba, 2, 1, 4).data]).toEqual([76, 150]);
    const smaller = luma(hatchingRaw(W / 2, H, 4), W / 2, H, 3);
    expect(() => ssim(source, smaller)).toThrow(/different sizes/);
    expect(() => psnr(source, smaller)).toThrow(/different sizes/);
  });
});
