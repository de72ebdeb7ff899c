/**
 * Resolves the caller of every request from the session cookie, and guards cookie-authenticated writes
 * against CSRF: they must echo the session's token in `x-csrf-token`.
 */
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { accessOf } from '../access/routes.js';
import type { Principal } from '../access/policy.js';
import type { TokenService } from '../tokens/service.js';
import { SESSION_TTL_MS, type AuthService, type Session, type SessionUser } from './service.js';

export const SESSION_COOKIE = 'pb_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null for an anonymous caller or an API token. */
    session: Session | null;
    /** Who calls: the session's user, an API token, or null for an anonymous caller. */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that open a session: a stale cookie sent along must not stand in the way of signing in again. */
const SIGN_IN_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/register']);
/** Routes a user with a one-time password may still call. */
const ALLOWED_WITH_ONE_TIME_PASSWORD = new Set(['/api/v1/auth/password', '/api/v1/auth/logout']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthPluginOptions {
  auth: AuthService;
  tokens: Pick<TokenService, 'authenticate'>;
  secureCookies: boolean;
}

async function authPlugin(app: FastifyInstance, { auth, tokens, secureCookies }: AuthPluginOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    // An integration's bearer token: no cookie, so no CSRF to guard against — but only the routes that admit its
    // scope (deny by default: a route admits no token unless its declaration names the scope).
    const authorization = request.headers.authorization;
    const bearer = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (bearer) {
      const token = tokens.authenticate(bearer[1]!);
      if (!token) throw new AppError('INVALID_TOKEN');
      const declared = accessOf(request);
      if (declared && !declared.tokenScopes.includes(token.scope))
        throw new AppError('FORBIDDEN', 'Токену API это действие недоступно');
      request.principal = token;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.session = token ? (auth.authenticate(token) ?? null) : null;
    request.principal = request.session?.user ?? null;
    if (!request.session || SAFE_METHODS.has(request.method) || SIGN_IN_ROUTES.has(request.routeOptions.url ?? ''))
      return;
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !sameToken(header, request.session.csrfToken))
      throw new AppError('CSRF_TOKEN_INVALID');
    if (
      request.session.user.mustChangePassword &&
      !ALLOWED_WITH_ONE_TIME_PASSWORD.has(request.routeOptions.url ?? '')
    ) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });

  app.decorate('sessionCookie', {
    set(reply: FastifyReply, token: string) {
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
    },
    clear(reply: FastifyReply) {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookie: { set(reply: FastifyReply, token: string): void; clear(reply: FastifyReply): void };
  }
}

export default fp(authPlugin, { name: 'auth' });

/** The signed-in user, or AUTH_REQUIRED. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.session) throw new AppError('AUTH_REQUIRED');
  return request.session.user;
}

/** The signed-in user or API token, or AUTH_REQUIRED. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('AUTH_REQUIRED');
  return request.principal;
}

/** The signed-in user holding `role`, or AUTH_REQUIRED / FORBIDDEN. */
export function requireRole(request: FastifyRequest, role: Role): SessionUser {
  const user = requireUser(request);
  if (!user.roles.includes(role)) throw new AppError('FORBIDDEN');
  return user;
}
