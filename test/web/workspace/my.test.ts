import { describe, expect, it } from 'vitest';
import { WORKSPACE } from '../../../server/web/pages/workspace/paths.js';
import { shortened } from '../../../server/web/pages/workspace/my-list.js';
import { call, signUp, useApp } from '../../helper.js';
import { etagOf, page, people, post, practiceIn, type State } from './world.js';

/** The list item of a practice, by its title, as text without tags. */
function itemOf(html: string, title: string): string {
  const items = html.split('<li class="my-practice').slice(1);
  const item = items.find((i) => i.includes(title));
  if (!item) throw new Error(`no item for ${title}`);
  return item
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

describe('«Мои практики»', () => {
  const app = useApp();

  it('sends a visitor to sign in and tells a first-time teacher how to start', async () => {
    const visitor = await page(app(), null, WORKSPACE.my);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fmy');
    const teacher = await signUp(app());
    const res = await page(app(), teacher, WORKSPACE.my);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('У вас пока нет практик');
    expect(res.body).toContain(`href="${WORKSPACE.newPractice}"`);
    expect(res.body).toContain('Новая практика');
  });

  it('says for every state what it means and what to do next', async () => {
    const { author, moderator } = await people(app());
    const expected: Record<State, { says: string[]; link?: [string, string] }> = {
      draft: { says: ['Черновик'], link: ['Дописать', '/my/practices/ID'] },
      changes_requested: {
        says: ['Возвращена на доработку', 'Комментарий рецензента: Добавьте результаты диагностики'],
        link: ['Исправить по замечаниям', '/my/practices/ID'],
      },
      submitted: { says: ['Ждёт рецензента', 'Отправлена'] },
      in_review: { says: ['На рассмотрении с '] },
      published: { says: ['Опубликована № 67-', 'Текст : электронный', 'Начать новую версию'] },
      rejected: { says: ['Отклонена', 'повторяет уже опубликованную'] },
      withdrawn: { says: ['Снята с публикации', 'Причина: Авторы попросили снять практику.'] },
      new_version: {
        says: ['Новая версия 2 — черновик', 'На сайте — опубликованная версия'],
        link: ['Дописать новую версию', '/my/practices/ID'],
      },
    };
    const ids: Partial<Record<State, number>> = {};
    for (const state of Object.keys(expected) as State[])
      ids[state] = await practiceIn(app(), author, moderator, state, `Практика в состоянии ${state}`);
    const res = await page(app(), author, WORKSPACE.my);
    expect(res.statusCode).toBe(200);
    for (const [state, { says, link }] of Object.entries(expected) as [State, (typeof expected)[State]][]) {
      const item = itemOf(res.body, `Практика в состоянии ${state}`);
      for (const words of says) expect(item, state).toContain(words);
      if (link) {
        const href = link[1].replace('ID', String(ids[state]));
        expect(res.body).toContain(`<a href="${href}" class="button">${link[0]}</a>`);
      }
    }
    // Nothing promises an action the state does not allow.
    expect(itemOf(res.body, 'Практика в состоянии submitted')).not.toMatch(/Дописать|Исправить|Начать новую/);
    expect(itemOf(res.body, 'Практика в состоянии withdrawn')).not.toContain('Начать новую версию');
    // The newest activity comes first: the last practice carried along is listed before the first.
    expect(res.body.indexOf('состоянии new_version')).toBeLessThan(res.body.indexOf('состоянии draft'));
  });

  it('starts a new version of a published practice and opens it in the editor', async () => {
    const { author, moderator } = await people(app());
    const id = await practiceIn(app(), author, moderator, 'published', 'Опубликованная практика для новой версии');
    const etag = await etagOf(app(), author, id);
    const stale = await post(app(), author, `/my/practices/${id}/new-version`, { etag: '"1.1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('обновите страницу');
    const started = await post(app(), author, `/my/practices/${id}/new-version`, { etag });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(WORKSPACE.practice(id));
    const latest = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    expect(latest.json()).toMatchObject({ versionNo: 2, state: 'draft' });
    // Twice is refused in words: the new version already exists.
    const again = await post(app(), author, `/my/practices/${id}/new-version`, {
      etag: await etagOf(app(), author, id),
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Нельзя начать новую версию');
  });

  it('refuses a new version of someone else’s practice and a post without the form token', async () => {
    const { author, moderator } = await people(app());
    const id = await practiceIn(app(), author, moderator, 'published', 'Чужая опубликованная практика');
    const etag = await etagOf(app(), author, id);
    const stranger = await signUp(app());
    const res = await post(app(), stranger, `/my/practices/${id}/new-version`, { etag });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    const noToken = await post(app(), author, `/my/practices/${id}/new-version`, { etag }, false);
    expect(noToken.statusCode).toBe(403);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json().versionNo).toBe(1);
  });

  it('shows an invitation to co-author on the invitee’s list, who accepts it there', async () => {
    const { author, moderator } = await people(app());
    const id = await practiceIn(app(), author, moderator, 'draft', 'Практика с приглашённым соавтором');
    const colleague = await signUp(app(), { fullName: 'Кузнецова Мария Игоревна' });
    const invited = await call(app(), author, 'POST', `/api/v1/practices/${id}/coauthor-invites`, {
      email: colleague.email,
    });
    expect(invited.statusCode).toBe(201);
    const mine = await page(app(), colleague, WORKSPACE.my);
    expect(mine.body).toContain('Приглашения в соавторы');
    expect(mine.body).toContain('приглашает вас в соавторы практики «Практика с приглашённым соавтором»');
    const bad = await post(app(), colleague, `/my/invitations/${id}`, { answer: 'maybe' });
    expect(bad.statusCode).toBe(400);
    const accepted = await post(app(), colleague, `/my/invitations/${id}`, { answer: 'accept' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(WORKSPACE.practice(id));
    const after = await page(app(), colleague, WORKSPACE.my);
    expect(after.body).not.toContain('Приглашения в соавторы');
    expect(itemOf(after.body, 'Практика с приглашённым соавтором')).toContain('Черновик');
    // Answered once: a second answer finds no invitation.
    expect((await post(app(), colleague, `/my/invitations/${id}`, { answer: 'decline' })).statusCode).toBe(404);
  });
});

describe('a reviewer’s comment in the list', () => {
  it('is cut at a word with an ellipsis when long, and kept whole when short', () => {
    expect(shortened('Коротко.')).toBe('Коротко.');
    const long = 'Добавьте результаты диагностики за второй год работы. '.repeat(10);
    const cut = shortened(long, 60);
    expect(cut.length).toBeLessThanOrEqual(61);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/\s…$/);
  });
});
