import { h } from 'preact';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { access } from '../../server/access/routes.js';
import { writeTransaction } from '../../server/db/client.js';
import { coauthorInviteMessage, decisionMessage } from '../../server/notifications/messages.js';
import { sendPage } from '../../server/web/render.js';
import { WORKSPACE } from '../../server/web/pages/workspace/paths.js';
import { signUp, testConfig, type Client } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  hasChromium,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

/**
 * The header with every link it can carry: pages other branches build («Мои практики», «Модерация», «Выйти»)
 * stand in as plain pages here until they exist, so the full menu is what is measured at 375 px.
 */
async function bankWithFullMenu(dataDir: string): Promise<{ app: App; base: string }> {
  const app = await buildApp(testConfig({ DEMO_DATA: 'true', DATA_DIR: dataDir }));
  const standIns: [string, 'GET' | 'POST'][] = [
    [WORKSPACE.my, 'GET'],
    [WORKSPACE.moderation, 'GET'],
    [WORKSPACE.account, 'GET'],
    ['/logout', 'POST'],
  ];
  await app.register(async (scope) => {
    for (const [url, method] of standIns.filter(([url, method]) => !app.hasRoute({ url, method })))
      scope.route({
        method,
        url,
        config: access('signed-in'),
        handler: (request, reply) => sendPage(request, reply, { title: 'Страница' }, h('h1', null, 'Страница')),
      });
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

/** The top of the page (the header and what opens under it), for a person to look at; never committed. */
async function headerShot(page: Page, name: string): Promise<void> {
  if (!process.env.SHOTS) return; // as harness.ts `screenshot`: a picture checks nothing
  const width = page.viewportSize()?.width ?? 1280;
  await page.screenshot({ path: `/tmp/shots/${name}.png`, clip: { x: 0, y: 0, width, height: 420 } });
}

describeInBrowser('notifications in a browser', () => {
  const web = useBrowser({}, bankWithFullMenu);
  let app: App;
  let published: { id: number; number: string };

  beforeAll(() => {
    if (!hasChromium) return;
    app = web.app();
    published = app.bank.db.$client
      .prepare('SELECT id, registry_number AS number FROM practices WHERE registry_number IS NOT NULL LIMIT 1')
      .get() as { id: number; number: string };
  });

  /** A browser page signed in as `client` (their session cookie set on the context, as the login page would). */
  async function signedIn(client: Client, { width = 1280, javaScript = true } = {}): Promise<Page> {
    const page = await web.page({ width, javaScript });
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  /** A teacher with a decision on a published practice and an invitation, both unread. */
  async function teacherWithNews(options: Parameters<typeof signUp>[1] = {}): Promise<Client> {
    const teacher = await signUp(app, { fullName: 'Константинопольская Александра Владимировна', ...options });
    writeTransaction(app.bank.db, (tx) => {
      const { notifications } = app.bank.services;
      notifications.notify(tx, [teacher.userId], coauthorInviteMessage(published.id, 'Экологическая тропа', 'Петрова'));
      notifications.notify(
        tx,
        [teacher.userId],
        decisionMessage('approve', published.id, 'Мнемотехника', 'Отличная работа', published.number),
      );
    });
    return teacher;
  }

  // Each test loads several pages and runs axe on a shared two-core machine: generous limits, slowness is not failure.
  it(
    'shows the count, opens the list and a notification with the keyboard, and the count drops',
    { timeout: 120_000 },
    async () => {
      const teacher = await teacherWithNews();
      const page = await signedIn(teacher);
      await page.goto(web.url('/'));
      const bell = page.getByRole('link', { name: 'Уведомления: 2 непрочитанных' });
      expect(await bell.isVisible()).toBe(true);

      await tabUntil(page, 'a.bell');
      await expectVisibleFocus(page);
      await Promise.all([page.waitForURL(/\/notifications$/), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').innerText()).toBe('Уведомления');
      expect(await page.locator('li.notification.unread').count()).toBe(2);
      await expectAccessible(page);
      await screenshot(page, 'notifications-1280');

      // The newest first: the decision, whose page is the published practice's.
      const first = page.locator('li.notification h2 a').first();
      expect(await first.innerText()).toBe(`Практика «Мнемотехника» опубликована под № ${published.number}`);
      await tabUntil(page, 'li.notification h2 a');
      await Promise.all([page.waitForURL(new RegExp(`/practices/${published.number}$`)), page.keyboard.press('Enter')]);
      expect(await page.getByRole('link', { name: 'Уведомления: 1 непрочитанное' }).count()).toBe(1);

      await page.goto(web.url('/notifications'));
      expect(await page.locator('li.notification.unread').count()).toBe(1);
      expect(await page.locator('li.notification.unread h2 a').innerText()).toContain('Вас пригласили в соавторы');
    },
  );

  it(
    'fits a 375 px and a 320 px phone with the full menu folded into «Меню», and passes axe',
    { timeout: 120_000 },
    async () => {
      const moderator = await teacherWithNews({ roles: ['moderator'] });
      for (const width of [375, 320]) {
        const page = await signedIn(moderator, { width });
        await page.goto(web.url('/notifications'));
        await expectNoSidewaysScroll(page);
        expect(await page.getByRole('link', { name: /^Уведомления: / }).isVisible()).toBe(true);
        const menu = page.locator('details.menu-narrow');
        expect(await menu.getByRole('link', { name: 'Модерация' }).isVisible()).toBe(false);
        await menu.locator('summary').click();
        for (const name of ['Мои практики', 'Модерация', 'Константинопольская Александра Владимировна'])
          expect(await menu.getByRole('link', { name }).isVisible()).toBe(true);
        expect(await menu.getByRole('button', { name: 'Выйти' }).isVisible()).toBe(true);
        await expectNoSidewaysScroll(page);
        await headerShot(page, `header-moderator-menu-open-${width}`);
        // axe once, on the phone's page with the menu open (the machine is small; 320 px is the same markup).
        if (width === 375) {
          await expectAccessible(page);
          await screenshot(page, `notifications-${width}`);
        }
      }
      const wide = await signedIn(moderator);
      await wide.goto(web.url('/notifications'));
      for (const name of ['Мои практики', 'Модерация', 'Константинопольская Александра Владимировна'])
        expect(await wide.locator('.menu-wide').getByRole('link', { name }).isVisible()).toBe(true);
      expect(await wide.locator('details.menu-narrow').isVisible()).toBe(false);
      await headerShot(wide, 'header-moderator-1280');
    },
  );

  it('works with JavaScript off: the menu opens, a notification opens, «Отметить все прочитанными» posts', async () => {
    const teacher = await teacherWithNews();
    const page = await signedIn(teacher, { width: 375, javaScript: false });
    await page.goto(web.url('/notifications'));
    await headerShot(page, 'header-author-375');
    await page.locator('details.menu-narrow summary').click();
    expect(await page.locator('details.menu-narrow').getByRole('link', { name: 'Мои практики' }).isVisible()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Отметить все прочитанными' }).click();
    await page.waitForURL(/\/notifications$/);
    expect(await page.getByRole('status').innerText()).toContain('Все уведомления отмечены прочитанными');
    expect(await page.locator('li.notification.unread').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Уведомления: новых нет' }).count()).toBe(1);
    await page.locator('li.notification h2 a').last().click();
    await page.waitForURL(new RegExp(`${WORKSPACE.my}$`));
  });
});
