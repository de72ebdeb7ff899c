import { describe, expect, it } from 'vitest';
import { createAuthService, SESSION_TTL_MS } from '../../server/auth/service.js';
import { loadConfig } from '../../server/config.js';
import { call, signUp, useApp } from '../helper.js';

const HOUR = 60 * 60 * 1000;
const PASSWORD = 'correct horse battery';

/** The app's database with an auth service whose clock the test moves, instead of sleeping. */
function world(app: ReturnType<ReturnType<typeof useApp>>, sessionIdleMs?: number) {
  let t = Date.now();
  const now = () => new Date(t);
  const auth = createAuthService(app.bank.db, { now, ...(sessionIdleMs ? { sessionIdleMs } : {}) });
  const lastSeen = (id: string) =>
    (app.bank.db.$client.prepare('SELECT last_seen_at AS v FROM sessions WHERE id = ?').get(id) as { v: string }).v;
  return { auth, lastSeen, advance: (ms: number) => void (t += ms) };
}

describe('session inactivity timeout', () => {
  const app = useApp({ SESSION_IDLE_HOURS: '2' });

  it('reads SESSION_IDLE_HOURS, 8 hours unless set', () => {
    expect(loadConfig({}).sessionIdleMs).toBe(8 * HOUR);
    expect(loadConfig({ SESSION_IDLE_HOURS: '24' }).sessionIdleMs).toBe(24 * HOUR);
    expect(() => loadConfig({ SESSION_IDLE_HOURS: '0' })).toThrow(/SESSION_IDLE_HOURS/);
  });

  it('ends a session unused for 8 hours by default, and keeps one used within them', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    const { token, session } = await w.auth.login(teacher.email, PASSWORD, { address: '10.0.0.1' });
    for (let i = 0; i < 3; i++) {
      w.advance(8 * HOUR - 2 * 60_000);
      expect(w.auth.authenticate(token)?.id, `use ${i + 1}`).toBe(session.id);
    }
    expect(w.auth.listSessions(teacher.userId, session.id).map((s) => s.current)).toContain(true);
    w.advance(8 * HOUR + 1000);
    expect(w.auth.authenticate(token)).toBeUndefined();
    expect(w.auth.listSessions(teacher.userId, session.id).filter((s) => s.current)).toEqual([]);
    expect(() => w.auth.endSession(teacher.userId, session.id.slice(0, 16))).toThrow(/сеанса нет/);
  });

  it('records a session’s use at most once a minute', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    const { token, session } = await w.auth.login(teacher.email, PASSWORD, { address: '10.0.0.2' });
    const signedIn = w.lastSeen(session.id);
    for (let i = 0; i < 20; i++) {
      w.advance(2000);
      w.auth.authenticate(token);
    }
    expect(w.lastSeen(session.id)).toBe(signedIn);
    w.advance(21_000);
    w.auth.authenticate(token);
    expect(w.lastSeen(session.id) > signedIn).toBe(true);
  });

  it('still ends a session in daily use after 30 days', async () => {
    const w = world(app());
    const teacher = await signUp(app());
    const { token } = await w.auth.login(teacher.email, PASSWORD, { address: '10.0.0.3' });
    let used = 0;
    while (used + 6 * HOUR < SESSION_TTL_MS) {
      w.advance(6 * HOUR);
      used += 6 * HOUR;
      expect(w.auth.authenticate(token)).toBeDefined();
    }
    w.advance(SESSION_TTL_MS - used + 1000);
    expect(w.auth.authenticate(token)).toBeUndefined();
  });

  it('follows SESSION_IDLE_HOURS in the running bank: a session idle longer is refused over HTTP', async () => {
    const teacher = await signUp(app());
    const other = await signUp(app());
    expect((await call(app(), teacher, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const idle = new Date(Date.now() - 2 * HOUR - 60_000).toISOString();
    app().bank.db.$client.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?').run(idle, teacher.userId);
    expect((await call(app(), teacher, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    // An hour and a half of quiet is within the two hours.
    const quiet = new Date(Date.now() - 90 * 60_000).toISOString();
    app().bank.db.$client.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?').run(quiet, other.userId);
    expect((await call(app(), other, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});
