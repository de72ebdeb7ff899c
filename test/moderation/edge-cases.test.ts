import { describe, expect, it } from 'vitest';
import { call, signUp, useApp } from '../helper.js';
import { act, completeDraft, FULL_SCORES } from './fixtures.js';

describe('moderation edge cases', () => {
  const app = useApp();

  async function published() {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const draft = await completeDraft(app());
    await act(app(), draft.author, draft.id, 'submit');
    await act(app(), moderator, draft.id, 'claim');
    await act(app(), moderator, draft.id, 'approve');
    return { ...draft, moderator };
  }

  it('withdraws with the ETag the moderator read while a new version waits, closing that version', async () => {
    const { author, id, moderator } = await published();
    await act(app(), author, id, 'new_version');
    await act(app(), author, id, 'submit');
    const res = await act(app(), moderator, id, 'withdraw', 'Дублирует другую практику');
    expect(res.statusCode).toBe(200);
    const queue = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue')).json();
    expect(queue.items.map((i: { id: number }) => i.id)).not.toContain(id);
    const history = (await call(app(), author, 'GET', `/api/v1/practices/${id}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({ action: 'close', versionNo: 2, toState: 'rejected' });
  });

  it('lets the authors start over after a rejected new version: discard it or open another', async () => {
    const { author, id, moderator } = await published();
    for (let round = 0; round < 2; round += 1) {
      expect((await act(app(), author, id, 'new_version')).statusCode).toBe(200);
      await act(app(), author, id, 'submit');
      await act(app(), moderator, id, 'claim');
      expect((await act(app(), moderator, id, 'reject', 'Изменения не обоснованы')).json().state).toBe('rejected');
    }
    const read = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    expect(read.json()).toMatchObject({ versionNo: 3, state: 'rejected' });
    expect(
      (
        await call(app(), author, 'DELETE', `/api/v1/practices/${id}`, undefined, {
          'if-match': read.headers.etag as string,
        })
      ).statusCode,
    ).toBe(204);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json()).toMatchObject({
      versionNo: 1,
      state: 'published',
    });
  });

  it('lets an admin release a claim a moderator left, but not another moderator', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const other = await signUp(app(), { roles: ['moderator'] });
    const admin = await signUp(app(), { roles: ['moderator', 'admin'] });
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    expect((await act(app(), other, id, 'release')).statusCode).toBe(409);
    expect((await act(app(), admin, id, 'release')).json().state).toBe('submitted');
  });

  it('never shows internal notes to an author, even one who is also a moderator', async () => {
    const reviewer = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app());
    app().bank.services.auth.setRole(author.email, 'moderator', true);
    await act(app(), author, id, 'submit');
    await act(app(), reviewer, id, 'claim');
    const read = await call(app(), reviewer, 'GET', `/api/v1/practices/${id}`);
    await call(
      app(),
      reviewer,
      'POST',
      `/api/v1/practices/${id}/reviews`,
      { scores: FULL_SCORES, decision: 'request_changes', comment: 'Уточните цели', internalNote: 'Секретная заметка' },
      { 'if-match': read.headers.etag as string },
    );
    const seenByAuthor = await call(app(), author, 'GET', `/api/v1/practices/${id}/reviews`);
    expect(JSON.stringify(seenByAuthor.json())).not.toContain('Секретная заметка');
    const seenByReviewer = await call(app(), reviewer, 'GET', `/api/v1/practices/${id}/reviews`);
    expect(JSON.stringify(seenByReviewer.json())).toContain('Секретная заметка');
  });

  it('shows what changed since a decision taken without the rubric', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    await act(app(), moderator, id, 'request_changes', 'Добавьте результаты');
    const read = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { results: 'Новые результаты: 52 %' },
      { 'if-match': read.headers.etag as string },
    );
    await act(app(), author, id, 'submit');
    const diff = (await call(app(), moderator, 'GET', `/api/v1/practices/${id}/changes`)).json();
    expect(diff.fields.map((f: { field: string }) => f.field)).toEqual(['results']);
    const reviews = (await call(app(), author, 'GET', `/api/v1/practices/${id}/reviews`)).json().items;
    expect(reviews[0]).toMatchObject({
      decision: 'request_changes',
      scores: null,
      total: null,
      comment: 'Добавьте результаты',
    });
  });

  it('says in Russian why an action is not available', async () => {
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');
    const again = await act(app(), author, id, 'submit');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('Нельзя отправить на модерацию: практика на модерации');
  });

  it('keeps internal notes from moderate-scope tokens too', async () => {
    const admin = await signUp(app(), { roles: ['moderator', 'admin'] });
    const token = (
      await call(app(), admin, 'POST', '/api/v1/tokens', { name: 'Внешняя экспертиза', scope: 'moderate' })
    ).json().token as string;
    const reviewer = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');
    await act(app(), reviewer, id, 'claim');
    const read = await call(app(), reviewer, 'GET', `/api/v1/practices/${id}`);
    await call(
      app(),
      reviewer,
      'POST',
      `/api/v1/practices/${id}/reviews`,
      { scores: FULL_SCORES, decision: 'reject', comment: 'Не по теме', internalNote: 'Только для своих' },
      { 'if-match': read.headers.etag as string },
    );
    const viaToken = await app().inject({
      url: `/api/v1/practices/${id}/reviews`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    expect(JSON.stringify(viaToken.json())).not.toContain('Только для своих');
  });

  it('keeps drafts out of the queue whatever the filter', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    await completeDraft(app());
    const res = await call(app(), moderator, 'GET', '/api/v1/moderation/queue?state=draft');
    expect(res.statusCode).toBe(400);
  });

  it('stops a token when its admin is no longer an admin', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const token = (await call(app(), admin, 'POST', '/api/v1/tokens', { name: 'Временная', scope: 'read' })).json()
      .token as string;
    expect(
      (await app().inject({ url: '/api/v1/moderation/queue', headers: { authorization: `bearer ${token}` } }))
        .statusCode,
    ).toBe(200);
    app().bank.services.auth.setRole(admin.email, 'admin', false);
    expect(
      (await app().inject({ url: '/api/v1/moderation/queue', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
  });
});
