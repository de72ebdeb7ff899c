/**
 * Subscribing to a search and asking an author, as people do it in a browser: the keyboard, axe, a 375 px phone.
 */
import type { Page } from 'playwright-core';
import { expect, it, vi } from 'vitest';
import type { Letter } from '../../server/notifications/mailer.js';
import { signUp, type Client } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('subscriptions and questions in a browser', () => {
  const world = useBrowser();

  async function signedIn(page: Page, client: Client) {
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: world.url('/') }]);
  }

  it('subscribes to a search from its page with the keyboard and confirms by the letter', async () => {
    const page = await world.page({ width: 375 });
    await page.goto(world.url('/?level=preschool'));
    await expectNoSidewaysScroll(page);
    // The form follows the filters: from their last control the keyboard reaches it in a few presses.
    await page.locator('#search-form :is(a, button, input, select)').last().focus();
    await tabUntil(page, '#subscribe-email', 40);
    await expectVisibleFocus(page);
    const send = vi.spyOn(world.app().bank.services.mailer, 'send');
    await page.keyboard.type('metodist@school.test');
    await Promise.all([page.waitForURL('**/subscriptions/sent'), page.keyboard.press('Enter')]);
    const letter = send.mock.calls.map((c) => c[2] as Letter).find((l) => l.to === 'metodist@school.test');
    send.mockRestore();
    expect((await page.locator('h1').textContent())?.trim()).toBe('Проверьте почту');
    await expectAccessible(page);

    const link = /\/subscriptions\/confirm\/[\w-]+/.exec(letter!.text)![0];
    await page.goto(world.url(link));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Подтвердить подписку' }).click();
    expect((await page.locator('h1').textContent())?.trim()).toBe('Подписка оформлена');
    expect(await page.locator('main').textContent()).toContain('Дошкольное образование');
    expect(world.problems).toEqual([]);
  });

  /** A demo practice made a new teacher's: questions reach the account that created it. */
  async function authorOfDemoPractice(): Promise<{ author: Client; number: string }> {
    const app = world.app();
    const author = await signUp(app, { fullName: 'Петрова Мария Ивановна' });
    const { number } = app.bank.db.$client
      .prepare('SELECT registry_number AS number FROM practices WHERE registry_number IS NOT NULL LIMIT 1')
      .get() as { number: string };
    app.bank.db.$client
      .prepare('UPDATE practices SET created_by = ? WHERE registry_number = ?')
      .run(author.userId, number);
    return { author, number };
  }

  it('asks the author from the practice page with the keyboard on a phone', async () => {
    const { number } = await authorOfDemoPractice();
    const visitor = await world.page({ width: 375 });
    await visitor.goto(world.url(`/practices/${number}`));
    await expectNoSidewaysScroll(visitor);
    await visitor.locator('#name').focus();
    await expectVisibleFocus(visitor);
    await visitor.keyboard.type('Сидорова Елена');
    await visitor.keyboard.press('Tab');
    await visitor.keyboard.type('asker@school.test');
    await visitor.keyboard.press('Tab');
    await visitor.keyboard.type('Какие игры ТРИЗ вы используете с детьми пяти лет?');
    // The honeypot is out of the tab order: the next stop is the button.
    await visitor.keyboard.press('Tab');
    expect(await visitor.evaluate(() => document.activeElement?.textContent)).toBe('Отправить вопрос');
    await Promise.all([visitor.waitForURL(`**/practices/${number}#ask`), visitor.keyboard.press('Enter')]);
    expect(await visitor.locator('body').textContent()).toContain('Вопрос отправлен авторам');
    await expectAccessible(visitor);
    expect(world.problems).toEqual([]);
  });

  it('lets the author answer from the workspace and choose which letters come', async () => {
    const { author, number } = await authorOfDemoPractice();
    world
      .app()
      .bank.services.questions.ask(
        number,
        { name: 'Сидорова Елена', email: 'asker@school.test', question: 'Какие игры ТРИЗ вы используете с детьми?' },
        { ip: '10.2.0.1' },
      );
    const desk = await world.page({ width: 375 });
    await signedIn(desk, author);
    await desk.goto(world.url('/my/questions'));
    expect(await desk.locator('main').textContent()).toContain('Какие игры ТРИЗ');
    expect(await desk.locator('main').textContent()).not.toContain('asker@school.test');
    await expectNoSidewaysScroll(desk);
    await expectAccessible(desk);
    // Another test of this file may have asked the same author first (tests run in any order): answer this one.
    const question = desk
      .locator('li[id^="question-"]')
      .filter({ hasText: 'Какие игры ТРИЗ вы используете с детьми?' });
    await question.getByLabel('Ответ').fill('Начните с игры «Хорошо — плохо».');
    await question.getByRole('button', { name: 'Отправить ответ' }).click();
    await desk.waitForLoadState();
    expect(await desk.locator('body').textContent()).toContain('Ответ отправлен письмом автору вопроса');

    await desk.goto(world.url('/my/subscriptions'));
    await expectNoSidewaysScroll(desk);
    await expectAccessible(desk);
    expect(world.problems).toEqual([]);
  });
});
