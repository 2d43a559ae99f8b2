// The Content-Security-Policy's storage sources for each storage setup: beyond 'self', only the origin browsers
// upload to (the originals bucket, as the presigner addresses it) and the one they read public media from (CDN or
// public bucket). The S3 setups need no running server: the origins come from the config alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { createTempDir, openTestDatabase, testConfig, type TestDatabase } from '../helpers/db.js';

const BUCKETS = {
  S3_ORIGINALS_BUCKET: 'copper-originals',
  S3_PUBLIC_BUCKET: 'copper-public',
  S3_BACKUPS_BUCKET: 'copper-backups',
};

describe('Content-Security-Policy storage sources', () => {
  let database: TestDatabase;
  let temp: { dir: string; cleanup(): Promise<void> };

  beforeAll(async () => {
    temp = await createTempDir();
    database = await openTestDatabase('pglite', { DATA_DIR: temp.dir });
  });
  afterAll(async () => {
    await database?.cleanup();
    await temp?.cleanup();
  });

  /** The page's CSP directives by name, for an app with the given settings. */
  async function directives(env: Record<string, string>): Promise<Map<string, string>> {
    const config = testConfig({ DATA_DIR: temp.dir, ...env });
    const app = await buildApp({ config, database: database.handle, storage: createStorage(config) });
    try {
      const res = await app.inject({ method: 'GET', url: '/da/' });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      return new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
    } finally {
      await app.close();
    }
  }

  it('keeps everything on the app’s own origin with local storage', async () => {
    const csp = await directives({});
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe("'self' data:");
  });

  it('adds the CDN origin (not its path) when local media is served through one', async () => {
    const csp = await directives({ CDN_URL: 'https://media.example.net/base' });
    expect(csp.get('connect-src')).toBe("'self' https://media.example.net");
    expect(csp.get('img-src')).toBe("'self' data: https://media.example.net");
  });

  it('allows AWS S3 uploads to the originals bucket only, and media from the CDN (the production setup)', async () => {
    const csp = await directives({
      STORAGE_DRIVER: 's3',
      AWS_REGION: 'eu-north-1',
      CDN_URL: 'https://d1234abcd.cloudfront.net',
      ...BUCKETS,
    });
    expect(csp.get('connect-src')).toBe(
      "'self' https://copper-originals.s3.eu-north-1.amazonaws.com https://d1234abcd.cloudfront.net",
    );
    expect(csp.get('img-src')).toBe("'self' data: https://d1234abcd.cloudfront.net");
    expect(csp.get('default-src')).toBe("'self'");
  });

  it('reads media from the public bucket when S3 has no CDN in front', async () => {
    const csp = await directives({ STORAGE_DRIVER: 's3', AWS_REGION: 'eu-north-1', ...BUCKETS });
    expect(csp.get('connect-src')).toBe(
      "'self' https://copper-originals.s3.eu-north-1.amazonaws.com https://copper-public.s3.eu-north-1.amazonaws.com",
    );
    expect(csp.get('img-src')).toBe("'self' data: https://copper-public.s3.eu-north-1.amazonaws.com");
  });

  it('names the custom endpoint once with path-style addressing (s3rver, MinIO)', async () => {
    const csp = await directives({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:4569',
      S3_FORCE_PATH_STYLE: 'true',
      ...BUCKETS,
    });
    expect(csp.get('connect-src')).toBe("'self' http://127.0.0.1:4569");
    expect(csp.get('img-src')).toBe("'self' data: http://127.0.0.1:4569");
  });

  it('names each bucket’s host with virtual-host addressing on a custom endpoint', async () => {
    const csp = await directives({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'https://s3.example.org', ...BUCKETS });
    expect(csp.get('connect-src')).toBe(
      "'self' https://copper-originals.s3.example.org https://copper-public.s3.example.org",
    );
    expect(csp.get('img-src')).toBe("'self' data: https://copper-public.s3.example.org");
  });
});
