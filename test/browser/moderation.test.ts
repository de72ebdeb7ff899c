/**
 * The reviewer's desk in a browser: a moderator opens the queue, filters it, claims a practice, scores it and
 * requests changes with the keyboard alone; after the author resubmits (through the API) the review page shows
 * the diff and the moderator approves. Then the same with JavaScript off, through plain posts.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { RUBRIC } from '../../server/model/rubric.js';
import { call, signUp, type Client } from '../helper.js';
import { act, completeDraft } from '../moderation/fixtures.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('the reviewer’s desk in a browser', () => {
  const web = useBrowser();

  /** A browser page signed in as `client` (the session cookie from signUp, as the login page would set). */
  async function signedIn(client: Client, options: Parameters<typeof web.page>[0] = {}): Promise<Page> {
    const page = await web.page(options);
    const [name, value] = client.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    return page;
  }

  /** Submits a new complete practice by a new author. */
  async function submitted(title: string) {
    const draft = await completeDraft(web.app(), title);
    await act(web.app(), draft.author, draft.id, 'submit');
    return draft;
  }

  /** Presses Enter on the focused control and waits for the page it posts or links to. */
  async function pressAndWait(page: Page, key = 'Enter') {
    await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  }

  /** Scores every criterion `score` with the arrow keys (from the first option of each group). */
  async function scoreAll(page: Page, score: number) {
    for (const criterion of RUBRIC) {
      await tabUntil(page, `input[name="${criterion}"]`, 80);
      await page.keyboard.press('Space');
      for (let i = 0; i < score; i += 1) await page.keyboard.press('ArrowDown');
    }
  }

  // The longest journey of the file: two decisions with the keyboard and two axe runs on a shared machine.
  it(
    'takes a practice from the queue to changes requested and, after the resubmission, to publication',
    { timeout: 150_000 },
    async () => {
      const moderator = await signUp(web.app(), { roles: ['moderator'], fullName: 'Петрова Ольга Ивановна' });
      const draft = await submitted('Квест-игры в краеведении для младших школьников');
      const page = await signedIn(moderator);

      await page.goto(web.url('/moderation'));
      await expectAccessible(page);
      // Filter with the keyboard: «Кто взял» → «Никем не взятые» (three steps down), applied on Enter.
      await tabUntil(page, '#filter-claimed');
      await expectVisibleFocus(page);
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
      await pressAndWait(page);
      expect(page.url()).toContain('claimed=none');
      // Focus comes back to the filter that was changed.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-claimed');
      await screenshot(page, 'moderation-queue-1280');

      await tabUntil(page, `#practice-${draft.id} button`, 120);
      await expectVisibleFocus(page);
      await pressAndWait(page);
      expect(await page.textContent('main')).toContain('взята на рассмотрение');

      await page.goto(web.url(`/moderation/practices/${draft.id}`));
      await scoreAll(page, 2);
      expect(await page.textContent('.rubric-total')).toContain('Сумма: 10.');
      await tabUntil(page, '#comment');
      await page.keyboard.type('Добавьте данные входной и итоговой диагностики.');
      await tabUntil(page, 'input[name="decision"]');
      await page.keyboard.press('ArrowDown');
      expect(await page.textContent('.required-now')).toContain('комментарий обязателен');
      await tabUntil(page, '#decision-form button[type="submit"]');
      await pressAndWait(page);
      expect(await page.textContent('main')).toContain('Решение принято: практика возвращена на доработку');

      // The author fixes the practice and sends it again.
      const read = await call(web.app(), draft.author, 'GET', `/api/v1/practices/${draft.id}`);
      await call(
        web.app(),
        draft.author,
        'PATCH',
        `/api/v1/practices/${draft.id}`,
        { results: 'Доля детей с высоким уровнем воображения выросла с 18 % до 52 % по методике Дьяченко.' },
        { 'if-match': read.headers.etag as string },
      );
      await act(web.app(), draft.author, draft.id, 'submit');

      await page.goto(web.url(`/moderation/practices/${draft.id}`));
      await tabUntil(page, '.review-status button', 80);
      await pressAndWait(page);
      expect(await page.textContent('.review-changes')).toContain('Результативность');
      expect(await page.textContent('.review-changes ins')).toBeTruthy();
      await expectAccessible(page);
      await screenshot(page, 'moderation-review-1280');

      await scoreAll(page, 3);
      await tabUntil(page, 'input[name="decision"]');
      await page.keyboard.press('Space');
      await tabUntil(page, '#decision-form button[type="submit"]');
      await pressAndWait(page);
      expect(await page.textContent('main')).toMatch(/одобрена и опубликована, № 67-\d{4}-\d{4}/);
      expect(web.problems).toEqual([]);
    },
  );

  it('fits a phone: the queue and the review page with a diff at 375 px, without sideways scrolling', async () => {
    const moderator = await signUp(web.app(), { roles: ['moderator'] });
    const draft = await submitted('Мини-музей в детском саду как пространство развития речи дошкольников');
    await act(web.app(), moderator, draft.id, 'claim');
    const review = await call(web.app(), moderator, 'GET', `/api/v1/practices/${draft.id}`);
    await call(
      web.app(),
      moderator,
      'POST',
      `/api/v1/practices/${draft.id}/transitions`,
      { action: 'request_changes', comment: 'Опишите условия тиражирования подробнее' },
      { 'if-match': review.headers.etag as string },
    );
    const read = await call(web.app(), draft.author, 'GET', `/api/v1/practices/${draft.id}`);
    await call(
      web.app(),
      draft.author,
      'PATCH',
      `/api/v1/practices/${draft.id}`,
      { replication: 'Нужны картотека игр, два семинара для педагогов и методические рекомендации.' },
      { 'if-match': read.headers.etag as string },
    );
    await act(web.app(), draft.author, draft.id, 'submit');
    await act(web.app(), moderator, draft.id, 'claim');

    const page = await signedIn(moderator, { width: 375 });
    await page.goto(web.url('/moderation'));
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'moderation-queue-375');
    await page.goto(web.url(`/moderation/practices/${draft.id}`));
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'moderation-review-375');
  });

  it('claims and decides through plain posts with JavaScript off', async () => {
    const moderator = await signUp(web.app(), { roles: ['moderator'] });
    const draft = await submitted('Проектная деятельность на уроках технологии без JavaScript');
    const page = await signedIn(moderator, { javaScript: false });
    await page.goto(web.url(`/moderation?organizationId=${(await orgOf(moderator, draft.id)) ?? ''}`));
    await Promise.all([page.waitForNavigation(), page.click(`#practice-${draft.id} button`)]);
    expect(await page.textContent('main')).toContain('взята на рассмотрение');
    await page.goto(web.url(`/moderation/practices/${draft.id}`));
    // Without the comment a rejection comes back with the refusal beside the field.
    for (const criterion of RUBRIC) await page.check(`input[name="${criterion}"][value="1"]`);
    await page.check('input[name="decision"][value="reject"]');
    await Promise.all([page.waitForNavigation(), page.click('#decision-form button[type="submit"]')]);
    expect(await page.textContent('#comment-error')).toContain('почему практика отклонена');
    expect(await page.isChecked('input[name="novelty"][value="1"]')).toBe(true);
    await page.fill('#comment', 'Практика повторяет известную методику без изменений.');
    await Promise.all([page.waitForNavigation(), page.click('#decision-form button[type="submit"]')]);
    expect(await page.textContent('main')).toContain('Решение принято: практика отклонена');
  });

  async function orgOf(client: Client, id: number): Promise<number | undefined> {
    return (await call(web.app(), client, 'GET', `/api/v1/practices/${id}`)).json().organization?.id;
  }
});
