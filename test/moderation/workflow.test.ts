import { describe, expect, it } from 'vitest';
import { call, rows, signUp, useApp } from '../helper.js';
import { act, completeDraft, FULL_SCORES } from './fixtures.js';

const search = async (app: ReturnType<ReturnType<typeof useApp>>, q: string) =>
  (await call(app, null, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`)).json();

describe('the moderation workflow over HTTP', () => {
  const app = useApp();

  it('carries a practice through every state: draft → … → published → new version → withdrawn', async () => {
    const { author, id } = await completeDraft(app(), 'Квазиуникальная мнемотехника для проверки пути');
    const moderator = await signUp(app(), { roles: ['moderator'], fullName: 'Рецензентова Галина Петровна' });

    expect((await act(app(), author, id, 'submit')).json()).toMatchObject({ state: 'submitted' });
    const inbox = (await call(app(), moderator, 'GET', '/api/v1/notifications')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'submitted', practiceId: id });

    const queue = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue')).json();
    expect(queue.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(queue.counts.submitted).toBeGreaterThanOrEqual(1);

    expect((await act(app(), moderator, id, 'claim')).json()).toMatchObject({ state: 'in_review' });
    const claimedRead = await call(app(), moderator, 'GET', `/api/v1/practices/${id}`);
    const changes = await call(
      app(),
      moderator,
      'POST',
      `/api/v1/practices/${id}/reviews`,
      {
        scores: { ...FULL_SCORES, quality: 1 },
        decision: 'request_changes',
        comment: 'Добавьте диагностику на конец года',
        internalNote: 'Сильная практика, но слабые результаты',
      },
      { 'if-match': claimedRead.headers.etag as string },
    );
    expect(changes.statusCode).toBe(201);
    expect(changes.json().practice.state).toBe('changes_requested');

    // The author sees the comment and scores addressed to them, never the internal note.
    const authorReviews = (await call(app(), author, 'GET', `/api/v1/practices/${id}/reviews`)).json().items;
    expect(authorReviews[0]).toMatchObject({
      decision: 'request_changes',
      comment: 'Добавьте диагностику на конец года',
      internalNote: null,
      total: 11,
    });
    expect(JSON.stringify(authorReviews)).not.toContain('Сильная практика');
    expect((await call(app(), author, 'GET', '/api/v1/notifications?unread=1')).json().items[0]).toMatchObject({
      kind: 'request_changes',
    });

    const draft = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    const edit = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { results: 'На конец года высокий уровень у 46 % детей (диагностика О. С. Ушаковой).' },
      { 'if-match': draft.headers.etag as string },
    );
    expect(edit.statusCode).toBe(200);
    expect((await act(app(), author, id, 'submit')).json().state).toBe('submitted');

    // The reviewer sees what changed since the review, field by field.
    const diff = (await call(app(), moderator, 'GET', `/api/v1/practices/${id}/changes`)).json();
    expect(diff.fields).toEqual([
      { field: 'results', before: expect.any(String), after: expect.stringContaining('46 %') },
    ]);

    await act(app(), moderator, id, 'claim');
    const toApprove = await call(app(), moderator, 'GET', `/api/v1/practices/${id}`);
    const approved = await call(
      app(),
      moderator,
      'POST',
      `/api/v1/practices/${id}/reviews`,
      { scores: FULL_SCORES, decision: 'approve' },
      { 'if-match': toApprove.headers.etag as string },
    );
    expect(approved.statusCode).toBe(201);
    const number = approved.json().practice.registryNumber as string;
    expect(number).toMatch(/^67-\d{4}-\d{4}$/);
    expect(approved.json().practice).toMatchObject({ state: 'published', versionNo: 1 });
    expect((await search(app(), 'квазиуникальная')).hits.map((h: { id: number }) => h.id)).toEqual([id]);
    expect((await call(app(), null, 'GET', `/api/v1/registry/${number}`)).json()).toMatchObject({
      status: 'published',
      current: true,
    });

    // A new version: the published one stays public while the authors edit the copy.
    expect((await act(app(), author, id, 'new_version')).json()).toMatchObject({ state: 'draft', versionNo: 2 });
    const v2 = await call(app(), author, 'GET', `/api/v1/practices/${id}`);
    await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { title: 'Квазиуникальная мнемотехника, вторая редакция' },
      { 'if-match': v2.headers.etag as string },
    );
    expect((await call(app(), null, 'GET', `/api/v1/practices/${id}`)).json()).toMatchObject({
      versionNo: 1,
      title: 'Квазиуникальная мнемотехника для проверки пути',
    });
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    expect((await act(app(), moderator, id, 'approve')).json()).toMatchObject({
      state: 'published',
      versionNo: 2,
      registryNumber: number,
    });
    const current = (await call(app(), null, 'GET', `/api/v1/registry/${number}`)).json();
    expect(current).toMatchObject({
      versionNo: 2,
      versionLabel: `${number}/v2`,
      title: 'Квазиуникальная мнемотехника, вторая редакция',
    });
    expect(current.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
    expect((await call(app(), null, 'GET', `/api/v1/registry/${number}/v/1`)).json()).toMatchObject({
      current: false,
      title: 'Квазиуникальная мнемотехника для проверки пути',
    });
    expect((await search(app(), 'редакция квазиуникальная')).hits.map((h: { id: number }) => h.id)).toEqual([id]);

    // Withdrawal: out of search and the public API; the permalink stays and says so.
    expect((await act(app(), moderator, id, 'withdraw')).statusCode).toBe(400);
    expect((await act(app(), moderator, id, 'withdraw', 'Нарушены авторские права')).json()).toMatchObject({
      state: 'withdrawn',
    });
    expect((await search(app(), 'квазиуникальная')).total).toBe(0);
    expect((await call(app(), null, 'GET', `/api/v1/practices/${id}`)).statusCode).toBe(404);
    expect((await call(app(), null, 'GET', `/api/v1/registry/${number}`)).json()).toMatchObject({
      status: 'withdrawn',
      practice: null,
      withdrawal: { reason: 'Нарушены авторские права' },
    });
    const page = await app().inject({ url: `/practices/${number}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('снята с публикации');

    const history = (await call(app(), author, 'GET', `/api/v1/practices/${id}/history`))
      .json()
      .items.map((h: { action: string }) => h.action);
    expect(history).toEqual([
      'create',
      'submit',
      'claim',
      'request_changes',
      'edit',
      'submit',
      'claim',
      'approve',
      'new_version',
      'edit',
      'submit',
      'claim',
      'approve',
      'supersede',
      'withdraw',
    ]);
  });

  it('requires If-Match on transitions (428) and refuses a stale one (412)', async () => {
    const { author, id, etag } = await completeDraft(app());
    const none = await call(app(), author, 'POST', `/api/v1/practices/${id}/transitions`, { action: 'submit' });
    expect(none.statusCode).toBe(428);
    await call(app(), author, 'PATCH', `/api/v1/practices/${id}`, { keywords: ['правка'] }, { 'if-match': etag });
    const stale = await call(
      app(),
      author,
      'POST',
      `/api/v1/practices/${id}/transitions`,
      { action: 'submit' },
      { 'if-match': etag },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('lets one of two concurrent approvals win; the other gets 412 and nothing is published twice', async () => {
    const { author, id } = await completeDraft(app());
    const moderator = await signUp(app(), { roles: ['moderator'] });
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    const etag = (await call(app(), moderator, 'GET', `/api/v1/practices/${id}`)).headers.etag as string;
    const counters = rows(app(), 'practice_history');
    const [a, b] = await Promise.all([
      call(
        app(),
        moderator,
        'POST',
        `/api/v1/practices/${id}/transitions`,
        { action: 'approve' },
        { 'if-match': etag },
      ),
      call(
        app(),
        moderator,
        'POST',
        `/api/v1/practices/${id}/transitions`,
        { action: 'approve' },
        { 'if-match': etag },
      ),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    expect(rows(app(), 'practice_history')).toBe(counters + 1);
  });

  it('hands out gap-free registry numbers under concurrent approvals', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const drafts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => completeDraft(app(), `Практика для нумерации ${i}`)),
    );
    for (const d of drafts) {
      await act(app(), d.author, d.id, 'submit');
      await act(app(), moderator, d.id, 'claim');
    }
    const etags = await Promise.all(
      drafts.map(
        async (d) => (await call(app(), moderator, 'GET', `/api/v1/practices/${d.id}`)).headers.etag as string,
      ),
    );
    const results = await Promise.all(
      drafts.map((d, i) =>
        call(
          app(),
          moderator,
          'POST',
          `/api/v1/practices/${d.id}/transitions`,
          { action: 'approve' },
          { 'if-match': etags[i]! },
        ),
      ),
    );
    const numbers = results.map((r) => r.json().registryNumber as string).sort();
    const seqs = numbers.map((n) => Number(n.slice(-4)));
    expect(new Set(numbers).size).toBe(6);
    expect(seqs.at(-1)! - seqs[0]!).toBe(5);
  });

  it('refuses a submission with missing fields, naming them', async () => {
    const author = await signUp(app());
    const res = await call(app(), author, 'POST', '/api/v1/practices', { title: 'Неполный черновик' });
    const submit = await call(
      app(),
      author,
      'POST',
      `/api/v1/practices/${res.json().id}/transitions`,
      { action: 'submit' },
      { 'if-match': res.headers.etag as string },
    );
    expect(submit.statusCode).toBe(400);
    expect(submit.json().details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['summary', 'levels', 'organizationId']),
    );
  });

  it('keeps a moderator from reviewing their own practice', async () => {
    const { author, id } = await completeDraft(app());
    app().bank.services.auth.setRole(author.email, 'moderator', true);
    await act(app(), author, id, 'submit');
    const res = await act(app(), author, id, 'claim');
    expect(res.statusCode).toBe(403);
  });
});
