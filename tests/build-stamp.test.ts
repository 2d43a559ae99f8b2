// The build skips only when nothing it reads has changed (scripts/build-stamp.ts): checked on a small project tree
// in a temporary folder, and the real build script run there to show that it skips (without compiling anything).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputsDigest, staleReason, STAMP_FILE, writeStamp } from '../scripts/build-stamp.ts';

const NODE = path.resolve('node_modules/.bin/node');
const BUILD = path.resolve('scripts/build.ts');

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

/** A tree as a finished build leaves it: sources, lock file, outputs and the stamp of those sources. */
function built(): string {
  const digest = inputsDigest(root);
  write('dist/src/main.js', '// built');
  write('dist/public/assets/site-abc.css', 'body{}');
  write('dist/public/assets/manifest.json', JSON.stringify({ 'site.css': 'site-abc.css' }));
  writeStamp(root, digest);
  return digest;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'copper-build-stamp-'));
  write('package.json', '{"name":"x"}');
  write('package-lock.json', '{"lockfileVersion":3}');
  write('tsconfig.json', '{}');
  write('src/main.ts', 'export const a = 1;\n');
  write('src/modules/site/page.tsx', 'export const b = 2;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build stamp', () => {
  it('finds nothing to rebuild right after a build, and the real build script skips', () => {
    const digest = built();
    expect(inputsDigest(root)).toBe(digest);
    expect(staleReason(root, digest)).toBeUndefined();
    const out = execFileSync(NODE, [BUILD], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/up to date, skipped/);
    expect(readFileSync(path.join(root, 'dist/src/main.js'), 'utf8')).toBe('// built');
  });

  it('is not fooled by a touched file whose content is the same', () => {
    const digest = built();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src/main.ts'), later, later);
    expect(staleReason(root, inputsDigest(root))).toBeUndefined();
    expect(inputsDigest(root)).toBe(digest);
  });

  it.each([
    ['a changed source', () => write('src/main.ts', 'export const a = 2;\n')],
    ['an added source', () => write('src/modules/new.ts', 'export {};\n')],
    ['a removed source', () => rmSync(path.join(root, 'src/modules/site/page.tsx'))],
    [
      'a renamed source',
      () => {
        rmSync(path.join(root, 'src/main.ts'));
        write('src/main2.ts', 'export const a = 1;\n');
      },
    ],
    ['a changed package-lock.json', () => write('package-lock.json', '{"lockfileVersion":3,"x":1}')],
    ['a changed tsconfig.json', () => write('tsconfig.json', '{"compilerOptions":{}}')],
    ['a changed build script', () => write('scripts/build.ts', '// new step\n')],
  ])('rebuilds after %s', (_what, change) => {
    built();
    change();
    expect(staleReason(root, inputsDigest(root))).toBe('sources changed');
  });

  it('rebuilds on another Node version', () => {
    const digest = built();
    expect(inputsDigest(root, 'v0.0.0')).not.toBe(digest);
  });

  it('rebuilds when there is no stamp (a failed or first build) or an output is gone', () => {
    const digest = inputsDigest(root);
    expect(staleReason(root, digest)).toBe('no previous build');
    built();
    rmSync(path.join(root, 'dist/public/assets/site-abc.css'));
    expect(staleReason(root, digest)).toBe('asset site-abc.css missing');
    rmSync(path.join(root, 'dist/src/main.js'));
    expect(staleReason(root, digest)).toBe('dist/src/main.js missing');
    write(STAMP_FILE, 'not json');
    expect(staleReason(root, digest)).toBe('unreadable build stamp');
  });
});
