import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('exports and the report list in a browser', () => {
  const web = useBrowser();

  it('leads from a search to its report list by keyboard, and the list is accessible and fits a phone', async () => {
    const page = await web.page({ width: 375 });
    await page.goto(web.url('/?level=preschool'));
    // The download links sit under the count: a spreadsheet and a CSV of the very search shown.
    const excel = page.getByRole('link', { name: 'Excel', exact: true });
    expect(await excel.getAttribute('href')).toContain('level=preschool');
    await expectNoSidewaysScroll(page);
    await tabUntil(page, 'a[href^="/report-list"]', 80);
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(/\/report-list\?/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe('Список для отчёта');
    expect(await page.locator('#report-items li').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    // The copy button is an enhancement: shown only once its script runs.
    expect(await page.locator('button.copy-list').isVisible()).toBe(true);
    expect(web.problems).toEqual([]);
  });

  it('offers the search page’s whole result as a spreadsheet a browser downloads', async () => {
    const page = await web.page();
    await page.goto(web.url('/?level=preschool'));
    const href = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
    const res = await page.request.get(web.url(href!));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers()['content-disposition']).toMatch(/attachment/);
    const text = await res.text();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });
});
