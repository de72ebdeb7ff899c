import { describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { createJobRunner } from '../../server/jobs/runner.js';
import { createNotificationService } from '../../server/notifications/service.js';
import { silentLogger } from '../support/logger.js';
import { call, signUp, useApp } from '../helper.js';
import { act, completeDraft } from './fixtures.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  const app = useApp();

  async function admin() {
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: 'admin@bank.test',
      password: 'admin-password-123',
    });
    return {
      email: 'admin@bank.test',
      userId: login.json().user.id,
      cookie: `pb_session=${login.cookies[0]!.value}`,
      csrf: login.json().csrfToken,
    };
  }

  it('are issued by admins only, shown once and stored hashed', async () => {
    const author = await signUp(app());
    expect((await call(app(), author, 'POST', '/api/v1/tokens', { name: 'Отчёты', scope: 'read' })).statusCode).toBe(
      403,
    );
    const res = await call(app(), await admin(), 'POST', '/api/v1/tokens', {
      name: 'Отчёты муниципалитета',
      scope: 'read',
    });
    expect(res.statusCode).toBe(201);
    const token = res.json().token as string;
    expect(token).toMatch(/^pb_/);
    const stored = app()
      .bank.db.$client.prepare('SELECT token_hash FROM api_tokens WHERE id = ?')
      .get(res.json().id) as { token_hash: string };
    expect(stored.token_hash).not.toContain(token);
    const list = (await call(app(), await admin(), 'GET', '/api/v1/tokens')).json().items;
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('read scope sees the queue but cannot act; moderate scope can claim; a revoked token is refused', async () => {
    const boss = await admin();
    const read = (await call(app(), boss, 'POST', '/api/v1/tokens', { name: 'Чтение', scope: 'read' })).json();
    const moderate = (
      await call(app(), boss, 'POST', '/api/v1/tokens', { name: 'Модерация', scope: 'moderate' })
    ).json();
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');

    expect((await app().inject({ url: '/api/v1/moderation/queue', headers: bearer(read.token) })).statusCode).toBe(200);
    const seen = await app().inject({ url: `/api/v1/practices/${id}`, headers: bearer(read.token) });
    expect(seen.statusCode).toBe(200);
    const claimByReader = await app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/transitions`,
      headers: { ...bearer(read.token), 'if-match': seen.headers.etag as string },
      payload: { action: 'claim' },
    });
    expect(claimByReader.statusCode).toBe(403);
    const draftByToken = await app().inject({
      method: 'POST',
      url: '/api/v1/practices',
      headers: bearer(moderate.token),
      payload: { title: 'Практика от токена' },
    });
    expect(draftByToken.statusCode).toBe(403);
    const claim = await app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/transitions`,
      headers: { ...bearer(moderate.token), 'if-match': seen.headers.etag as string },
      payload: { action: 'claim' },
    });
    expect(claim.statusCode).toBe(200);
    expect(claim.json().state).toBe('in_review');

    expect((await call(app(), boss, 'DELETE', `/api/v1/tokens/${read.id}`)).statusCode).toBe(200);
    const revoked = await app().inject({ url: '/api/v1/moderation/queue', headers: bearer(read.token) });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('INVALID_TOKEN');
    expect((await app().inject({ url: '/api/v1/moderation/queue', headers: bearer('pb_nonsense') })).statusCode).toBe(
      401,
    );
  });
});

describe('notifications', () => {
  const app = useApp();

  it('are stored for authors and moderators and can be marked read', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app());
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    await act(app(), moderator, id, 'reject', 'Практика не соответствует тематике банка');
    const inbox = (await call(app(), author, 'GET', '/api/v1/notifications')).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'reject', practiceId: id });
    expect(inbox.items[0].body).toContain('Практика не соответствует тематике банка');
    const other = await signUp(app());
    expect(
      (await call(app(), other, 'POST', '/api/v1/notifications/read', { ids: [inbox.items[0].id] })).statusCode,
    ).toBe(404);
    expect(
      (await call(app(), author, 'POST', '/api/v1/notifications/read', { ids: [inbox.items[0].id] })).json(),
    ).toEqual({ marked: 1 });
    expect((await call(app(), author, 'GET', '/api/v1/notifications?unread=1')).json().unread).toBe(0);
  });

  it('are e-mailed after the change commits; a failed e-mail is retried and never fails the change', async () => {
    const db = openDatabase(':memory:');
    db.$client
      .prepare("INSERT INTO users (email, password_hash, full_name) VALUES ('teacher@school.test', 'x', 'Учитель')")
      .run();
    const sent: string[] = [];
    let failures = 1;
    const transport = {
      async sendMail(message: { to: string; subject: string }) {
        if (failures-- > 0) throw new Error('SMTP 421 try later');
        sent.push(`${message.to}: ${message.subject}`);
        return {} as never;
      },
    };
    let clock = Date.now();
    const jobs = createJobRunner({ db, log: silentLogger, now: () => clock });
    const service = createNotificationService({
      db,
      jobs,
      transport: transport as never,
      baseUrl: 'http://localhost:3000',
    });
    writeTransaction(db, (tx) =>
      service.notify(tx, [1], {
        kind: 'approve',
        practiceId: null,
        subject: 'Практика опубликована',
        body: 'Поздравляем',
      }),
    );
    await jobs.drain('email');
    const afterFailure = db.$client
      .prepare('SELECT email_status, email_attempts, email_error FROM notifications')
      .get() as Record<string, unknown>;
    expect(afterFailure).toMatchObject({
      email_status: 'pending',
      email_attempts: 1,
      email_error: 'SMTP 421 try later',
    });
    await jobs.drain('email');
    expect(sent).toEqual([]); // not due yet: the retry waits its back-off
    clock += 60_000;
    await jobs.drain('email');
    expect(sent).toEqual(['teacher@school.test: Практика опубликована']);
    expect(db.$client.prepare('SELECT email_status FROM notifications').get()).toEqual({ email_status: 'sent' });
    expect(db.$client.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    await jobs.close();
    db.$client.close();
  });
});
