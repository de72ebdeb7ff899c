/**
 * The reviewer's desk through `inject`: who may open it, the queue's filters and counts, claim and release, the
 * review page's decision with every kind of bad input, the diff after a resubmission, and withdrawal from the
 * public page.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { act, completeDraft, FULL_SCORES } from '../moderation/fixtures.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function page(app: App, client: Client | null, url: string) {
  return app.inject({ url, headers: { accept: 'text/html', ...(client ? { cookie: client.cookie } : {}) } });
}

function post(app: App, client: Client, url: string, fields: Record<string, string | string[]>, csrf = client.csrf) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...fields, ...(csrf ? { _csrf: csrf } : {}) }))
    for (const v of ([] as string[]).concat(value)) body.append(name, v);
  return app.inject({ method: 'POST', url, headers: { ...FORM, cookie: client.cookie }, payload: body.toString() });
}

async function etagOf(app: App, client: Client, id: number): Promise<string> {
  return (await call(app, client, 'GET', `/api/v1/moderation/practices/${id}`)).json().etag;
}

const scores = (overrides: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(FULL_SCORES).map(([k, v]) => [k, String(v)])),
  ...overrides,
});

/** A submitted practice and a moderator who claimed it. */
async function claimed(app: App, title: string) {
  const moderator = await signUp(app, { roles: ['moderator'] });
  const draft = await completeDraft(app, title);
  await act(app, draft.author, draft.id, 'submit');
  await act(app, moderator, draft.id, 'claim');
  return { moderator, ...draft };
}

describe('the reviewer’s desk pages', () => {
  const app = useApp();

  it('sends a visitor to sign in and tells an author in Russian that the desk is for moderators', async () => {
    const visitor = await page(app(), null, '/moderation?claimed=me');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fmoderation%3Fclaimed%3Dme');
    const author = await signUp(app());
    for (const url of ['/moderation', '/moderation/practices/1']) {
      const refused = await page(app(), author, url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.body).toContain('Модерация доступна модераторам и администраторам СОИРО');
    }
    const moderator = await signUp(app(), { roles: ['moderator'] });
    expect((await page(app(), moderator, '/moderation')).statusCode).toBe(200);
  });

  it('filters the queue and counts what each filter value would show', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const other = await signUp(app(), { roles: ['moderator'] });
    const drafts = [];
    for (const title of ['Очередь: первая', 'Очередь: вторая', 'Очередь: третья']) {
      const d = await completeDraft(app(), title);
      await act(app(), d.author, d.id, 'submit');
      drafts.push(d);
    }
    await act(app(), moderator, drafts[1]!.id, 'claim');
    await act(app(), other, drafts[2]!.id, 'claim');

    const mine = await page(app(), moderator, '/moderation?claimed=me&level=&organizationId=');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Очередь: вторая');
    expect(mine.body).not.toContain('Очередь: первая');
    expect(mine.body).toMatch(/<option value="me" selected(="")?>Взятые мной \(1\)<\/option>/);
    // Each value counts under the other filters: «anyone's» would show this file's two claims and earlier ones.
    const api = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue?claimed=me')).json();
    expect(api.facets.claimed.me).toBe(1);
    expect(api.facets.state).toMatchObject({ in_review: 1 });
    expect(mine.body).toMatch(new RegExp(`Взятые кем-либо \\(${api.facets.claimed.any}\\)`));
    expect(mine.body).toContain('взята вами');
    expect(mine.body).toContain('Вернуть в очередь');

    const org = api.items[0].organization.id;
    const byOrg = await page(app(), moderator, `/moderation?organizationId=${org}&state=in_review&state=submitted`);
    expect(byOrg.body).toContain('Очередь: вторая');
    expect(byOrg.body).not.toContain('Очередь: третья');
    expect(byOrg.body).toContain('Найдено: 1 практика');
    const old = await page(app(), moderator, '/moderation?waitingDays=7');
    expect(old.body).toContain('Нет практик с такими условиями');
    expect(old.body).toMatch(/7 дней и дольше \(0\)/);
    expect((await page(app(), moderator, '/moderation?claimed=nobody')).statusCode).toBe(400);
  });

  it('claims from the queue with one button, back to the same filters, and says so when another was quicker', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const rival = await signUp(app(), { roles: ['moderator'] });
    const d = await completeDraft(app(), 'Взять из очереди');
    await act(app(), d.author, d.id, 'submit');
    const etag = await etagOf(app(), moderator, d.id);
    const back = '/moderation?state=submitted';

    expect((await post(app(), moderator, `/moderation/practices/${d.id}/claim`, { etag, back }, '')).statusCode).toBe(
      403,
    );
    const taken = await post(app(), rival, `/moderation/practices/${d.id}/claim`, { etag, back });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe(back);
    expect(decodeURIComponent(taken.cookies.find((c) => c.name === 'pb_notice')!.value)).toBe(
      'Практика «Взять из очереди» взята на рассмотрение',
    );
    const late = await post(app(), moderator, `/moderation/practices/${d.id}/claim`, { etag, back });
    expect(late.statusCode).toBe(412);
    expect(late.body).toContain('Практику уже изменил кто-то другой');
    expect(late.body).toContain('Очередь модерации');

    const released = await post(app(), rival, `/moderation/practices/${d.id}/release`, {
      etag: await etagOf(app(), rival, d.id),
    });
    expect(released.statusCode).toBe(303);
    expect(released.headers.location).toBe(`/moderation/practices/${d.id}`);
    expect((await etagOf(app(), moderator, d.id)) !== etag).toBe(true);
  });

  it('offers «Взять на рассмотрение» on the review page until the moderator has claimed it', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const d = await completeDraft(app(), 'Страница рецензии');
    await act(app(), d.author, d.id, 'submit');
    const before = await page(app(), moderator, `/moderation/practices/${d.id}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Взять на рассмотрение');
    expect(before.body).not.toContain('id="decision-form"');
    expect(before.body).toContain('Практику рецензируют впервые');
    await act(app(), moderator, d.id, 'claim');
    const after = await page(app(), moderator, `/moderation/practices/${d.id}`);
    expect(after.body).toContain('id="decision-form"');
    for (const text of ['Актуальность', 'Тиражируемость', 'Внутренняя заметка (авторы её не видят)'])
      expect(after.body).toContain(text);
    expect(after.body).toContain('Обязателен, чтобы вернуть на доработку или отклонить');
    expect(after.body).toContain('Дети всё чаще ждут готового ответа.');
  });

  it('refuses a decision without the comment it requires, keeping what was typed beside the fields', async () => {
    const { moderator, id } = await claimed(app(), 'Без комментария');
    const etag = await etagOf(app(), moderator, id);
    const res = await post(app(), moderator, `/moderation/practices/${id}/decision`, {
      etag,
      ...scores(),
      decision: 'request_changes',
      comment: '  ',
      internalNote: 'Посмотреть материалы ещё раз',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Ошибка: ');
    expect(res.body).toMatch(/id="comment-error"[^>]*>.*Напишите комментарий для авторов: что исправить/s);
    expect(res.body).toContain('Посмотреть материалы ещё раз');
    expect(res.body).toMatch(/value="request_changes" checked/);
    expect((await etagOf(app(), moderator, id)) === etag).toBe(true);
  });

  it('refuses a score outside 0–3 and a missing one beside their criteria', async () => {
    const { moderator, id } = await claimed(app(), 'Неверная оценка');
    const res = await post(app(), moderator, `/moderation/practices/${id}/decision`, {
      etag: await etagOf(app(), moderator, id),
      ...scores({ novelty: '5' }),
      quality: '',
      decision: 'approve',
      comment: 'Хорошая практика',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/id="novelty-error"[^>]*>.*Поставьте оценку от 0 до 3/s);
    expect(res.body).toMatch(/id="quality-error"/);
    expect(res.body).toContain('Хорошая практика');
    expect(res.body).toMatch(/name="relevance" value="3" checked/);
  });

  it('refuses a decision by a moderator who has not claimed the practice, and one on a stale page', async () => {
    const { moderator, id } = await claimed(app(), 'Чужая практика');
    const stranger = await signUp(app(), { roles: ['moderator'] });
    const etag = await etagOf(app(), moderator, id);
    const fields = { etag, ...scores(), decision: 'approve', comment: '' };
    const other = await post(app(), stranger, `/moderation/practices/${id}/decision`, fields);
    expect(other.statusCode).toBe(409);
    expect(other.body).toContain('Практику рассматривает другой модератор');
    const stale = await post(app(), moderator, `/moderation/practices/${id}/decision`, { ...fields, etag: '"1.1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('обновите страницу и повторите');
    expect(stale.body).toMatch(/name="relevance" value="3" checked/);
  });

  it('requests changes, then shows word by word what the authors changed, and approves', async () => {
    const { moderator, author, id } = await claimed(app(), 'Доработка и различия');
    const decided = await post(app(), moderator, `/moderation/practices/${id}/decision`, {
      etag: await etagOf(app(), moderator, id),
      ...scores({ effectiveness: '1' }),
      decision: 'request_changes',
      comment: 'Добавьте данные диагностики',
      internalNote: 'Только для своих',
    });
    expect(decided.statusCode).toBe(303);
    expect(decided.headers.location).toBe(`/moderation/practices/${id}`);

    const read = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    const edit = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { relevance: 'Дети всё реже ждут готового ответа.', keywords: ['ТРИЗ', 'диагностика'] },
      { 'if-match': read.headers.etag as string },
    );
    expect(edit.statusCode).toBe(200);
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');

    const review = await page(app(), moderator, `/moderation/practices/${id}`);
    expect(review.body).toMatch(/<del><span class="visually-hidden">\[удалено: <\/span>чаще/);
    expect(review.body).toMatch(/<ins><span class="visually-hidden">\[добавлено: <\/span>реже/);
    expect(review.body).toMatch(/<ins><span class="visually-hidden">добавлено: <\/span>диагностика<\/ins>/);
    expect(review.body).toMatch(/<del><span class="visually-hidden">удалено: <\/span>воображение<\/del>/);
    expect(review.body).toContain('Добавьте данные диагностики');
    expect(review.body).toContain('Только для своих');
    expect(review.body).toContain('возвращена на доработку');

    const approved = await post(app(), moderator, `/moderation/practices/${id}/decision`, {
      etag: await etagOf(app(), moderator, id),
      ...scores(),
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(303);
    const notice = decodeURIComponent(approved.cookies.find((c) => c.name === 'pb_notice')!.value);
    expect(notice).toMatch(/^Решение принято: практика одобрена и опубликована, № 67-\d{4}-\d{4}$/);
  });

  it('withdraws a published practice from its public page with a required reason', async () => {
    const { moderator, id } = await claimed(app(), 'Снятие с публикации');
    await post(app(), moderator, `/moderation/practices/${id}/decision`, {
      etag: await etagOf(app(), moderator, id),
      ...scores(),
      decision: 'approve',
    });
    const number = (await registryNumberOf(app(), moderator, id)) as string;
    const admin = await signUp(app(), { roles: ['admin'] });
    expect((await page(app(), admin, `/practices/${number}`)).body).not.toContain('Снять с публикации');
    const publicPage = await page(app(), null, `/practices/${number}`);
    expect(publicPage.body).not.toContain('Снять с публикации');
    const forStaff = await page(app(), moderator, `/practices/${number}`);
    expect(forStaff.body).toContain('<summary>Снять с публикации</summary>');
    const etag = /name="etag" value="([^"]+)"/.exec(forStaff.body)![1]!.replace(/&quot;/g, '"');

    const bare = await post(app(), moderator, `/practices/${number}/withdraw`, { etag, reason: ' ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toMatch(/id="reason-error"[^>]*>.*Укажите причину снятия с публикации/s);
    const author = await signUp(app());
    expect((await post(app(), author, `/practices/${number}/withdraw`, { etag, reason: 'x' })).statusCode).toBe(403);

    const done = await post(app(), moderator, `/practices/${number}/withdraw`, {
      etag,
      reason: 'Нарушены авторские права',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/practices/${number}`);
    const after = await page(app(), null, `/practices/${number}`);
    expect(after.body).toContain('Практика снята с публикации');
    expect(after.body).toContain('Причина: Нарушены авторские права');
  });
});

async function registryNumberOf(app: App, client: Client, id: number): Promise<string | null> {
  return (await call(app, client, 'GET', `/api/v1/moderation/practices/${id}`)).json().registryNumber;
}
