/**
 * Resolves the caller of every request from the session cookie, and guards cookie-authenticated writes
 * against CSRF: API calls echo the session's token in `x-csrf-token`, page forms in a hidden `_csrf` field.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { accessOf } from '../access/routes.js';
import type { Principal } from '../access/policy.js';
import type { TokenService } from '../tokens/service.js';
import { SESSION_TTL_MS, type AuthService, type Session, type SessionUser } from './service.js';

/** The session cookie's name; `__Host-` over https binds it to this host and path `/`, secure only. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-pb_session' : 'pb_session');
/** Before signing in, a page form's CSRF token lives in a cookie of its own and is echoed in the form. */
const formCookieName = (secure: boolean) => (secure ? '__Host-pb_form' : 'pb_form');
const CSRF_HEADER = 'x-csrf-token';
/** The hidden field (or, for a multipart form, the query parameter) a page form echoes its CSRF token in. */
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null for an anonymous caller or an API token. */
    session: Session | null;
    /** Who calls: the session's user, an API token, or null for an anonymous caller. */
    principal: Principal | null;
    /** A page form post whose CSRF token is checked once its body is parsed. */
    formPost: boolean;
  }
  interface FastifyContextConfig {
    /** The route stays open to a person who still has a one-time password (changing it, signing out). */
    oneTimePasswordAllowed?: boolean;
    /** The route may change things for a person whose address is not confirmed yet (signing out, resending). */
    emailUnconfirmedAllowed?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that open a session: a stale cookie sent along must not stand in the way of signing in again. */
const SIGN_IN_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/confirm-email']);
/** Routes a user with a one-time password may still call. */
const ALLOWED_WITH_ONE_TIME_PASSWORD = new Set(['/api/v1/auth/password', '/api/v1/auth/logout', '/api/v1/auth/me']);

/** API writes a person with an unconfirmed address may still make: their password, sessions, signing out. */
const ALLOWED_UNCONFIRMED = new Set([
  '/api/v1/auth/password',
  '/api/v1/auth/logout',
  '/api/v1/auth/sessions',
  '/api/v1/auth/sessions/:id',
]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A browser's form post to a page (not the API): its token comes in the form, not in a header. */
function isPageForm(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  const type = request.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * A person with a one-time password sees nothing beyond what a visitor sees until they change it: every route
 * closed to visitors is refused, except changing the password and signing out.
 */
function oneTimePasswordBlocks(request: FastifyRequest): boolean {
  if (!request.session?.user.mustChangePassword) return false;
  const config = request.routeOptions.config;
  if (config.oneTimePasswordAllowed || ALLOWED_WITH_ONE_TIME_PASSWORD.has(request.routeOptions.url ?? '')) return false;
  const declared = accessOf(request);
  return declared !== undefined && declared.people !== 'anyone';
}

/**
 * An account whose address is not confirmed may sign in and read, but every write closed to visitors is refused
 * until the owner opens the link from the letter (creating practices, uploading, inviting…).
 */
function unconfirmedBlocks(request: FastifyRequest): boolean {
  const user = request.session?.user;
  if (!user || user.emailConfirmed || SAFE_METHODS.has(request.method)) return false;
  const config = request.routeOptions.config;
  if (config.emailUnconfirmedAllowed || ALLOWED_UNCONFIRMED.has(request.routeOptions.url ?? '')) return false;
  const declared = accessOf(request);
  return declared !== undefined && declared.people !== 'anyone';
}

/**
 * An API write that no CSRF token guards (open to anyone, or one that opens a session) must come as JSON: a page on
 * another site can post a form or text/plain across sites without asking, but not `application/json`.
 */
function simpleApiWrite(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/') || request.routeOptions.config.readsOnly)
    return false;
  const type = request.headers['content-type'];
  if (type === undefined) return false; // no body to read
  if (type.split(';')[0]!.trim().toLowerCase() === 'application/json') return false;
  const unguarded = !request.session || SIGN_IN_ROUTES.has(request.routeOptions.url ?? '');
  return unguarded && accessOf(request)?.people === 'anyone';
}

interface AuthPluginOptions {
  auth: AuthService;
  tokens: Pick<TokenService, 'authenticate'>;
  secureCookies: boolean;
}

async function authPlugin(app: FastifyInstance, { auth, tokens, secureCookies }: AuthPluginOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('formPost', false);
  const sessionCookie = sessionCookieName(secureCookies);
  const formCookie = formCookieName(secureCookies);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies } as const;

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
    const token = request.cookies[sessionCookie];
    request.session = token ? (auth.authenticate(token) ?? null) : null;
    request.principal = request.session?.user ?? null;
    if (simpleApiWrite(request))
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Отправляйте данные в формате JSON (Content-Type: application/json)',
      );
    // A route that only reads through POST (the OAI-PMH endpoint) has nothing a forged request could change.
    const { readsOnly, tokenInAddress } = request.routeOptions.config;
    if (!SAFE_METHODS.has(request.method) && !readsOnly && !tokenInAddress) {
      const header = request.headers[CSRF_HEADER];
      if (isPageForm(request)) {
        // Checked in preValidation, once the form's fields are parsed; anonymous forms (sign-in, registration,
        // password reset) are checked too, against the form cookie.
        request.formPost = true;
      } else if (request.session && !SIGN_IN_ROUTES.has(request.routeOptions.url ?? '')) {
        if (typeof header !== 'string' || !sameToken(header, request.session.csrfToken))
          throw new AppError('CSRF_TOKEN_INVALID');
      }
    }
    if (oneTimePasswordBlocks(request)) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (unconfirmedBlocks(request)) throw new AppError('EMAIL_NOT_CONFIRMED');
  });

  app.addHook('preValidation', async (request) => {
    if (!request.formPost) return;
    const expected = request.session?.csrfToken ?? request.cookies[formCookie];
    // A multipart form streams its file to the handler, so its token comes in the action's query instead.
    const fields = (request.headers['content-type']?.startsWith('multipart/') ? request.query : request.body) as
      Record<string, unknown> | undefined;
    const field = fields?.[CSRF_FIELD];
    // A script sending the form (autosave, an upload with progress) may put the token in the header instead.
    const sent = request.headers[CSRF_HEADER] ?? field;
    if (!expected || typeof sent !== 'string' || !sameToken(sent, expected)) throw new AppError('CSRF_TOKEN_INVALID');
    if (fields) delete fields[CSRF_FIELD];
  });

  app.decorate('sessionCookie', {
    set(reply: FastifyReply, token: string) {
      reply.setCookie(sessionCookie, token, { ...cookieOptions, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
    },
    clear(reply: FastifyReply) {
      reply.clearCookie(sessionCookie, cookieOptions);
    },
  });

  app.decorate('formToken', (request: FastifyRequest, reply: FastifyReply): string => {
    if (request.session) return request.session.csrfToken;
    const existing = request.cookies[formCookie];
    if (existing && /^[\w-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    reply.setCookie(formCookie, token, cookieOptions);
    // The page that rendered the form may be asked for again before the cookie is back: keep one token per request.
    request.cookies[formCookie] = token;
    return token;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookie: { set(reply: FastifyReply, token: string): void; clear(reply: FastifyReply): void };
    /**
     * The CSRF token a page form must echo in its `_csrf` field: the session's, or before signing in a random one
     * kept in a cookie of its own (set here when the browser has none).
     */
    formToken(request: FastifyRequest, reply: FastifyReply): string;
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
