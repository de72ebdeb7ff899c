import { expect, it } from 'vitest';
import { signUp } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('collections in a browser', () => {
  const web = useBrowser();

  it(
    'lets a curator build a collection with the keyboard alone, and a visitor sees it in that order',
    { timeout: 120_000 },
    async () => {
      const app = web.app();
      const numbers = (
        app.bank.db.$client
          .prepare('SELECT registry_number AS n FROM practices WHERE registry_number IS NOT NULL ORDER BY id LIMIT 2')
          .all() as { n: string }[]
      ).map((r) => r.n);
      const curator = await signUp(app, { roles: ['curator'] });
      const page = await web.page({ width: 375 });
      const [name, value] = curator.cookie.split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: web.url('/') }]);

      await page.goto(web.url('/curation/new'));
      await tabUntil(page, '#title');
      await expectVisibleFocus(page);
      await page.keyboard.type('Материалы августовской конференции');
      await tabUntil(page, '#lead');
      await page.keyboard.type('Практики, показанные на секциях конференции.');
      await Promise.all([
        page.waitForURL(/\/curation\/\d+$/),
        page.focus('#title').then(() => page.keyboard.press('Enter')),
      ]);

      for (const number of numbers) {
        await tabUntil(page, '#number', 120);
        await page.keyboard.type(number);
        await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
        await page.waitForSelector(`text=№ ${number}`);
      }
      // «Ниже» on the first practice: the second one comes first.
      await tabUntil(page, 'button[aria-label^="Ниже"]', 120);
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('text=Практика перемещена ниже');
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await page.goto(page.url().replace(/#.*$/, ''));
      await tabUntil(page, 'form[action$="/publish"] button', 120);
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('text=Подборка опубликована');

      const visitor = await web.page({ width: 375 });
      await visitor.goto(web.url('/collections'));
      await expectAccessible(visitor);
      await expectNoSidewaysScroll(visitor);
      await tabUntil(visitor, 'a[href="/collections/materialy-avgustovskoi-konferentsii"]', 120);
      await Promise.all([visitor.waitForURL(/\/collections\/[a-z-]+$/), visitor.keyboard.press('Enter')]);
      expect(await visitor.locator('h1').innerText()).toBe('Материалы августовской конференции');
      const shown = await visitor.locator('ol.hits > li .meta').allInnerTexts();
      expect(shown.map((t) => /67-\d{4}-\d{4}/.exec(t)?.[0])).toEqual([numbers[1], numbers[0]]);
      expect(await visitor.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBe(1);
      await expectAccessible(visitor);
      await expectNoSidewaysScroll(visitor);
      expect(web.problems).toEqual([]);
    },
  );
});
