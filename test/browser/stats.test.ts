import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';
import { signUp } from '../helper.js';

describeInBrowser('statistics in the browser', () => {
  const web = useBrowser();

  /** A page whose browser carries an administrator's session. */
  async function adminPage(width: number) {
    const client = await signUp(web.app(), { roles: ['admin'] });
    const page = await web.page({ width });
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  it('lets a phone read /stats: charts fit 375 px, no sideways scroll, axe finds nothing serious, keyboard works', async () => {
    const page = await web.page({ width: 375 });
    await page.goto(web.url('/stats'));
    expect((await page.locator('h1').textContent())?.trim()).toBe('Статистика банка');
    await expectNoSidewaysScroll(page);
    // Every bar, number and label ends inside its chart, and the chart inside the page.
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg.bar-chart')).flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('rect, text'))
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.right > box.right + 1 || box.right > window.innerWidth))
          .map(({ el, r }) => `${el.textContent}: ${Math.round(r.right)} > ${Math.round(box.right)}`);
      }),
    );
    expect(overflow).toEqual([]);
    expect(await page.locator('#stat-municipalities ~ .stats-pair tbody tr').count()).toBe(27);
    await expectAccessible(page);
    // The page's own table of contents is the first thing after the header, and leads to its section.
    await tabUntil(page, '.stats-toc a[href="#stat-municipalities"]');
    await expectVisibleFocus(page);
    // The jump is reported after the key press returns: waited for, not read at once.
    await page.keyboard.press('Enter');
    await page.waitForURL(/#stat-municipalities$/);
    expect(web.problems).toEqual([]);
  });

  it('shows an administrator the detail under the admin menu, accessible, without sideways scroll', async () => {
    const page = await adminPage(1280);
    await page.goto(web.url('/admin/stats'));
    expect((await page.locator('.admin-nav a[aria-current="page"]').textContent())?.trim()).toBe('Статистика');
    expect((await page.locator('#stat-queue').textContent())?.trim()).toBe('Очередь модерации');
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoSidewaysScroll(page);
    expect(web.problems).toEqual([]);
  });
});
