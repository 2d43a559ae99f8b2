// How alike two pictures of the same size are, measured on their luma (what the eye sees of line work):
// SSIM (Wang et al. 2004, 8×8 windows every 4 pixels, the usual constants for 8-bit data) and PSNR in dB.
// Used by npm run bench:images to put a number on "no visible loss" of a tile setting, and by its test.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface GreyImage {
  /** One byte a pixel, row by row. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Rec. 601 luma of interleaved 8-bit pixels (3 or 4 channels; 1 is taken as it is). */
export function luma(data: Uint8Array, width: number, height: number, channels: number): GreyImage {
  if (channels < 3) {
    const out = new Uint8Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = data[i * channels] ?? 0;
    return { data: out, width, height };
  }
  const out = new Uint8Array(width * height);
  for (let i = 0, o = 0; i < out.length; i++, o += channels) {
    out[i] = Math.round(0.299 * (data[o] ?? 0) + 0.587 * (data[o + 1] ?? 0) + 0.114 * (data[o + 2] ?? 0));
  }
  return { data: out, width, height };
}

function sameSize(a: GreyImage, b: GreyImage): void {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`different sizes: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  if (a.width < 8 || a.height < 8) throw new Error('images must be at least 8×8');
}

const WINDOW = 8;
const STEP = 4;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** Mean SSIM over 8×8 windows (1 = identical). */
export function ssim(a: GreyImage, b: GreyImage): number {
  sameSize(a, b);
  let total = 0;
  let windows = 0;
  const n = WINDOW * WINDOW;
  for (let y = 0; y + WINDOW <= a.height; y += STEP) {
    for (let x = 0; x + WINDOW <= a.width; x += STEP) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let j = 0; j < WINDOW; j++) {
        const row = (y + j) * a.width + x;
        for (let i = 0; i < WINDOW; i++) {
          const va = a.data[row + i] ?? 0;
          const vb = b.data[row + i] ?? 0;
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const ma = sa / n;
      const mb = sb / n;
      const va = saa / n - ma * ma;
      const vb = sbb / n - mb * mb;
      const cov = sab / n - ma * mb;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      windows++;
    }
  }
  return total / windows;
}

/** Peak signal-to-noise ratio in dB (Infinity when identical). */
export function psnr(a: GreyImage, b: GreyImage): number {
  sameSize(a, b);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = (a.data[i] ?? 0) - (b.data[i] ?? 0);
    sum += d * d;
  }
  const mse = sum / a.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/**
 * A square crop of the full-size picture stitched from IIIF level 0 tiles at scale factor 1
 * (`{x},{y},{w},{h}/{w},{h}/0/default.{format}` under the folder holding info.json): what a viewer shows at 100 %.
 */
export async function tileCrop(
  tilesDir: string,
  tileSize: number,
  rect: { left: number; top: number; size: number },
): Promise<Buffer> {
  const { left, top, size } = rect;
  const info = JSON.parse(await fs.readFile(path.join(tilesDir, 'info.json'), 'utf8')) as {
    width: number;
    height: number;
  };
  const out = Buffer.alloc(size * size * 3);
  for (let row = Math.floor(top / tileSize); row * tileSize < top + size; row++) {
    for (let col = Math.floor(left / tileSize); col * tileSize < left + size; col++) {
      const [x, y] = [col * tileSize, row * tileSize];
      const [w, h] = [Math.min(tileSize, info.width - x), Math.min(tileSize, info.height - y)];
      const folder = path.join(tilesDir, `${x},${y},${w},${h}`, `${w},${h}`, '0');
      const name = (await fs.readdir(folder).catch(() => [])).find((n) => n.startsWith('default.'));
      if (!name) throw new Error(`tile ${x},${y},${w},${h} missing in ${tilesDir}`);
      const { data, info: tile } = await sharp(path.join(folder, name))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      for (let ty = 0; ty < tile.height; ty++) {
        const cy = y + ty - top;
        if (cy < 0 || cy >= size) continue;
        for (let tx = 0; tx < tile.width; tx++) {
          const cx = x + tx - left;
          if (cx < 0 || cx >= size) continue;
          data.copy(out, (cy * size + cx) * 3, (ty * tile.width + tx) * 3, (ty * tile.width + tx) * 3 + 3);
        }
      }
    }
  }
  return out;
}
