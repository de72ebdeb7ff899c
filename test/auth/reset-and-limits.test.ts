import { describe, expect, it } from 'vitest';
import { createPasswordReset, RESET_TTL_MS } from '../../server/auth/reset.js';
import { createAuthService } from '../../server/auth/service.js';
import { createThrottle } from '../../server/auth/throttle.js';
import { isCommonPassword, passwordProblem } from '../../server/auth/password-rules.js';
import type { JobPayloads } from '../../server/jobs/runner.js';
import { call, signUp, useApp } from '../helper.js';

const LIMITS = { accountFailures: 3, windowMs: 15 * 60_000, addressFailures: 4, maxDelayMs: 5000 };

/** Services over the app's database with a clock the test moves and a mailbox it reads. */
function world(app: ReturnType<ReturnType<typeof useApp>>) {
  let t = new Date('2026-03-02T09:00:00Z').getTime();
  const now = () => new Date(t);
  const waits: number[] = [];
  const throttle = createThrottle(app.bank.db, LIMITS, now);
  const auth = createAuthService(app.bank.db, { now, throttle, sleep: async (ms) => void waits.push(ms) });
  const letters: JobPayloads['mail'][] = [];
  const reset = createPasswordReset({
    db: app.bank.db,
    auth,
    mailer: { sends: true, send: (_tx, _key, letter) => void letters.push(letter) },
    baseUrl: 'https://bank.example',
    throttle,
    now,
  });
  const tokenOf = (letter: JobPayloads['mail'] | undefined) => /password-reset\/([\w-]+)/.exec(letter?.text ?? '')?.[1];
  return { auth, reset, letters, waits, throttle, tokenOf, advance: (ms: number) => void (t += ms) };
}

describe('password reset', () => {
  const app = useApp();

  it('sends a link for a known address only, and the newest link replaces the earlier one', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    w.reset.request('nobody@school.test', '10.0.0.1');
    expect(w.letters).toHaveLength(0);
    w.reset.request(teacher.email.toUpperCase(), '10.0.0.1');
    w.reset.request(teacher.email, '10.0.0.1');
    expect(w.letters).toHaveLength(2);
    expect(w.letters[0]!.to).toBe(teacher.email);
    const [first, second] = w.letters.map(w.tokenOf);
    expect(w.reset.isLive(first!)).toBe(false);
    expect(w.reset.isLive(second!)).toBe(true);
    await expect(w.reset.confirm(first!, 'липа клён берёза')).rejects.toMatchObject({ code: 'RESET_LINK_INVALID' });
  });

  it('works once within the hour, then never again', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    w.reset.request(teacher.email, '10.0.0.2');
    const token = w.tokenOf(w.letters[0])!;
    w.advance(RESET_TTL_MS - 1000);
    await w.reset.confirm(token, 'липа клён берёза');
    await expect(w.reset.confirm(token, 'другие три слова')).rejects.toMatchObject({ code: 'RESET_LINK_INVALID' });
    expect((await call(app(), teacher, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('expires after an hour', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    w.reset.request(teacher.email, '10.0.0.3');
    const token = w.tokenOf(w.letters[0])!;
    w.advance(RESET_TTL_MS + 1000);
    expect(w.reset.isLive(token)).toBe(false);
    await expect(w.reset.confirm(token, 'липа клён берёза')).rejects.toMatchObject({ code: 'RESET_LINK_INVALID' });
  });

  it('keeps the link when the new password is refused, so the person can choose another', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    w.reset.request(teacher.email, '10.0.0.4');
    const token = w.tokenOf(w.letters[0])!;
    await expect(w.reset.confirm(token, '1234567890')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(w.reset.isLive(token)).toBe(true);
  });

  it('sends at most three letters an address receives in the window, answering the same', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    for (let i = 0; i < 5; i += 1) w.reset.request(teacher.email, `10.0.1.${i}`);
    expect(w.letters).toHaveLength(3);
  });

  it('answers the API the same for a known and an unknown address', async () => {
    const teacher = await signUp(app());
    const known = await call(app(), null, 'POST', '/api/v1/auth/password-reset', { email: teacher.email });
    const unknown = await call(app(), null, 'POST', '/api/v1/auth/password-reset', { email: 'nobody@school.test' });
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const bad = await call(app(), null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: 'x'.repeat(43),
      newPassword: 'липа клён берёза',
    });
    expect(bad.statusCode).toBe(410);
    expect(bad.json().code).toBe('RESET_LINK_INVALID');
  });
});

describe('limits on guessing', () => {
  const app = useApp();

  it('pauses an account after N failures until the window has passed, and forgets them after a success', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    const attempt = (password: string) => w.auth.login(teacher.email, password, { address: '10.1.0.1' });
    await expect(attempt('wrong one')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(attempt('wrong two')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(attempt('wrong three')).rejects.toMatchObject({ code: 'SIGN_IN_PAUSED' });
    await expect(attempt('correct horse battery')).rejects.toThrow(/Попробуйте снова после 12:15 по московскому/);
    w.advance(LIMITS.windowMs + 1000);
    await expect(attempt('correct horse battery')).resolves.toMatchObject({ session: expect.anything() });
    await expect(attempt('wrong again')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(attempt('wrong again 2')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('only slows an address with many failures, never refusing it, while other addresses wait for nothing', async () => {
    const w = world(app());
    const teachers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => signUp(app())));
    // Four failures are allowed for free; the fifth and sixth come in, the sixth after a wait.
    for (const t of teachers.slice(0, 6))
      await expect(w.auth.login(t.email, 'wrong guess', { address: '10.2.0.1' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    expect(w.waits).toEqual([250]);
    await expect(
      w.auth.login(teachers[6]!.email, 'correct horse battery', { address: '10.2.0.1' }),
    ).resolves.toBeDefined();
    expect(w.waits).toEqual([250, 500]);
    await w.auth.login(teachers[6]!.email, 'correct horse battery', { address: '10.2.0.2' });
    expect(w.waits).toEqual([250, 500]);
  });

  it('keeps failures in the database, so a restart does not forget them', async () => {
    const teacher = await signUp(app());
    const first = world(app());
    for (const guess of ['wrong one', 'wrong two', 'wrong three'])
      await first.auth.login(teacher.email, guess, { address: '10.3.0.1' }).catch(() => undefined);
    const restarted = world(app());
    await expect(
      restarted.auth.login(teacher.email, 'correct horse battery', { address: '10.3.0.1' }),
    ).rejects.toMatchObject({ code: 'SIGN_IN_PAUSED' });
  });
});

describe('the common-password list', () => {
  it('refuses the passwords everyone tries first, ignoring case and spaces', () => {
    for (const p of ['password12', '1234567890', 'qwertyuiop', 'QwertyUIOP', '12345 67890'])
      expect(isCommonPassword(p)).toBe(true);
    expect(isCommonPassword('липа клён берёза')).toBe(false);
    expect(passwordProblem('teacher@school.test', { email: 'Teacher@School.test' })).toMatch(/адресом/);
    expect(passwordProblem('Иванова Анна', { email: 'a@b.c', fullName: 'иванова анна' })).toMatch(/ФИО/);
    expect(passwordProblem('липа клён берёза', { email: 'a@b.c', fullName: 'Иванова Анна' })).toBeUndefined();
  });
});

describe('sessions and one-time passwords over the API', () => {
  const app = useApp();

  it('lists one’s sessions and ends one or all the others', async () => {
    const teacher = await signUp(app());
    const second = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: teacher.email,
      password: 'correct horse battery',
    });
    expect(second.statusCode).toBe(200);
    const list = await call(app(), teacher, 'GET', '/api/v1/auth/sessions');
    expect(list.json().items).toHaveLength(2);
    const other = list.json().items.find((s: { current: boolean }) => !s.current);
    expect((await call(app(), teacher, 'DELETE', `/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await call(app(), teacher, 'DELETE', `/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(404);
    expect((await call(app(), teacher, 'DELETE', '/api/v1/auth/sessions')).json()).toEqual({ ended: 0 });
  });

  it('lets only an admin find people and issue a one-time password, which must then be changed', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const teacher = await signUp(app(), { fullName: 'Жукова Вера' });
    expect((await call(app(), teacher, 'GET', '/api/v1/admin/users')).statusCode).toBe(403);
    const found = await call(app(), admin, 'GET', '/api/v1/admin/users?q=жукова');
    expect(found.json().items.map((u: { email: string }) => u.email)).toEqual([teacher.email]);
    const issued = await call(app(), admin, 'POST', `/api/v1/admin/users/${teacher.userId}/one-time-password`);
    expect(issued.statusCode).toBe(200);
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: teacher.email,
      password: issued.json().password,
    });
    expect(login.json().user.mustChangePassword).toBe(true);
  });
});
