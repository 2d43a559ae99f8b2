// Whether dist/ is the build of the sources as they are now. After a successful build, scripts/build.ts writes a
// stamp into dist/ with a digest of everything the build reads: the content and path of every file under src/,
// the TypeScript configurations, package.json and package-lock.json, what npm installed
// (node_modules/.package-lock.json), the build scripts themselves and the Node version. The next build compares the
// digest and skips when nothing changed and the outputs are there. Contents are hashed, not compared by time, so a
// checkout, a copy or a touched file never fools it; a removed or added file changes the digest too.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folders whose every file is an input of the build. */
export const INPUT_DIRS = ['src'] as const;
/** Single files the build reads (a missing one counts as missing, which is part of the digest). */
export const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.ts',
  'scripts/build-stamp.ts',
] as const;
/** Outputs that must exist for a skip (the server's entry and the asset manifest). */
export const OUTPUT_FILES = ['dist/src/main.js', 'dist/public/assets/manifest.json'] as const;
export const STAMP_FILE = 'dist/.build-stamp.json';

function filesUnder(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The digest of every input of the build under root (hex). */
export function inputsDigest(root: string, nodeVersion: string = process.version): string {
  const hash = createHash('sha256');
  hash.update(`node ${nodeVersion}\0`);
  const files = [...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)), ...INPUT_FILES].sort();
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(full) ? readFileSync(full) : '(missing)');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why the build must run, or undefined when dist/ is the build of these inputs. */
export function staleReason(root: string, digest: string): string | undefined {
  const stampPath = path.join(root, STAMP_FILE);
  if (!existsSync(stampPath)) return 'no previous build';
  let stamp: { digest?: unknown };
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { digest?: unknown };
  } catch {
    return 'unreadable build stamp';
  }
  if (stamp.digest !== digest) return 'sources changed';
  const missing = OUTPUT_FILES.find((file) => !existsSync(path.join(root, file)));
  if (missing) return `${missing} missing`;
  const manifestPath = path.join(root, 'dist/public/assets/manifest.json');
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    const lost = Object.values(manifest).find(
      (file) => !existsSync(path.join(root, 'dist/public/assets', file)),
    );
    if (lost) return `asset ${lost} missing`;
  } catch {
    return 'unreadable asset manifest';
  }
  return undefined;
}

/** Written last, after a successful build: the digest of the inputs that build read. */
export function writeStamp(root: string, digest: string): void {
  writeFileSync(
    path.join(root, STAMP_FILE),
    `${JSON.stringify({ digest, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
}
