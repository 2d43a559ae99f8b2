// Static checks of the deployment definition: every .tf file under infra/terraform is parsed with
// @cdktf/hcl2json and its security properties are asserted, together with the Procfile, app.json
// and package.json. Terraform providers cannot be downloaded here, so `terraform validate` runs in CI
// only; `terraform fmt -check` runs whenever a terraform binary is available.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/config.ts';
import { permanentOriginalKey, UPLOAD_PREFIX } from '../../src/modules/media/originals.ts';
import { PUBLIC_CACHE_CONTROL } from '../../src/platform/storage/content-types.ts';
import { ORIGINALS_CORS_RULE } from '../helpers/s3.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TF_ROOT = path.join(REPO, 'infra/terraform');

/**
 * Variables the app requires in production that Terraform does not set itself, and why.
 * Each entry is checked below: the named provider must exist in the configuration.
 */
const ADDON_PROVIDED: Record<string, { reason: string; resourceType: string }> = {
  DATABASE_URL: {
    reason: 'Set (and rotated) by Heroku itself when the Heroku Postgres add-on is attached to the app.',
    resourceType: 'heroku_addon',
  },
};

type Body = Record<string, unknown>;

interface Block {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** Module folder relative to infra/terraform ('' for the root module). */
  readonly module: string;
  readonly file: string;
  readonly body: Body;
}

interface Named {
  readonly name: string;
  readonly module: string;
  readonly file: string;
  readonly body: Body;
}

interface Model {
  readonly files: string[];
  readonly blocks: Block[];
  readonly variables: Named[];
  readonly outputs: Named[];
  readonly moduleCalls: Named[];
  readonly terraformBlocks: Named[];
  readonly locals: Array<{ module: string; body: Body }>;
}

function listTfFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .terraform and friends
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTfFiles(full));
    else if (entry.name.endsWith('.tf')) out.push(full);
  }
  return out.sort();
}

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nested blocks of a body: hcl2json renders each block type as an array of bodies. */
function blocks(body: Body | undefined, key: string): Body[] {
  const v = body?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function one(body: Body | undefined, key: string): Body {
  const list = blocks(body, key);
  expect(list, `exactly one "${key}" block`).toHaveLength(1);
  return list[0] as Body;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

async function loadModel(): Promise<Model> {
  const files = listTfFiles(TF_ROOT);
  const model: Model = {
    files,
    blocks: [],
    variables: [],
    outputs: [],
    moduleCalls: [],
    terraformBlocks: [],
    locals: [],
  };
  for (const file of files) {
    const json = (await parse(file, readFileSync(file, 'utf8'))) as Body;
    const module = path.relative(TF_ROOT, path.dirname(file));
    for (const kind of ['resource', 'data'] as const) {
      const byType = json[kind];
      if (!isObject(byType)) continue;
      for (const [type, byName] of Object.entries(byType)) {
        if (!isObject(byName)) continue;
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of Array.isArray(bodies) ? bodies.filter(isObject) : []) {
            model.blocks.push({ kind, type, name, module, file, body });
          }
        }
      }
    }
    const named = (key: string, into: Named[]): void => {
      const byName = json[key];
      if (!isObject(byName)) return;
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of Array.isArray(bodies) ? bodies.filter(isObject) : []) {
          into.push({ name, module, file, body });
        }
      }
    };
    named('variable', model.variables);
    named('output', model.outputs);
    named('module', model.moduleCalls);
    for (const body of blocks(json, 'terraform'))
      model.terraformBlocks.push({ name: 'terraform', module, file, body });
    for (const body of blocks(json, 'locals')) model.locals.push({ module, body });
  }
  return model;
}

let m: Model;

beforeAll(async () => {
  m = await loadModel();
});

const resources = (type: string, module?: string): Block[] =>
  m.blocks.filter(
    (b) => b.kind === 'resource' && b.type === type && (module === undefined || b.module === module),
  );

const data = (type: string, name: string, module: string): Block | undefined =>
  m.blocks.find((b) => b.kind === 'data' && b.type === type && b.name === name && b.module === module);

/** Resources of `type` in the bucket's module whose `bucket` argument refers to that bucket. */
const forBucket = (type: string, bucket: Block): Block[] =>
  resources(type, bucket.module).filter((r) =>
    strings(r.body.bucket).some((s) => s.startsWith(`\${aws_s3_bucket.${bucket.name}.`)),
  );

/** The module call whose source is ./<module>. */
function moduleCall(module: string): Named {
  const call = m.moduleCalls.find((c) => c.module === '' && c.body.source === `./${module}`);
  expect(call, `a module block with source ./${module}`).toBeDefined();
  return call as Named;
}

/**
 * Resolves `${var.x}` (through module calls and variable defaults) and `${local.x}`; any other
 * expression is returned as it is.
 */
function resolve(module: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const local = /^\$\{local\.([a-z0-9_]+)\}$/.exec(value);
  if (local) {
    const defined = m.locals.find((l) => l.module === module && (local[1] as string) in l.body);
    expect(defined, `local.${local[1]} in module "${module}"`).toBeDefined();
    return resolve(module, defined?.body[local[1] as string]);
  }
  const ref = /^\$\{var\.([a-z0-9_]+)\}$/.exec(value);
  if (!ref) return value;
  const name = ref[1] as string;
  if (module !== '') {
    const call = moduleCall(module);
    if (name in call.body) return resolve('', call.body[name]);
  }
  const variable = m.variables.find((v) => v.module === module && v.name === name);
  expect(variable, `variable ${name} in module "${module}"`).toBeDefined();
  return variable?.body.default;
}

/** The aws_iam_policy_document a `policy = data.aws_iam_policy_document.x.json` argument names. */
function policyDocument(owner: Block): Block {
  const ref = /^\$\{data\.aws_iam_policy_document\.([a-z0-9_]+)\.json\}$/.exec(String(owner.body.policy));
  expect(ref, `${owner.type}.${owner.name} takes its policy from an aws_iam_policy_document`).not.toBeNull();
  const doc = data('aws_iam_policy_document', (ref as RegExpExecArray)[1] as string, owner.module);
  expect(doc, `data.aws_iam_policy_document for ${owner.type}.${owner.name}`).toBeDefined();
  return doc as Block;
}

const SECRET_NAME = /(^|_)(secret|password|passwd|token|key|keys)(_|$)/i;

/** Every IAM policy attached to an identity (of one module, or anywhere). */
const identityPolicies = (module?: string): Block[] =>
  m.blocks.filter(
    (b) =>
      b.kind === 'resource' &&
      ['aws_iam_user_policy', 'aws_iam_role_policy', 'aws_iam_group_policy', 'aws_iam_policy'].includes(
        b.type,
      ) &&
      (module === undefined || b.module === module),
  );

describe('Terraform layout', () => {
  it('has a root module and the heroku_app, storage and auth child modules', () => {
    const rel = m.files.map((f) => path.relative(TF_ROOT, f));
    for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'backend.tf'])
      expect(rel).toContain(f);
    for (const mod of ['heroku_app', 'storage', 'auth']) {
      for (const f of ['main.tf', 'variables.tf', 'outputs.tf']) expect(rel).toContain(`modules/${mod}/${f}`);
      moduleCall(`modules/${mod}`);
    }
  });

  it('pins Terraform >= 1.6 and the heroku, aws, auth0 and random providers', () => {
    const root = m.terraformBlocks.filter((t) => t.module === '');
    const version = root.map((t) => t.body.required_version).find((v) => typeof v === 'string') as string;
    const min = /(?:>=|~>)\s*1\.(\d+)/.exec(version ?? '');
    expect(min, `required_version "${version}"`).not.toBeNull();
    expect(Number(min?.[1])).toBeGreaterThanOrEqual(6);

    const providers = Object.assign({}, ...root.flatMap((t) => blocks(t.body, 'required_providers'))) as Body;
    const expected: Record<string, [string, RegExp]> = {
      heroku: ['heroku/heroku', /^~>\s*5\./],
      aws: ['hashicorp/aws', /^~>\s*5\./],
      auth0: ['auth0/auth0', /^~>\s*1\./],
      random: ['hashicorp/random', /^~>\s*3\./],
    };
    for (const [name, [source, version]] of Object.entries(expected)) {
      const p = providers[name];
      expect(isObject(p), `provider ${name} is pinned`).toBe(true);
      expect((p as Body).source).toBe(source);
      expect(String((p as Body).version)).toMatch(version);
    }
  });

  it('keeps state in an encrypted, locked S3 backend', () => {
    const backends = m.terraformBlocks
      .filter((t) => t.module === '')
      .flatMap((t) => {
        const b = t.body.backend;
        return isObject(b) ? blocks(b, 's3') : [];
      });
    expect(backends).toHaveLength(1);
    const s3 = backends[0] as Body;
    expect(s3.encrypt).toBe(true);
    expect(s3.use_lockfile === true || typeof s3.dynamodb_table === 'string').toBe(true);
    expect(typeof s3.key).toBe('string');
    // Partial configuration: the account-specific bucket is passed at init time, not committed.
    expect(s3.bucket).toBeUndefined();
  });

  it('documents and types every variable and describes every output', () => {
    expect(m.variables.length).toBeGreaterThan(10);
    for (const v of m.variables) {
      expect(typeof v.body.description, `variable ${v.module}/${v.name} has a description`).toBe('string');
      expect(typeof v.body.type, `variable ${v.module}/${v.name} has a type`).toBe('string');
    }
    for (const o of m.outputs) {
      expect(typeof o.body.description, `output ${o.module}/${o.name} has a description`).toBe('string');
    }
    const validated = m.variables.filter((v) => v.module === '' && blocks(v.body, 'validation').length > 0);
    expect(validated.length).toBeGreaterThan(10);
  });

  it('exposes the app URL, CDN domain, bucket names and Auth0 client id as root outputs', () => {
    const names = m.outputs.filter((o) => o.module === '').map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'app_url',
        'cdn_domain',
        'originals_bucket',
        'public_bucket',
        'backups_bucket',
        'auth0_client_id',
      ]),
    );
  });
});

describe('secrets', () => {
  it('marks every variable whose name suggests a secret as sensitive', () => {
    const secretish = m.variables.filter((v) => SECRET_NAME.test(v.name));
    expect(secretish.map((v) => v.name)).toContain('artist_password');
    for (const v of secretish) {
      expect(v.body.sensitive, `variable ${v.module}/${v.name} is sensitive`).toBe(true);
    }
    // Not secret by name, but drain URLs carry tokens and the map carries every app secret.
    for (const name of ['log_drain_url', 'sensitive_config_vars']) {
      const vars = m.variables.filter((v) => v.name === name);
      expect(vars.length).toBeGreaterThan(0);
      for (const v of vars) expect(v.body.sensitive, `variable ${v.module}/${v.name}`).toBe(true);
    }
  });

  it('marks every output whose name suggests a secret as sensitive', () => {
    const secretish = m.outputs.filter((o) => SECRET_NAME.test(o.name));
    expect(secretish.length).toBeGreaterThan(0);
    for (const o of secretish)
      expect(o.body.sensitive, `output ${o.module}/${o.name} is sensitive`).toBe(true);
  });

  it('has no hard-coded secret values in variable defaults', () => {
    for (const v of m.variables.filter((x) => x.body.sensitive === true)) {
      expect(v.body.default ?? null, `sensitive variable ${v.module}/${v.name} has no default`).toBeNull();
    }
  });
});

describe('S3 buckets', () => {
  const buckets = (): Block[] => resources('aws_s3_bucket');

  it('defines the originals, public and backups buckets', () => {
    const names = buckets().map((b) => String(b.body.bucket));
    expect(names).toHaveLength(3);
    for (const suffix of ['-originals', '-public', '-backups']) {
      expect(names.some((n) => n.endsWith(suffix))).toBe(true);
    }
  });

  it('encrypts every bucket by default', () => {
    for (const bucket of buckets()) {
      const [sse] = forBucket('aws_s3_bucket_server_side_encryption_configuration', bucket);
      expect(sse, `encryption for ${bucket.name}`).toBeDefined();
      const algorithm = one(one(sse?.body, 'rule'), 'apply_server_side_encryption_by_default').sse_algorithm;
      expect(['AES256', 'aws:kms', 'aws:kms:dsse']).toContain(algorithm);
    }
  });

  it('enables versioning on every bucket', () => {
    for (const bucket of buckets()) {
      const [versioning] = forBucket('aws_s3_bucket_versioning', bucket);
      expect(versioning, `versioning for ${bucket.name}`).toBeDefined();
      expect(one(versioning?.body, 'versioning_configuration').status).toBe('Enabled');
    }
  });

  it('blocks all public access to every bucket and disables ACLs', () => {
    for (const bucket of buckets()) {
      const [pab] = forBucket('aws_s3_bucket_public_access_block', bucket);
      expect(pab, `public access block for ${bucket.name}`).toBeDefined();
      for (const flag of [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ]) {
        expect(pab?.body[flag], `${bucket.name}.${flag}`).toBe(true);
      }
      const [ownership] = forBucket('aws_s3_bucket_ownership_controls', bucket);
      expect(one(ownership?.body, 'rule').object_ownership).toBe('BucketOwnerEnforced');
    }
  });

  it('gives every bucket a TLS-only policy and never allows anonymous principals', () => {
    for (const bucket of buckets()) {
      const policies = forBucket('aws_s3_bucket_policy', bucket);
      expect(policies, `bucket policy for ${bucket.name}`).toHaveLength(1);
      const doc = policyDocument(policies[0] as Block);
      const statements = blocks(doc.body, 'statement');
      const arn = `\${aws_s3_bucket.${bucket.name}.arn}`;
      const tls = statements.find(
        (s) =>
          s.effect === 'Deny' &&
          blocks(s, 'condition').some(
            (c) =>
              c.test === 'Bool' &&
              c.variable === 'aws:SecureTransport' &&
              JSON.stringify(c.values) === JSON.stringify(['false']),
          ),
      );
      expect(tls, `TLS-only statement for ${bucket.name}`).toBeDefined();
      expect(strings(tls?.actions)).toContain('s3:*');
      expect(strings(tls?.resources)).toEqual(expect.arrayContaining([arn, `${arn}/*`]));
      expect(blocks(tls, 'principals').flatMap((p) => strings(p.identifiers))).toContain('*');

      for (const s of statements.filter((x) => x.effect !== 'Deny')) {
        for (const p of blocks(s, 'principals')) {
          expect(p.type, `no anonymous Allow on ${bucket.name}`).not.toBe('*');
          expect(p.type).not.toBe('AWS');
          expect(strings(p.identifiers)).not.toContain('*');
        }
      }
    }
  });

  it('has lifecycle rules on every bucket expiring noncurrent versions', () => {
    for (const bucket of buckets()) {
      const [lifecycle] = forBucket('aws_s3_bucket_lifecycle_configuration', bucket);
      expect(lifecycle, `lifecycle for ${bucket.name}`).toBeDefined();
      const rules = blocks(lifecycle?.body, 'rule');
      expect(rules.every((r) => r.status === 'Enabled')).toBe(true);
      expect(rules.some((r) => blocks(r, 'noncurrent_version_expiration').length === 1)).toBe(true);
    }
  });

  it('expires temporary uploads in the originals bucket after 2 days', () => {
    const originals = buckets().find((b) => String(b.body.bucket).endsWith('-originals')) as Block;
    const [lifecycle] = forBucket('aws_s3_bucket_lifecycle_configuration', originals);
    const uploads = blocks(lifecycle?.body, 'rule').find((r) =>
      blocks(r, 'filter').some((f) => resolve(originals.module, f.prefix) === 'uploads/'),
    );
    expect(uploads, 'a lifecycle rule for the uploads/ prefix').toBeDefined();
    expect(resolve(originals.module, one(uploads, 'expiration').days)).toBe(2);
    // The app's own prefix for direct uploads is the one the rule expires.
    expect(UPLOAD_PREFIX).toBe('uploads/');
  });

  it('never expires current originals: only uploads/ has an age-based rule, and originals/ is outside it', () => {
    const originals = buckets().find((b) => String(b.body.bucket).endsWith('-originals')) as Block;
    const [lifecycle] = forBucket('aws_s3_bucket_lifecycle_configuration', originals);
    const rules = blocks(lifecycle?.body, 'rule');
    expect(rules.length).toBeGreaterThan(0);
    const permanent = permanentOriginalKey('00000000-0000-4000-8000-000000000000');
    for (const rule of rules) {
      const ageBased = blocks(rule, 'expiration').some((e) => e.days !== undefined || e.date !== undefined);
      const filters = blocks(rule, 'filter');
      const prefixes = filters.map((f) => resolve(originals.module, f.prefix));
      if (ageBased) {
        // Scoped to uploads/ only (an empty filter or prefix would cover the whole bucket).
        expect(prefixes, `rule ${String(rule.id)}`).toEqual(['uploads/']);
        expect(permanent.startsWith('uploads/')).toBe(false);
      }
    }
    expect(permanent).toMatch(/^originals\//);
  });

  it('never expires current backups by lifecycle (the app keeps the newest BACKUP_RETENTION)', () => {
    const backups = buckets().find((b) => String(b.body.bucket).endsWith('-backups')) as Block;
    const [lifecycle] = forBucket('aws_s3_bucket_lifecycle_configuration', backups);
    for (const rule of blocks(lifecycle?.body, 'rule')) {
      for (const expiration of blocks(rule, 'expiration')) {
        expect(expiration.days, 'no age-based expiry of current backups').toBeUndefined();
      }
    }
  });

  it('allows browser uploads (CORS) only to the originals bucket, only from the site origins', () => {
    const cors = resources('aws_s3_bucket_cors_configuration');
    expect(cors).toHaveLength(1);
    const originals = buckets().find((b) => String(b.body.bucket).endsWith('-originals')) as Block;
    expect(forBucket('aws_s3_bucket_cors_configuration', originals)).toHaveLength(1);
    for (const rule of blocks(cors[0]?.body, 'cors_rule')) {
      expect(strings(rule.allowed_methods).length).toBeGreaterThan(0);
      for (const method of strings(rule.allowed_methods)) expect(['PUT', 'POST']).toContain(method);
      expect(strings(rule.allowed_origins)).not.toContain('*');
      const origins = resolve(cors[0]?.module ?? '', rule.allowed_origins);
      expect(String(origins)).toContain('local.public_url');
    }
  });

  it('answers the studio’s presigned POST as the s3rver browser test does (same CORS rule)', () => {
    // tests/e2e/studio-upload-s3.test.ts uploads under ORIGINALS_CORS_RULE: the bucket must allow the same.
    const [rule, ...more] = blocks(resources('aws_s3_bucket_cors_configuration')[0]?.body, 'cors_rule');
    expect(more).toHaveLength(0);
    expect(strings(rule?.allowed_methods)).toEqual(ORIGINALS_CORS_RULE.allowedMethods);
    expect(strings(rule?.allowed_headers)).toEqual(ORIGINALS_CORS_RULE.allowedHeaders);
    expect(strings(rule?.expose_headers)).toEqual(ORIGINALS_CORS_RULE.exposeHeaders);
    expect(rule?.max_age_seconds).toBe(ORIGINALS_CORS_RULE.maxAgeSeconds);
  });
});

describe('CloudFront', () => {
  it('serves the public bucket over HTTPS only, compressed, through Origin Access Control', () => {
    const [distribution, ...rest] = resources('aws_cloudfront_distribution');
    expect(distribution).toBeDefined();
    expect(rest).toHaveLength(0);
    const publicBucket = resources('aws_s3_bucket').find((b) =>
      String(b.body.bucket).endsWith('-public'),
    ) as Block;
    const origin = one(distribution?.body, 'origin');
    expect(origin.domain_name).toBe(`\${aws_s3_bucket.${publicBucket.name}.bucket_regional_domain_name}`);
    expect(String(origin.origin_access_control_id)).toMatch(
      /^\$\{aws_cloudfront_origin_access_control\.\w+\.id\}$/,
    );

    const behaviours = [
      ...blocks(distribution?.body, 'default_cache_behavior'),
      ...blocks(distribution?.body, 'ordered_cache_behavior'),
    ];
    expect(behaviours.length).toBeGreaterThan(0);
    for (const b of behaviours) {
      expect(['https-only', 'redirect-to-https']).toContain(b.viewer_protocol_policy);
      expect(b.compress).toBe(true);
      expect(strings(b.allowed_methods).every((x) => ['GET', 'HEAD', 'OPTIONS'].includes(x))).toBe(true);
      expect(String(b.cache_policy_id)).toMatch(/^\$\{aws_cloudfront_cache_policy\.\w+\.id\}$/);
    }

    const [oac] = resources('aws_cloudfront_origin_access_control');
    expect(oac?.body.origin_access_control_origin_type).toBe('s3');
    expect(oac?.body.signing_behavior).toBe('always');
    expect(oac?.body.signing_protocol).toBe('sigv4');
  });

  it('keeps images at the edge at most 10 minutes, so an unpublished print disappears soon (decision 005)', () => {
    const policies = resources('aws_cloudfront_cache_policy');
    expect(policies).toHaveLength(1);
    const policy = policies[0]?.body;
    // min_ttl above 0 would hold objects at the edge whatever their Cache-Control says.
    expect(Number(policy?.min_ttl)).toBe(0);
    expect(Number(policy?.max_ttl)).toBe(600);
    expect(Number(policy?.default_ttl)).toBeLessThanOrEqual(Number(policy?.max_ttl));
    expect(Number(policy?.default_ttl)).toBeGreaterThan(0);
    // The objects' own max-age (what browsers keep) is longer; max_ttl is what caps the edge.
    const maxAge = Number(/max-age=(\d+)/.exec(PUBLIC_CACHE_CONTROL)?.[1]);
    expect(maxAge).toBeGreaterThan(Number(policy?.max_ttl));
    expect(PUBLIC_CACHE_CONTROL).not.toMatch(/s-maxage/);
  });

  it('lets only this distribution read the public bucket (AWS:SourceArn)', () => {
    const publicBucket = resources('aws_s3_bucket').find((b) =>
      String(b.body.bucket).endsWith('-public'),
    ) as Block;
    const [policy] = forBucket('aws_s3_bucket_policy', publicBucket);
    const doc = policyDocument(policy as Block);
    const allow = blocks(doc.body, 'statement').filter((s) => s.effect === 'Allow');
    expect(allow).toHaveLength(1);
    const statement = allow[0] as Body;
    expect(strings(statement.actions)).toEqual(['s3:GetObject']);
    const principal = one(statement, 'principals');
    expect(principal.type).toBe('Service');
    expect(strings(principal.identifiers)).toEqual(['cloudfront.amazonaws.com']);
    const condition = one(statement, 'condition');
    expect(condition.variable).toBe('AWS:SourceArn');
    expect(strings(condition.values)).toEqual([`\${aws_cloudfront_distribution.public.arn}`]);
  });

  it('keeps the other buckets closed to CloudFront', () => {
    for (const bucket of resources('aws_s3_bucket').filter(
      (b) => !String(b.body.bucket).endsWith('-public'),
    )) {
      const [policy] = forBucket('aws_s3_bucket_policy', bucket);
      const doc = policyDocument(policy as Block);
      expect(blocks(doc.body, 'statement').filter((s) => s.effect === 'Allow')).toHaveLength(0);
    }
  });
});

describe('the app IAM identity', () => {
  const ALLOWED_ACTIONS = [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    's3:AbortMultipartUpload',
    's3:ListBucket',
  ];

  it('grants only object and list actions on exactly the project buckets, without wildcards', () => {
    const policies = identityPolicies('modules/storage');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const doc = policyDocument(policy);
      const bucketNames = resources('aws_s3_bucket', doc.module).map((b) => b.name);
      const arnRef = new RegExp(`^\\$\\{aws_s3_bucket\\.(${bucketNames.join('|')})\\.arn\\}(/\\*)?$`);
      const statements = blocks(doc.body, 'statement');
      expect(statements.length).toBeGreaterThan(0);
      const covered = new Set<string>();
      for (const s of statements) {
        expect(s.effect ?? 'Allow').toBe('Allow');
        expect(s.not_actions).toBeUndefined();
        expect(s.not_resources).toBeUndefined();
        const actions = strings(s.actions);
        const resourceArns = strings(s.resources);
        expect(actions.length).toBeGreaterThan(0);
        expect(resourceArns.length).toBeGreaterThan(0);
        for (const action of actions) {
          expect(action, 'no wildcard action').not.toContain('*');
          expect(ALLOWED_ACTIONS).toContain(action);
        }
        for (const arn of resourceArns) {
          expect(arn, 'resource is one of the project buckets').toMatch(arnRef);
          // The only "*" allowed is the object suffix of a project bucket ARN.
          expect(arn.replace(/\/\*$/, '')).not.toContain('*');
          // Bucket-level actions on the bucket ARN, object actions on its objects.
          const onObjects = arn.endsWith('/*');
          for (const action of actions) expect(action === 's3:ListBucket').toBe(!onObjects);
          covered.add(arn);
        }
      }
      for (const name of bucketNames) {
        expect(covered).toContain(`\${aws_s3_bucket.${name}.arn}`);
        expect(covered).toContain(`\${aws_s3_bucket.${name}.arn}/*`);
      }
    }
  });

  it('creates the access key for the app user and hands it to Heroku as sensitive values', () => {
    const [user] = resources('aws_iam_user', 'modules/storage');
    const [key] = resources('aws_iam_access_key', 'modules/storage');
    expect(key?.body.user).toBe(`\${aws_iam_user.${user?.name}.name}`);
    const storageOutputs = m.outputs.filter((o) => o.module === key?.module);
    const secret = storageOutputs.find((o) => o.body.value === `\${aws_iam_access_key.${key?.name}.secret}`);
    const id = storageOutputs.find((o) => o.body.value === `\${aws_iam_access_key.${key?.name}.id}`);
    expect(secret?.body.sensitive).toBe(true);
    expect(id?.body.sensitive).toBe(true);
  });
});

describe('the read-only identity of the pull-request plan', () => {
  const MODULE = 'modules/plan_identity';

  it('is the only other AWS identity, and the plan job reads the state it names', () => {
    const users = resources('aws_iam_user');
    expect(users.map((u) => u.module).sort()).toEqual([
      'modules/mail',
      'modules/plan_identity',
      'modules/storage',
    ]);
    expect(
      identityPolicies()
        .map((p) => p.module)
        .sort(),
    ).toEqual(['modules/mail', MODULE, 'modules/storage']);
    const call = moduleCall(MODULE);
    expect(call.body.state_bucket).toBe('${var.tf_state_bucket}');
    expect(call.body.bucket_arns).toBe('${module.storage.bucket_arns}');
    // The state object it may read is the backend's.
    const backend = m.terraformBlocks
      .filter((t) => t.module === '')
      .flatMap((t) => (isObject(t.body.backend) ? blocks(t.body.backend, 's3') : []))[0];
    expect(resolve('', call.body.state_object)).toBe(backend?.key);
  });

  it('may read what a plan refreshes and change nothing: no write action, no object but the state', () => {
    const [policy] = identityPolicies(MODULE);
    const doc = policyDocument(policy as Block);
    const statements = blocks(doc.body, 'statement');
    expect(statements.length).toBeGreaterThan(0);
    const reads = new Map<string, string[]>();
    for (const s of statements) {
      expect(s.effect ?? 'Allow').toBe('Allow');
      expect(s.not_actions).toBeUndefined();
      expect(s.not_resources).toBeUndefined();
      const resourceArns = strings(s.resources);
      expect(resourceArns.length, 'resources named').toBeGreaterThan(0);
      expect(resourceArns).not.toContain('*');
      for (const action of strings(s.actions)) {
        expect(action, 'no wildcard action').not.toContain('*');
        // Reads only: Get*/List* of S3, IAM and CloudFront.
        expect(action).toMatch(/^(s3|iam|cloudfront):(Get|List)[A-Za-z]+$/);
        reads.set(action, [...(reads.get(action) ?? []), ...resourceArns]);
      }
    }
    // The only object it may read is the state object; never an object of the gallery's buckets.
    expect(reads.get('s3:GetObject')).toEqual(['arn:aws:s3:::${var.state_bucket}/${var.state_object}']);
    expect([...reads.keys()].filter((a) => a.startsWith('s3:GetObject'))).toEqual(['s3:GetObject']);
    expect(reads.get('s3:GetBucketPolicy')).toEqual(['${var.bucket_arns}']);
    const [key] = resources('aws_iam_access_key', MODULE);
    expect(key?.body.user).toBe('${aws_iam_user.plan.name}');
  });

  it('reads the Auth0 Management API with read scopes only, through its own application', () => {
    const [client] = resources('auth0_client', MODULE);
    expect(client?.body.app_type).toBe('non_interactive');
    expect(strings(client?.body.grant_types)).toEqual(['client_credentials']);
    const [grant] = resources('auth0_client_grant', MODULE);
    expect(grant?.body.client_id).toBe('${auth0_client.plan.id}');
    expect(grant?.body.audience).toBe('https://${var.auth0_domain}/api/v2/');
    const scopes = strings(grant?.body.scopes);
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(scope).toMatch(/^read:[a-z_]+$/);
    // The studio's application keeps its grants; the plan's is the only machine-to-machine one defined here.
    expect(resources('auth0_client_grant').map((g) => g.module)).toEqual([MODULE]);
  });

  it('hands its credentials out only as sensitive outputs', () => {
    for (const name of ['plan_aws_access_key_id', 'plan_aws_secret_access_key', 'plan_auth0_client_secret']) {
      const output = m.outputs.find((o) => o.module === '' && o.name === name);
      expect(output?.body.sensitive, name).toBe(true);
    }
  });
});

describe('the SMTP identity for enquiry notifications (Amazon SES)', () => {
  const MODULE = 'modules/mail';

  it('verifies the sending domain with DKIM', () => {
    expect(resources('aws_ses_domain_identity', MODULE)).toHaveLength(1);
    const [dkim] = resources('aws_ses_domain_dkim', MODULE);
    expect(dkim?.body.domain).toBe('${aws_ses_domain_identity.this.domain}');
  });

  it('may only send raw e-mail from the gallery identity, with the gallery sender address', () => {
    const policies = identityPolicies(MODULE);
    expect(policies).toHaveLength(1);
    const doc = policyDocument(policies[0]!);
    const statements = blocks(doc.body, 'statement');
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement?.effect).toBe('Allow');
    expect(statement?.actions).toEqual(['ses:SendRawEmail']);
    expect(statement?.resources).toEqual(['${aws_ses_domain_identity.this.arn}']);
    const [condition] = blocks(statement, 'condition');
    expect(condition).toMatchObject({
      test: 'StringEquals',
      variable: 'ses:FromAddress',
      values: ['${var.from_address}'],
    });
  });

  it('hands the SMTP settings to Heroku: host and sender plain, user and password sensitive', () => {
    const call = moduleCall('modules/heroku_app');
    const plain = call.body.config_vars as Body;
    const sensitive = call.body.sensitive_config_vars as Body;
    expect(plain.SMTP_HOST).toBe('${module.mail.smtp_host}');
    expect(plain.MAIL_FROM).toBe('${module.mail.mail_from}');
    expect(sensitive.SMTP_USER).toBe('${module.mail.smtp_username}');
    expect(sensitive.SMTP_PASSWORD).toBe('${module.mail.smtp_password}');
    const outputs = m.outputs.filter((o) => o.module === MODULE);
    for (const name of ['smtp_username', 'smtp_password'])
      expect(outputs.find((o) => o.name === name)?.body.sensitive, name).toBe(true);
  });
});

describe('Heroku', () => {
  const herokuCall = (): Named => moduleCall('modules/heroku_app');

  /** Names set through heroku_app_config_association, resolved through the module call. */
  function configVarNames(kind: 'vars' | 'sensitive_vars'): Map<string, unknown> {
    const associations = resources('heroku_app_config_association');
    expect(associations).toHaveLength(1);
    const association = associations[0] as Block;
    const out = new Map<string, unknown>();
    const value = association.body[kind];
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) out.set(k, v);
      return out;
    }
    for (const [, name] of String(value).matchAll(/var\.([a-z0-9_]+)/g)) {
      const arg = herokuCall().body[name as string];
      if (isObject(arg)) for (const [k, v] of Object.entries(arg)) out.set(k, v);
    }
    return out;
  }

  it('sets every variable the app requires in production, or documents who does', () => {
    const set = new Set([...configVarNames('vars').keys(), ...configVarNames('sensitive_vars').keys()]);
    const required = ENV_VARS.filter((v) => v.requiredInProduction);
    expect(required.length).toBeGreaterThan(5);
    for (const v of required) {
      if (ADDON_PROVIDED[v.name]) {
        expect(set.has(v.name), `${v.name} is provided by an add-on; Terraform must not override it`).toBe(
          false,
        );
        expect(resources(ADDON_PROVIDED[v.name]?.resourceType ?? '').length).toBeGreaterThan(0);
      } else {
        expect(set.has(v.name), `${v.name} is set by Terraform`).toBe(true);
      }
    }
  });

  it('only sets variables the app knows, secrets only as sensitive vars from resources or variables', () => {
    const known = new Map(ENV_VARS.map((v) => [v.name, v]));
    const plain = configVarNames('vars');
    const sensitive = configVarNames('sensitive_vars');
    for (const name of [...plain.keys(), ...sensitive.keys()])
      expect(known.has(name), `${name} is in ENV_VARS`).toBe(true);
    for (const [name] of plain)
      expect(known.get(name)?.secret, `${name} must not be a plain var`).not.toBe(true);
    for (const v of ENV_VARS.filter((x) => x.secret && x.requiredInProduction && !ADDON_PROVIDED[x.name])) {
      expect(sensitive.has(v.name), `${v.name} is a sensitive var`).toBe(true);
    }
    for (const [name, value] of sensitive) {
      expect(String(value), `${name} comes from a resource, module output or variable`).toMatch(
        /^\$\{(module\.[a-z0-9_]+\.[a-z0-9_]+|random_password\.[a-z0-9_]+\.result|var\.[a-z0-9_]+)\}$/,
      );
    }
    expect(plain.get('NODE_ENV')).toBe('production');
    expect(plain.get('STORAGE_DRIVER')).toBe('s3');
    expect(String(resolve('', plain.get('OIDC_ISSUER_URL')))).toMatch(/^https:\/\//);
    expect(plain.get('OIDC_REQUIRED_PERMISSION') ?? '').not.toBe('');
  });

  it('generates a session secret of at least 32 characters', () => {
    const [secret] = resources('random_password');
    expect(Number(secret?.body.length)).toBeGreaterThanOrEqual(32);
    expect(configVarNames('sensitive_vars').get('SESSION_SECRET')).toBe(
      `\${random_password.${secret?.name}.result}`,
    );
  });

  it('defines the app with the Node.js buildpack, Postgres, formation, optional drain and domain', () => {
    const [app] = resources('heroku_app');
    expect(strings(app?.body.buildpacks)).toEqual(['heroku/nodejs']);
    expect(app?.body.config_vars).toBeUndefined();
    expect(app?.body.sensitive_config_vars).toBeUndefined();

    const [postgres] = resources('heroku_addon');
    expect(String(resolve(postgres?.module ?? '', postgres?.body.plan))).toMatch(/^heroku-postgresql:/);

    const formations = resources('heroku_formation');
    expect(formations.map((f) => f.body.type).sort()).toEqual(['web', 'worker']);
    for (const f of formations) {
      expect(String(f.body.size)).toMatch(/^\$\{var\./);
      expect(String(f.body.quantity)).toMatch(/^\$\{var\./);
    }

    const [drain] = resources('heroku_drain');
    expect(drain?.body.count).toBeDefined();
    expect(drain?.body.sensitive_url).toBeDefined();
    const [domain] = resources('heroku_domain');
    expect(domain?.body.count).toBeDefined();
    expect(String(app?.body.acm)).toContain('custom_domain');
  });
});

describe('Auth0', () => {
  it('requires strong passwords with history and dictionary checks on the database connection', () => {
    const [connection] = resources('auth0_connection');
    expect(connection?.body.strategy).toBe('auth0');
    const options = one(connection?.body, 'options');
    expect(['good', 'excellent']).toContain(options.password_policy);
    expect(Number(one(options, 'password_complexity_options').min_length)).toBeGreaterThanOrEqual(12);
    const history = one(options, 'password_history');
    expect(history.enable).toBe(true);
    expect(history.size).toBe(5);
    expect(one(options, 'password_dictionary').enable).toBe(true);
    expect(options.brute_force_protection).toBe(true);
    expect(options.disable_signup).toBe(true);
    const [clients] = resources('auth0_connection_clients');
    expect(strings(clients?.body.enabled_clients)).toEqual(['${auth0_client.studio.id}']);
  });

  it('requires MFA (OTP) for every application', () => {
    const [guardian] = resources('auth0_guardian');
    expect(guardian?.body.policy).toBe('all-applications');
    expect(guardian?.body.otp).toBe(true);
  });

  it('turns on brute-force, breached-password and suspicious-IP protection', () => {
    const [protection] = resources('auth0_attack_protection');
    for (const key of ['brute_force_protection', 'breached_password_detection', 'suspicious_ip_throttling']) {
      expect(one(protection?.body, key).enabled, key).toBe(true);
    }
  });

  it('defines the API the app verifies, with RBAC permissions in access tokens', () => {
    const [api] = resources('auth0_resource_server');
    expect(api?.body.signing_alg).toBe('RS256');
    expect(api?.body.enforce_policies).toBe(true);
    expect(api?.body.token_dialect).toBe('access_token_authz');
    // No offline access (refresh tokens) for the API: the app never asks for it.
    expect(api?.body.allow_offline_access).toBe(false);
    const permission = ENV_VARS.find((v) => v.name === 'OIDC_REQUIRED_PERMISSION')?.default;
    expect(permission).toBe('manage:gallery');

    const [scopes] = resources('auth0_resource_server_scopes');
    expect(blocks(scopes?.body, 'scopes').map((s) => resolve(scopes?.module ?? '', s.name))).toContain(
      permission,
    );

    const [role] = resources('auth0_role');
    expect(role?.body.name).toBe('artist');
    const [rolePermissions] = resources('auth0_role_permissions');
    expect(rolePermissions?.body.role_id).toBe(`\${auth0_role.${role?.name}.id}`);
    const granted = one(rolePermissions?.body, 'permissions');
    expect(granted.name).toBe('${var.required_permission}');
    expect(granted.resource_server_identifier).toBe(`\${auth0_resource_server.${api?.name}.identifier}`);
  });

  it('registers the studio as a regular web app with the app callback and logout URLs', () => {
    const [client] = resources('auth0_client', 'modules/auth');
    expect(client?.body.app_type).toBe('regular_web');
    expect(client?.body.oidc_conformant).toBe(true);
    // Only the code flow: the app never uses refresh tokens, so none may be issued.
    expect(strings(client?.body.grant_types)).toEqual(['authorization_code']);
    expect(blocks(client?.body, 'refresh_token')).toEqual([]);
    expect(strings(client?.body.callbacks)).toEqual(['${var.public_url}/studio/auth/callback']);
    expect(strings(client?.body.allowed_logout_urls)).toEqual(['${var.public_url}/studio/signed-out']);
    expect(one(client?.body, 'jwt_configuration').alg).toBe('RS256');
    const [credentials] = resources('auth0_client_credentials', 'modules/auth');
    expect(credentials?.body.client_id).toBe(`\${auth0_client.${client?.name}.id}`);
  });

  it('ends Auth0 sessions with the studio session: the same idle and absolute timeouts as the app', () => {
    const [tenant] = resources('auth0_tenant');
    const call = moduleCall('modules/auth');
    const plain = new Map(
      Object.entries(moduleCall('modules/heroku_app').body.config_vars as Record<string, unknown>),
    );
    // Absolute: hours on both sides, from one root variable.
    expect(tenant?.body.session_lifetime).toBe('${var.session_lifetime_hours}');
    expect(call.body.session_lifetime_hours).toBe('${var.session_absolute_timeout_hours}');
    expect(plain.get('SESSION_ABSOLUTE_TIMEOUT_HOURS')).toBe(
      '${tostring(var.session_absolute_timeout_hours)}',
    );
    // Idle: the app counts minutes, Auth0 hours.
    expect(tenant?.body.idle_session_lifetime).toBe('${var.idle_session_lifetime_hours}');
    expect(call.body.idle_session_lifetime_hours).toBe('${var.session_idle_timeout_minutes / 60}');
    expect(plain.get('SESSION_IDLE_TIMEOUT_MINUTES')).toBe('${tostring(var.session_idle_timeout_minutes)}');
    // The defaults are the app's defaults.
    const defaults = new Map(ENV_VARS.map((v) => [v.name, v.default]));
    const root = (name: string) => m.variables.find((v) => v.module === '' && v.name === name)?.body.default;
    expect(String(root('session_absolute_timeout_hours'))).toBe(
      defaults.get('SESSION_ABSOLUTE_TIMEOUT_HOURS'),
    );
    expect(String(root('session_idle_timeout_minutes'))).toBe(defaults.get('SESSION_IDLE_TIMEOUT_MINUTES'));
  });

  it('optionally creates the artist user with the artist role', () => {
    const [user] = resources('auth0_user');
    const [userRoles] = resources('auth0_user_roles');
    expect(String(user?.body.count)).toContain('var.create_artist_user');
    expect(String(userRoles?.body.count)).toContain('var.create_artist_user');
    expect(strings(userRoles?.body.roles)).toEqual(['${auth0_role.artist.id}']);
  });
});

describe('Heroku app definition', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
    scripts?: Record<string, string>;
  };

  it('declares exactly web, worker and release in the Procfile, matching the npm scripts', () => {
    const lines = readFileSync(path.join(REPO, 'Procfile'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const procs = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expect(procs).toEqual({
      web: 'node dist/src/main.js --role=web',
      worker: 'node dist/src/main.js --role=worker',
      release: 'node dist/src/main.js release',
    });
    expect(pkg.scripts?.['start:web']).toBe(procs.web);
    expect(pkg.scripts?.['start:worker']).toBe(procs.worker);
    expect(pkg.scripts?.release).toBe(procs.release);
  });

  it('builds on Heroku and runs Node 24', () => {
    expect(pkg.engines?.node).toBe('24.x');
    expect(pkg.scripts?.['heroku-postbuild']).toMatch(/\bnpm run build\b/);
    expect(pkg.scripts?.build).toBeDefined();
  });

  it('has an app.json with the buildpack, formation, Postgres and every required variable', () => {
    const app = JSON.parse(readFileSync(path.join(REPO, 'app.json'), 'utf8')) as {
      buildpacks?: Array<{ url: string }>;
      formation?: Record<string, { quantity: number; size: string }>;
      addons?: Array<string | { plan: string }>;
      env?: Record<string, { value?: string; generator?: string; required?: boolean; description?: string }>;
    };
    expect(app.buildpacks?.map((b) => b.url)).toEqual(['heroku/nodejs']);
    expect(Object.keys(app.formation ?? {}).sort()).toEqual(['web', 'worker']);
    const addons = (app.addons ?? []).map((a) => (typeof a === 'string' ? a : a.plan));
    expect(addons.some((a) => a.startsWith('heroku-postgresql'))).toBe(true);

    const env = app.env ?? {};
    const known = new Map(ENV_VARS.map((v) => [v.name, v]));
    for (const v of ENV_VARS.filter((x) => x.requiredInProduction && !ADDON_PROVIDED[x.name])) {
      expect(env[v.name], `app.json env has ${v.name}`).toBeDefined();
    }
    for (const [name, spec] of Object.entries(env)) {
      expect(known.has(name), `${name} is in ENV_VARS`).toBe(true);
      expect(spec.description ?? '', `${name} has a description`).not.toBe('');
      if (known.get(name)?.secret) expect(spec.value, `${name} is not committed`).toBeUndefined();
    }
    expect(env.SESSION_SECRET?.generator).toBe('secret');
    expect(env.NODE_ENV?.value).toBe('production');
    expect(env.STORAGE_DRIVER?.value).toBe('s3');
  });
});

function findTerraform(): string | undefined {
  if (existsSync('/usr/local/bin/terraform')) return '/usr/local/bin/terraform';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'terraform');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const terraform = findTerraform();

describe('terraform fmt', () => {
  if (terraform) {
    it('is fmt-clean (terraform fmt -check -recursive)', () => {
      // Throws (non-zero exit) and lists the files when anything is not formatted.
      const out = execFileSync(terraform, ['fmt', '-check', '-recursive', '-list=true', TF_ROOT], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out.trim()).toBe('');
    });
  } else {
    it.skip('terraform fmt -check -recursive: skipped, no terraform binary at /usr/local/bin/terraform or on PATH', () => {});
  }
});
