import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, completePractice, makeOrganization, signUp, type Client } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  screenshot,
  tabUntil,
  useBrowser,
  type PageOptions,
} from './harness.js';

/** Waits for the autosave status line to say `text` (the save happens two seconds after the last keystroke). */
const statusSays = (page: Page, text: string) =>
  expect.poll(() => page.locator('#save-status').textContent(), { timeout: 20_000 }).toContain(text);

describeInBrowser('the practice editor in a browser', () => {
  const web = useBrowser();

  /** A page signed in as `who` (the session cookie from the API's registration, no login page needed). */
  async function pageAs(who: Client, options: PageOptions = {}) {
    const page = await web.page(options);
    const [name, value] = who.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  async function draftOf(who: Client, body: Record<string, unknown> = {}) {
    const res = await call(web.app(), who, 'POST', '/api/v1/practices', {
      title: 'Мнемотаблицы в детском саду',
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  }

  const saved = async (who: Client, id: number) =>
    (await call(web.app(), who, 'GET', `/api/v1/practices/${id}`)).json();

  it(
    'creates a draft, saves as the teacher types, and keeps the text after a reload',
    { timeout: 150_000 },
    async () => {
      const teacher = await signUp(web.app());
      const page = await pageAs(teacher);
      await page.goto(web.url('/my/practices/new'));
      await expectAccessible(page);
      await page.getByLabel('Название', { exact: true }).fill('Мнемотаблицы для развития речи');
      const org = makeOrganization(web.app(), 'МБДОУ «Детский сад «Незабудка» д. Каспля»', 'smolensky');
      await page.getByLabel('Найти организацию по названию', { exact: true }).fill('незабуд');
      // Suggestions from the directory as the teacher types, picked like any radio button.
      await page.getByRole('radio', { name: /Незабудка/ }).check();
      await page.getByRole('button', { name: 'Создать черновик' }).click();
      await page.waitForURL(/\/my\/practices\/\d+$/);
      const id = Number(/(\d+)$/.exec(page.url())![1]);
      await screenshot(page, 'editor-empty-1280');
      await page.getByLabel('Актуальность', { exact: true }).fill('Дети стесняются отвечать у доски.');
      // The filter box finds a term by part of its name.
      await page.getByLabel('Найти в списке', { exact: true }).nth(1).fill('робот');
      await expect.poll(() => page.getByLabel('Образовательная робототехника', { exact: true }).isVisible()).toBe(true);
      expect(await page.getByLabel('Игровые технологии', { exact: true }).isVisible()).toBe(false);
      await page.getByLabel('Образовательная робототехника', { exact: true }).check();
      await statusSays(page, 'Сохранено в');
      expect(await saved(teacher, id)).toMatchObject({ technologies: ['robotics'], organizationId: org });
      await page.locator('#relevance-field').getByRole('button', { name: 'Предпросмотр' }).click();
      await expect
        .poll(() => page.locator('#relevance-preview').textContent(), { timeout: 20_000 })
        .toContain('Так раздел будет выглядеть на сайте');
      await page.reload();
      expect(await page.getByLabel('Актуальность', { exact: true }).inputValue()).toBe(
        'Дети стесняются отвечать у доски.',
      );
      expect(await page.getByLabel('Образовательная робототехника', { exact: true }).isChecked()).toBe(true);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      await expectAccessible(page);
      expect(web.problems).toEqual([]);
    },
  );

  it('does not say «Сохранено» while a change made during the save is still unsaved', async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher);
    const page = await pageAs(teacher);
    // The first save is held in flight until the teacher has changed another field.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    await page.route(`**/api/v1/practices/${id}`, async (route) => {
      if (route.request().method() === 'PATCH' && first) {
        first = false;
        await held;
      }
      await route.continue();
    });
    await page.goto(web.url(`/my/practices/${id}`));
    await page.getByLabel('Актуальность', { exact: true }).fill('Дети стесняются отвечать.');
    await statusSays(page, 'Сохраняем');
    await page.getByLabel('Цель и задачи', { exact: true }).fill('Научить рассказывать по схеме.');
    release();
    // «Сохранено» only once the second field is saved too (the next save comes two seconds later).
    await statusSays(page, 'Сохранено в');
    expect((await saved(teacher, id)).goals).toBe('Научить рассказывать по схеме.');
  });

  it('keeps an offline edit in the browser and offers it back on the next visit', { timeout: 150_000 }, async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher);
    const page = await pageAs(teacher);
    await page.goto(web.url(`/my/practices/${id}`));
    await page.context().setOffline(true);
    await page.getByLabel('Цель и задачи', { exact: true }).fill('Научить детей рассказывать по схеме.');
    await statusSays(page, 'нет связи');
    await page.close({ runBeforeUnload: false });
    const again = await page.context().newPage();
    await again.context().setOffline(false);
    await again.goto(web.url(`/my/practices/${id}`));
    await again.getByRole('button', { name: 'Восстановить копию' }).click();
    await statusSays(again, 'Сохранено в');
    expect((await saved(teacher, id)).goals).toBe('Научить детей рассказывать по схеме.');
  });

  it(
    'shows both texts when a co-author saved the same field meanwhile and keeps the one chosen',
    { timeout: 150_000 },
    async () => {
      const app = web.app();
      const [teacher, colleague] = [await signUp(app), await signUp(app, { fullName: 'Петрова Ольга Ивановна' })];
      const id = await draftOf(teacher, {
        authors: [{ fullName: 'Иванова Анна Петровна', position: 'воспитатель', userId: teacher.userId }],
      });
      // A colleague becomes a co-author by an invitation to their address, accepted.
      const invited = await call(app, teacher, 'POST', `/api/v1/practices/${id}/coauthor-invites`, {
        email: colleague.email,
      });
      expect(invited.statusCode).toBe(201);
      const accepted = await call(app, colleague, 'POST', `/api/v1/practices/${id}/coauthorship`, { accept: true });
      expect(accepted.statusCode).toBe(200);
      const mine = await pageAs(teacher);
      const theirs = await pageAs(colleague);
      await mine.goto(web.url(`/my/practices/${id}`));
      await theirs.goto(web.url(`/my/practices/${id}`));
      await theirs.getByLabel('Результативность', { exact: true }).fill('Текст соавтора: 9 детей из 15.');
      await statusSays(theirs, 'Сохранено в');
      await mine.getByLabel('Результативность', { exact: true }).fill('Мой текст: выросла речь.');
      await statusSays(mine, 'соавтор изменил те же поля');
      const conflict = mine.locator('#js-conflict');
      expect(await conflict.textContent()).toContain('Ваш текст');
      expect(await conflict.textContent()).toContain('Мой текст: выросла речь.');
      expect(await conflict.textContent()).toContain('Текст соавтора: 9 детей из 15.');
      expect((await saved(teacher, id)).results).toBe('Текст соавтора: 9 детей из 15.');
      await expectAccessible(mine);
      await screenshot(mine, 'editor-conflict-1280');
      await mine.setViewportSize({ width: 375, height: 800 });
      await expectNoSidewaysScroll(mine);
      await screenshot(mine, 'editor-conflict-375');
      await mine.getByRole('button', { name: 'Оставить мой текст' }).click();
      await statusSays(mine, 'Сохранено в');
      expect((await saved(teacher, id)).results).toBe('Мой текст: выросла речь.');
    },
  );

  it('can be filled and saved with the keyboard alone, with focus always visible', { timeout: 150_000 }, async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher);
    const page = await pageAs(teacher);
    await page.goto(web.url(`/my/practices/${id}`));
    await tabUntil(page, '#summary-field [data-md="bold"]');
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Игры');
    expect(await page.locator('#summary').inputValue()).toBe('**Игры**');
    await tabUntil(page, '#levels-preschool', 200);
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await statusSays(page, 'Сохранено в');
    expect((await saved(teacher, id)).levels).toEqual(['preschool']);
    expect((await saved(teacher, id)).summary).toBe('**Игры**');
  });

  it(
    'fits a 375 px phone without sideways scrolling and passes axe with errors shown',
    { timeout: 150_000 },
    async () => {
      const teacher = await signUp(web.app());
      const id = await draftOf(teacher);
      const page = await pageAs(teacher, { width: 375 });
      await page.goto(web.url(`/my/practices/${id}`));
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'editor-empty-375');
      await page.getByLabel('Актуальность', { exact: true }).fill('Половина первоклассников стесняется отвечать.');
      await page.getByLabel('Год начала реализации', { exact: true }).fill('двадцатый');
      await page.getByRole('button', { name: 'Сохранить черновик' }).click();
      expect(await page.locator('.error-summary').textContent()).toContain('Год — четыре цифры');
      expect(await page.getByLabel('Актуальность', { exact: true }).inputValue()).toBe(
        'Половина первоклассников стесняется отвечать.',
      );
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'editor-errors-375');
      await page.setViewportSize({ width: 1280, height: 800 });
      await screenshot(page, 'editor-errors-1280');
    },
  );

  it('saves and submits with JavaScript off through plain form posts', { timeout: 150_000 }, async () => {
    const app = web.app();
    const teacher = await signUp(app);
    const { results: _results, ...almost } = completePractice(makeOrganization(app, 'МБОУ «Ельнинская СШ № 1»'));
    const id = await draftOf(teacher, almost);
    const page = await pageAs(teacher, { javaScript: false });
    await page.goto(web.url(`/my/practices/${id}`));
    expect(await page.getByRole('button', { name: 'Отправить на рассмотрение' }).isDisabled()).toBe(true);
    expect(await page.locator('#checklist').textContent()).toContain('Заполните раздел «Результативность»');
    await page
      .getByLabel('Результативность', { exact: true })
      .fill('Высокий уровень речи: было 3 из 15, стало 9 из 15.');
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    expect(await page.locator('.notice.success').textContent()).toContain('Черновик сохранён');
    expect(await page.locator('#checklist').textContent()).toContain('Всё обязательное заполнено');
    await page.getByRole('button', { name: 'Отправить на рассмотрение' }).click();
    await page.waitForURL(/\/my$/);
    expect((await saved(teacher, id)).state).toBe('submitted');
  });
});
