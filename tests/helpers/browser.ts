// Browser tests against a real app: Debian's Chromium driven by playwright-core, the app listening on a free port
// with PGlite (in memory) and local storage in a temp folder, plus axe (WCAG 2.1 A/AA) and html-validate.
//
//   const site = await startSite();               // skip the suite when !HAS_CHROMIUM
//   const page = await site.newPage({ locale: 'en-GB', width: 1280 });
//   await page.goto(site.url('/en/'));
//   expect(await site.axe(page)).toEqual([]);
//   expect(await site.validateHtml('/en/')).toEqual([]);
//   await site.close();
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { createQueue, type Queue } from '../../src/platform/queue/index.js';
import { startWorker } from '../../src/worker.js';
import pino from 'pino';
import { createTempDir, openTestDatabase } from './db.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM_MESSAGE = `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * html-validate's recommended rules, relaxed only where they contradict valid choices we made:
 * - void-style: preact-render-to-string writes void elements as `<meta/>`; both forms are valid HTML.
 * - doctype-style: `<!doctype html>` in lower case is as valid as upper case (and compresses better).
 * - form-dup-name: the checkboxes of a filter share its name (a multi-valued GET field, as the search form sends);
 *   the rule's default sharing (radios, buttons) is kept.
 */
export const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    'void-style': 'off',
    'doctype-style': 'off',
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
};

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

export interface HtmlProblem {
  rule: string;
  message: string;
  line: number;
  column: number;
}

export interface TestSite {
  readonly baseUrl: string;
  readonly config: Config;
  readonly app: FastifyInstance;
  readonly handle: DatabaseHandle;
  readonly storage: Storage;
  /** Present when started with `{ worker: true }`: jobs run in this process as in `npm start`. */
  readonly queue: Queue | undefined;
  readonly browser: Browser;
  url(path: string): string;
  /** A fresh context (no cookies) with the locale, viewport width (default 1280) and colour scheme. */
  newPage(opts?: {
    locale?: string;
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
    javaScriptEnabled?: boolean;
    /** Device pixels per CSS pixel (default 1): which srcset candidate the browser picks depends on it. */
    deviceScaleFactor?: number;
  }): Promise<Page>;
  /** axe-core with the WCAG 2.0/2.1 A and AA rules on the page as it is now; [] when it passes. */
  axe(page: Page): Promise<AxeViolation[]>;
  /** html-validate over an HTML string; [] when valid. */
  validateHtml(html: string): Promise<HtmlProblem[]>;
  close(): Promise<void>;
}

/** A port the OS says is free right now (the config needs the real port for PUBLIC_URL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the app on a free port and launches Chromium. Call only when HAS_CHROMIUM. */
export async function startSite(
  env: Record<string, string> = {},
  options: { worker?: boolean; storage?: Storage; publicHost?: string } = {},
): Promise<TestSite> {
  const temp = await createTempDir('copper-e2e-');
  const port = await freePort();
  // PUBLIC_URL's host name (default 127.0.0.1); the app listens on 127.0.0.1 either way.
  const baseUrl = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const database = await openTestDatabase('pglite', {
    DATA_DIR: temp.dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    ...env,
  });
  const contexts: BrowserContext[] = [];
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let queue: Queue | undefined;
  const storage = options.storage ?? createStorage(database.config);
  try {
    if (options.worker) {
      queue = createQueue(database.handle, { pollingIntervalSeconds: 0.5 });
      await queue.start();
      await startWorker({
        config: database.config,
        database: database.handle,
        storage,
        queue,
        log: pino({ level: 'silent' }),
      });
    }
    app = await buildApp({ config: database.config, database: database.handle, storage, queue });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await queue?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
    await database.cleanup().catch(() => undefined);
    await temp.cleanup();
    throw error;
  }
  const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);
  const openedApp = app;
  const openedBrowser = browser;
  return {
    baseUrl,
    config: database.config,
    app: openedApp,
    handle: database.handle,
    storage,
    queue,
    browser: openedBrowser,
    url: (path) => baseUrl + path,
    async newPage({
      locale = 'da-DK',
      width = 1280,
      height = 900,
      colorScheme = 'light',
      javaScriptEnabled = true,
      deviceScaleFactor = 1,
    } = {}) {
      const context = await openedBrowser.newContext({
        locale,
        viewport: { width, height },
        colorScheme,
        javaScriptEnabled,
        deviceScaleFactor,
      });
      contexts.push(context);
      return context.newPage();
    },
    async axe(page) {
      // Legacy mode runs axe in the page in one step; the default opens an extra blank page per analysis to merge
      // the frames' results (our pages have no frames): 1.3 s instead of 2.0 s a page, the same rules and results.
      const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    },
    async validateHtml(html) {
      const report = await validator.validateString(html);
      return report.results.flatMap((r) =>
        r.messages.map((m) => ({ rule: m.ruleId, message: m.message, line: m.line, column: m.column })),
      );
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await openedBrowser.close().catch(() => undefined);
      await openedApp.close();
      await queue?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
      await database.cleanup();
      await temp.cleanup();
    },
  };
}

/** Records CSP violations the page reports (from the very first script on). */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${(e.target as Element)?.outerHTML?.slice(0, 120)}`,
      ),
    );
  });
  return async () => [
    ...console,
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
  ];
}

/** Sums the page's layout shifts from its first paint on (CLS without session windows); call before goto. */
export async function watchLayoutShift(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>) w.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return () => page.evaluate(() => (window as unknown as { __shift: number }).__shift);
}
