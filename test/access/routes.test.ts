/**
 * Deny by default: every route of the bank declares who may call it and which token scopes it admits, a route
 * without a declaration cannot be registered, and a token is refused wherever its scope is not admitted.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import accessPlugin, { access } from '../../server/access/routes.js';
import { call, signUp, useApp } from '../helper.js';
import { routerRoutes } from './router.js';

describe('route access declarations', () => {
  const app = useApp();

  it('cover every route the router answers', () => {
    const routes = routerRoutes(app().printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(30);
    const declared = [...app().routeAccess.keys()];
    // The listing prints a wildcard under its nearest branch rather than its full path (`/docs*` for
    // `/docs/static/*`): it is declared when a wildcard route of that method lies under that branch.
    const isDeclared = (route: string) =>
      route.endsWith('*')
        ? declared.some((d) => d.endsWith('*') && d.startsWith(route.slice(0, -1)))
        : app().routeAccess.has(route);
    const undeclared = routes.filter((route) => !isDeclared(route));
    expect(undeclared).toEqual([]);
  });

  it('refuse to register a route that declares nothing', async () => {
    const bare = Fastify();
    await bare.register(accessPlugin);
    bare.get('/declared', { config: access('anyone') }, async () => 'ok');
    expect(() => bare.get('/forgotten', async () => 'ok')).toThrow('GET /forgotten declares no access');
  });

  it('refuse a caller who may not write before reading what they sent: no field details, no parser errors', async () => {
    const author = await signUp(app());
    const bodies = [
      { payload: '{"title": 5, "unknown": true}', type: 'application/json' },
      { payload: '{"title": ', type: 'application/json' },
      { payload: 'title=x', type: 'text/plain' },
      { payload: 'x'.repeat(2 * 1024 * 1024), type: 'application/json' },
    ];
    for (const { payload, type } of bodies) {
      const anonymous = await app().inject({
        method: 'POST',
        url: '/api/v1/practices',
        payload,
        headers: { 'content-type': type },
      });
      expect(anonymous.json()).toEqual({
        statusCode: 401,
        code: 'AUTH_REQUIRED',
        error: 'Unauthorized',
        message: 'Войдите в систему',
      });
      const notAdmin = await app().inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload,
        headers: { 'content-type': type, cookie: author.cookie, 'x-csrf-token': author.csrf },
      });
      expect(notAdmin.statusCode).toBe(403);
      expect(notAdmin.json().code).toBe('FORBIDDEN');
    }
  });

  it('refuse a read-scope token on every route that does not admit the read scope', async () => {
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: 'admin@bank.test',
      password: 'admin-password-123',
    });
    const admin = {
      email: 'admin@bank.test',
      userId: login.json().user.id as number,
      cookie: `pb_session=${login.cookies[0]!.value}`,
      csrf: login.json().csrfToken as string,
    };
    const { token } = (await call(app(), admin, 'POST', '/api/v1/tokens', { name: 'Отчёты', scope: 'read' })).json();
    const closed = [...app().routeAccess].filter(([, declared]) => !declared.tokenScopes.includes('read'));
    // Personal and authoring routes at least: the inbox, one's drafts' invitations, tokens, writes.
    expect(closed.map(([route]) => route)).toEqual(
      expect.arrayContaining(['GET /api/v1/notifications', 'GET /api/v1/coauthor-invites', 'GET /api/v1/tokens']),
    );
    for (const [route] of closed) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await app().inject({
        method: method as 'GET',
        url: path.replace(/:\w+/g, '1'),
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, route).toBe(403);
      if (method !== 'HEAD') expect(res.json().code, route).toBe('FORBIDDEN');
    }
  });
});
