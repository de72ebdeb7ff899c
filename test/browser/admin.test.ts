import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, signUp } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('the admin area in a browser', () => {
  const web = useBrowser();

  /** A page signed in as a new administrator, through the session cookie of `signUp`. */
  async function adminPage(width: number): Promise<Page> {
    const admin = await signUp(web.app(), { roles: ['admin'], fullName: 'Админова Ольга Петровна' });
    const page = await web.page({ width });
    const [name, value] = admin.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  it('merges a duplicate organisation into the one that stays, on a phone', { timeout: 120_000 }, async () => {
    const app = web.app();
    const kept = app.bank.services.organizations.create({
      name: 'МБДОУ «Детский сад № 912 «Радуга»»',
      type: 'preschool',
      municipality: 'smolensk',
    }).organization.id;
    const author = await signUp(app);
    const added = await call(app, author, 'POST', '/api/v1/organizations', {
      name: 'МБДОУ детский сад №912 Радуга г. Смоленска',
      type: 'preschool',
      municipality: 'smolensk',
    });
    const merged: number = added.json().id;

    const page = await adminPage(375);
    await page.goto(web.url('/admin/organizations'));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-organizations-375');
    expect(await page.getByRole('heading', { name: 'Похоже на дубли' }).count()).toBe(1);

    await page.goto(web.url(`/admin/organizations/${merged}`));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    // The likely twin is offered first; the keyboard reaches the button.
    expect(await page.locator('#keptId').inputValue()).toBe(String(kept));
    await tabUntil(page, 'form[action$="/merge"] button');
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(web.url(`/admin/organizations/${kept}`)), page.keyboard.press('Enter')]);
    expect(await page.locator('.notice').innerText()).toContain('объединены');
    await screenshot(page, 'admin-organization-375');

    const old = await page.goto(web.url(`/organizations/${merged}`));
    expect(old?.url()).toBe(web.url(`/organizations/${kept}`));
    expect(web.problems).toEqual([]);
  });

  it('grants and revokes a role with the keyboard, and shows it in the history', { timeout: 120_000 }, async () => {
    const teacher = await signUp(web.app(), { fullName: 'Ролева Анна Сергеевна' });
    const page = await adminPage(1280);
    await page.goto(web.url(`/admin/users?q=${encodeURIComponent('ролева')}`));
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/\/admin\/users\/\d+$/), page.getByRole('link', { name: /Ролева/ }).click()]);
    await expectAccessible(page);
    await screenshot(page, 'admin-user-1280');
    await tabUntil(page, 'form[action$="/roles"]:has(input[value="moderator"]) button');
    await expectVisibleFocus(page);
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    expect(await page.locator('.notice').innerText()).toContain('выдана');
    expect(await page.getByRole('button', { name: 'Снять роль «модератор»' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Снять роль «модератор»' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.notice').innerText()).toContain('снята');

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(web.url(`/admin/history?targetType=user&targetId=${teacher.userId}`));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    const lines = await page.locator('.admin-history li').allInnerTexts();
    expect(lines[0]).toContain('снята');
    expect(lines[1]).toContain('выдана');
    await screenshot(page, 'admin-history-375');
    expect(web.problems).toEqual([]);
  });
});
