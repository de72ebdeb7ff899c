import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { otherSchool, publishedPractice } from '../adoptions/fixtures.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

/** Presses Enter on the focused button and waits until the page its form answered has loaded. */
async function submitted(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
}

describeInBrowser('adoptions in a browser', () => {
  const web = useBrowser();

  it(
    'lets a teacher report an adoption on a phone with the keyboard, a moderator confirm it, and the practice page and the map count it',
    { timeout: 120_000 },
    async () => {
      const app = web.app();
      const practice = await publishedPractice(app, 'Сказкотерапия в начальной школе (внедрение)');
      const { organizationId, teacher } = await otherSchool(app);
      // The map before: Рославль (the reporting school's district) has no adoption yet.
      const visitor = await web.page({ width: 375 });
      const roslavl = visitor.locator('a[href="/municipalities/roslavlsky"] title');
      await visitor.goto(web.url('/map?show=adoptions'));
      expect(await roslavl.textContent()).toBe('Рославльский район: 0 подтверждённых внедрений');

      const page = await web.page({ width: 375 });
      const [name, value] = teacher.cookie.split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: web.url('/') }]);

      await page.goto(web.url(`/practices/${practice.number}`));
      await tabUntil(page, `a[href="/practices/${practice.number}/adopt"]`, 200);
      await expectVisibleFocus(page);
      await Promise.all([page.waitForURL(/\/adopt$/), page.keyboard.press('Enter')]);

      // The school is found by name without JavaScript's help: the form's own «Найти» button.
      await tabUntil(page, '#orgq');
      await page.keyboard.type('(внедрение)');
      await tabUntil(page, 'button[value="org-search"]');
      await submitted(page);
      await tabUntil(page, `#organization-${organizationId}`);
      await page.keyboard.press('Space');
      await tabUntil(page, '#since');
      await page.keyboard.type('вчера');
      await tabUntil(page, '#adapted');
      await page.keyboard.type('Сократили цикл до восьми занятий для продлённого дня.');
      await tabUntil(page, '#results');
      await page.keyboard.type('Дети чаще предлагают свои решения.');
      await tabUntil(page, 'form button[type="submit"]:not([value])', 200);
      await submitted(page);
      // A wrong month is said beside its field, and what was typed stays.
      expect(await page.locator('#since-error').first().innerText()).toContain('ГГГГ-ММ');
      expect(await page.locator('#adapted').inputValue()).toContain('восьми занятий');
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await page.fill('#since', '2025-09');
      await page.focus('#since');
      await tabUntil(page, 'form button[type="submit"]:not([value])', 200);
      await Promise.all([page.waitForURL(/\/my\/adoptions$/), page.keyboard.press('Enter')]);
      expect(await page.locator('main').innerText()).toContain('ждёт проверки модератором');

      const moderator = await web.page({ width: 1280 });
      const [mName, mValue] = practice.moderator.cookie.split('=') as [string, string];
      await moderator.context().addCookies([{ name: mName, value: mValue, url: web.url('/') }]);
      await moderator.goto(web.url('/moderation/adoptions'));
      await expectAccessible(moderator);
      await tabUntil(moderator, 'button[value="confirm"]', 200);
      await submitted(moderator);

      await visitor.goto(web.url(`/practices/${practice.number}`));
      expect(await visitor.locator('main').innerText()).toContain('Практику внедрила 1 организация в 1 муниципалитете');
      await expectAccessible(visitor);
      await expectNoSidewaysScroll(visitor);
      // The map counts it at once (its figures are the statistics', which the confirmation refreshes).
      await visitor.goto(web.url('/map?show=adoptions'));
      expect(await roslavl.textContent()).toBe('Рославльский район: 1 подтверждённое внедрение');

      // Search lists it under «есть внедрения», sorted by adoptions, the sort reachable by keyboard.
      await visitor.goto(web.url('/?adopted=yes&sort=adoptions'));
      expect(await visitor.locator('main').innerText()).toContain('Есть внедрения');
      expect(await visitor.locator(`a[href="/practices/${practice.number}"]`).count()).toBeGreaterThan(0);
      expect(await visitor.locator('#sort').inputValue()).toBe('adoptions');
      await tabUntil(visitor, '#sort', 200);
      await expectAccessible(visitor);
      await expectNoSidewaysScroll(visitor);
      // The refused month was answered 400 on purpose, as every refused form is; nothing else may have failed.
      expect(
        web.problems.filter(
          (p) =>
            // The form posts multipart, so its CSRF token rides in the address.
            !/\/adopt(\?_csrf=[^:]*)?: Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/.test(
              p,
            ),
        ),
      ).toEqual([]);
      expect(web.problems).toHaveLength(1);
    },
  );
});
