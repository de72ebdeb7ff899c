import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { signUp } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
  type PageOptions,
} from './harness.js';

const LIST = '/admin/situations';

describeInBrowser('the admin extends the situational thesaurus in a browser', () => {
  const web = useBrowser();

  /** A page signed in as a new administrator (the session cookie from the API's registration). */
  async function adminPage(options: PageOptions = {}): Promise<Page> {
    const admin = await signUp(web.app(), { roles: ['admin'] });
    const page = await web.page(options);
    const [name, value] = admin.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  it('adds a situation with the keyboard, then finds it in the list by a word of its concepts', async () => {
    const page = await adminPage();
    await page.goto(web.url(LIST));
    await page.getByRole('link', { name: 'Добавить ситуацию' }).click();
    await page.waitForURL(/\/admin\/situations\/new$/);
    await page.getByLabel('Фразы', { exact: true }).fill('не отдаёт телефон на уроке\nпрячет телефон под партой');
    await page.getByLabel('Понятия практик').fill('цифровая гигиена\nправила использования мобильных телефонов');
    await page.getByLabel('Раздел', { exact: true }).selectOption({ label: 'Цифровая жизнь' });
    await tabUntil(page, 'form.situation-form button[type="submit"]');
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(/\/admin\/situations\/\d+$/), page.keyboard.press('Enter')]);
    await expect
      .poll(() => page.locator('body').innerText())
      .toContain('Ситуация «не отдаёт телефон на уроке» добавлена');
    await expectAccessible(page);

    await page.goto(web.url(LIST));
    await page.getByLabel('Слово во фразе или понятии').fill('мобильных');
    await page.getByLabel('Слово во фразе или понятии').press('Enter');
    await page.waitForURL(/q=/);
    await expect(page.getByRole('link', { name: 'не отдаёт телефон на уроке' }).count()).resolves.toBe(1);
    expect(await page.locator('caption').innerText()).toMatch(/^Найдено ситуаций: \d+ из \d+$/);
    await expectAccessible(page);
    expect(web.problems).toEqual([]);
  });

  it('shows a refused edit beside its field, accessibly, keeping what was typed', async () => {
    const page = await adminPage();
    await page.goto(web.url(`${LIST}?q=${encodeURIComponent('кусается')}`));
    await page.getByRole('link', { name: 'кусается' }).click();
    await page.waitForURL(/\/admin\/situations\/\d+$/);
    await page.getByLabel('Фразы', { exact: true }).fill('кусается\nдерётся');
    await page.getByRole('button', { name: 'Сохранить ситуацию' }).click();
    await expect.poll(() => page.title()).toMatch(/^Ошибка:/);
    expect(await page.locator('#phrases-error').innerText()).toContain('уже есть в ситуации «дерётся»');
    expect(await page.getByLabel('Фразы', { exact: true }).inputValue()).toBe('кусается\nдерётся');
    await expectAccessible(page);
  });

  it('fits a 375 px phone without sideways scrolling, with no serious accessibility violation', async () => {
    const page = await adminPage({ width: 375 });
    // The whole list is long: axe reads it narrowed (the same markup), the width is checked on all of it.
    await page.goto(web.url(LIST));
    await expectNoSidewaysScroll(page);
    for (const url of [`${LIST}?area=speech`, `${LIST}/new`, `${LIST}/1`]) {
      await page.goto(web.url(url));
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
    }
  });
});
