// The only module that reads process.env: every setting is parsed and validated here, once,
// into a frozen, typed Config. A bad setting stops the start with one message naming each variable.
import path from 'node:path';

export type NodeEnv = 'development' | 'test' | 'production';
export type DatabaseSsl = 'disable' | 'require' | 'no-verify';
export type StorageDriver = 'local' | 's3';

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  /** Public base URL of the site, no trailing slash (https://gallery.example). */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Number of proxy hops to trust for X-Forwarded-* (Heroku's router is one). */
  readonly trustProxy: number;
  readonly allowEmbeddedInProduction: boolean;
  readonly database: {
    /** Absent: embedded PGlite under dataDir/db. */
    readonly url: string | undefined;
    readonly ssl: DatabaseSsl;
    readonly poolMax: number;
  };
  readonly storage: {
    readonly driver: StorageDriver;
    /** Local driver root (dataDir/files). */
    readonly localDir: string;
    readonly s3: {
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly forcePathStyle: boolean;
      readonly accessKeyId: string | undefined;
      readonly secretAccessKey: string | undefined;
      readonly originalsBucket: string;
      readonly publicBucket: string;
      readonly backupsBucket: string;
    };
    /** Base URL public files are served from (CloudFront domain); absent: served by the app at /media. */
    readonly cdnUrl: string | undefined;
    readonly uploadMaxBytes: number;
    readonly uploadUrlTtlSeconds: number;
  };
  readonly oidc: {
    /** Absent: the embedded issuer is mounted at /oidc. */
    readonly issuerUrl: string | undefined;
    readonly clientId: string;
    readonly clientSecret: string | undefined;
    readonly audience: string;
    /** Claim holding permissions in access tokens (Auth0 RBAC: "permissions"). */
    readonly permissionsClaim: string;
    readonly requiredPermission: string;
    readonly allowEmbeddedIssuer: boolean;
  };
  readonly localArtist: {
    readonly email: string;
    readonly name: string;
    /** Absent: generated on first start and printed once. */
    readonly password: string | undefined;
  };
  readonly session: {
    readonly secret: string | undefined;
    readonly idleTimeoutMinutes: number;
    readonly absoluteTimeoutHours: number;
    readonly rememberMeDays: number;
  };
  readonly rateLimits: {
    readonly signInPerMinute: number;
    readonly takedownPerHour: number;
    readonly enquiryPerHour: number;
    readonly searchPerMinute: number;
  };
  readonly images: {
    readonly maxPixels: number;
    readonly workerConcurrency: number;
    /**
     * How long retired image files are kept before they are deleted (IMAGE_RETIRE_GRACE_SECONDS); unset: the
     * default of media/retirement.ts, derived from the public pages' caching (decision 027).
     */
    readonly retireGraceSeconds: number | undefined;
  };
  readonly backups: {
    readonly retention: number;
    readonly localDir: string;
  };
  /** E-mail to the artist about enquiries. Without SMTP the notifications stay in the studio's outbox. */
  readonly mail: {
    readonly smtp: SmtpSettings | undefined;
    /** Sender address (MAIL_FROM); set whenever smtp is. */
    readonly from: string | undefined;
  };
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (smtps:// or port 465); otherwise STARTTLS is required. */
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
}

type Env = Record<string, string | undefined>;

/** Every variable the app reads, what it expects, and whether production must set it. */
export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  /** Must be set (by Terraform / Heroku config vars) for a production deployment. */
  readonly requiredInProduction?: boolean;
  readonly secret?: boolean;
}

export const ENV_VARS: readonly EnvVarSpec[] = [
  {
    name: 'NODE_ENV',
    description: 'development, test or production',
    default: 'development',
    requiredInProduction: true,
  },
  { name: 'PORT', description: 'HTTP port (Heroku sets it)', default: '3000' },
  { name: 'HOST', description: 'Interface to bind', default: '0.0.0.0' },
  {
    name: 'PUBLIC_URL',
    description: 'Public base URL of the site, e.g. https://gallery.example',
    default: 'http://localhost:$PORT',
    requiredInProduction: true,
  },
  {
    name: 'DATA_DIR',
    description: 'Folder for embedded database, local files and local backups',
    default: './data',
  },
  { name: 'LOG_LEVEL', description: 'fatal, error, warn, info, debug, trace or silent', default: 'info' },
  {
    name: 'TRUST_PROXY',
    description: 'Proxy hops to trust for X-Forwarded-* (Heroku router: 1)',
    default: '0 (1 in production)',
  },
  {
    name: 'ALLOW_EMBEDDED_IN_PRODUCTION',
    description:
      'true lets NODE_ENV=production run on PGlite/local storage/embedded issuer (not for real deployments)',
    default: 'false',
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL URL; absent: embedded PGlite in DATA_DIR/db',
    requiredInProduction: true,
    secret: true,
  },
  {
    name: 'DATABASE_SSL',
    description: 'disable, require (verify certificate) or no-verify (Heroku Postgres)',
    default: 'no-verify in production, else disable',
  },
  { name: 'DATABASE_POOL_MAX', description: 'Maximum PostgreSQL connections per process', default: '10' },
  { name: 'STORAGE_DRIVER', description: 'local or s3', default: 'local', requiredInProduction: true },
  { name: 'AWS_REGION', description: 'S3 region', default: 'eu-north-1', requiredInProduction: true },
  { name: 'S3_ENDPOINT', description: 'S3-compatible endpoint URL (s3rver, MinIO); absent: AWS' },
  {
    name: 'S3_FORCE_PATH_STYLE',
    description: 'true for path-style bucket URLs (s3rver, MinIO)',
    default: 'false',
  },
  {
    name: 'AWS_ACCESS_KEY_ID',
    description: 'S3 access key of the app IAM user',
    requiredInProduction: true,
    secret: true,
  },
  {
    name: 'AWS_SECRET_ACCESS_KEY',
    description: 'S3 secret key of the app IAM user',
    requiredInProduction: true,
    secret: true,
  },
  {
    name: 'S3_ORIGINALS_BUCKET',
    description: 'Private bucket for originals and uploads',
    requiredInProduction: true,
  },
  {
    name: 'S3_PUBLIC_BUCKET',
    description: 'Bucket for public image versions (served through the CDN)',
    requiredInProduction: true,
  },
  {
    name: 'S3_BACKUPS_BUCKET',
    description: 'Separate private bucket for backups',
    requiredInProduction: true,
  },
  {
    name: 'CDN_URL',
    description: 'Base URL of the CDN serving the public bucket (https://dxxxx.cloudfront.net)',
    requiredInProduction: true,
  },
  { name: 'UPLOAD_MAX_BYTES', description: 'Largest accepted upload in bytes', default: '209715200' },
  { name: 'UPLOAD_URL_TTL_SECONDS', description: 'Lifetime of signed upload URLs', default: '900' },
  {
    name: 'OIDC_ISSUER_URL',
    description: 'OpenID Connect issuer (https://TENANT.eu.auth0.com/); absent: embedded issuer',
    requiredInProduction: true,
  },
  {
    name: 'OIDC_CLIENT_ID',
    description: 'Client id of the studio application',
    default: 'copper-studio',
    requiredInProduction: true,
  },
  {
    name: 'OIDC_CLIENT_SECRET',
    description: 'Client secret of the studio application',
    requiredInProduction: true,
    secret: true,
  },
  {
    name: 'OIDC_AUDIENCE',
    description: 'API audience the artist API verifies in access tokens',
    default: 'https://api.copper-print-gallery.local',
    requiredInProduction: true,
  },
  {
    name: 'OIDC_PERMISSIONS_CLAIM',
    description: 'Access-token claim listing permissions',
    default: 'permissions',
  },
  {
    name: 'OIDC_REQUIRED_PERMISSION',
    description: 'Permission the artist API requires',
    default: 'manage:gallery',
  },
  {
    name: 'ALLOW_EMBEDDED_ISSUER',
    description: 'true allows the embedded issuer under NODE_ENV=production',
    default: 'false',
  },
  {
    name: 'LOCAL_ARTIST_EMAIL',
    description: 'Sign-in name of the embedded issuer artist',
    default: 'artist@localhost',
  },
  {
    name: 'LOCAL_ARTIST_NAME',
    description: 'Display name of the embedded issuer artist',
    default: 'The Artist',
  },
  {
    name: 'LOCAL_ARTIST_PASSWORD',
    description: 'Password of the embedded issuer artist; absent: generated once and printed',
    secret: true,
  },
  {
    name: 'SESSION_SECRET',
    description: 'At least 32 random characters; signs cookies and CSRF tokens',
    requiredInProduction: true,
    secret: true,
  },
  { name: 'SESSION_IDLE_TIMEOUT_MINUTES', description: 'Studio session idle timeout', default: '120' },
  { name: 'SESSION_ABSOLUTE_TIMEOUT_HOURS', description: 'Studio session absolute lifetime', default: '12' },
  { name: 'SESSION_REMEMBER_ME_DAYS', description: 'Absolute lifetime with "remember me"', default: '30' },
  { name: 'RATE_LIMIT_SIGNIN_PER_MINUTE', description: 'Sign-in attempts per IP per minute', default: '10' },
  { name: 'RATE_LIMIT_TAKEDOWN_PER_HOUR', description: 'Takedown notices per IP per hour', default: '5' },
  {
    name: 'RATE_LIMIT_ENQUIRY_PER_HOUR',
    description: 'Enquiries and contact messages per IP per hour',
    default: '10',
  },
  { name: 'RATE_LIMIT_SEARCH_PER_MINUTE', description: 'Search requests per IP per minute', default: '600' },
  {
    name: 'IMAGE_MAX_PIXELS',
    description: 'Largest accepted image in pixels (at least 20000000)',
    default: '50000000',
  },
  { name: 'WORKER_CONCURRENCY', description: 'Image jobs processed at once per worker', default: '1' },
  {
    name: 'IMAGE_RETIRE_GRACE_SECONDS',
    description:
      "How long an image's replaced or redrawn files are kept for cached pages before they are deleted (docs/images.md, decision 027)",
    default: '900',
  },
  { name: 'BACKUP_RETENTION', description: 'Newest successful backups kept (at least 3)', default: '3' },
  {
    name: 'SMTP_URL',
    description:
      'SMTP server for enquiry notifications, smtps://user:password@host:465 or smtp://…:587 (STARTTLS); absent with no SMTP_HOST: notifications stay in the studio outbox',
    secret: true,
  },
  { name: 'SMTP_HOST', description: 'SMTP server host name (instead of SMTP_URL)' },
  {
    name: 'SMTP_PORT',
    description: 'SMTP port with SMTP_HOST (465: implicit TLS; else STARTTLS)',
    default: '587',
  },
  { name: 'SMTP_USER', description: 'SMTP user name with SMTP_HOST (SES: the SMTP IAM user access key id)' },
  {
    name: 'SMTP_PASSWORD',
    description: 'SMTP password with SMTP_HOST (SES: the SMTP password derived from the IAM secret)',
    secret: true,
  },
  {
    name: 'MAIL_FROM',
    description:
      'Sender of notification e-mails, e.g. Copper Print Gallery <gallery@example.com> (required with SMTP)',
  },
];

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

/** Parses and validates an environment into a frozen Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = str(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${v}")`);
    return fallback;
  };
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${v}")`);
    return fallback;
  };
  const url = (name: string, protocols: readonly string[]): string | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${u.protocol}")`);
        return undefined;
      }
      return v.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be a URL (got a value that does not parse)`);
      return undefined;
    }
  };

  const nodeEnv = oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const isProduction = nodeEnv === 'production';
  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const dataDir = path.resolve(str('DATA_DIR') ?? './data');
  const logLevel = oneOf(
    'LOG_LEVEL',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  );
  const trustProxy = int('TRUST_PROXY', isProduction ? 1 : 0, 0, 10);
  const allowEmbeddedInProduction = bool('ALLOW_EMBEDDED_IN_PRODUCTION', false);

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseSsl = oneOf<DatabaseSsl>(
    'DATABASE_SSL',
    ['disable', 'require', 'no-verify'],
    isProduction ? 'no-verify' : 'disable',
  );

  const storageDriver = oneOf<StorageDriver>('STORAGE_DRIVER', ['local', 's3'], 'local');
  const s3 = {
    region: str('AWS_REGION') ?? 'eu-north-1',
    endpoint: url('S3_ENDPOINT', ['http:', 'https:']),
    forcePathStyle: bool('S3_FORCE_PATH_STYLE', false),
    accessKeyId: str('AWS_ACCESS_KEY_ID'),
    secretAccessKey: str('AWS_SECRET_ACCESS_KEY'),
    originalsBucket: str('S3_ORIGINALS_BUCKET') ?? '',
    publicBucket: str('S3_PUBLIC_BUCKET') ?? '',
    backupsBucket: str('S3_BACKUPS_BUCKET') ?? '',
  };
  if (storageDriver === 's3') {
    for (const [name, v] of [
      ['S3_ORIGINALS_BUCKET', s3.originalsBucket],
      ['S3_PUBLIC_BUCKET', s3.publicBucket],
      ['S3_BACKUPS_BUCKET', s3.backupsBucket],
    ] as const) {
      if (!v) problems.push(`${name} is required when STORAGE_DRIVER=s3`);
      else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v))
        problems.push(`${name} must be a valid S3 bucket name (got "${v}")`);
    }
    if ((s3.accessKeyId === undefined) !== (s3.secretAccessKey === undefined)) {
      problems.push('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
    }
  }
  const cdnUrl = url('CDN_URL', ['http:', 'https:']);

  const oidcIssuerUrl = url('OIDC_ISSUER_URL', ['http:', 'https:']);
  const sessionSecret = str('SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters');
  }
  const allowEmbeddedIssuer = bool('ALLOW_EMBEDDED_ISSUER', false);
  const maxPixels = int('IMAGE_MAX_PIXELS', 50_000_000, 20_000_000);
  const mail = readMail(str, int, problems);

  if (isProduction) {
    const embeddedOk = allowEmbeddedInProduction;
    if (!databaseUrl && !embeddedOk)
      problems.push('DATABASE_URL is required in production (the embedded database is refused)');
    if (storageDriver !== 's3' && !embeddedOk)
      problems.push('STORAGE_DRIVER must be s3 in production (local storage is refused)');
    if (storageDriver === 's3' && !cdnUrl && !embeddedOk)
      problems.push('CDN_URL is required in production with S3 storage');
    if (!oidcIssuerUrl && !allowEmbeddedIssuer) {
      problems.push(
        'OIDC_ISSUER_URL is required in production (the embedded issuer is refused unless ALLOW_EMBEDDED_ISSUER=true)',
      );
    }
    if (oidcIssuerUrl?.startsWith('http:')) problems.push('OIDC_ISSUER_URL must be https in production');
    if (oidcIssuerUrl && !str('OIDC_CLIENT_SECRET'))
      problems.push('OIDC_CLIENT_SECRET is required in production');
    if (!sessionSecret) problems.push('SESSION_SECRET is required in production (at least 32 characters)');
    if (!str('PUBLIC_URL')) problems.push('PUBLIC_URL is required in production');
    else if (publicUrl.startsWith('http:') && !embeddedOk)
      problems.push('PUBLIC_URL must be https in production');
  }

  const config: Config = {
    nodeEnv,
    isProduction,
    port,
    host,
    publicUrl,
    dataDir,
    logLevel,
    trustProxy,
    allowEmbeddedInProduction,
    database: { url: databaseUrl, ssl: databaseSsl, poolMax: int('DATABASE_POOL_MAX', 10, 1, 100) },
    storage: {
      driver: storageDriver,
      localDir: path.join(dataDir, 'files'),
      s3,
      cdnUrl,
      uploadMaxBytes: int('UPLOAD_MAX_BYTES', 200 * 1024 * 1024, 1024),
      uploadUrlTtlSeconds: int('UPLOAD_URL_TTL_SECONDS', 900, 10, 7 * 24 * 3600),
    },
    oidc: {
      issuerUrl: oidcIssuerUrl,
      clientId: str('OIDC_CLIENT_ID') ?? 'copper-studio',
      clientSecret: str('OIDC_CLIENT_SECRET'),
      audience: str('OIDC_AUDIENCE') ?? 'https://api.copper-print-gallery.local',
      permissionsClaim: str('OIDC_PERMISSIONS_CLAIM') ?? 'permissions',
      requiredPermission: str('OIDC_REQUIRED_PERMISSION') ?? 'manage:gallery',
      allowEmbeddedIssuer,
    },
    localArtist: {
      email: str('LOCAL_ARTIST_EMAIL') ?? 'artist@localhost',
      name: str('LOCAL_ARTIST_NAME') ?? 'The Artist',
      password: str('LOCAL_ARTIST_PASSWORD'),
    },
    session: {
      secret: sessionSecret,
      idleTimeoutMinutes: int('SESSION_IDLE_TIMEOUT_MINUTES', 120, 1, 7 * 24 * 60),
      absoluteTimeoutHours: int('SESSION_ABSOLUTE_TIMEOUT_HOURS', 12, 1, 24 * 90),
      rememberMeDays: int('SESSION_REMEMBER_ME_DAYS', 30, 1, 365),
    },
    rateLimits: {
      signInPerMinute: int('RATE_LIMIT_SIGNIN_PER_MINUTE', 10, 1),
      takedownPerHour: int('RATE_LIMIT_TAKEDOWN_PER_HOUR', 5, 1),
      searchPerMinute: int('RATE_LIMIT_SEARCH_PER_MINUTE', 600, 1),
      enquiryPerHour: int('RATE_LIMIT_ENQUIRY_PER_HOUR', 10, 1),
    },
    images: {
      maxPixels,
      workerConcurrency: int('WORKER_CONCURRENCY', 1, 1, 8),
      retireGraceSeconds:
        str('IMAGE_RETIRE_GRACE_SECONDS') === undefined
          ? undefined
          : int('IMAGE_RETIRE_GRACE_SECONDS', 0, 0, 24 * 60 * 60),
    },
    backups: { retention: int('BACKUP_RETENTION', 3, 3, 1000), localDir: path.join(dataDir, 'backups') },
    mail,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

// An address, optionally with a display name: "Name <a@b.example>" or "a@b.example".
const MAIL_ADDRESS = /^(?:[^<>\r\n]{1,100} )?<?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;

/** SMTP from SMTP_URL or SMTP_HOST & co. Problems never quote a URL or password (they may hold credentials). */
function readMail(
  str: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max?: number) => number,
  problems: string[],
): Config['mail'] {
  const url = str('SMTP_URL');
  const host = str('SMTP_HOST');
  const from = str('MAIL_FROM');
  let smtp: SmtpSettings | undefined;
  if (url && host) problems.push('SMTP_URL and SMTP_HOST are alternatives: set one of them');
  else if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(
        'SMTP_URL must be a URL like smtps://user:password@host:465 (got a value that does not parse)',
      );
    }
    if (parsed && parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
      problems.push(`SMTP_URL must be an smtp: or smtps: URL (got "${parsed.protocol}")`);
    else if (parsed && !parsed.hostname) problems.push('SMTP_URL must name a host');
    else if (parsed) {
      const secure = parsed.protocol === 'smtps:';
      smtp = {
        host: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
        secure: secure || parsed.port === '465',
        user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
        password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      };
    }
  } else if (host) {
    const port = int('SMTP_PORT', 587, 1, 65535);
    const user = str('SMTP_USER');
    const password = str('SMTP_PASSWORD');
    if ((user === undefined) !== (password === undefined))
      problems.push('SMTP_USER and SMTP_PASSWORD must be set together');
    smtp = { host, port, secure: port === 465, user, password };
  } else if (str('SMTP_USER') || str('SMTP_PASSWORD')) {
    problems.push('SMTP_USER and SMTP_PASSWORD need SMTP_HOST');
  }
  if (smtp && !from) problems.push('MAIL_FROM is required when SMTP is configured');
  else if (from && !MAIL_ADDRESS.test(from))
    problems.push('MAIL_FROM must be an e-mail address, optionally with a name: Name <gallery@example.com>');
  return { smtp, from };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
