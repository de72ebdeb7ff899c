import { describe, expect, it } from 'vitest';
import { call, rows, signUp, useApp, type Client } from '../helper.js';
import type { App } from '../../server/app.js';

const accountRow = (app: App, id: number) =>
  JSON.stringify(app.bank.db.$client.prepare('SELECT * FROM users WHERE id = ?').get(id));
const sessionsOf = (app: App, id: number) =>
  (app.bank.db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(id) as { n: number }).n;

describe('accounts in the admin area (API)', () => {
  const app = useApp();

  it('grants and revokes roles, each change in the admin history', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const teacher = await signUp(app());
    const granted = await call(app(), admin, 'PUT', `/api/v1/admin/users/${teacher.userId}/roles/moderator`);
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles).toEqual(['author', 'moderator']);
    const revoked = await call(app(), admin, 'DELETE', `/api/v1/admin/users/${teacher.userId}/roles/moderator`);
    expect(revoked.json().roles).toEqual(['author']);
    const history = await call(app(), admin, 'GET', `/api/v1/admin/history?targetType=user&targetId=${teacher.userId}`);
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'user.role_revoked',
      'user.role_granted',
    ]);
    expect(history.json().items[1].summary).toContain('модератор');
  });

  it('disables an account: its sessions and tokens stop, it cannot sign in; enabling lets it in again', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const other = await signUp(app(), { roles: ['admin'] });
    const token = (
      await call(app(), other, 'POST', '/api/v1/tokens', { name: 'Сайт управления', scope: 'read' })
    ).json().token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call(app(), null, 'GET', '/api/v1/moderation/queue', undefined, bearer)).statusCode).toBe(200);
    const res = await call(app(), admin, 'POST', `/api/v1/admin/users/${other.userId}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json().disabledAt).not.toBeNull();
    expect(sessionsOf(app(), other.userId)).toBe(0);
    expect((await call(app(), other, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await call(app(), null, 'GET', '/api/v1/moderation/queue', undefined, bearer)).statusCode).toBe(401);
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: other.email,
      password: 'correct horse battery',
    });
    expect(login.json().code).toBe('ACCOUNT_DISABLED');
    // A reset link to a disabled account is refused as a conflict with its state (the admin has the right).
    const reset = await call(app(), admin, 'POST', `/api/v1/admin/users/${other.userId}/password-reset`);
    expect(reset.statusCode).toBe(409);
    expect(reset.json().code).toBe('USER_DISABLED');
    await call(app(), admin, 'POST', `/api/v1/admin/users/${other.userId}/enable`);
    const again = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: other.email,
      password: 'correct horse battery',
    });
    expect(again.statusCode).toBe(200);
    expect((await call(app(), admin, 'GET', `/api/v1/admin/users/${other.userId}`)).json()).toMatchObject({
      disabledAt: null,
      sessions: 1,
    });
  });

  it('ends every session of a person, sends a reset link and issues a one-time password', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const teacher = await signUp(app());
    const ended = await call(app(), admin, 'POST', `/api/v1/admin/users/${teacher.userId}/end-sessions`);
    expect(ended.json().sessions).toBe(0);
    expect((await call(app(), teacher, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const links = rows(app(), 'password_reset_tokens');
    const reset = await call(app(), admin, 'POST', `/api/v1/admin/users/${teacher.userId}/password-reset`);
    expect(reset.json()).toEqual({ sent: false, email: teacher.email });
    expect(rows(app(), 'password_reset_tokens')).toBe(links + 1);
    const issued = await call(app(), admin, 'POST', `/api/v1/admin/users/${teacher.userId}/one-time-password`);
    expect(issued.json().user.mustChangePassword).toBe(true);
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: teacher.email,
      password: issued.json().password,
    });
    expect(login.json().user.mustChangePassword).toBe(true);
    const history = await call(app(), admin, 'GET', `/api/v1/admin/history?targetType=user&targetId=${teacher.userId}`);
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'user.one_time_password',
      'user.password_reset_sent',
      'user.sessions_ended',
    ]);
  });

  it('refuses bad input with the common error shape, changing nothing', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const teacher = await signUp(app());
    const before = { user: accountRow(app(), teacher.userId), history: rows(app(), 'admin_history') };
    const role = await call(app(), admin, 'PUT', `/api/v1/admin/users/${teacher.userId}/roles/king`);
    expect(role.statusCode).toBe(400);
    expect(role.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'params.role' }] });
    expect((await call(app(), admin, 'POST', '/api/v1/admin/users/abc/disable')).statusCode).toBe(400);
    const missing = await call(app(), admin, 'POST', '/api/v1/admin/users/987654/disable');
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    const self = await call(app(), admin, 'POST', `/api/v1/admin/users/${admin.userId}/disable`);
    expect(self.json()).toMatchObject({ statusCode: 409, code: 'SELF_LOCKOUT' });
    expect((await call(app(), admin, 'GET', '/api/v1/admin/history?before=-1')).statusCode).toBe(400);
    expect(accountRow(app(), teacher.userId)).toBe(before.user);
    expect(rows(app(), 'admin_history')).toBe(before.history);
  });

  it('answers 403 to non-admins and 401 to visitors, changing nothing', async () => {
    const teacher = await signUp(app());
    const moderator: Client = await signUp(app(), { roles: ['moderator'] });
    const before = {
      user: accountRow(app(), teacher.userId),
      history: rows(app(), 'admin_history'),
      links: rows(app(), 'password_reset_tokens'),
    };
    const attempts: [string, string][] = [
      ['PUT', `/api/v1/admin/users/${moderator.userId}/roles/admin`],
      ['DELETE', `/api/v1/admin/users/${teacher.userId}/roles/author`],
      ['POST', `/api/v1/admin/users/${teacher.userId}/disable`],
      ['POST', `/api/v1/admin/users/${teacher.userId}/end-sessions`],
      ['POST', `/api/v1/admin/users/${teacher.userId}/password-reset`],
      ['POST', `/api/v1/admin/users/${teacher.userId}/one-time-password`],
      ['GET', `/api/v1/admin/users/${teacher.userId}`],
    ];
    for (const [method, url] of attempts) {
      const res = await call(app(), moderator, method as 'POST', url);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect((await call(app(), null, method as 'POST', url)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call(app(), moderator, 'GET', '/api/v1/auth/me')).json().user.roles).toEqual(['author', 'moderator']);
    expect(accountRow(app(), teacher.userId)).toBe(before.user);
    expect(rows(app(), 'admin_history')).toBe(before.history);
    expect(rows(app(), 'password_reset_tokens')).toBe(before.links);
  });
});

describe('the last administrator', () => {
  const app = useApp();

  it('cannot give up the admin role: the bank keeps one who can sign in', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    // The bank's first administrator (ADMIN_EMAIL) steps down: `admin` is then the only one.
    const first = app().bank.services.auth.findUserByEmail('admin@bank.test')!;
    expect((await call(app(), admin, 'DELETE', `/api/v1/admin/users/${first.id}/roles/admin`)).statusCode).toBe(200);
    const history = rows(app(), 'admin_history');
    const own = await call(app(), admin, 'DELETE', `/api/v1/admin/users/${admin.userId}/roles/admin`);
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ code: 'LAST_ADMIN', message: expect.stringContaining('администратор') });
    expect((await call(app(), admin, 'GET', '/api/v1/auth/me')).json().user.roles).toContain('admin');
    expect(rows(app(), 'admin_history')).toBe(history);
  });
});
