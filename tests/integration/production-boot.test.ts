// Boots the BUILT app exactly as the Procfile says (release, then web and worker) with NODE_ENV=production
// against real PostgreSQL, S3 (s3rver) and an https OpenID Connect issuer configured like Auth0.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import { Provider } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { createArtist } from '../../src/modules/auth/artists.js';
import { createTestPostgres } from '../helpers/db.js';
import { startS3rver, type StartedS3rver } from '../helpers/s3.js';
import { NODE, freePort, startProcess, waitForStatus, type RunningProcess } from '../helpers/process.js';
import { hatchingJpeg } from '../fixtures/images.js';

const AUDIENCE = 'https://api.gallery.example';
const SUBJECT = 'auth0|production-artist';

function procfile(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s*(.+)$/.exec(line.trim());
    if (match) entries.set(match[1] as string, (match[2] as string).split(/\s+/));
  }
  return entries;
}

describe('production boot as the Procfile says', () => {
  let tmp: string;
  let pg: Awaited<ReturnType<typeof createTestPostgres>>;
  let s3: StartedS3rver;
  let issuer: https.Server;
  let issuerUrl: string;
  let privateJwk: JWK;
  let env: Record<string, string>;
  let commands: Map<string, string[]>;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'copper-prod-'));
    execFileSync(NODE, ['scripts/build.ts'], { stdio: 'ignore' });
    commands = procfile(await readFile('Procfile', 'utf8'));

    // A self-signed certificate the app processes trust through NODE_EXTRA_CA_CERTS (production refuses http issuers).
    const key = path.join(tmp, 'issuer.key');
    const cert = path.join(tmp, 'issuer.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const issuerPort = await freePort();
    issuerUrl = `https://127.0.0.1:${issuerPort}/`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'prod-key', alg: 'RS256', use: 'sig' };
    const provider = new Provider(issuerUrl, {
      clients: [
        {
          client_id: 'studio',
          client_secret: 'studio-secret',
          redirect_uris: ['https://gallery.test/studio/auth/callback'],
        },
      ],
      jwks: { keys: [privateJwk] },
      cookies: { keys: ['cookie-key'] },
    });
    issuer = https.createServer(
      { key: await readFile(key), cert: await readFile(cert) },
      provider.callback(),
    );
    await new Promise<void>((resolve) => issuer.listen(issuerPort, '127.0.0.1', resolve));

    pg = await createTestPostgres();
    s3 = await startS3rver();
    env = {
      ...s3.env,
      NODE_ENV: 'production',
      NODE_EXTRA_CA_CERTS: cert,
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(tmp, 'data'),
      PUBLIC_URL: 'https://gallery.test',
      DATABASE_URL: pg.url,
      DATABASE_SSL: 'disable',
      CDN_URL: 'https://cdn.gallery.test',
      OIDC_ISSUER_URL: issuerUrl,
      OIDC_CLIENT_ID: 'studio',
      OIDC_CLIENT_SECRET: 'studio-secret',
      OIDC_AUDIENCE: AUDIENCE,
      SESSION_SECRET: 'a-production-session-secret-of-enough-length',
    };
  }, 120_000);

  afterAll(async () => {
    for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    // When beforeAll failed early there is no issuer, and close() would never call back.
    if (issuer) await new Promise((resolve) => issuer?.close(resolve));
    await s3?.stop();
    await pg?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  function spawnRole(name: string, extra: Record<string, string> = {}): RunningProcess {
    const [command, ...args] = commands.get(name) ?? [];
    expect(command, `Procfile has ${name}`).toBe('node');
    const run = startProcess(NODE, args, { ...env, ...extra });
    running.push(run);
    return run;
  }

  it('has exactly the web, worker and release process types', () => {
    expect([...commands.keys()].sort()).toEqual(['release', 'web', 'worker']);
  });

  it('migrates in release, serves in web, works in worker, and stops on SIGTERM', async () => {
    const release = spawnRole('release');
    expect(await release.exited, release.stderr()).toBe(0);
    expect(release.stdout()).toContain('"msg":"migrations applied"');

    const port = await freePort();
    const web = spawnRole('web', { PORT: String(port) });
    const worker = spawnRole('worker');
    const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 60_000).catch((err: Error) => {
      throw new Error(
        `${err.message}\nweb stderr: ${web.stderr()}\nweb stdout: ${web.stdout().slice(-2000)}`,
      );
    });
    expect(await ready.json()).toMatchObject({
      database: { engine: 'postgres', ok: true },
      storage: { driver: 's3', ok: true },
    });
    const hsts = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(hsts.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);

    // The artist API verifies an Auth0-style RS256 access token against the issuer's JWKS over https.
    const database = await openDatabase(loadConfig({ DATABASE_URL: pg.url, LOG_LEVEL: 'silent' }));
    try {
      await createArtist(database, {
        email: 'artist@gallery.test',
        name: 'Production Artist',
        subject: SUBJECT,
      });
    } finally {
      await database.close();
    }
    const signingKey = await importJWK(privateJwk, 'RS256');
    const token = await new SignJWT({ permissions: ['manage:gallery'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'prod-key', typ: 'at+jwt' })
      .setIssuer(issuerUrl)
      .setAudience(AUDIENCE)
      .setSubject(SUBJECT)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);
    const galleries = await fetch(`http://127.0.0.1:${port}/api/v1/artist/galleries`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(galleries.status).toBe(200);
    expect(await galleries.json()).toMatchObject({ totalCount: 0 });
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/artist/galleries`);
    expect(anonymous.status).toBe(401);

    // The worker picked up its queue: pg-boss created its schema in the same database.
    await expect.poll(() => worker.stdout(), { timeout: 30_000 }).toContain('"role":"worker"');

    // What each role loads (decision 001): the web process serves pages, the studio's way in, the APIs and an
    // image upload — sniffed, stored, queued — without ever mapping libvips; the worker that processes the image
    // does (so the check can fail).
    const base = `http://127.0.0.1:${port}`;
    for (const url of [
      '/',
      '/en/',
      '/en/galleries',
      '/en/search?q=havn',
      '/api/v1/galleries',
      '/studio',
      '/sitemap.xml',
    ])
      await (await fetch(`${base}${url}`, { redirect: 'manual' })).arrayBuffer();
    const form = new FormData();
    form.append('title', JSON.stringify({ da: 'Prøvetryk', en: 'Proof' }));
    form.append('image', new Blob([new Uint8Array(await hatchingJpeg(800, 600))]), 'proof.jpg');
    const upload = await fetch(`${base}/api/v1/artist/prints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(upload.status, await upload.clone().text()).toBe(202);
    await expect
      .poll(() => worker.stdout(), { timeout: 60_000 })
      .toMatch(/"job":"image\.process".*"msg":"job completed"/);
    const mapped = async (run: RunningProcess) => readFile(`/proc/${run.child.pid}/maps`, 'utf8');
    expect(await mapped(worker)).toMatch(/libvips/);
    const webMaps = await mapped(web);
    expect(webMaps).not.toMatch(/libvips|sharp/);

    for (const run of [web, worker]) run.child.kill('SIGTERM');
    const codes = await Promise.all([web.exited, worker.exited]);
    expect(codes).toEqual([0, 0]);
    expect(web.stdout()).toContain('"msg":"stopped"');
    expect(worker.stdout()).toContain('"msg":"stopped"');
  }, 180_000);

  it('refuses to start in production on embedded adapters', async () => {
    const run = startProcess(NODE, ['dist/src/main.js', '--role=web'], {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://gallery.test',
      SESSION_SECRET: env.SESSION_SECRET as string,
    });
    expect(await run.exited).not.toBe(0);
    expect(run.stderr()).toMatch(
      /DATABASE_URL is required in production.*STORAGE_DRIVER must be s3 in production/,
    );
  }, 30_000);
});
