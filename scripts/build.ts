// Build: compile the server with tsc into dist/, bundle client assets into dist/public/assets with hashed names.
// Runs on Node 24 directly (type stripping), before dev dependencies are pruned on Heroku.
// Skipped when dist/ is already the build of the sources as they are (build-stamp.ts: a digest of every input's
// content); `npm run build -- --force` (or BUILD_FORCE=1) builds anyway.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleAssets, hashedName, BUILT_ASSETS_DIR } from '../src/platform/assets.ts';
import { inputsDigest, staleReason, writeStamp } from './build-stamp.ts';

const started = Date.now();
const root = process.cwd();
const digest = inputsDigest(root);
const force = process.argv.includes('--force') || process.env.BUILD_FORCE === '1';
const reason = force ? 'forced' : staleReason(root, digest);
if (reason === undefined) {
  console.log(
    `build: dist/ is up to date, skipped (checked in ${Date.now() - started} ms; --force rebuilds)`,
  );
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});

mkdirSync(BUILT_ASSETS_DIR, { recursive: true });
const manifest: Record<string, string> = {};
for (const [name, body] of await bundleAssets()) {
  const file = hashedName(name, body);
  writeFileSync(path.join(BUILT_ASSETS_DIR, file), body);
  manifest[name] = file;
}
writeFileSync(path.join(BUILT_ASSETS_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2));
writeStamp(root, digest);
console.log(
  `build: dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.keys(manifest).length} assets; ${reason})`,
);
