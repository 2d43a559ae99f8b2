// npm run bench:images — a synthetic 20 MP etching-like JPEG (fine hatching + noise, quality 92) processed into
// every version + IIIF level 0 zoom tiles, in the same run, by
// - ours:  the pipeline (decode once, resized intermediates, two lanes; decision 014),
// - naive: the baseline — a fresh decode of the original per output, one after another, with the encoder settings
//          the product had before decision 014 (versions WebP q82 effort 2, tiles WebP q78 effort 0),
// - ours, one lane: the pipeline with its steps one after another, so each step's CPU time is its own.
// Each variant runs in its own child process so its CPU time and peak RSS are its own. CPU time is
// process.cpuUsage() (user + system of every thread, libvips' included); it is far less sensitive to other load on
// the machine than wall time. Figures are medians over the runs.
// A print with four images (issue 19, decision 024): the 20 MP primary and three smaller ones (a 12 MP detail, a
// 6 MP signature, a 3 MP verso) processed one after another in one process, as the worker does them (its default
// WORKER_CONCURRENCY is 1), with IIIF tiles under the default zoom limit; reported against the single image of
// the same run, with the process's peak RSS against a 512 MB dyno.
// Tiles: a 512×512 crop at 100 % from the top zoom level (the centre of the plate, and the watermark corner) of each
// variant, beside the same crop of the source, is written to test-artifacts/bench-images/ (PNG), with SSIM and
// PSNR of each against the source, so "no visible loss" is a number as well as a picture.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { hatchingJpeg } from '../tests/fixtures/images.js';
import { luma, psnr, ssim, tileCrop } from '../tests/helpers/image-similarity.js';
import {
  configureSharp,
  ENCODER_SETTINGS,
  exifFields,
  plannedVersions,
  runImagePipeline,
  TILE_SIZE,
  watermarkOverlay,
  xmpPacket,
  type StageTiming,
} from '../src/platform/images/index.js';
import { DEFAULT_ZOOM_MAX_PIXELS } from '../src/modules/catalogue/iiif-settings.js';

const WIDTH = 5472;
const HEIGHT = 3648; // 19.96 MP, a 3:2 camera/scanner frame
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** info.json's service base; the bench serves nothing. */
const TILE_BASE_URL = 'https://gallery.example/media/images/bench/g';
const CROP = 512;
const ARTIFACTS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test-artifacts',
  'bench-images',
);

/** The encoder settings before decision 014, kept here so the baseline stays the same as the product changes. */
const BASELINE = { versionQuality: 82, versionEffort: 2, tileQuality: 78, tileEffort: 0 } as const;

const TILE_LABEL =
  ENCODER_SETTINGS.tileFormat === 'jpeg'
    ? `JPEG q${ENCODER_SETTINGS.tileJpegQuality}`
    : `WebP q${ENCODER_SETTINGS.tileWebpQuality}`;

const rights = { artist: 'Jens Ølgaard', copyright: '© 2025 Jens Ølgaard' };
const watermark = { text: '© Jens Ølgaard', placement: 'bottom-right' as const };

type Variant = 'ours' | 'naive' | 'ours-1-lane' | 'print-4';

/** The three further images of the four-image print (the primary is the 20 MP frame). */
const EXTRA_IMAGES = [
  { role: 'detail', width: 4240, height: 2832 }, // 12.0 MP
  { role: 'signature', width: 3000, height: 2000 }, // 6.0 MP
  { role: 'verso', width: 2120, height: 1416 }, // 3.0 MP
] as const;
/** A worker dyno's memory (Heroku standard-1x / basic). */
const DYNO_MB = 512;

interface Measurement {
  variant: Variant;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  outputs: number;
  firstVersionsMs: number;
  tileBytes: number;
  versionBytes: number;
  timings: StageTiming[];
}

interface Run {
  firstVersionsMs: number;
  timings: StageTiming[];
}

/** The naive way: every output decodes the original again; one output at a time. */
async function naive(input: string, outDir: string): Promise<Run> {
  configureSharp();
  const started = performance.now();
  const timings: StageTiming[] = [];
  const timed = async (stage: string, fn: () => Promise<unknown>): Promise<void> => {
    const startMs = performance.now() - started;
    const cpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(cpu);
    timings.push({
      stage,
      startMs,
      endMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
    });
  };
  const meta = await sharp(input).metadata();
  const { make } = plannedVersions(meta.width, meta.height);
  const open = () =>
    sharp(input, { failOn: 'error', autoOrient: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
  const withRights = (p: Sharp) => p.withExif(exifFields(rights)).withXmp(xmpPacket(rights));
  let firstVersionsMs = 0;
  for (const spec of make) {
    let p = open();
    if (spec.crop)
      p = p.resize({ width: spec.size, height: spec.size, fit: 'cover', position: sharp.strategy.attention });
    else {
      const width = Math.min(spec.size, meta.width);
      p = p.resize({ width });
      if (spec.watermark)
        p = p.composite([watermarkOverlay(watermark, width, Math.round((meta.height * width) / meta.width))]);
    }
    await timed(spec.name, () =>
      withRights(p)
        .webp({ quality: BASELINE.versionQuality, effort: BASELINE.versionEffort })
        .toFile(path.join(outDir, `${spec.name}.webp`)),
    );
    if (spec.name === 'medium') firstVersionsMs = performance.now() - started;
  }
  await timed('placeholder', async () => {
    await open().resize({ width: 16 }).blur(0.6).webp({ quality: 40 }).toBuffer();
    await open().stats();
  });
  // The same tile layout as the product (IIIF level 0 since decision 023), so the crops compare like with like.
  await timed('tiles', () =>
    withRights(open().composite([watermarkOverlay(watermark, meta.width, meta.height)]))
      .webp({ quality: BASELINE.tileQuality, effort: BASELINE.tileEffort })
      .tile({ size: TILE_SIZE, layout: 'iiif3', id: TILE_BASE_URL })
      .toFile(path.join(outDir, 'iiif')),
  );
  return { firstVersionsMs, timings };
}

async function ours(input: string, outDir: string, lanes: number): Promise<Run> {
  const result = await runImagePipeline(input, {
    maxPixels: 50_000_000,
    outDir,
    watermark,
    rights,
    lanes,
    tiles: { baseUrl: TILE_BASE_URL, maxPixels: DEFAULT_ZOOM_MAX_PIXELS },
  });
  return { firstVersionsMs: result.firstVersionsMs, timings: result.timings };
}

/** Crops at 100 %: the centre of the plate (dense line work) and the bottom-right corner (the watermark). */
function cropRects(): Record<string, { left: number; top: number }> {
  const tile = (n: number) => Math.floor(n / 2 / TILE_SIZE) * TILE_SIZE;
  return {
    centre: { left: tile(WIDTH), top: tile(HEIGHT) },
    watermark: { left: WIDTH - CROP, top: HEIGHT - CROP },
  };
}

/** A crop of the full-size tiles, stitched from their files (what the viewer shows at 100 %). */
function topLevelCrop(tilesDir: string, left: number, top: number): Promise<Buffer> {
  return tileCrop(tilesDir, TILE_SIZE, { left, top, size: CROP });
}

async function sizeOf(files: string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await fs.stat(f)).size;
  return total;
}

/** The four images of a print, one after another (each into its own folder, as each is its own job). */
async function printOfFour(inputs: string[], outDir: string): Promise<Run> {
  const timings: StageTiming[] = [];
  let firstVersionsMs = 0;
  const started = performance.now();
  for (const [i, input] of inputs.entries()) {
    const dir = path.join(outDir, `image-${i + 1}`);
    await fs.mkdir(dir);
    const offset = performance.now() - started;
    // The process's CPU time over this image (the stages' own figures overlap on two lanes).
    const cpu = process.cpuUsage();
    const run = await ours(input, dir, 2);
    const used = process.cpuUsage(cpu);
    if (i === 0) firstVersionsMs = run.firstVersionsMs;
    timings.push({
      stage: `image ${i + 1}`,
      startMs: offset,
      endMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
    });
  }
  return { firstVersionsMs, timings };
}

async function child(variant: Variant, input: string): Promise<void> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), `bench-${variant}-`));
  try {
    if (variant === 'print-4') {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const run = await printOfFour(input.split(','), outDir);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuStart);
      const entries = (await fs.readdir(outDir, { recursive: true, withFileTypes: true })).filter((e) =>
        e.isFile(),
      );
      const files = (tiles: boolean) =>
        entries
          .filter((e) => e.parentPath.split(path.sep).includes('iiif') === tiles)
          .map((e) => path.join(e.parentPath, e.name));
      const m: Measurement = {
        variant,
        ms,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        outputs: entries.length,
        firstVersionsMs: run.firstVersionsMs,
        tileBytes: await sizeOf(files(true)),
        versionBytes: await sizeOf(files(false)),
        timings: run.timings,
      };
      process.stdout.write(`${JSON.stringify(m)}\n`);
      return;
    }
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const run = await (variant === 'naive'
      ? naive(input, outDir)
      : ours(input, outDir, variant === 'ours' ? 2 : 1));
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const entries = (await fs.readdir(outDir, { recursive: true, withFileTypes: true })).filter((e) =>
      e.isFile(),
    );
    const full = (e: (typeof entries)[number]) => path.join(e.parentPath, e.name);
    const tileFiles = entries.filter((e) => e.parentPath.startsWith(path.join(outDir, 'iiif'))).map(full);
    const versionFiles = entries.filter((e) => e.parentPath === outDir).map(full);
    if (variant !== 'ours-1-lane') {
      for (const [name, rect] of Object.entries(cropRects())) {
        const crop = await topLevelCrop(path.join(outDir, 'iiif'), rect.left, rect.top);
        await sharp(crop, { raw: { width: CROP, height: CROP, channels: 3 } })
          .png()
          .toFile(path.join(ARTIFACTS, `${variant}-${name}.png`));
      }
    }
    const m: Measurement = {
      variant,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb,
      outputs: entries.length,
      firstVersionsMs: run.firstVersionsMs,
      tileBytes: await sizeOf(tileFiles),
      versionBytes: await sizeOf(versionFiles),
      timings: run.timings,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
}

function runChild(variant: Variant, input: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, self, '--child', variant, input], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${variant} run failed (exit ${String(result.status)})`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Measurement;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

/** The source's crops, watermarked the way the pipeline does it: what the tiles are compared with. */
async function referenceCrops(input: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const marked = await sharp(input)
    .composite([watermarkOverlay(watermark, WIDTH, HEIGHT)])
    .removeAlpha()
    .raw()
    .toBuffer();
  for (const [name, rect] of Object.entries(cropRects())) {
    out[name] = await sharp(marked, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .extract({ left: rect.left, top: rect.top, width: CROP, height: CROP })
      .raw()
      .toBuffer();
  }
  return out;
}

async function compareCrops(input: string): Promise<void> {
  const reference = await referenceCrops(input);
  console.log('');
  console.log(`tiles at 100 % (${CROP}×${CROP} crops of the top level) against the watermarked source:`);
  for (const [name, ref] of Object.entries(reference)) {
    const grey = luma(ref, CROP, CROP, 3);
    const panels: Buffer[] = [ref];
    const cells: string[] = [];
    for (const [variant, label] of [
      ['naive', 'before: WebP q78'],
      ['ours', `now: ${TILE_LABEL}`],
    ] as const) {
      const file = path.join(ARTIFACTS, `${variant}-${name}.png`);
      const crop = await sharp(file).removeAlpha().raw().toBuffer();
      panels.push(crop);
      const g = luma(crop, CROP, CROP, 3);
      cells.push(`${label}: SSIM ${ssim(grey, g).toFixed(4)}, PSNR ${psnr(grey, g).toFixed(2)} dB`);
    }
    console.log(`  ${name.padEnd(9)} ${cells.join(' | ')}`);
    const gap = 8;
    const sideBySide = path.join(ARTIFACTS, `tiles-${name}-source-before-now.png`);
    await sharp({
      create: {
        width: CROP * panels.length + gap * (panels.length - 1),
        height: CROP,
        channels: 3,
        background: '#808080',
      },
    })
      .composite(
        panels.map((p, i) => ({
          input: p,
          raw: { width: CROP, height: CROP, channels: 3 as const },
          left: i * (CROP + gap),
          top: 0,
        })),
      )
      .png()
      .toFile(sideBySide);
  }
  console.log(
    `  side by side (source | before | now): ${path.relative(process.cwd(), ARTIFACTS)}/tiles-*-source-before-now.png`,
  );
}

function stageTable(title: string, m: Measurement, cpuOf?: Measurement): void {
  console.log('');
  console.log(title);
  for (const t of m.timings) {
    const cpu = cpuOf?.timings.find((c) => c.stage === t.stage)?.cpuMs ?? t.cpuMs;
    console.log(
      `  ${t.stage.padEnd(13)} ${t.startMs.toFixed(0).padStart(6)} → ${t.endMs.toFixed(0).padStart(6)} ms` +
        `  (${(t.endMs - t.startMs).toFixed(0).padStart(5)} ms)  CPU ${cpu.toFixed(0).padStart(5)} ms`,
    );
  }
}

/** The four-image print against the single 20 MP image of the same run (medians). */
function printOfFourTable(four: Measurement[], single: Measurement[]): void {
  const med = (list: Measurement[], f: (m: Measurement) => number) => median(list.map(f));
  const typical = [...four].sort(
    (a, b) => Math.abs(a.cpuMs - med(four, (m) => m.cpuMs)) - Math.abs(b.cpuMs - med(four, (m) => m.cpuMs)),
  )[0];
  console.log('');
  console.log(
    'a print of four images (20 MP primary; ' +
      EXTRA_IMAGES.map((e) => `${e.role} ${((e.width * e.height) / 1e6).toFixed(0)} MP`).join(', ') +
      '), one after another as the worker runs them, IIIF tiles included:',
  );
  if (typical)
    for (const t of typical.timings)
      console.log(
        `  ${t.stage.padEnd(9)} ${t.startMs.toFixed(0).padStart(6)} → ${t.endMs.toFixed(0).padStart(6)} ms` +
          `  CPU ${t.cpuMs.toFixed(0).padStart(5)} ms`,
      );
  console.log('                      print-4    1 image    print-4/1 image');
  const row = (label: string, f: (m: Measurement) => number, fmt: (x: number) => string) => {
    const a = med(four, f);
    const b = med(single, f);
    console.log(`${label.padEnd(20)} ${fmt(a).padStart(8)} ${fmt(b).padStart(10)}    ${(a / b).toFixed(2)}`);
  };
  row('CPU time', (m) => m.cpuMs, s);
  row('wall time', (m) => m.ms, s);
  row(
    'peak RSS (MB)',
    (m) => m.peakRssMb,
    (x) => x.toFixed(0),
  );
  row('tile bytes', (m) => m.tileBytes, mb);
  row('version bytes', (m) => m.versionBytes, mb);
  row(
    'files',
    (m) => m.outputs,
    (x) => x.toFixed(0),
  );
  const peak = Math.max(...four.map((m) => m.peakRssMb));
  console.log(
    `peak worker RSS of the four-image print (highest run): ${peak.toFixed(0)} MB — inside a ${DYNO_MB} MB dyno: ` +
      `${peak < DYNO_MB ? 'yes' : 'NO'}`,
  );
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-images-'));
  await fs.rm(ARTIFACTS, { recursive: true, force: true });
  await fs.mkdir(ARTIFACTS, { recursive: true });
  try {
    const input = path.join(dir, 'etching-20mp.jpg');
    await fs.writeFile(input, await hatchingJpeg(WIDTH, HEIGHT, 92));
    const size = (await fs.stat(input)).size;
    console.log(
      `input: ${WIDTH}×${HEIGHT} (${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP) JPEG q92, ${mb(size)}; ` +
        `cpus: ${os.availableParallelism()}; runs per variant: ${RUNS} (medians below)`,
    );
    const extras: string[] = [];
    for (const image of EXTRA_IMAGES) {
      const file = path.join(dir, `${image.role}.jpg`);
      await fs.writeFile(file, await hatchingJpeg(image.width, image.height, 92));
      extras.push(file);
    }
    const printInputs = [input, ...extras].join(',');
    const results: Record<Variant, Measurement[]> = {
      ours: [],
      naive: [],
      'ours-1-lane': [],
      'print-4': [],
    };
    for (let i = 0; i < RUNS; i++) {
      for (const variant of ['ours', 'naive', 'ours-1-lane', 'print-4'] as const) {
        const m = runChild(variant, variant === 'print-4' ? printInputs : input);
        results[variant].push(m);
        console.log(
          `  run ${i + 1} ${variant.padEnd(11)} ${m.ms.toFixed(0).padStart(6)} ms wall, ` +
            `${m.cpuMs.toFixed(0).padStart(6)} ms CPU, peak RSS ${m.peakRssMb.toFixed(0)} MB, ` +
            `first versions ${m.firstVersionsMs.toFixed(0)} ms (${m.outputs} files)`,
        );
      }
    }
    const med = (v: Variant, f: (m: Measurement) => number) => median(results[v].map(f));
    const typical = (v: Variant): Measurement => {
      const target = med(v, (m) => m.cpuMs);
      return [...results[v]].sort((a, b) => Math.abs(a.cpuMs - target) - Math.abs(b.cpuMs - target))[0]!;
    };
    stageTable('naive, steps (one after another; CPU per step):', typical('naive'));
    stageTable(
      'ours, steps on two lanes (wall clock of this run; CPU of the step from the one-lane run):',
      typical('ours'),
      typical('ours-1-lane'),
    );
    await compareCrops(input);

    const cpu = { ours: med('ours', (m) => m.cpuMs), naive: med('naive', (m) => m.cpuMs) };
    const wall = { ours: med('ours', (m) => m.ms), naive: med('naive', (m) => m.ms) };
    const rss = { ours: med('ours', (m) => m.peakRssMb), naive: med('naive', (m) => m.peakRssMb) };
    const first = {
      ours: med('ours', (m) => m.firstVersionsMs),
      naive: med('naive', (m) => m.firstVersionsMs),
    };
    console.log('');
    console.log(
      `load average now: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (wall times are only meaningful on an idle machine; CPU time much less affected)`,
    );
    console.log('                      ours      naive    ours/naive');
    const row = (label: string, o: number, n: number, fmt: (x: number) => string) =>
      console.log(
        `${label.padEnd(20)} ${fmt(o).padStart(8)} ${fmt(n).padStart(10)}    ${(o / n).toFixed(2)}`,
      );
    row('CPU time', cpu.ours, cpu.naive, s);
    row('wall time', wall.ours, wall.naive, s);
    row('first versions', first.ours, first.naive, s);
    row('complete set', wall.ours, wall.naive, s);
    row('peak RSS (MB)', rss.ours, rss.naive, (x) => x.toFixed(0));
    row(
      'tile bytes',
      med('ours', (m) => m.tileBytes),
      med('naive', (m) => m.tileBytes),
      mb,
    );
    row(
      'version bytes',
      med('ours', (m) => m.versionBytes),
      med('naive', (m) => m.versionBytes),
      mb,
    );
    printOfFourTable(results['print-4'], results.ours);
    console.log('');
    console.log(
      `targets: CPU ≤ 0.50× naive: ${cpu.ours <= cpu.naive / 2 ? 'yes' : 'NO'} (${(cpu.ours / cpu.naive).toFixed(2)}×); ` +
        `wall ≤ 2 s: ${wall.ours <= 2000 ? 'yes' : 'NO'} (${s(wall.ours)}, speed-up ${(wall.naive / wall.ours).toFixed(2)}×); ` +
        `peak RSS ≤ 450 MB: ${rss.ours <= 450 ? 'yes' : 'NO'}`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child((args[1] ?? 'ours') as Variant, args[2] ?? '');
else await main();
