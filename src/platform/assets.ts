// Client assets (CSS, islands) with content-hashed names served as immutable files.
// Built by scripts/build.ts into dist/public; when that build is absent (tests, tsx) they are bundled in memory.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface AssetCatalog {
  /** Logical name (site.css) → public URL path (/assets/site-3f2a1c.css). */
  url(name: string): string;
  get(file: string): Asset | undefined;
}

/** Entry points: logical name → source file under src/client. */
export const ASSET_ENTRIES: Readonly<Record<string, string>> = {
  'site.css': 'site.css',
  // The tab icon: a copper plate with an etched line (browsers ask for /favicon.ico without it, a 404 in the console).
  'favicon.svg': 'favicon.svg',
  'nav.js': 'nav.client.ts',
  // Gallery and print pages: discourages casual saving of artwork images, opens the deep-zoom dialog.
  'artwork.js': 'artwork.client.ts',
  // The deep-zoom viewer with OpenSeadragon: loaded by artwork.js only when the visitor opens the dialog.
  'zoom.js': 'zoom.client.ts',
  // The comparison of a print's plate states: synchronised zoom viewers and the overlay slider (decision 025).
  'states.js': 'states.client.ts',
  // Search page: autocomplete combobox and results updated in place as filters change.
  'search.js': 'search.client.ts',
  // The studio (signed-in only): shared styles and behaviour, then one island per page that needs one.
  'studio.css': 'studio.css',
  'studio.js': 'studio.client.ts',
  // Prints list: bulk upload with progress and live processing status.
  'studio-upload.js': 'studio-upload.client.ts',
  // Prints list: "select all on this page" for the bulk edit's checkboxes, and how many are ticked.
  'studio-bulk.js': 'studio-bulk.client.ts',
  // Gallery editor: drag-and-drop (SortableJS) and keyboard ordering, saved at once with rollback.
  'studio-gallery.js': 'studio-gallery.client.ts',
  // Print editor: language tabs, vocabulary terms, image replacement, impression ledger.
  'studio-editor.js': 'studio-editor.client.ts',
  // Settings: live watermark preview.
  'studio-settings.js': 'studio-settings.client.ts',
  // Backups: follows a running backup and shows how it ended.
  'studio-backups.js': 'studio-backups.client.ts',
};

const ROOT = fileURLToPath(
  new URL(
    existsSync(fileURLToPath(new URL('../../package.json', import.meta.url))) ? '../../' : '../../../',
    import.meta.url,
  ),
);

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export function hashedName(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}-${hash}${ext}`;
}

/** Bundles every entry with esbuild (minified); used by the build and when no build exists. */
export async function bundleAssets(): Promise<Map<string, Buffer>> {
  const esbuild = await import('esbuild');
  const out = new Map<string, Buffer>();
  for (const [name, source] of Object.entries(ASSET_ENTRIES)) {
    if (source.endsWith('.svg')) {
      out.set(name, await readFile(path.join(ROOT, 'src/client', source)));
      continue;
    }
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/client', source)],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
      logLevel: 'silent',
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error(`esbuild produced nothing for ${source}`);
    out.set(name, Buffer.from(file.contents));
  }
  return out;
}

function catalogFrom(files: Map<string, Buffer>): AssetCatalog {
  const urls = new Map<string, string>();
  const byFile = new Map<string, Asset>();
  for (const [name, body] of files) {
    const file = hashedName(name, body);
    urls.set(name, `/assets/${file}`);
    byFile.set(file, { body, contentType: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  }
  return {
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`unknown asset ${name}`);
      return url;
    },
    get: (file) => byFile.get(file),
  };
}

export const BUILT_ASSETS_DIR = path.join(ROOT, 'dist/public/assets');

const RUNNING_BUILT = import.meta.url.includes('/dist/src/');

/** The compiled app loads the built assets; source runs (tests, tsx) bundle them now so they are never stale. */
export async function loadAssets(): Promise<AssetCatalog> {
  const manifestPath = path.join(BUILT_ASSETS_DIR, 'manifest.json');
  if (RUNNING_BUILT && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    const files = new Map<string, Buffer>();
    const present = new Set(readdirSync(BUILT_ASSETS_DIR));
    for (const [name, file] of Object.entries(manifest)) {
      if (present.has(file)) files.set(name, readFileSync(path.join(BUILT_ASSETS_DIR, file)));
    }
    if (files.size === Object.keys(ASSET_ENTRIES).length) return catalogFrom(files);
  }
  return catalogFrom(await bundleAssets());
}
