/**
 * The harness's own checks can fail: axe (its minified build) finds a serious violation, and
 * a page wider than a phone is caught; a page kept for the next test is really wiped. No bank: the pages are set by
 * hand in the worker's one browser.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  lendPage,
  sharedBrowser,
  wipePage,
} from './harness.js';

const PAGE = (body: string) =>
  `<!doctype html><html lang="ru"><head><title>Проверка</title><meta name="viewport" content="width=device-width">` +
  `</head><body><main><h1>Проверка</h1>${body}</main></body></html>`;

describeInBrowser('the browser harness’s checks', () => {
  let context: BrowserContext | undefined;
  afterAll(async () => {
    await context?.close();
  });

  it('fails a page with a serious accessibility violation or sideways scrolling, and passes a sound one', async () => {
    context = await (await sharedBrowser()).newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.setContent(PAGE('<form><label for="q">Запрос</label><input id="q" name="q"></form>'));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    // An input without a label is a critical violation (axe's rule "label").
    await page.setContent(PAGE('<form><input name="q"></form>'));
    await expect(expectAccessible(page)).rejects.toMatchObject({
      actual: [expect.objectContaining({ id: 'label', impact: 'critical' })],
    });

    await page.setContent(PAGE('<div style="width: 600px">Широкая таблица</div>'));
    await expect(expectNoSidewaysScroll(page)).rejects.toThrow(/page width at 375 px/);
  });
});

describeInBrowser('a page kept for the next test', () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('comes back blank: no cookies, storage, routes, permissions, other tabs or listeners of the last test', async () => {
    // A tiny site of its own: the wipe is checked against a real origin, without a bank.
    const headers: string[] = [];
    server = createServer((request, response) => {
      headers.push(...Object.keys(request.headers));
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(PAGE('<p id="p">Страница</p>'));
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await sharedBrowser();
    const problems: string[] = [];

    const first = await lendPage(browser, { width: 375 }, problems);
    await first.page.goto(origin + '/');
    await first.page.evaluate(() => {
      localStorage.setItem('draft', 'черновик');
      sessionStorage.setItem('focus', 'q');
      document.cookie = 'seen=1; path=/';
    });
    await first.context.grantPermissions(['clipboard-read'], { origin });
    await first.context.setExtraHTTPHeaders({ 'x-left-behind': '1' });
    await first.page.emulateMedia({ colorScheme: 'dark', media: 'print' });
    await first.page.route('**/blocked', (route) => route.abort());
    let heard = 0;
    first.page.on('request', () => (heard += 1));
    const extra = await first.context.newPage();
    await wipePage(first, origin);

    const second = await lendPage(browser, { width: 1280 }, problems);
    try {
      // The same page, kept: what the wipe is for.
      expect(second.page).toBe(first.page);
      expect(extra.isClosed()).toBe(true);
      expect(second.page.url()).toBe('about:blank');
      expect(second.page.viewportSize()).toEqual({ width: 1280, height: 800 });
      expect(await second.context.cookies()).toEqual([]);
      headers.length = 0;
      await second.page.goto(origin + '/blocked');
      expect(headers).not.toContain('x-left-behind');
      expect(await second.page.evaluate(() => matchMedia('(prefers-color-scheme: dark), print').matches)).toBe(false);
      expect(await second.page.locator('#p').innerText()).toBe('Страница');
      expect(heard).toBe(0);
      expect(
        await second.page.evaluate(() => ({
          local: localStorage.length,
          session: sessionStorage.length,
          cookie: document.cookie,
        })),
      ).toEqual({ local: 0, session: 0, cookie: '' });
      expect(
        await second.page.evaluate(() =>
          navigator.permissions.query({ name: 'clipboard-read' as PermissionName }).then((p) => p.state),
        ),
      ).not.toBe('granted');
    } finally {
      await second.context.close();
    }
  });
});
