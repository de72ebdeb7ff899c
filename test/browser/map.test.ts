import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  useBrowser,
} from './harness.js';

describeInBrowser('the regional map in the browser', () => {
  const web = useBrowser();

  it('lets a phone reach every municipality and the switch by keyboard, fits 375 px, and axe finds nothing serious', async () => {
    const page = await web.page({ width: 375 });
    await page.goto(web.url('/map'));
    expect((await page.locator('h1').textContent())?.trim()).toBe('Карта практик и внедрений');
    await expectNoSidewaysScroll(page);
    // On a phone each tile shows its abbreviation, large enough to tap.
    const tiles = page.locator('svg.tile-map a');
    expect(await tiles.count()).toBe(27);
    const box = await tiles.first().locator('rect').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(await page.locator('svg.tile-map .abbr').first().isVisible()).toBe(true);
    expect(await page.locator('svg.tile-map .name').first().isVisible()).toBe(false);
    await expectAccessible(page);

    // Tab from the top of the page to the table under the map: every switch link and every tile on the way.
    // The page records what takes focus, so the presses need no round trip each.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      document.addEventListener('focusin', (e) => seen.push((e.target as Element).getAttribute('href') ?? ''));
    });
    for (let presses = 0; presses < 45; presses += 1) await page.keyboard.press('Tab');
    const reached = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const municipalities = new Set(reached.filter((h) => h.startsWith('/municipalities/')));
    expect(municipalities.size).toBe(27);
    for (const href of ['/map', '/map?show=adoptions', '/map?scale=per-1000']) expect(reached, href).toContain(href);

    // The switch works from the keyboard: «Внедрения» on Enter, and the choice is marked on the new page.
    await page.locator('.map-switch a', { hasText: 'Внедрения' }).focus();
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(/show=adoptions/), page.keyboard.press('Enter')]);
    expect(await page.locator('.map-switch a[aria-current="true"]').allTextContents()).toEqual(['Внедрения', 'Всего']);
    expect(await page.locator('.map-legend-caption').textContent()).toBe('Подтверждённые внедрения');

    // A wide screen: names on the tiles, still accessible.
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.locator('svg.tile-map .name').first().isVisible()).toBe(true);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    expect(web.problems).toEqual([]);
  });
});
