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
    await page.goto(web.url('/?perPage=5'));
    await page.getByLabel('Поиск практик').fill('развитие');
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect.poll(() => page.url()).toContain('q=%D1%80');
    const level = page.getByRole('group', { name: 'Уровень образования' }).getByRole('checkbox').first();
    const code = await level.getAttribute('value');
    await Promise.all([page.waitForURL(/level=/), level.check()]);
    expect(page.url()).toContain(`level=${code}`);
    await expect.poll(() => page.getByRole('link', { name: /Убрать фильтр/ }).count()).toBe(1);
    // Five to a page (kept by the form from the address), so the most frequent level spans several pages.
    await page.getByRole('link', { name: 'Дальше →' }).click();
    await page.waitForURL(/page=2/);
    expect(page.url()).toContain(`level=${code}`);
    expect(page.url()).toContain('perPage=5');
    expect(await page.getByLabel('Поиск практик').inputValue()).toBe('развитие');
    expect(await page.locator('ol.hits > li').count()).toBe(5);
    const first = page.locator('ol.hits h2 a').first();
    const title = (await first.innerText()).trim();
    await first.click();
    await expect.poll(() => page.url()).toMatch(/\/practices\/67-\d{4}-\d{4}$/);
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(web.problems).toEqual([]);
  });

  it('fits a 375 px phone, and even 320 px, without sideways scrolling', async () => {
    const page = await web.page({ width: 375 });
    for (const url of ['/', '/?q=%D0%A2%D0%A0%D0%98%D0%97&level=preschool', '/no-such-page', '/?level=nonsense']) {
      await page.goto(web.url(url));
      await expectNoSidewaysScroll(page);
    }
    const narrow = await web.page({ width: 320 });
    await narrow.goto(web.url('/?level=preschool&level=primary'));
    await expectNoSidewaysScroll(narrow);
  });

  it('has no serious accessibility violation on the search page, with filters and when nothing is found', async () => {
    const page = await web.page();
    for (const url of ['/', '/?q=%D1%88%D0%B0%D1%85%D0%BC%D0%B0%D1%82%D1%8B&level=primary', '/?q=zzzzqqq']) {
      await page.goto(web.url(url));
      await expectAccessible(page);
    }
  });

  it('has no serious accessibility violation on error pages and a page beyond the end', async () => {
    const page = await web.page();
    for (const url of ['/?page=99', '/?level=nonsense', '/no-such-page']) {
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
    // The filters come after the results in the page: a link just under the box leads to them.
    expect(await tabUntil(page, 'a.to-filters')).toBeLessThanOrEqual(4);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    expect(await tabUntil(page, 'input[name="level"]')).toBeLessThanOrEqual(2);
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
    await page.waitForURL(/level=/);
    expect(await page.locator('.chips a').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.hits > li').count()).toBeGreaterThan(0);
  });

  it('shows every value of every facet on a desktop, the folded ones under «Ещё N», all reachable by keyboard', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    const more = page.locator('#filters details.more > summary');
    expect(await more.count()).toBeGreaterThan(0);
    for (const summary of await more.all()) {
      await summary.focus();
      await page.keyboard.press('Enter');
    }
    // A value is hidden when a box between it and the panel clips it (a scrolling list cuts off its last items).
    const hidden = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('#filters input[type="checkbox"]'))
        .filter((input) => {
          const box = input.getBoundingClientRect();
          if (box.height === 0) return true;
          for (let el = input.parentElement; el && el.id !== 'filters'; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const clip = el.getBoundingClientRect();
            if (box.top < clip.top || box.bottom > clip.bottom || box.left < clip.left || box.right > clip.right)
              return true;
          }
          return false;
        })
        .map((input) => `${input.name}=${input.value}`),
    );
    expect(hidden).toEqual([]);
    const last = page.locator('#filters input[name="municipality"]').last();
    const value = await last.getAttribute('value');
    await page.locator('#filters input[name="municipality"]').first().focus();
    await tabUntil(page, `input[name="municipality"][value="${value}"]`, 80);
    await expectVisibleFocus(page);
    expect(await last.isVisible()).toBe(true);
  });

  it('shows a phone without JavaScript the results first, and a link down to the filters', async () => {
    const page = await web.page({ width: 375, javaScript: false });
    await page.goto(web.url('/?q=%D1%80%D0%B0%D0%B7%D0%B2%D0%B8%D1%82%D0%B8%D0%B5'));
    const firstResult = (await page.locator('ol.hits > li').first().boundingBox())!;
    const filters = (await page.locator('#filters').boundingBox())!;
    expect(firstResult.y).toBeLessThan(filters.y);
    expect(firstResult.y, 'the first result is on the first screen').toBeLessThan(800);
    await page.getByRole('link', { name: 'Перейти к фильтрам' }).click();
    await page.waitForURL(/#filters$/); // a jump within the page is reported after the click returns
    const level = (await page.getByRole('group', { name: 'Уровень образования' }).boundingBox())!;
    expect(level.y).toBeGreaterThanOrEqual(0);
    expect(level.y).toBeLessThan(800);
    // Scripts cannot run in that page, so the same layout is measured and checked with them on.
    const phone = await web.page({ width: 375 });
    await phone.goto(web.url('/?q=%D1%80%D0%B0%D0%B7%D0%B2%D0%B8%D1%82%D0%B8%D0%B5'));
    await expectNoSidewaysScroll(phone);
    await expectAccessible(phone);
  });
});
