/**
 * The harness's own checks can fail: axe (its minified build) finds a serious violation, and
 * a page wider than a phone is caught. No bank: the pages are set by hand in the worker's one browser.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, expectNoSidewaysScroll, sharedBrowser } from './harness.js';

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
