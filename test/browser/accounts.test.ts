import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { confirmationToken, signUp } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

const PASSWORD = 'липа клён берёза';
const NEW_PASSWORD = 'рябина ольха осина';

describeInBrowser('the account pages in a browser', () => {
  const web = useBrowser();

  /** Tabs to a control (its focus drawn) and types into it, as a person without a mouse does. */
  async function typeInto(page: Page, selector: string, text: string) {
    await tabUntil(page, selector);
    await expectVisibleFocus(page);
    await page.keyboard.type(text);
  }

  /** Signs the page's browser in with a session of `signUp`, without the login page. */
  async function signedInPage(width: number, roles: ('admin' | 'moderator')[] = []) {
    const client = await signUp(web.app(), { roles });
    const page = await web.page({ width });
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  it(
    'registers, signs out, signs in and changes the password with the keyboard alone',
    { timeout: 240_000 },
    async () => {
      const page = await web.page();
      const email = `keyboard-${Date.now()}@school.test`;
      await page.goto(web.url('/register?next=%2Faccount'));
      await expectAccessible(page);
      await typeInto(page, '#email', email);
      await typeInto(page, '#fullName', 'Клавишина Мария Ивановна');
      await typeInto(page, '#position', 'учитель информатики');
      await tabUntil(page, '#organizationId');
      await page.keyboard.press('ArrowDown');
      await typeInto(page, '#password', PASSWORD);
      await Promise.all([page.waitForURL(/\/register\/sent$/), page.keyboard.press('Enter')]);
      expect(await page.locator('.notice').innerText()).toContain(`Проверьте почту: мы отправили письмо на ${email}`);
      await expectAccessible(page);

      // The letter's link shows a button; pressing it confirms the address and signs the person in.
      await page.goto(web.url(`/confirm-email/${confirmationToken(web.app(), email)}`));
      await expectAccessible(page);
      await tabUntil(page, 'main form button');
      await Promise.all([page.waitForURL(/\/my$/), page.keyboard.press('Enter')]);
      expect(await page.locator('.notice.success').innerText()).toContain('Адрес подтверждён, вы вошли');
      await expectAccessible(page);

      await tabUntil(page, 'form[action="/logout"] button');
      await Promise.all([page.waitForURL(web.url('/')), page.keyboard.press('Enter')]);
      expect(await page.locator('.notice').innerText()).toContain('Вы вышли');

      await page.goto(web.url('/login?next=%2Faccount'));
      await expectAccessible(page);
      await typeInto(page, '#email', email);
      await typeInto(page, '#password', PASSWORD);
      await Promise.all([page.waitForURL(/\/account$/), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').innerText()).toBe('Учётная запись');
      expect(await page.locator('#position').inputValue()).toBe('учитель информатики');

      await tabUntil(page, 'a[href="/account/password"]');
      await Promise.all([page.waitForURL(/\/account\/password$/), page.keyboard.press('Enter')]);
      await expectAccessible(page);
      await typeInto(page, '#currentPassword', PASSWORD);
      await typeInto(page, '#newPassword', 'qwertyuiop');
      await typeInto(page, '#newPasswordAgain', 'qwertyuiop');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      expect(await page.locator('#newPassword-error').innerText()).toContain('слишком распространён');
      await expectAccessible(page);
      await typeInto(page, '#currentPassword', PASSWORD);
      await typeInto(page, '#newPassword', NEW_PASSWORD);
      await typeInto(page, '#newPasswordAgain', NEW_PASSWORD);
      await Promise.all([page.waitForURL(/\/account$/), page.keyboard.press('Enter')]);
      expect(await page.locator('.notice').innerText()).toContain('Пароль изменён');
      // The form sent back with its errors answers 400, which the console notes; nothing else may go wrong.
      expect(web.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    },
  );

  it(
    'works with JavaScript off: registration errors, sign-in and the reset request',
    { timeout: 240_000 },
    async () => {
      const page = await web.page({ javaScript: false });
      await page.goto(web.url('/register'));
      await page.getByLabel('Адрес электронной почты').fill('nojs@school.test');
      await page.getByLabel('Фамилия, имя и отчество').fill('Без Скриптов Анна');
      await page.getByLabel('Пароль').fill('1234567890');
      await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
      expect(await page.locator('.error-summary').innerText()).toContain('слишком распространён');
      expect(await page.getByLabel('Фамилия, имя и отчество').inputValue()).toBe('Без Скриптов Анна');
      await page.getByLabel('Пароль').fill(PASSWORD);
      await Promise.all([
        page.waitForURL(/\/register\/sent$/),
        page.getByRole('button', { name: 'Зарегистрироваться' }).click(),
      ]);
      // Not confirmed yet: signing in works, and every page says why nothing can be written.
      await page.goto(web.url('/login'));
      await page.getByLabel('Адрес электронной почты').fill('nojs@school.test');
      await page.getByLabel('Пароль').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/(my|account)$/), page.getByRole('button', { name: 'Войти' }).click()]);
      expect(await page.locator('#confirm-banner').innerText()).toContain('Подтвердите адрес: письмо отправлено на');
      await page.getByRole('button', { name: 'Отправить письмо ещё раз' }).click();
      expect(await page.locator('.notice.success').innerText()).toContain('Письмо со ссылкой отправлено');
      await page.goto(web.url(`/confirm-email/${confirmationToken(web.app(), 'nojs@school.test')}`));
      await Promise.all([
        page.waitForURL(/\/my$/),
        page.getByRole('button', { name: 'Подтвердить адрес и войти' }).click(),
      ]);
      expect(await page.locator('#confirm-banner').count()).toBe(0);
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.goto(web.url('/login'));
      await page.getByLabel('Адрес электронной почты').fill('nojs@school.test');
      await page.getByLabel('Пароль').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/(my|account)$/), page.getByRole('button', { name: 'Войти' }).click()]);
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.goto(web.url('/login'));
      await page.getByRole('link', { name: 'Забыли пароль?' }).click();
      await page.getByLabel('Адрес электронной почты').fill('nojs@school.test');
      await page.getByRole('button', { name: 'Прислать ссылку' }).click();
      expect(await page.locator('h1').innerText()).toBe('Проверьте почту');
    },
  );

  it(
    'fits 375 px without sideways scrolling and has no serious accessibility violation on each page',
    { timeout: 400_000 },
    async () => {
      const anonymous = [
        '/login',
        '/register',
        '/password-reset',
        '/password-reset/sent',
        '/password-reset/' + 'x'.repeat(43),
        '/register/sent',
        '/confirm-email/' + 'x'.repeat(43),
      ];
      const personal = ['/account', '/account/password', '/admin/users'];
      for (const width of [375, 1280]) {
        const visitor = await web.page({ width });
        for (const url of anonymous) {
          await visitor.goto(web.url(url));
          await expectNoSidewaysScroll(visitor);
          if (width === 1280) await expectAccessible(visitor);
          await screenshot(visitor, `accounts${url.replace(/\W+/g, '_').slice(0, 40)}-${width}`);
        }
        const admin = await signedInPage(width, ['admin']);
        for (const url of personal) {
          await admin.goto(web.url(url));
          await expectNoSidewaysScroll(admin);
          if (width === 1280) await expectAccessible(admin);
          await screenshot(admin, `accounts${url.replace(/\W+/g, '_')}-${width}`);
        }
        // A form that came back with errors, as a phone shows it.
        await visitor.goto(web.url('/register'));
        await visitor.getByRole('button', { name: 'Зарегистрироваться' }).click();
        await expectNoSidewaysScroll(visitor);
        await screenshot(visitor, `accounts_register_errors-${width}`);
      }
    },
  );
});
