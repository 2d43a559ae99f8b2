// The GitHub Actions workflows: valid YAML, the triggers the pipeline needs, the same npm scripts
// this repository's own checks run, Terraform checks, an approval-gated deploy and no plaintext secrets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOWS = path.join(REPO, '.github/workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  name?: string;
  uses?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string; url?: string };
  services?: Record<string, { image?: string; env?: Record<string, unknown> }>;
  env?: Record<string, unknown>;
  steps?: Step[];
  permissions?: Record<string, string>;
}

interface Workflow {
  name?: string;
  on?: Record<string, unknown> | string | string[];
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const raw = new Map(files.map((f) => [f, readFileSync(path.join(WORKFLOWS, f), 'utf8')]));

function load(file: string): Workflow {
  const text = raw.get(file);
  expect(text, `${file} exists`).toBeDefined();
  const doc = parse(text as string, { prettyErrors: true, strict: true, uniqueKeys: true }) as Workflow;
  expect(doc && typeof doc === 'object').toBe(true);
  return doc;
}

const triggers = (wf: Workflow): string[] =>
  typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on ?? {});

const runs = (job: Job | undefined): string[] => (job?.steps ?? []).map((s) => s.run ?? '').filter(Boolean);

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** npm scripts a shell text invokes (`npm test`, `npm run x`), with `check`-style aggregates expanded. */
function npmScripts(text: string): Set<string> {
  const out = new Set<string>();
  const visit = (name: string, depth: number): void => {
    out.add(name);
    const body = pkg.scripts[name];
    if (body && depth < 5) for (const inner of direct(body)) visit(inner, depth + 1);
  };
  for (const name of direct(text)) visit(name, 0);
  return out;
}

function direct(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\bnpm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|start)\b)/g)) {
    names.push((match[1] ?? match[2]) as string);
  }
  return names;
}

describe('workflow files', () => {
  it('exist and are valid YAML with jobs', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml']));
    for (const file of files) {
      const wf = load(file);
      expect(Object.keys(wf.jobs ?? {}).length, `${file} has jobs`).toBeGreaterThan(0);
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job.uses !== undefined || (job.steps?.length ?? 0) > 0, `${file} job ${id}`).toBe(true);
      }
    }
  });

  it('never contain plaintext secrets: secret-like values come from ${{ secrets.* }}', () => {
    const secretName = /(secret|password|token|api_key|access_key|private_key|credentials)/i;
    for (const file of files) {
      const wf = load(file);
      const envs: Array<Record<string, unknown>> = [wf.env ?? {}];
      for (const job of Object.values(wf.jobs)) {
        envs.push(job.env ?? {});
        for (const service of Object.values(job.services ?? {})) envs.push(service.env ?? {});
        for (const step of job.steps ?? []) {
          envs.push(step.env ?? {});
          envs.push(Object.fromEntries(Object.entries(step.with ?? {}).filter(([k]) => secretName.test(k))));
        }
      }
      for (const env of envs) {
        for (const [key, value] of Object.entries(env)) {
          if (!secretName.test(key)) continue;
          expect(String(value), `${file}: ${key} comes from the secret store`).toMatch(
            /^\$\{\{\s*secrets\.[A-Z0-9_]+\s*\}\}$/,
          );
        }
      }
      const text = raw.get(file) as string;
      // No credentials pasted anywhere in the file.
      expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text).not.toMatch(/https?:\/\/[^\s:/@$]+:[^\s@$]+@/);
      // secrets are only referenced through expressions.
      for (const line of text.split('\n').filter((l) => /\bsecrets\./.test(l))) {
        expect(line, `${file}: secrets only via \${{ secrets.* }}`).toMatch(
          /\$\{\{\s*secrets\.[A-Z0-9_]+\s*\}\}/,
        );
      }
    }
  });
});

describe('ci.yml', () => {
  const wf = load('ci.yml');

  it('runs on pull requests and pushes, and can be called by the deploy workflow', () => {
    expect(triggers(wf)).toEqual(expect.arrayContaining(['pull_request', 'push', 'workflow_call']));
  });

  it('installs with npm ci and runs lint, format, typecheck and tests on Node 24 with PostgreSQL', () => {
    const job = wf.jobs.test;
    expect(job).toBeDefined();
    const setupNode = job?.steps?.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toMatch(/^24/);
    const commands = runs(job);
    expect(commands.some((c) => /^npm ci\b/m.test(c))).toBe(true);
    const scripts = npmScripts(commands.join('\n'));
    for (const script of ['lint', 'format:check', 'typecheck', 'test']) expect(scripts).toContain(script);
    for (const script of scripts) expect(pkg.scripts[script], `npm script ${script} exists`).toBeDefined();
    expect(job?.services?.postgres?.image).toMatch(/^postgres:16/);
  });

  it('runs every npm script the repository check script runs', () => {
    const local = path.join(REPO, '.ci/run');
    const scripts = npmScripts(runs(wf.jobs.test).join('\n'));
    const required = existsSync(local)
      ? npmScripts(readFileSync(local, 'utf8'))
      : npmScripts('npm run check');
    expect(required.size).toBeGreaterThan(0);
    for (const script of required) {
      if (script === 'check') continue; // an aggregate: its parts are checked one by one
      expect(scripts, `CI runs npm script ${script}`).toContain(script);
    }
  });

  it('checks Terraform formatting, validates and plans pull requests with a PR comment', () => {
    const all = Object.values(wf.jobs).flatMap((j) => runs(j));
    expect(all.some((c) => /terraform fmt -check\b/.test(c))).toBe(true);
    expect(all.some((c) => /terraform init -backend=false\b/.test(c))).toBe(true);
    expect(all.some((c) => /terraform validate\b/.test(c))).toBe(true);
    const plan = wf.jobs.plan;
    expect(plan?.if).toContain("github.event_name == 'pull_request'");
    expect(runs(plan).some((c) => /terraform plan\b/.test(c))).toBe(true);
    expect(plan?.steps?.some((s) => s.uses?.startsWith('actions/github-script@'))).toBe(true);
    expect(plan?.permissions?.['pull-requests']).toBe('write');
  });
});

describe('deploy.yml', () => {
  const wf = load('deploy.yml');
  const jobs = Object.entries(wf.jobs);

  it('runs on pushes to main', () => {
    expect(triggers(wf)).toContain('push');
    const push = (wf.on as Record<string, { branches?: string[] }>).push;
    expect(push?.branches).toEqual(['main']);
  });

  it('runs the CI workflow first', () => {
    const ci = jobs.find(([, j]) => j.uses === './.github/workflows/ci.yml');
    expect(ci).toBeDefined();
    const deployJob = jobs.find(([, j]) => runs(j).some((c) => /terraform apply\b/.test(c)));
    expect(deployJob).toBeDefined();
    expect([deployJob?.[1].needs].flat()).toContain(ci?.[0]);
  });

  it('applies Terraform and deploys to Heroku inside the protected production environment', () => {
    const gated = jobs.filter(([, j]) => runs(j).some((c) => /terraform apply\b|git push\b.*heroku/.test(c)));
    expect(gated.length).toBeGreaterThan(0);
    for (const [id, job] of gated) {
      const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      expect(environment, `job ${id} runs in the production environment`).toBe('production');
    }
    const commands = gated.flatMap(([, j]) => runs(j)).join('\n');
    expect(commands).toMatch(/terraform apply\b/);
    expect(commands).toMatch(/git push\b.*git\.heroku\.com/);
    expect(commands.indexOf('terraform apply')).toBeLessThan(commands.indexOf('git push'));
  });

  it('smoke-checks /readyz with retries after the deploy', () => {
    const smoke = jobs.find(([, j]) => runs(j).some((c) => c.includes('/readyz')));
    expect(smoke).toBeDefined();
    const command = runs(smoke?.[1]).join('\n');
    expect(command).toMatch(/curl\b[^]*--fail\b/);
    expect(command).toMatch(/--retry\s+\d+/);
  });
});

describe('credentials: a read-only plan for pull requests, apply credentials only in production on main', () => {
  /** The secrets the apply job holds: they can change production. */
  const APPLY_SECRETS = [
    'HEROKU_API_KEY',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AUTH0_CLIENT_ID',
    'AUTH0_CLIENT_SECRET',
    'ARTIST_PASSWORD',
    'LOG_DRAIN_URL',
  ];
  const secretsOf = (job: Job | undefined): string[] => [
    ...new Set([...JSON.stringify(job ?? {}).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1] as string)),
  ];
  const environmentOf = (job: Job): string | undefined =>
    typeof job.environment === 'string' ? job.environment : job.environment?.name;

  it('gives the pull-request plan only the read-only TF_PLAN_* identity, and it never locks or applies', () => {
    const plan = load('ci.yml').jobs.plan;
    expect(plan).toBeDefined();
    expect(plan?.environment).toBeUndefined();
    const used = secretsOf(plan);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(name, 'plan secret').toMatch(/^TF_PLAN_/);
    // The providers read these variables: each gets the plan identity's value.
    expect(plan?.env).toMatchObject({
      HEROKU_API_KEY: '${{ secrets.TF_PLAN_HEROKU_API_KEY }}',
      AWS_ACCESS_KEY_ID: '${{ secrets.TF_PLAN_AWS_ACCESS_KEY_ID }}',
      AWS_SECRET_ACCESS_KEY: '${{ secrets.TF_PLAN_AWS_SECRET_ACCESS_KEY }}',
      AUTH0_CLIENT_ID: '${{ secrets.TF_PLAN_AUTH0_CLIENT_ID }}',
      AUTH0_CLIENT_SECRET: '${{ secrets.TF_PLAN_AUTH0_CLIENT_SECRET }}',
    });
    const commands = runs(plan).join('\n');
    expect(commands).toMatch(/terraform plan\b[^\n]*-lock=false/);
    expect(commands).not.toMatch(/terraform (apply|import|state (rm|mv|push)|force-unlock)\b/);
    // Nothing else in ci.yml (which runs for every branch and pull request) sees an apply credential.
    for (const [id, job] of Object.entries(load('ci.yml').jobs)) {
      expect(environmentOf(job), `ci.yml job ${id}`).toBeUndefined();
      for (const name of secretsOf(job)) expect(APPLY_SECRETS, `ci.yml job ${id}`).not.toContain(name);
    }
  });

  it('uses the apply credentials only in jobs of the protected production environment that run on main', () => {
    let holders = 0;
    for (const file of files) {
      const wf = load(file);
      for (const [id, job] of Object.entries(wf.jobs)) {
        const used = secretsOf(job);
        if (!used.some((name) => APPLY_SECRETS.includes(name))) continue;
        holders += 1;
        expect(file, `job ${id}`).toBe('deploy.yml');
        expect(environmentOf(job), `${file} job ${id}`).toBe('production');
        expect(job.if, `${file} job ${id} runs on main only`).toContain("github.ref == 'refs/heads/main'");
        for (const name of used) expect(name, `${file} job ${id}`).not.toMatch(/^TF_PLAN_/);
      }
    }
    expect(holders).toBeGreaterThan(0);
    const deploy = load('deploy.yml');
    expect(triggers(deploy)).not.toContain('pull_request');
    expect(triggers(deploy)).not.toContain('pull_request_target');
    // The called CI workflow (which includes the plan job) inherits no secret from the deploy.
    for (const file of files) expect(raw.get(file), file).not.toMatch(/secrets:\s*inherit/);
  });
});
