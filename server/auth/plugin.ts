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
import type { TokenService } from '../tokens/service.js';
import { SESSION_TTL_MS, type AuthService, type Session, type SessionUser } from './service.js';

const SESSION_COOKIE = 'pb_session';
const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null for an anonymous caller. */
    session: Session | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads that concern a person, not the bank: an integration has no inbox, drafts or invitations. */
const PERSONAL_READS = new Set(['/api/v1/notifications', '/api/v1/coauthor-invites', '/api/v1/auth/me']);
/** The only writes a moderate-scope token may make. */
const MODERATION_WRITES = new Set(['/api/v1/practices/:id/transitions', '/api/v1/practices/:id/reviews']);

/** What a token may call: `read` reads the bank as moderators see it; `moderate` also moderates. Nothing else. */
function tokenMayCall(user: SessionUser, method: string, route: string): boolean {
  if (SAFE_METHODS.has(method)) return !PERSONAL_READS.has(route) && !route.startsWith('/api/v1/tokens');
  return user.roles.includes('moderator') && method === 'POST' && MODERATION_WRITES.has(route);
}
/** Routes that open a session: a stale cookie sent along must not stand in the way of signing in again. */
const SIGN_IN_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/register']);
/** Routes a user with a one-time password may still call. */
const ALLOWED_WITH_ONE_TIME_PASSWORD = new Set(['/api/v1/auth/password', '/api/v1/auth/logout']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface AuthPluginOptions {
  auth: AuthService;
  tokens: Pick<TokenService, 'authenticate'>;
  secureCookies: boolean;
}

async function authPlugin(app: FastifyInstance, { auth, tokens, secureCookies }: AuthPluginOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request) => {
    // An integration's bearer token: no cookie, so no CSRF to guard against — but only the routes its scope names.
    const authorization = request.headers.authorization;
    const bearer = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (bearer) {
      const user = tokens.authenticate(bearer[1]!);
      if (!user) throw new AppError('INVALID_TOKEN');
      if (!tokenMayCall(user, request.method, request.routeOptions.url ?? ''))
        throw new AppError('FORBIDDEN', 'Токену API это действие недоступно');
      request.session = { id: `token:${user.fullName}`, csrfToken: '', expiresAt: '', user };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.session = token ? (auth.authenticate(token) ?? null) : null;
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

/** The signed-in user holding `role`, or AUTH_REQUIRED / FORBIDDEN. */
export function requireRole(request: FastifyRequest, role: Role | 'reader'): SessionUser {
  const user = requireUser(request);
  if (!user.roles.includes(role)) throw new AppError('FORBIDDEN');
  return user;
}
