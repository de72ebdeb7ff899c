import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('the search page in a browser', () => {
  const web = useBrowser();

  it('finds, filters by a facet, keeps the filter on page 2 and opens a practice', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    await page.getByLabel('Поиск практик').fill('развитие');
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect.poll(() => page.url()).toContain('q=%D1%80');
    const level = page.getByRole('group', { name: 'Уровень образования' }).getByRole('checkbox').first();
    const code = await level.getAttribute('value');
    await Promise.all([page.waitForURL(/level=/), level.check()]);
    expect(page.url()).toContain(`level=${code}`);
    await expect.poll(() => page.getByRole('link', { name: /Убрать фильтр/ }).count()).toBe(1);
    const next = page.getByRole('link', { name: 'Дальше →' });
    if ((await next.count()) > 0) {
      await next.click();
      expect(page.url()).toContain('page=2');
      expect(page.url()).toContain(`level=${code}`);
      expect(await page.getByLabel('Поиск практик').inputValue()).toBe('развитие');
    }
    const first = page.locator('ol.hits h2 a').first();
    const title = (await first.innerText()).trim();
    await first.click();
    await expect.poll(() => page.url()).toMatch(/\/practices\/67-\d{4}-\d{4}$/);
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(web.problems).toEqual([]);
  });

  it('fits a 375 px phone without sideways scrolling', async () => {
    const page = await web.page({ width: 375 });
    for (const url of ['/', '/?q=%D0%A2%D0%A0%D0%98%D0%97&level=preschool', '/no-such-page']) {
      await page.goto(web.url(url));
      await expectNoSidewaysScroll(page);
    }
  });

  it('has no serious accessibility violation on the search page, its empty state and error pages', async () => {
    const page = await web.page();
    for (const url of [
      '/',
      '/?q=%D1%88%D0%B0%D1%85%D0%BC%D0%B0%D1%82%D1%8B&level=primary',
      '/?q=zzzzqqq',
      '/?page=99',
      '/?level=nonsense',
      '/no-such-page',
    ]) {
      await page.goto(web.url(url));
      await expectAccessible(page);
    }
  });

  it('is usable by keyboard alone: the skip link comes first and focus is always visible', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    expect(await tabUntil(page, 'a.skip-link')).toBe(1);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await tabUntil(page, 'input[name="level"]');
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await page.waitForURL(/level=/);
    // The script puts focus back on the checkbox that was just applied.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.checked)).toBe(true);
  });

  it('filters with JavaScript off through the form and its button', async () => {
    const page = await web.page({ javaScript: false });
    await page.goto(web.url('/'));
    await page.getByRole('group', { name: 'Уровень образования' }).getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Применить фильтры' }).click();
    expect(page.url()).toMatch(/level=/);
    expect(await page.locator('.chips a').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.hits > li').count()).toBeGreaterThan(0);
  });
});
