import { describe, expect, it } from 'vitest';
import { call, completePractice, makeOrganization, rows, signUp, useApp, type Client } from '../helper.js';

const TABLES = ['practices', 'practice_versions', 'practice_terms', 'practice_authors', 'practice_history'];
const snapshot = (app: Parameters<typeof rows>[0]) => TABLES.map((t) => rows(app, t));

describe('drafts of practices', () => {
  const app = useApp();

  async function draft(client: Client, body: Record<string, unknown> = { title: 'Черновик практики' }) {
    const res = await call(app(), client, 'POST', '/api/v1/practices', body);
    expect(res.statusCode).toBe(201);
    return { practice: res.json(), etag: res.headers.etag as string };
  }

  it('creates a draft with only a title, naming the author as its first co-author', async () => {
    const author = await signUp(app(), { fullName: 'Смирнова Ольга Ивановна', position: 'учитель-логопед' });
    const res = await call(app(), author, 'POST', '/api/v1/practices', { title: '  Речевые игры  ' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toMatch(/^"\d+\.1"$/);
    expect(res.headers.location).toBe(`/api/v1/practices/${res.json().id}`);
    expect(res.json()).toMatchObject({
      state: 'draft',
      versionNo: 1,
      revision: 1,
      registryNumber: null,
      title: 'Речевые игры',
      levels: [],
      authors: [{ fullName: 'Смирнова Ольга Ивановна', position: 'учитель-логопед', userId: author.userId }],
    });
  });

  it('creates a complete draft and reads it back unchanged, NFC-normalised', async () => {
    const author = await signUp(app());
    const orgId = makeOrganization(app());
    const decomposed = 'Развитие речи детей с ОВЗ: и\u0306гры'; // «й» typed as и + combining breve
    const { practice } = await draft(author, completePractice(orgId, { title: decomposed }));
    expect(practice.title).toBe('Развитие речи детей с ОВЗ: йгры'.normalize('NFC'));
    const read = await call(app(), author, 'GET', `/api/v1/practices/${practice.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      ...completePractice(orgId, { title: practice.title }),
      authors: [{ fullName: 'Иванова Анна Петровна', position: 'воспитатель', userId: null }],
    });
    expect(read.json().organization).toMatchObject({ id: orgId, municipality: 'smolensk' });
  });

  it('edits a draft with If-Match, bumps the ETag and records the changed fields in the history', async () => {
    const author = await signUp(app());
    const { practice, etag } = await draft(author);
    const res = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${practice.id}`,
      { summary: 'Новая аннотация', levels: ['primary'] },
      { 'if-match': etag },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ summary: 'Новая аннотация', levels: ['primary'], revision: 2 });
    expect(res.headers.etag).not.toBe(etag);
    const history = await call(app(), author, 'GET', `/api/v1/practices/${practice.id}/history`);
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual(['create', 'edit']);
    expect(history.json().items[1].details.fields).toEqual(['summary', 'levels']);
  });

  it('requires If-Match on PATCH (428) and refuses a stale one (412), changing nothing', async () => {
    const author = await signUp(app());
    const { practice, etag } = await draft(author);
    await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${practice.id}`,
      { summary: 'первая правка' },
      { 'if-match': etag },
    );
    const before = snapshot(app());
    const missing = await call(app(), author, 'PATCH', `/api/v1/practices/${practice.id}`, { summary: 'без If-Match' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PRECONDITION_REQUIRED');
    const stale = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${practice.id}`,
      { summary: 'устаревшая' },
      { 'if-match': etag },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
    expect(snapshot(app())).toEqual(before);
    const read = await call(app(), author, 'GET', `/api/v1/practices/${practice.id}`);
    expect(read.json().summary).toBe('первая правка');
  });

  it('lists the author’s own practices with their states, and only theirs', async () => {
    const author = await signUp(app());
    const other = await signUp(app());
    await draft(author, { title: 'Первая' });
    await draft(author, { title: 'Вторая' });
    await draft(other, { title: 'Чужая' });
    const res = await call(app(), author, 'GET', '/api/v1/practices?mine=1');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(res.json().items.map((p: { title: string; state: string }) => [p.title, p.state])).toEqual([
      ['Вторая', 'draft'],
      ['Первая', 'draft'],
    ]);
    expect((await call(app(), null, 'GET', '/api/v1/practices?mine=1')).statusCode).toBe(401);
  });

  it('shares a draft with a co-author only once they accept the invitation', async () => {
    const author = await signUp(app());
    const coauthor = await signUp(app(), { fullName: 'Петрова Мария Сергеевна' });
    const { practice, etag } = await draft(author);
    const res = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${practice.id}`,
      {
        authors: [
          { fullName: 'Иванова Анна Петровна', position: 'воспитатель', userId: author.userId },
          { fullName: 'Петрова Мария Сергеевна', position: 'старший воспитатель', userId: coauthor.userId },
          { fullName: 'Несуществующий Аккаунт', position: 'учитель', userId: 987654 },
        ],
      },
      { 'if-match': etag },
    );
    // Naming an account links nothing and invites nobody: invitations go by e-mail address, with a daily limit.
    expect(res.statusCode).toBe(200);
    expect(res.json().authors.map((a: { userId: number | null }) => a.userId)).toEqual([author.userId, null, null]);
    expect((await call(app(), coauthor, 'GET', '/api/v1/notifications')).json().items).toEqual([]);
    const invited = await call(app(), author, 'POST', `/api/v1/practices/${practice.id}/coauthor-invites`, {
      email: coauthor.email,
    });
    expect(invited.statusCode).toBe(201);
    expect((await call(app(), coauthor, 'GET', `/api/v1/practices/${practice.id}`)).statusCode).toBe(404);
    expect((await call(app(), coauthor, 'GET', '/api/v1/notifications')).json().items[0]).toMatchObject({
      kind: 'coauthor_invite',
      practiceId: practice.id,
    });
    expect((await call(app(), coauthor, 'GET', '/api/v1/coauthor-invites')).json().items).toEqual([
      expect.objectContaining({ practiceId: practice.id, fullName: 'Петрова Мария Сергеевна' }),
    ]);

    const stranger = await signUp(app());
    const uninvited = await call(app(), stranger, 'POST', `/api/v1/practices/${practice.id}/coauthorship`, {
      accept: true,
    });
    expect(uninvited.statusCode).toBe(404);
    expect(uninvited.json().code).toBe('INVITATION_NOT_FOUND');
    expect(
      (await call(app(), coauthor, 'POST', `/api/v1/practices/${practice.id}/coauthorship`, { accept: true }))
        .statusCode,
    ).toBe(200);
    const shared = await call(app(), coauthor, 'GET', `/api/v1/practices/${practice.id}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().authors[1]).toMatchObject({ fullName: 'Петрова Мария Сергеевна', userId: coauthor.userId });
    expect((await call(app(), coauthor, 'GET', '/api/v1/practices?mine=1')).json().total).toBe(1);
    const edit = await call(
      app(),
      coauthor,
      'PATCH',
      `/api/v1/practices/${practice.id}`,
      { summary: 'Правка соавтора' },
      { 'if-match': shared.headers.etag as string },
    );
    expect(edit.statusCode).toBe(200);
    expect(
      (await call(app(), coauthor, 'POST', `/api/v1/practices/${practice.id}/coauthorship`, { accept: true }))
        .statusCode,
    ).toBe(404);
  });

  it('keeps a declined invitation from sharing anything', async () => {
    const author = await signUp(app());
    const invited = await signUp(app());
    const { practice } = await draft(author);
    await call(app(), author, 'POST', `/api/v1/practices/${practice.id}/coauthor-invites`, { email: invited.email });
    expect(
      (await call(app(), invited, 'POST', `/api/v1/practices/${practice.id}/coauthorship`, { accept: false }))
        .statusCode,
    ).toBe(200);
    expect((await call(app(), invited, 'GET', `/api/v1/practices/${practice.id}`)).statusCode).toBe(404);
  });

  it('hides someone else’s draft (404) and refuses to change or delete it, writing nothing', async () => {
    const author = await signUp(app());
    const stranger = await signUp(app());
    const { practice, etag } = await draft(author);
    const before = snapshot(app());
    for (const res of [
      await call(app(), stranger, 'GET', `/api/v1/practices/${practice.id}`),
      await call(app(), null, 'GET', `/api/v1/practices/${practice.id}`),
      await call(
        app(),
        stranger,
        'PATCH',
        `/api/v1/practices/${practice.id}`,
        { title: 'Захват' },
        { 'if-match': etag },
      ),
      await call(app(), stranger, 'DELETE', `/api/v1/practices/${practice.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('PRACTICE_NOT_FOUND');
    }
    expect(snapshot(app())).toEqual(before);
  });

  it('keeps drafts from moderators too: a moderator sees every practice but drafts', async () => {
    const author = await signUp(app());
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const { practice } = await draft(author);
    expect((await call(app(), moderator, 'GET', `/api/v1/practices/${practice.id}`)).statusCode).toBe(404);
  });

  it('deletes a draft; its history stays', async () => {
    const author = await signUp(app());
    const { practice, etag } = await draft(author);
    const res = await call(app(), author, 'DELETE', `/api/v1/practices/${practice.id}`, undefined, {
      'if-match': etag,
    });
    expect(res.statusCode).toBe(204);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${practice.id}`)).statusCode).toBe(404);
    const trail = app()
      .bank.db.$client.prepare('SELECT action FROM practice_history WHERE practice_id = ? ORDER BY id')
      .all(practice.id);
    expect(trail).toEqual([{ action: 'create' }, { action: 'delete' }]);
  });

  it('requires a signed-in user to create a draft', async () => {
    const before = snapshot(app());
    const res = await call(app(), null, 'POST', '/api/v1/practices', { title: 'Аноним' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Войдите в систему' });
    expect(snapshot(app())).toEqual(before);
  });

  describe('bad input gets a clear 4xx and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string, string?][] = [
      [
        'an unknown vocabulary code',
        { title: 'Практика', technologies: ['triz', 'telepathy'] },
        'technologies.1',
        'telepathy',
      ],
      ['a summary over 1,000 characters', { title: 'Практика', summary: 'а'.repeat(1001) }, 'summary'],
      ['a missing title', { summary: 'Без названия' }, 'title'],
      ['a title of spaces', { title: '    ' }, 'title'],
      ['a wrongly typed field', { title: 'Практика', levels: 'preschool' }, 'levels'],
      ['a wrongly typed year', { title: 'Практика', startedYear: '2022' }, 'startedYear'],
      ['a year in the future', { title: 'Практика', startedYear: 2999 }, 'startedYear'],
      [
        'raw HTML in a section',
        { title: 'Практика', content: 'Ход занятия <script>alert(1)</script>' },
        'content',
        'HTML',
      ],
      ['a javascript: link', { title: 'Практика', goals: '[ссылка](javascript:alert(1))' }, 'goals'],
      ['an unknown organisation', { title: 'Практика', organizationId: 999999 }, 'organizationId'],
      ['a duplicated code', { title: 'Практика', levels: ['preschool', 'preschool'] }, 'levels'],
      [
        'more than 20 keywords',
        { title: 'Практика', keywords: Array.from({ length: 21 }, (_, i) => `слово${i}`) },
        'keywords',
      ],
      [
        'an author without a position',
        { title: 'Практика', authors: [{ fullName: 'Иванова Анна' }] },
        'authors.0.position',
      ],
      ['an unknown field', { title: 'Практика', state: 'published' }, 'state'],
      ['a bidi override in the title', { title: 'Практика \u202Eвредная' }, 'title'],
    ];

    it.each(cases)('refuses %s with VALIDATION_FAILED', async (_name, body, field, mention) => {
      const author = await signUp(app());
      const before = snapshot(app());
      const res = await call(app(), author, 'POST', '/api/v1/practices', body);
      expect(res.statusCode).toBe(400);
      const error = res.json();
      expect(error).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', error: 'Bad Request' });
      expect(error.message).toBe('Данные заполнены с ошибками');
      expect(error.details.some((d: { field: string }) => d.field === field)).toBe(true);
      if (mention) expect(JSON.stringify(error.details)).toContain(mention);
      expect(snapshot(app())).toEqual(before);
    });

    it('refuses the same bad input on PATCH and leaves the draft as it was', async () => {
      const author = await signUp(app());
      const { practice, etag } = await draft(author, { title: 'Исходное название', summary: 'Исходная аннотация' });
      const before = snapshot(app());
      for (const [, body] of cases.filter(([name]) => !name.includes('missing title'))) {
        const res = await call(app(), author, 'PATCH', `/api/v1/practices/${practice.id}`, body, { 'if-match': etag });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      expect(snapshot(app())).toEqual(before);
      const read = (await call(app(), author, 'GET', `/api/v1/practices/${practice.id}`)).json();
      expect(read).toMatchObject({ title: 'Исходное название', summary: 'Исходная аннотация', revision: 1 });
    });

    it('refuses malformed JSON with MALFORMED_JSON', async () => {
      const author = await signUp(app());
      const before = snapshot(app());
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/practices',
        headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/json' },
        payload: '{"title": "Практика",',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON', message: 'Тело запроса не является корректным JSON' });
      expect(snapshot(app())).toEqual(before);
    });

    it('drops __proto__ and constructor.prototype keys instead of refusing the body or obeying them', async () => {
      const author = await signUp(app());
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/practices',
        headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/json' },
        payload:
          '{"title": "Без прототипов", "__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().title).toBe('Без прототипов');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('refuses a body over the limit with 413 BODY_TOO_LARGE', async () => {
      const author = await signUp(app());
      const before = snapshot(app());
      const res = await call(app(), author, 'POST', '/api/v1/practices', {
        title: 'Большая',
        content: 'х'.repeat(2 * 1024 * 1024),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ statusCode: 413, code: 'BODY_TOO_LARGE' });
      expect(snapshot(app())).toEqual(before);
    });

    it('refuses a non-JSON body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const author = await signUp(app());
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/practices',
        headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/xml' },
        payload: '<practice/>',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      ['/api/v1/practices/999999', 404, 'PRACTICE_NOT_FOUND'],
      ['/api/v1/practices/abc', 400, 'VALIDATION_FAILED'],
      ['/api/v1/practices/-1', 400, 'VALIDATION_FAILED'],
    ] as const)('answers %s with %i %s', async (url, status, code) => {
      const res = await call(app(), null, 'GET', url);
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
    });
  });
});
