// Starts s3rver (a real S3 HTTP API on disk) for tests: random free port, temp folder, the three
// buckets created, silent. Returns the env overrides that make loadConfig() pick the S3 driver.
// Browser tests call allowBrowserUploads(origin) once the site's origin is known: the originals
// bucket then answers CORS as the production bucket does (infra/terraform's rule, ORIGINALS_CORS_RULE).
//
// s3rver runs in a child process started with --openssl-legacy-provider: it signs ListObjectsV2
// continuation tokens with DES, which OpenSSL 3 (Node >= 17) only offers through the legacy
// provider. In-process, every truncated listing (more than 1000 keys) fails with a 500.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';

export const S3RVER_BUCKETS = {
  originals: 'copper-test-originals',
  public: 'copper-test-public',
  backups: 'copper-test-backups',
} as const;

/** The originals bucket's CORS rule in infra/terraform/modules/storage (tests/infra/terraform.test.ts holds them equal). */
export const ORIGINALS_CORS_RULE = {
  allowedMethods: ['PUT', 'POST'],
  allowedHeaders: ['Content-Type', 'Content-MD5', 'Content-Disposition', 'Cache-Control', 'x-amz-*'],
  exposeHeaders: ['ETag', 'Location'],
  maxAgeSeconds: 3000,
} as const;

export interface StartedS3rver {
  /** Env overrides for loadConfig(): STORAGE_DRIVER=s3, endpoint, credentials, buckets. */
  readonly env: Record<string, string>;
  readonly endpoint: string;
  /** Sets ORIGINALS_CORS_RULE for these site origins on the originals bucket (through the S3 API). */
  allowBrowserUploads(origins: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const CHILD_SCRIPT = `
const S3rver = require(process.env.S3RVER_MODULE);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.env.S3RVER_DIRECTORY,
  configureBuckets: JSON.parse(process.env.S3RVER_BUCKETS).map((name) => ({ name })),
});
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
// Exit with the test process: its end of stdin closes when it goes away.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

export async function startS3rver(): Promise<StartedS3rver> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'copper-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_DIRECTORY: directory,
      S3RVER_BUCKETS: JSON.stringify(Object.values(S3RVER_BUCKETS)),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');

  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then(([code]) =>
      reject(new Error(`s3rver exited with code ${String(code)} before listening: ${stderr}`)),
    );
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let port: number;
  try {
    port = (JSON.parse(await firstLine) as { port: number }).port;
  } finally {
    clearTimeout(timeout);
    lines.close();
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      S3_ORIGINALS_BUCKET: S3RVER_BUCKETS.originals,
      S3_PUBLIC_BUCKET: S3RVER_BUCKETS.public,
      S3_BACKUPS_BUCKET: S3RVER_BUCKETS.backups,
    },
    async allowBrowserUploads(origins) {
      const client = new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      try {
        await client.send(
          new PutBucketCorsCommand({
            Bucket: S3RVER_BUCKETS.originals,
            CORSConfiguration: {
              CORSRules: [
                {
                  AllowedMethods: [...ORIGINALS_CORS_RULE.allowedMethods],
                  AllowedOrigins: [...origins],
                  AllowedHeaders: [...ORIGINALS_CORS_RULE.allowedHeaders],
                  ExposeHeaders: [...ORIGINALS_CORS_RULE.exposeHeaders],
                  MaxAgeSeconds: ORIGINALS_CORS_RULE.maxAgeSeconds,
                },
              ],
            },
          }),
        );
      } finally {
        client.destroy();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
