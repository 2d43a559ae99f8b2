// npm run bench:images — a synthetic 20 MP etching-like JPEG (fine hatching + noise, quality 92) processed into
// every version + deep-zoom tiles by our pipeline (decode once, resized intermediates, concurrent encodes) and
// by a naive baseline (a fresh decode of the original per version, one after another, same encoder settings).
// Each variant runs in its own child process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { hatchingJpeg } from '../tests/fixtures/images.js';
import {
  configureSharp,
  ENCODER_SETTINGS,
  exifFields,
  plannedVersions,
  runImagePipeline,
  TILE_SIZE,
  watermarkOverlay,
  xmpPacket,
  type PipelineOptions,
} from '../src/platform/images/index.js';

const WIDTH = 5472;
const HEIGHT = 3648; // 19.96 MP, a 3:2 camera/scanner frame
const RUNS = 2;

const rights = { artist: 'Jens Ølgaard', copyright: '© 2025 Jens Ølgaard' };
const watermark = { text: '© Jens Ølgaard', placement: 'bottom-right' as const };

/** The naive way: every output decodes the original again; one output at a time. */
async function naive(input: string, outDir: string): Promise<void> {
  configureSharp();
  const meta = await sharp(input).metadata();
  const { make } = plannedVersions(meta.width, meta.height);
  const open = () =>
    sharp(input, { failOn: 'error', autoOrient: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
  const withRights = (p: Sharp) => p.withExif(exifFields(rights)).withXmp(xmpPacket(rights));
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
    await withRights(p)
      .webp({ quality: ENCODER_SETTINGS.versionQuality, effort: ENCODER_SETTINGS.versionEffort })
      .toFile(path.join(outDir, `${spec.name}.webp`));
  }
  await open().resize({ width: 16 }).blur(0.6).webp({ quality: 40 }).toBuffer();
  await open().stats();
  await fs.mkdir(path.join(outDir, 'tiles'));
  await withRights(open().composite([watermarkOverlay(watermark, meta.width, meta.height)]))
    .webp({ quality: ENCODER_SETTINGS.tileQuality, effort: ENCODER_SETTINGS.tileEffort })
    .tile({ size: TILE_SIZE, layout: 'dz' })
    .toFile(path.join(outDir, 'tiles', 'image.dz'));
}

async function ours(input: string, outDir: string): Promise<void> {
  const options: PipelineOptions = { maxPixels: 50_000_000, outDir, watermark, rights };
  await runImagePipeline(input, options);
}

interface Measurement {
  variant: string;
  ms: number;
  peakRssMb: number;
  cpuMs: number;
  outputs: number;
}

async function child(variant: string, input: string): Promise<void> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), `bench-${variant}-`));
  try {
    const started = performance.now();
    await (variant === 'naive' ? naive(input, outDir) : ours(input, outDir));
    const ms = performance.now() - started;
    const outputs = (await fs.readdir(outDir, { recursive: true })).length;
    const usage = process.resourceUsage();
    const peakRssMb = usage.maxRSS / 1024;
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    const m: Measurement = { variant, ms, peakRssMb, cpuMs, outputs };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
}

function runChild(variant: string, input: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, self, '--child', variant, input], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${variant} run failed (exit ${String(result.status)})`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Measurement;
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-images-'));
  try {
    const input = path.join(dir, 'etching-20mp.jpg');
    await fs.writeFile(input, await hatchingJpeg(WIDTH, HEIGHT, 92));
    const size = (await fs.stat(input)).size;
    console.log(
      `input: ${WIDTH}×${HEIGHT} (${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP) JPEG q92, ${(size / 1048576).toFixed(1)} MB`,
    );
    console.log(
      `cpus: ${os.availableParallelism()}, libvips threads per pipeline: 2, runs per variant: ${RUNS}`,
    );
    const results: Record<string, Measurement[]> = { ours: [], naive: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const variant of ['ours', 'naive'] as const) {
        const m = runChild(variant, input);
        results[variant]?.push(m);
        console.log(
          `  run ${i + 1} ${variant.padEnd(5)} ${m.ms.toFixed(0).padStart(6)} ms wall, ${m.cpuMs.toFixed(0).padStart(6)} ms CPU, peak RSS ${m.peakRssMb.toFixed(0)} MB  (${m.outputs} files)`,
        );
      }
    }
    const best = (v: string) => Math.min(...(results[v] ?? []).map((m) => m.ms));
    const peak = (v: string) => Math.max(...(results[v] ?? []).map((m) => m.peakRssMb));
    const o = best('ours');
    const n = best('naive');
    const cpu = (v: string) => Math.min(...(results[v] ?? []).map((m) => m.cpuMs));
    console.log('');
    console.log(
      `load average now: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (wall times are only meaningful on an idle machine)`,
    );
    console.log(
      `CPU time: ours ${(cpu('ours') / 1000).toFixed(2)} s, naive ${(cpu('naive') / 1000).toFixed(2)} s`,
    );
    console.log(
      `ours : ${(o / 1000).toFixed(2)} s (best of ${RUNS}), peak RSS ${peak('ours').toFixed(0)} MB`,
    );
    console.log(
      `naive: ${(n / 1000).toFixed(2)} s (best of ${RUNS}), peak RSS ${peak('naive').toFixed(0)} MB`,
    );
    console.log(
      `speed-up: ${(n / o).toFixed(2)}× (target ≥ 1.8×); ours under 3 s: ${o < 3000 ? 'yes' : 'NO'}; peak RSS under 450 MB: ${peak('ours') < 450 ? 'yes' : 'NO'}`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1] ?? 'ours', args[2] ?? '');
else await main();
