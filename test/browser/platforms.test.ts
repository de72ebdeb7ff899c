import { expect, it } from 'vitest';
import { signUp, makeOrganization } from '../helper.js';
import { importPractice } from '../support/published.js';
import { makePlatform } from '../platforms/world.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('innovation platforms in the browser', () => {
  const web = useBrowser();

  it('lets a phone filter /platforms with its plain GET form: axe, 375 px', async () => {
    const organizationId = makeOrganization(web.app(), 'МБДОУ «Детский сад № 80 «Гнёздышко»»');
    makePlatform(web.app(), organizationId, { theme: 'Лаборатория юного эколога' });
    makePlatform(web.app(), organizationId, { theme: 'Шахматная лаборатория', status: 'completed' });

    const page = await web.page({ width: 375 });
    await page.goto(web.url('/platforms'));
    expect((await page.locator('h1').textContent())?.trim()).toBe('Инновационные площадки');
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    // Other tests and the demo catalogue share this bank: the word narrows the list to this test's platforms.
    await page.fill('#platform-q', 'лаборатория');
    await page.selectOption('#platform-status', 'active');
    await page.locator('form.filters button[type="submit"]').click();
    await page.waitForURL(/status=active/);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(web.problems).toEqual([]);
  });

  it('opens a platform page from the list by keyboard: its practices, axe, 375 px', async () => {
    const organizationId = makeOrganization(web.app(), 'МБОУ «Лицей № 1»');
    const practice = importPractice(web.app());
    const platform = makePlatform(web.app(), organizationId, { theme: 'Школа — территория здоровья' });
    web.app().bank.services.platforms.update({ userId: null, name: 'Тест' }, platform.id, {
      addPractices: [practice.number],
    });
    const page = await web.page({ width: 375 });
    await page.goto(web.url('/platforms?q=территория+здоровья+школа'));

    // From the filters' button, the next stops lead into the table: the keyboard reaches the platform's link.
    await page.locator('form.filters button[type="submit"]').focus();
    await tabUntil(page, `table a[href="/platforms/${platform.id}"]`, 8);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/platforms/${platform.id}$`));
    expect((await page.locator('h1').textContent())?.trim()).toBe('Школа — территория здоровья');
    expect(await page.locator(`a[href="/practices/${practice.number}"]`).count()).toBe(1);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    expect(web.problems).toEqual([]);
  });

  it('gives a moderator an accessible edit page that fits a phone', async () => {
    const organizationId = makeOrganization(web.app(), 'МБОУ «Гимназия № 6»');
    const platform = makePlatform(web.app(), organizationId);
    const client = await signUp(web.app(), { roles: ['moderator'] });
    const page = await web.page({ width: 1280 });
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    await page.goto(web.url(`/platforms/${platform.id}/edit`));
    expect((await page.locator('h1').textContent())?.trim()).toBe('Изменить площадку');
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoSidewaysScroll(page);
    expect(web.problems).toEqual([]);
  });
});
