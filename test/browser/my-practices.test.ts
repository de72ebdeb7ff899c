import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { WORKSPACE } from '../../server/web/pages/workspace/paths.js';
import { signUp, type Client } from '../helper.js';
import { makePdf } from '../support/files.js';
import { people, practiceIn } from '../web/workspace/world.js';
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

const PDF = makePdf([['Konspekt zanyatiya po TRIZ']]);

describeInBrowser('«Мои практики», materials and authors in a browser', () => {
  const web = useBrowser();

  /** A page signed in as `client`: the session cookie set on the browser, as a sign-in would. */
  async function pageAs(client: Client, options: PageOptions = {}): Promise<Page> {
    const page = await web.page(options);
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  async function draftOf(author: Client, title: string): Promise<number> {
    const moderator = await signUp(web.app(), { roles: ['moderator'] });
    return practiceIn(web.app(), author, moderator, 'draft', title);
  }

  it('tells a first-time teacher what to do, then lists the practice with its next step', async () => {
    const teacher = await signUp(web.app(), { fullName: 'Орлова Дарья Андреевна' });
    for (const width of [375, 1280]) {
      const page = await pageAs(teacher, { width });
      await page.goto(web.url(WORKSPACE.my));
      await expect.poll(() => page.getByRole('heading', { name: 'У вас пока нет практик' }).count()).toBe(1);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `my-empty-${width}`);
    }
    const id = await draftOf(teacher, 'Квест-игра «Тайны родного края» для старших дошкольников');
    const page = await pageAs(teacher);
    await page.goto(web.url(WORKSPACE.my));
    const item = page.locator('li.my-practice', { hasText: 'Тайны родного края' });
    expect(await item.getByText('Черновик', { exact: true }).count()).toBe(1);
    expect(await item.getByRole('link', { name: 'Дописать', exact: true }).getAttribute('href')).toBe(
      WORKSPACE.practice(id),
    );
    // Keyboard only: «Новая практика» is reached with Tab and shows its focus.
    await tabUntil(page, `a[href="${WORKSPACE.newPractice}"]`);
    await expectVisibleFocus(page);
    expect(web.problems).toEqual([]);
  });

  it('shows practices in several states with the right next step, on a phone and a desktop', async () => {
    const { author, moderator } = await people(web.app());
    for (const state of ['draft', 'changes_requested', 'submitted', 'in_review', 'published', 'rejected'] as const)
      await practiceIn(web.app(), author, moderator, state, `Практика: ${state}`);
    await practiceIn(web.app(), author, moderator, 'withdrawn', 'Практика: снята с публикации');
    for (const width of [375, 1280]) {
      const page = await pageAs(author, { width });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url('') });
      await page.goto(web.url(WORKSPACE.my));
      expect(await page.getByRole('link', { name: 'Исправить по замечаниям', exact: true }).count()).toBe(1);
      expect(await page.getByText('Ждёт рецензента').count()).toBe(1);
      expect(await page.getByText(/^На рассмотрении с /).count()).toBe(1);
      expect(await page.getByText(/^Опубликована № 67-\d{4}-\d{4}$/).count()).toBe(1);
      expect(await page.getByText(/^Снята с публикации /).count()).toBe(1);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `my-states-${width}`);
      if (width === 1280) {
        // The citation's copy button is the practice page's own script.
        await page.getByRole('button', { name: 'Скопировать ссылку для цитирования' }).click();
        await expect.poll(() => page.getByText('Ссылка скопирована в буфер обмена').count()).toBe(1);
        expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/Текст : электронный/);
      }
    }
    expect(web.problems).toEqual([]);
  });

  it('uploads a PDF with progress, takes a dropped file, and refuses a wrong type before sending it', async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher, 'Практика с материалами');
    const page = await pageAs(teacher);
    await page.goto(web.url(WORKSPACE.materials(id)));
    expect(await page.getByText('Один файл — до 100 МБ').count()).toBe(1);
    await page
      .getByLabel('Выберите файлы')
      .setInputFiles({ name: 'Конспект.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await expect
      .poll(() => page.locator('#upload-status').innerText())
      .toMatch(/^Готово, файлы сохранены: «Конспект\.pdf»/);
    expect(await page.locator('#upload-bar').evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
    expect(await page.locator('#file-list').getByRole('link', { name: 'Конспект.pdf', exact: true }).count()).toBe(1);
    // Dropped on the zone, as a file dragged from the desktop.
    const dropped = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'Фото занятия.pdf', { type: 'application/pdf' }));
        return transfer;
      },
      [...PDF],
    );
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dropped });
    await expect
      .poll(() => page.locator('#file-list').getByRole('link', { name: 'Фото занятия.pdf', exact: true }).count())
      .toBe(1);
    // A wrong type is refused in the API's words, before a byte is sent.
    let sent = 0;
    page.on('request', (request) => {
      if (request.url().includes('/attachments')) sent += 1;
    });
    await page
      .getByLabel('Выберите файлы')
      .setInputFiles({ name: 'игра.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('#file-error').innerText()).toContain('Файлы «.exe» не принимаются');
    expect(sent).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'materials-1280');
    expect(web.problems).toEqual([]);
  });

  it('adds a video link with the keyboard alone, and fits a phone', async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher, 'Практика с видео');
    const page = await pageAs(teacher, { width: 375 });
    await page.goto(web.url(WORKSPACE.materials(id)));
    await tabUntil(page, '#url');
    await expectVisibleFocus(page);
    await page.keyboard.type('https://rutube.ru/video/abc123def456/');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Занятие «Весна» в старшей группе');
    await page.keyboard.press('Enter');
    // The same address before and after the post: the notice is what says the page came back.
    await expect.poll(() => page.getByText('Видео «Занятие «Весна» в старшей группе» добавлено').count()).toBe(1);
    expect(
      await page
        .locator('#video-list')
        .getByRole('link', { name: 'Занятие «Весна» в старшей группе', exact: true })
        .count(),
    ).toBe(1);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'materials-375');
    expect(web.problems).toEqual([]);
  });

  it('invites a co-author by e-mail, who accepts on their own list', async () => {
    const { author } = await people(web.app());
    const id = await draftOf(author, 'Практика двух педагогов');
    const colleague = await signUp(web.app(), { fullName: 'Кузнецова Мария Игоревна' });
    for (const width of [1280, 375]) {
      const page = await pageAs(author, { width });
      await page.goto(web.url(WORKSPACE.authors(id)));
      if (width === 1280) {
        await page.getByLabel('Адрес электронной почты коллеги').fill(colleague.email);
        await page.getByRole('button', { name: 'Пригласить' }).click();
        // The inviter learns nothing about the address: not whether it has an account, nor whose it is.
        await expect.poll(() => page.getByText(`Приглашение отправлено на ${colleague.email}`).count()).toBe(1);
      }
      expect(await page.locator('#invite-list li', { hasText: colleague.email }).count()).toBe(1);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `authors-${width}`);
    }
    const invited = await pageAs(colleague);
    await invited.goto(web.url(WORKSPACE.my));
    await invited.getByRole('button', { name: 'Принять приглашение' }).click();
    await invited.waitForURL(web.url(WORKSPACE.practice(id)));
    await invited.goto(web.url(WORKSPACE.my));
    expect(await invited.locator('li.my-practice', { hasText: 'Практика двух педагогов' }).count()).toBe(1);
    expect(await invited.getByText('Приглашения в соавторы').count()).toBe(0);
  });

  it('uploads through the plain form with JavaScript off', async () => {
    const teacher = await signUp(web.app());
    const id = await draftOf(teacher, 'Практика без скриптов');
    const page = await pageAs(teacher, { javaScript: false });
    await page.goto(web.url(WORKSPACE.materials(id)));
    await page
      .getByLabel('Выберите файлы')
      .setInputFiles({ name: 'План.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.getByText('Загружено: «План.pdf»').count()).toBe(1);
    expect(await page.locator('#file-list').getByRole('link', { name: 'План.pdf', exact: true }).count()).toBe(1);
    expect(web.problems).toEqual([]);
  });
});
