import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// package.json sits two levels up from src/platform and three from dist/src/platform.
function readVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'copper-print-gallery' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
