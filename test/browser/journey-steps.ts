/**
 * Steps of the whole journey (test/browser/journey.test.ts) that work the same with JavaScript on and off: every
 * one goes through a page's plain form, so the journey with scripts off is the same walk with fewer extras.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { RUBRIC } from '../../server/model/rubric.js';
import { confirmationToken } from '../helper.js';
import { WORKSPACE } from '../../server/web/pages/workspace/paths.js';
import { expectAccessible, type BrowserWorld } from './harness.js';

export const PASSWORD = 'липа клён берёза';

export interface Person {
  email: string;
  fullName: string;
  position: string;
}

/** Clicks `target` and waits for the page the click posts or links to. */
export async function clickAndWait(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForNavigation(), target.click()]);
}

/**
 * Registers `who` through /register (the first organisation of the directory), is told to check the mail, opens
 * the confirmation link the letter carries, presses its button and lands on «Мои практики», signed in.
 */
export async function register(web: BrowserWorld, page: Page, who: Person, { axe = false } = {}): Promise<void> {
  await page.goto(web.url(WORKSPACE.register));
  if (axe) await expectAccessible(page);
  await page.getByLabel('Адрес электронной почты').fill(who.email);
  await page.getByLabel('Фамилия, имя и отчество').fill(who.fullName);
  await page.getByLabel('Должность').fill(who.position);
  await page.locator('#organizationId').selectOption({ index: 1 });
  await page.getByLabel('Пароль').fill(PASSWORD);
  await clickAndWait(page, page.getByRole('button', { name: 'Зарегистрироваться' }));
  expect(new URL(page.url()).pathname).toBe(WORKSPACE.registered);
  expect(await page.locator('h1').innerText()).toBe('Проверьте почту');
  await confirmByLink(web, page, who.email);
}

/** Opens the confirmation link a new letter to `email` would carry and presses its button: lands on «Мои практики». */
export async function confirmByLink(web: BrowserWorld, page: Page, email: string): Promise<void> {
  await page.goto(web.url(WORKSPACE.confirmLink(confirmationToken(web.app(), email))));
  await clickAndWait(page, page.getByRole('button', { name: 'Подтвердить адрес и войти' }));
  expect(new URL(page.url()).pathname).toBe(WORKSPACE.my);
  expect(await page.locator('.notice.success').innerText()).toContain('Адрес подтверждён');
}

/** Signs in through /login and lands where `next` says. */
export async function signIn(web: BrowserWorld, page: Page, email: string, next: string, { axe = false } = {}) {
  await page.goto(web.url(`${WORKSPACE.login}?next=${encodeURIComponent(next)}`));
  if (axe) await expectAccessible(page);
  await page.getByLabel('Адрес электронной почты').fill(email);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await clickAndWait(page, page.getByRole('button', { name: 'Войти' }));
  expect(new URL(page.url()).pathname).toBe(next);
}

/** From «Мои практики»: «Новая практика», a title (the teacher's own organisation is chosen), «Создать черновик». */
export async function startPractice(page: Page, title: string, { axe = false } = {}): Promise<number> {
  await clickAndWait(page, page.getByRole('link', { name: 'Новая практика' }).first());
  if (axe) await expectAccessible(page);
  await page.getByLabel('Название', { exact: true }).fill(title);
  await clickAndWait(page, page.getByRole('button', { name: 'Создать черновик' }));
  const match = /\/my\/practices\/(\d+)$/.exec(page.url());
  expect(match, page.url()).not.toBeNull();
  return Number(match![1]);
}

/** The first half of a draft: what a teacher writes on the first evening. */
export async function writeFirstHalf(page: Page): Promise<void> {
  await page.getByLabel('Аннотация', { exact: true }).fill('Игры со схемами помогают детям 5–7 лет рассказывать.');
  await page.getByLabel('Актуальность', { exact: true }).fill('Дети стесняются рассказывать у доски.');
  await page.getByLabel('Цель и задачи', { exact: true }).fill('Научить детей рассказывать по схеме.');
  await page.check('#levels-preschool');
}

/** The rest of the draft, after which the checklist has nothing left. */
export async function writeSecondHalf(page: Page): Promise<void> {
  await page.getByLabel('Содержание и ход реализации', { exact: true }).fill('Три этапа: знакомство, игры, рассказ.');
  await page.getByLabel('Результативность', { exact: true }).fill('Рассказывают по схеме 9 детей из 15.');
  await page.getByLabel('Условия и ресурсы для тиражирования', { exact: true }).fill('Нужны картотека схем и магниты.');
  await page.getByLabel('Год начала реализации', { exact: true }).fill('2023');
  await page.check('#subjects-speech');
  await page.check('#directions-development');
}

/** On the review page: scores every criterion `score`, writes `comment` and posts `decision`. */
export async function decide(
  page: Page,
  decision: 'approve' | 'request_changes',
  score: number,
  comment = '',
): Promise<void> {
  for (const criterion of RUBRIC) await page.check(`input[name="${criterion}"][value="${score}"]`);
  if (comment) await page.fill('#comment', comment);
  await page.check(`input[name="decision"][value="${decision}"]`);
  await clickAndWait(page, page.locator('#decision-form button[type="submit"]'));
  expect(await page.textContent('main')).toContain('Решение принято');
}

/** The reviewer claims a practice from the desk's queue (its «Взять на рассмотрение»). */
export async function claimFromQueue(web: BrowserWorld, page: Page, id: number, { axe = false } = {}) {
  // Never claimed, a hundred a page: the demo bank's own submissions do not push the new one off the first page.
  await page.goto(web.url(`${WORKSPACE.moderation}?claimed=none&perPage=100`));
  if (axe) await expectAccessible(page);
  await clickAndWait(page, page.locator(`#practice-${id} button`));
  expect(await page.textContent('main')).toContain('взята на рассмотрение');
}

/** Waits for the autosave status line to say `text` (it saves two seconds after the last keystroke). */
export const statusSays = (page: Page, text: string) =>
  expect.poll(() => page.locator('#save-status').textContent(), { timeout: 20_000 }).toContain(text);
