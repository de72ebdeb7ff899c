/**
 * The whole journey in a browser, through the pages alone: a teacher registers, writes a draft over two sessions,
 * uploads a PDF, submits; a reviewer claims, scores and requests changes; the teacher reads the comment from the
 * bell, fixes a field and resubmits; the reviewer sees the diff and approves; the teacher gets the registry number.
 * Once with JavaScript (autosave, upload progress, the bell) and once with it off (plain posts). The per-page tests
 * go deeper into each page; this file checks that the pages lead from one to the next.
 */
import { expect, it } from 'vitest';
import { WORKSPACE } from '../../server/web/pages/workspace/paths.js';
import { makePdf } from '../support/files.js';
import { describeInBrowser, expectAccessible, expectNoSidewaysScroll, useBrowser } from './harness.js';
import {
  claimFromQueue,
  clickAndWait,
  decide,
  PASSWORD,
  register,
  signIn,
  startPractice,
  statusSays,
  writeFirstHalf,
  writeSecondHalf,
} from './journey-steps.js';

const PDF = makePdf([['Konspekt zanyatiya']]);
const COMMENT = 'Добавьте данные итоговой диагностики.';
const FIXED = 'Рассказывают по схеме 9 детей из 15; итоговая диагностика в мае.';

describeInBrowser('the whole journey from the first draft to publication', () => {
  const web = useBrowser();

  /** A moderator made through the services, as an administrator would; they sign in through /login. */
  async function reviewer(tag: string): Promise<string> {
    const email = `reviewer-${tag}@soiro.test`;
    await web.app().bank.services.auth.createUser({
      email,
      password: PASSWORD,
      fullName: 'Петрова Ольга Ивановна',
      roles: ['moderator'],
    });
    return email;
  }

  const teacherNamed = (tag: string) => ({
    email: `teacher-${tag}@school.test`,
    fullName: 'Смирнова Елена Викторовна',
    position: 'воспитатель',
  });

  // The longest test of the suite: two people, two sessions, four decisions' worth of pages and axe on each kind.
  it(
    'carries a practice from registration to publication with JavaScript, autosave, uploads and the bell',
    { timeout: 400_000 },
    async () => {
      const teacher = teacherNamed('js');
      let page = await web.page();
      await register(web, page, teacher, { axe: true });
      await expectAccessible(page);
      const id = await startPractice(page, 'Мнемотаблицы для развития речи', { axe: true });
      await writeFirstHalf(page);
      await statusSays(page, 'Сохранено в');
      await page.context().close();

      // The next evening, in another browser session.
      page = await web.page();
      await signIn(web, page, teacher.email, WORKSPACE.my, { axe: true });
      await clickAndWait(page, page.locator('li.my-practice').getByRole('link', { name: 'Дописать' }));
      expect(await page.getByLabel('Актуальность', { exact: true }).inputValue()).toBe(
        'Дети стесняются рассказывать у доски.',
      );
      expect(await page.isChecked('#levels-preschool')).toBe(true);
      await writeSecondHalf(page);
      await statusSays(page, 'Сохранено в');
      // The checklist follows the saves: it asks the server again after each one.
      await expect.poll(() => page.locator('#checklist').textContent()).toContain('Всё обязательное заполнено');
      await expectAccessible(page);
      await page.setViewportSize({ width: 375, height: 800 });
      await expectNoSidewaysScroll(page);
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.goto(web.url(WORKSPACE.materials(id)));
      await page
        .getByLabel('Выберите файлы')
        .setInputFiles({ name: 'Конспект.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Загрузить' }).click();
      await expect
        .poll(() => page.locator('#upload-status').innerText())
        .toMatch(/^Готово, файлы сохранены: «Конспект\.pdf»/);
      expect(await page.locator('#upload-bar').evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
      await expectAccessible(page);

      await page.goto(web.url(WORKSPACE.practice(id)));
      await clickAndWait(page, page.getByRole('button', { name: 'Отправить на рассмотрение' }));
      expect(new URL(page.url()).pathname).toBe(WORKSPACE.my);
      expect(await page.locator('li.my-practice').innerText()).toContain('Ждёт рецензента');

      const desk = await web.page();
      await signIn(web, desk, await reviewer('js'), WORKSPACE.moderation);
      await claimFromQueue(web, desk, id, { axe: true });
      await desk.goto(web.url(WORKSPACE.review(id)));
      await expectAccessible(desk);
      await decide(desk, 'request_changes', 2, COMMENT);
      expect(await desk.textContent('main')).toContain('возвращена на доработку');

      await page.reload();
      await clickAndWait(page, page.getByRole('link', { name: 'Уведомления: 1 непрочитанное' }));
      await expectAccessible(page);
      await clickAndWait(page, page.locator('li.notification h2 a').first());
      expect(new URL(page.url()).pathname).toBe(WORKSPACE.practice(id));
      expect(await page.locator('.review-panel').innerText()).toContain(COMMENT);
      await page.getByLabel('Результативность', { exact: true }).fill(FIXED);
      await statusSays(page, 'Сохранено в');
      await clickAndWait(page, page.getByRole('button', { name: 'Отправить на рассмотрение' }));
      expect(await page.locator('li.my-practice').innerText()).toContain('Ждёт рецензента');

      await desk.goto(web.url(WORKSPACE.review(id)));
      await clickAndWait(desk, desk.locator('.review-status button'));
      const changed = desk.locator('.review-changes .diff-field', { hasText: 'Результативность' });
      expect(await changed.locator('ins').innerText()).toContain('итоговая диагностика');
      expect(await desk.locator('.review-changes dt').allInnerTexts()).toEqual(['Результативность']);
      await desk.setViewportSize({ width: 375, height: 800 });
      await expectNoSidewaysScroll(desk);
      await desk.setViewportSize({ width: 1280, height: 800 });
      await decide(desk, 'approve', 3);
      expect(await desk.textContent('main')).toMatch(/одобрена и опубликована, № 67-\d{4}-\d{4}/);

      await page.goto(web.url(WORKSPACE.my));
      await clickAndWait(page, page.getByRole('link', { name: 'Уведомления: 1 непрочитанное' }));
      expect(await page.locator('li.notification.unread h2 a').innerText()).toMatch(
        /^Практика «Мнемотаблицы для развития речи» опубликована под № 67-\d{4}-\d{4}$/,
      );
      await page.goto(web.url(WORKSPACE.my));
      const item = page.locator('li.my-practice');
      expect(await item.getByText(/^Опубликована № 67-\d{4}-\d{4}$/).count()).toBe(1);
      expect(await item.locator('.citation').innerText()).toMatch(/67-\d{4}-\d{4}/);
      expect(web.problems).toEqual([]);
    },
  );

  it(
    'carries a practice to publication with JavaScript off, through plain posts alone',
    { timeout: 300_000 },
    async () => {
      const teacher = teacherNamed('nojs');
      const page = await web.page({ javaScript: false });
      await register(web, page, teacher);
      const id = await startPractice(page, 'Мнемотаблицы без скриптов');
      await writeFirstHalf(page);
      await writeSecondHalf(page);
      await clickAndWait(page, page.getByRole('button', { name: 'Сохранить черновик' }));
      expect(await page.locator('.notice.success').textContent()).toContain('Черновик сохранён');
      expect(await page.locator('#checklist').textContent()).toContain('Всё обязательное заполнено');

      await page.goto(web.url(WORKSPACE.materials(id)));
      await page
        .getByLabel('Выберите файлы')
        .setInputFiles({ name: 'План.pdf', mimeType: 'application/pdf', buffer: PDF });
      await clickAndWait(page, page.getByRole('button', { name: 'Загрузить' }));
      expect(await page.getByText('Загружено: «План.pdf»').count()).toBe(1);
      await page.goto(web.url(WORKSPACE.practice(id)));
      await clickAndWait(page, page.getByRole('button', { name: 'Отправить на рассмотрение' }));
      expect(await page.locator('li.my-practice').innerText()).toContain('Ждёт рецензента');

      const desk = await web.page({ javaScript: false });
      await signIn(web, desk, await reviewer('nojs'), WORKSPACE.moderation);
      await claimFromQueue(web, desk, id);
      await desk.goto(web.url(WORKSPACE.review(id)));
      await decide(desk, 'request_changes', 2, COMMENT);

      await page.goto(web.url(WORKSPACE.practice(id)));
      expect(await page.locator('.review-panel').innerText()).toContain(COMMENT);
      await page.getByLabel('Результативность', { exact: true }).fill(FIXED);
      await clickAndWait(page, page.getByRole('button', { name: 'Сохранить черновик' }));
      await clickAndWait(page, page.getByRole('button', { name: 'Отправить на рассмотрение' }));

      await desk.goto(web.url(WORKSPACE.review(id)));
      await clickAndWait(desk, desk.locator('.review-status button'));
      expect(await desk.locator('.review-changes dt').allInnerTexts()).toEqual(['Результативность']);
      await decide(desk, 'approve', 3);

      await page.goto(web.url(WORKSPACE.my));
      expect(
        await page
          .locator('li.my-practice')
          .getByText(/^Опубликована № 67-\d{4}-\d{4}$/)
          .count(),
      ).toBe(1);
      expect(web.problems).toEqual([]);
    },
  );
});
