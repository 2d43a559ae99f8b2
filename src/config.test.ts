import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig } from './config.js';

const PRODUCTION_OK = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://gallery.example',
  DATABASE_URL: 'postgres://u:p@db.example:5432/gallery',
  STORAGE_DRIVER: 's3',
  AWS_ACCESS_KEY_ID: 'AKIA',
  AWS_SECRET_ACCESS_KEY: 'secret',
  S3_ORIGINALS_BUCKET: 'cpg-originals',
  S3_PUBLIC_BUCKET: 'cpg-public',
  S3_BACKUPS_BUCKET: 'cpg-backups',
  CDN_URL: 'https://d123.cloudfront.net',
  OIDC_ISSUER_URL: 'https://tenant.eu.auth0.com/',
  OIDC_CLIENT_SECRET: 'client-secret',
  SESSION_SECRET: 'x'.repeat(40),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.storage.driver).toBe('local');
    expect(config.oidc.issuerUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.storage.s3)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow();
  });

  it('names every malformed variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      S3_FORCE_PATH_STYLE: 'maybe',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/S3_FORCE_PATH_STYLE must be true or false/);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(PRODUCTION_OK);
    expect(config.isProduction).toBe(true);
    expect(config.database.ssl).toBe('no-verify');
    expect(config.trustProxy).toBe(1);
    expect(config.oidc.issuerUrl).toBe('https://tenant.eu.auth0.com');
  });

  it('refuses embedded adapters and unsafe settings in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    const text = problems.join('\n');
    expect(text).toMatch(/DATABASE_URL is required in production/);
    expect(text).toMatch(/STORAGE_DRIVER must be s3 in production/);
    expect(text).toMatch(/OIDC_ISSUER_URL is required in production/);
    expect(text).toMatch(/SESSION_SECRET is required in production/);
    expect(text).toMatch(/PUBLIC_URL is required in production/);
  });

  it('refuses an http issuer and a short session secret in production', () => {
    const text = problemsOf({
      ...PRODUCTION_OK,
      OIDC_ISSUER_URL: 'http://issuer.example',
      SESSION_SECRET: 'short',
    }).join('\n');
    expect(text).toMatch(/OIDC_ISSUER_URL must be https in production/);
    expect(text).toMatch(/SESSION_SECRET must be at least 32 characters/);
  });

  it('allows embedded adapters in production only when explicitly allowed', () => {
    const env = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://localhost:3000',
      SESSION_SECRET: 'y'.repeat(32),
    };
    expect(
      problemsOf({ ...env, ALLOW_EMBEDDED_IN_PRODUCTION: 'true', ALLOW_EMBEDDED_ISSUER: 'true' }),
    ).toEqual([]);
    expect(problemsOf({ ...env, ALLOW_EMBEDDED_IN_PRODUCTION: 'true' }).join('\n')).toMatch(
      /OIDC_ISSUER_URL is required/,
    );
  });

  it('requires the buckets for the S3 driver and validates their names', () => {
    const text = problemsOf({ STORAGE_DRIVER: 's3', S3_PUBLIC_BUCKET: 'Not_A_Bucket' }).join('\n');
    expect(text).toMatch(/S3_ORIGINALS_BUCKET is required when STORAGE_DRIVER=s3/);
    expect(text).toMatch(/S3_PUBLIC_BUCKET must be a valid S3 bucket name/);
  });

  it('keeps the image pixel limit at or above 20 MP', () => {
    expect(problemsOf({ IMAGE_MAX_PIXELS: '1000000' }).join('\n')).toMatch(
      /IMAGE_MAX_PIXELS must be an integer from 20000000/,
    );
  });

  it('documents every variable it reads exactly once', () => {
    const names = ENV_VARS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const source = loadConfigSourceNames();
    for (const name of source)
      expect(names, `${name} is read but not documented in ENV_VARS`).toContain(name);
  });

  describe('SMTP for enquiry notifications', () => {
    it('is off by default: notifications stay in the outbox', () => {
      expect(loadConfig({}).mail).toEqual({ smtp: undefined, from: undefined });
    });

    it('reads SMTP_URL (implicit TLS for smtps) and decodes the credentials', () => {
      const config = loadConfig({
        SMTP_URL: 'smtps://AKIA%2Fx:p%40ss@email-smtp.eu-north-1.amazonaws.com',
        MAIL_FROM: 'Gallery <gallery@example.com>',
      });
      expect(config.mail.smtp).toEqual({
        host: 'email-smtp.eu-north-1.amazonaws.com',
        port: 465,
        secure: true,
        user: 'AKIA/x',
        password: 'p@ss',
      });
    });

    it('reads SMTP_HOST and its companions; port 587 uses STARTTLS', () => {
      const config = loadConfig({
        SMTP_HOST: 'smtp.example.com',
        SMTP_USER: 'u',
        SMTP_PASSWORD: 'secret-pw',
        MAIL_FROM: 'gallery@example.com',
      });
      expect(config.mail.smtp).toEqual({
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        user: 'u',
        password: 'secret-pw',
      });
    });

    it('names every bad mail variable in one line and never echoes a password', () => {
      const problems = problemsOf({ SMTP_URL: 'http://u:hunter2@x' });
      expect(problems).toEqual(['SMTP_URL must be an smtp: or smtps: URL (got "http:")']);
      const more = problemsOf({ SMTP_HOST: 'h', SMTP_PASSWORD: 'hunter2', MAIL_FROM: 'not an address' });
      expect(more).toEqual([
        'SMTP_USER and SMTP_PASSWORD must be set together',
        'MAIL_FROM must be an e-mail address, optionally with a name: Name <gallery@example.com>',
      ]);
      expect(problemsOf({ SMTP_HOST: 'h' })).toEqual(['MAIL_FROM is required when SMTP is configured']);
      expect(problemsOf({ SMTP_URL: 'smtp://a', SMTP_HOST: 'b', MAIL_FROM: 'a@b.cd' })).toEqual([
        'SMTP_URL and SMTP_HOST are alternatives: set one of them',
      ]);
      for (const p of [...problems, ...more]) expect(p).not.toContain('hunter2');
      expect(() => loadConfig({ SMTP_URL: 'smtp://u:hunter2@', MAIL_FROM: 'x' })).toThrow(
        /^Invalid configuration: [^\n]+$/,
      );
    });
  });
});

import { readFileSync } from 'node:fs';
function loadConfigSourceNames(): string[] {
  const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('export function loadConfig'));
  return [...body.matchAll(/\b(?:str|int|bool|url|oneOf(?:<[^>]+>)?)\('([A-Z0-9_]+)'/g)].map(
    (m) => m[1] as string,
  );
}
