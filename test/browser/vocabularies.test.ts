import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, signUp } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
  type PageOptions,
} from './harness.js';

const SYNONYM = 'Пескография';
const TERM_PAGE = '/admin/vocabularies/technologies/sand-therapy';

describeInBrowser('the admin edits a vocabulary in a browser', () => {
  const web = useBrowser();

  /** A page signed in as a new administrator (the session cookie from the API's registration). */
  async function adminPage(options: PageOptions = {}): Promise<Page> {
    const admin = await signUp(web.app(), { roles: ['admin'] });
    const page = await web.page(options);
    const [name, value] = admin.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  /** Titles of the demo's published practices tagged «Песочная терапия». */
  const sandPractices = () =>
    web
      .app()
      .bank.db.$client.prepare(
        `SELECT v.title FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
         JOIN practice_terms t ON t.version_id = v.id WHERE t.vocabulary = 'technologies' AND t.code = 'sand-therapy'`,
      )
      .pluck()
      .all() as string[];

  const hitTitles = async (page: Page) => (await page.locator('ol.hits h2 a').allInnerTexts()).map((t) => t.trim());

  it('adds a synonym with the keyboard, and the search page finds the practice by it at once', async () => {
    const expected = sandPractices();
    expect(expected.length).toBeGreaterThan(0);
    const before = await call(web.app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent(SYNONYM)}`);
    for (const title of expected)
      expect(before.json().hits.map((h: { title: string }) => h.title)).not.toContain(title);

    const page = await adminPage();
    await page.goto(web.url('/admin/vocabularies/technologies'));
    await page.getByRole('link', { name: 'Песочная терапия' }).click();
    await page.waitForURL(new RegExp(`${TERM_PAGE}$`));
    await page.getByLabel('Новый синоним').fill(SYNONYM);
    await tabUntil(page, 'form[action$="/synonyms"] button');
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(new RegExp(`${TERM_PAGE}$`)), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('body').innerText()).toContain(`Синоним «${SYNONYM}» добавлен`);
    expect(await page.locator('.synonyms').innerText()).toContain(SYNONYM);
    await expectAccessible(page);

    await page.goto(web.url('/'));
    await page.getByLabel('Поиск практик').fill(SYNONYM.toLowerCase());
    await page.getByLabel('Поиск практик').press('Enter');
    await page.waitForURL(/q=/);
    expect(await hitTitles(page)).toEqual(expect.arrayContaining(expected));
    expect(web.problems).toEqual([]);
  });

  it('shows a refused synonym beside its field, accessibly', async () => {
    const page = await adminPage();
    await page.goto(web.url(TERM_PAGE));
    await page.getByLabel('Новый синоним').fill('ТРИЗ');
    await page.getByRole('button', { name: 'Добавить синоним' }).click();
    await expect.poll(() => page.title()).toMatch(/^Ошибка:/);
    expect(await page.locator('#synonym-error').innerText()).toContain('Так уже называется термин «ТРИЗ»');
    await expectAccessible(page);
  });

  it('fits a 375 px phone without sideways scrolling, with no serious accessibility violation', async () => {
    const page = await adminPage({ width: 375 });
    for (const url of ['/admin/vocabularies', '/admin/vocabularies/technologies', TERM_PAGE]) {
      await page.goto(web.url(url));
      await expectNoSidewaysScroll(page);
      // The term page is checked by axe in the other tests, after a change and with an error.
      if (url !== TERM_PAGE) await expectAccessible(page);
    }
  });
});
