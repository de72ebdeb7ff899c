/**
 * Browser tests: a real bank on 127.0.0.1 (demo data, its own temp data dir) and Debian's chromium driven by
 * playwright-core — nothing is downloaded.
 *
 *   const web = useBrowser();                 // one bank per file; the worker's one chromium (see below)
 *   it('…', async () => {
 *     const page = await web.page();          // 1280×800, JavaScript on; web.page({ width: 375, javaScript: false })
 *     await page.goto(web.url('/'));
 *     await expectAccessible(page);           // axe-core: no serious or critical violation
 *   });
 *
 * What keeps the browser files cheap (the whole `npm test` must stay under 10 minutes on two cores; a browser file
 * should take well under 30 s alone) — follow it in a new file:
 * - Never launch chromium in a test file: `useBrowser()` (or `useBrowser(env, start)` for a bank built by hand)
 *   borrows the worker's one chromium, launched at the first browser file and kept for the next (vitest reuses the
 *   worker, `isolate: false`).
 * - Never open a context or page yourself: `web.page()` lends one. Opening a page is chromium's dearest step (a
 *   renderer and a context, ~2 CPU-s against 0.3 for a navigation), so after each test its pages are wiped — no
 *   cookies, storage, cache, routes or listeners left — and kept for the next test of this or a later file.
 * - One bank per file (`useBrowser` starts it beside the browser); tests share it and must not assume it is empty.
 * - Few page loads: check several things on one loaded page; sign a browser in with `signUp()`'s cookie, never
 *   through the login page (except the test of the login page itself).
 * - One `expectAccessible` per page kind and state (axe takes seconds); a second width only where it shows other
 *   markup (a folded menu). `expectNoSidewaysScroll` at 375 px is cheap.
 * - `screenshot()` saves a picture only when SHOTS=1 is set (`SHOTS=1 npx vitest run test/browser/x.test.ts`), or
 *   use `npm run screenshots -- <paths>`: a picture checks nothing, and a full-page PNG costs a second of CPU.
 *
 * Without /usr/bin/chromium the file's tests are skipped with one line naming the apt package.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import path from 'node:path';
import type axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { tempDir, testConfig } from '../helper.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Debian's chromium, headless, with nothing that phones home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

let shared: Promise<Browser> | undefined;

/**
 * The worker's one chromium, launched at first use and kept for every browser file the worker runs after (a launch
 * and its first context cost seconds on a busy machine). Never close it in a test: close your contexts. Playwright
 * kills it when the worker process exits; a crashed one is launched again at the next call.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    const launching = launchBrowser();
    shared = launching;
    launching.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (shared === launching) shared = undefined;
        }),
      () => {
        if (shared === launching) shared = undefined;
      },
    );
  }
  return shared;
}

/** The bank with demo data over `dataDir`, listening on a free port of 127.0.0.1. */
export async function startBank(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ app: App; base: string }> {
  const app = await buildApp(testConfig({ DEMO_DATA: 'true', DATA_DIR: dataDir, ...env }));
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

/** `describe` for browser tests: skipped, with one line saying why, where chromium is not installed. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    // A shared two-core machine runs axe and page loads slowly: a generous limit, so slowness is not failure.
    describe(name, { timeout: 60_000 }, body);
    return;
  }
  console.warn(`browser tests skipped: ${CHROMIUM} is missing — install the apt package chromium`);
  describe.skip(`${name} (needs the apt package chromium)`, body);
}

export interface PageOptions {
  /** Viewport width in CSS pixels (1280 unless said); height 800. */
  width?: number;
  height?: number;
  /** `false` loads pages with scripts off, as a browser with JavaScript disabled. */
  javaScript?: boolean;
}

export interface BrowserWorld {
  /** The bank's address for a path, e.g. `url('/?q=ТРИЗ')`. */
  url(pathname: string): string;
  /**
   * A page of its own context for this test: blank, no cookies, no storage (a kept page wiped, or a new one);
   * console errors and failed requests are collected in `problems`.
   */
  page(options?: PageOptions): Promise<Page>;
  /** Console errors, CSP refusals and page errors seen so far on every page of the file. */
  problems: string[];
  app(): App;
}

/** Runs the attachment jobs until every demo file has its text and preview, as a settled bank shows them. */
export function materialsReady(app: App): Promise<void> {
  return app.bank.services.jobs.drain('attachment');
}

/**
 * A page lent to a test. Opening a page is the dearest step in chromium (a renderer process and a context: about
 * 2 CPU-seconds, against 0.3 for a navigation), so pages are not closed after a test but wiped and kept for the
 * next one — in this file or the worker's next — as a browser is after "clear browsing data".
 */
export interface Lent {
  context: BrowserContext;
  page: Page;
  javaScript: boolean;
}

/** The worker's pages waiting for their next test, wiped (see `wipePage`). */
const idle: Lent[] = [];

/**
 * Events the harness (console errors, page errors) and tests listen to; their listeners go with the loan
 * (Playwright's own waiters remove theirs).
 */
const TEST_EVENTS = [
  'console',
  'pageerror',
  'request',
  'requestfinished',
  'requestfailed',
  'response',
  'dialog',
  'download',
  'popup',
  'framenavigated',
] as const;

export async function lendPage(browser: Browser, options: PageOptions, problems: string[]): Promise<Lent> {
  const { width = 1280, height = 800, javaScript = true } = options;
  const kept = idle.findLastIndex((l) => l.javaScript === javaScript && l.context.browser() === browser);
  let lent: Lent;
  if (kept >= 0) {
    lent = idle.splice(kept, 1)[0]!;
    await lent.page.setViewportSize({ width, height });
  } else {
    const context = await browser.newContext({
      viewport: { width, height },
      javaScriptEnabled: javaScript,
      locale: 'ru-RU',
    });
    lent = { context, page: await context.newPage(), javaScript };
  }
  const { page } = lent;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return lent;
}

/** Playwright's own default for actions and navigations, put back on a kept page. */
const PLAYWRIGHT_TIMEOUT = 30_000;

/**
 * Leaves nothing of a test in its page: other tabs, routes, offline mode, permissions, the listeners, the storage
 * of the bank's origin (drafts in localStorage, focus kept in sessionStorage), the HTTP cache, the cookies, extra
 * headers, emulated media and geolocation, timeouts, the mouse's place; then an empty page. A page that cannot be
 * wiped (the test closed it or its context) is closed instead of kept. Init scripts, bindings and the fake clock
 * cannot be undone: a test that needs them opens a context of its own (and closes it).
 */
export async function wipePage(lent: Lent, origin: string): Promise<void> {
  const { context, page } = lent;
  try {
    if (page.isClosed()) throw new Error('closed by the test');
    for (const event of TEST_EVENTS) page.removeAllListeners(event);
    for (const other of context.pages()) if (other !== page) await other.close();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.setOffline(false);
    await context.clearPermissions();
    await context.setGeolocation(null);
    await context.setExtraHTTPHeaders({});
    await page.setExtraHTTPHeaders({});
    await page.emulateMedia({
      media: null,
      colorScheme: null,
      reducedMotion: null,
      forcedColors: null,
      contrast: null,
    });
    page.setDefaultTimeout(PLAYWRIGHT_TIMEOUT);
    page.setDefaultNavigationTimeout(PLAYWRIGHT_TIMEOUT);
    await page.mouse.move(-1, -1); // nothing left hovered
    // sessionStorage lives in the tab, not the origin's storage: cleared on the page itself, once a form post under
    // way has landed. A failure here closes the page rather than keep it half wiped.
    if (lent.javaScript && page.url().startsWith(origin)) {
      await page.waitForLoadState('load').catch(() => undefined);
      if (page.url().startsWith(origin)) await page.evaluate(() => sessionStorage.clear());
    }
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    await context.clearCookies();
    idle.push(lent);
  } catch {
    await context.close().catch(() => undefined);
  }
}

/**
 * Stops a bank that kept pages may still hold sockets to. Chromium keeps a page's sockets open, and opens some
 * ahead of need (a preconnect): Node does not count a socket that never carried a request as idle, so the bank's
 * close would wait for its 30 s header timeout. Every socket is dropped, and any opened while closing.
 */
async function closeBank(app: App): Promise<void> {
  app.server.on('connection', (socket: Socket) => socket.destroy());
  app.server.closeAllConnections();
  await app.close();
}

/**
 * Starts the bank (`startBank`, or `start` for a bank built by hand) and borrows the worker's browser before the
 * file's tests; stops the bank afterwards. Pages are lent per test and wiped after it (see `Lent`).
 */
export function useBrowser(
  env: Record<string, string> = {},
  start: (dataDir: string) => Promise<{ app: App; base: string }> = (dir) => startBank(dir, env),
): BrowserWorld {
  let app: App | undefined;
  let browser: Browser | undefined;
  let base = '';
  const lent: Lent[] = [];
  let data: ReturnType<typeof tempDir> | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) return;
    data = tempDir('bank-browser-');
    const [bank, launched] = await Promise.all([start(data.dir), sharedBrowser()]);
    ({ app, base } = bank);
    browser = launched;
    // A bank with demo data and (for the worker's first file) chromium: over a minute at a load of 30 on two cores.
  }, 120_000);
  // Each test reads only its own pages' problems: tests run in shuffled order, and another test's deliberate 404
  // must not fail this one.
  beforeEach(() => {
    problems.length = 0;
  });
  // A failed test's pages are closed, not kept: a test that timed out is not stopped, and its next steps must not
  // drive a page another test holds by then.
  afterEach(async ({ task }) => {
    for (const loan of lent.splice(0))
      if (task.result?.state === 'fail') await loan.context.close().catch(() => undefined);
      else await wipePage(loan, new URL(base).origin);
  });
  afterAll(async () => {
    if (app) await closeBank(app);
    data?.remove();
  });

  return {
    url: (pathname) => base + pathname,
    problems,
    app: () => {
      if (!app) throw new Error('the bank is not started yet');
      return app;
    },
    async page(options = {}) {
      if (!browser) throw new Error('the browser is not started yet');
      const loan = await lendPage(browser, options, problems);
      lent.push(loan);
      return loan.page;
    },
  };
}

/**
 * axe-core's minified build: the same rules as `axe.source` (the 1.5 MB unminified file), in 650 KB that the page
 * compiles in half the CPU — a second or more saved at every injection on a busy machine.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe with its rules' declared impacts (`_audit`, axe's own registry of rules: not in its typings). */
type AxeWithRules = typeof axe & { _audit: { rules: { id: string; impact?: axe.ImpactValue }[] } };

/** Runs axe-core on the page and fails on any serious or critical violation, listing them. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not stop it; once per
  // document, again only after a navigation.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const engine = (window as unknown as { axe: AxeWithRules }).axe;
    // A rule that declares its impact gives every violation that impact (axe's finalizeRuleResult): the third of
    // the rules declared minor or moderate can never fail this check, and are not run.
    const rules = Object.fromEntries(
      engine._audit.rules
        .filter((rule) => rule.impact === 'minor' || rule.impact === 'moderate')
        .map((rule) => [rule.id, { enabled: false }]),
    );
    const result = await engine.run(document, { resultTypes: ['violations'], rules });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** Fails when the page is wider than its viewport (sideways scrolling on a phone). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scrollWidth, `page width at ${width} px on ${page.url()}`).toBeLessThanOrEqual(width);
}

/** Presses Tab until the focused element matches `selector` (at most `limit` times); returns how many presses. */
export async function tabUntil(page: Page, selector: string, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return presses;
  }
  throw new Error(`${selector} got no focus after ${limit} presses of Tab on ${page.url()}`);
}

/** Fails unless the focused element shows it: an outline or a box shadow that is really drawn. */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle, outlineWidth: s.outlineWidth, shadow: s.boxShadow };
  });
  expect(style, 'something has focus').not.toBeNull();
  const drawn = (style!.outline !== 'none' && style!.outlineWidth !== '0px') || style!.shadow !== 'none';
  expect(drawn, `focus indicator ${JSON.stringify(style)}`).toBe(true);
}

/** In a test: a full-page screenshot to /tmp/shots/<name>.png when SHOTS=1 is set, else nothing (it checks nothing). */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  if (!process.env.SHOTS) return undefined;
  return saveScreenshot(page, name);
}

/** Saves a full-page screenshot to /tmp/shots/<name>.png for a person to look at (never committed). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync('/tmp/shots', { recursive: true });
  const file = path.join('/tmp/shots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
