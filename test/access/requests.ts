/**
 * What each cell of the generated authorization test expects and sends: the expectation follows from the route's
 * declaration alone (people, token scopes, and the `owner` marker), the request from the route's pattern and the
 * world its parameters are filled from.
 */
import type { InjectOptions } from 'fastify';
import type { RouteAccess } from '../../server/access/routes.js';
import type { TokenScope } from '../../server/db/schema.js';
import { multipart } from '../support/files.js';
import type { DeclaredRoute } from './router.js';
import type { Caller, People, Resources } from './world.js';

/** Allowed: anything but 401/403 (and never a 5xx); refused: one of the given statuses. */
export type Expectation = { allowed: true } | { allowed: false; statuses: readonly number[]; why: string };

const TOKEN_SCOPES: Partial<Record<Caller, TokenScope>> = { readToken: 'read', moderateToken: 'moderate' };

/** Refused before the route looks at the request: by the declaration's people or token scopes. */
export function refusedAtTheGate(declared: RouteAccess, caller: Caller, people: People): Expectation | undefined {
  if (caller === 'readToken' || caller === 'moderateToken') {
    const scope = TOKEN_SCOPES[caller]!;
    return declared.tokenScopes.includes(scope)
      ? undefined
      : { allowed: false, statuses: [403], why: `токен «${scope}» не допущен` };
  }
  if (caller === 'anonymous')
    return declared.people === 'anyone' ? undefined : { allowed: false, statuses: [401], why: 'нужен вход' };
  const roles = people.roles[caller];
  if (Array.isArray(declared.people) && !declared.people.some((role: string) => roles.includes(role)))
    return { allowed: false, statuses: [403], why: `нужна роль ${declared.people.join('/')}` };
  return undefined;
}

/** The answer the declaration promises `caller` on author A's draft (for an owned route) or on the world. */
export function expectationOf(declared: RouteAccess, caller: Caller, people: People): Expectation {
  const gate = refusedAtTheGate(declared, caller, people);
  if (gate) return gate;
  // Someone else's draft: forbidden, or not found when they may not even know it exists.
  if (declared.owner && caller !== 'author')
    return { allowed: false, statuses: caller === 'anonymous' ? [401, 404] : [403, 404], why: 'чужой черновик' };
  return { allowed: true };
}

export function meets(expectation: Expectation, status: number): boolean {
  return expectation.allowed ? status !== 401 && status !== 403 && status < 500 : expectation.statuses.includes(status);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isWrite = (method: string) => !SAFE.has(method);

/** Values for a path parameter, by the segment before it and its name; anything else gets `1`. */
function paramValue(
  segment: string,
  name: string,
  route: DeclaredRoute,
  world: Resources | undefined,
  people: People,
): string {
  const owner = route.access?.owner;
  if (owner && name === 'id' && world)
    return String(owner.resource === 'attachment' ? world.draft.attachmentId : world.draft.id);
  const values: Record<string, () => string | number | undefined> = {
    'practices/:id': () => world?.published.id,
    'invitations/:id': () => world?.published.id,
    'attachments/:id': () => world?.draft.attachmentId,
    'practices/:number': () => world?.published.number,
    'registry/:number': () => world?.published.number,
    'v/:n': () => 1,
    'organizations/:id': () => people.organizationId,
    'collections/:slug': () => people.collection.slug,
    'curation/:id': () => people.collection.id,
    'municipalities/:code': () => 'smolensk',
    'users/:id': () => people.bystander.userId,
    'coauthor-invites/:userId': () => people.bystander.userId,
    'tokens/:id': () => people.spareTokenId,
    'sessions/:id': () => '0123456789abcdef',
    'password-reset/:token': () => 'x'.repeat(43),
  };
  return String(values[`${segment}/:${name}`]?.() ?? 1);
}

/** The route's address with its parameters filled from the world (a wildcard names a file that is not there). */
export function addressOf(route: DeclaredRoute, world: Resources | undefined, people: People): string {
  return route.url.replace(/:(\w+)|\*/g, (match: string, name: string | undefined, offset: number) => {
    if (match === '*') return 'no-such-file.txt';
    const segment = route.url.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    return encodeURIComponent(paramValue(segment, name!, route, world, people));
  });
}

/** Whether the route's parameters name resources that must exist (made afresh for each route). */
export const needsResources = (route: DeclaredRoute) =>
  route.access?.owner !== undefined || /\/(practices|attachments|registry|invitations)\/:/.test(route.url);

/** A body no route accepts: sent by those the gate refuses, who must be refused before it is read. */
const INVALID_BODY = { 'поле, которого нет': ['\u0000'], title: 42 };
const INVALID_FORM = { 'поле, которого нет': '\u0000', title: '' };

/** The minimal request a caller sends a route: their credentials, and input enough to reach the handler. */
export function requestFor(
  route: DeclaredRoute,
  caller: Caller,
  ctx: { people: People; world: Resources | undefined },
): InjectOptions {
  const { people, world } = ctx;
  const headers: Record<string, string> = {};
  const client = caller in people.clients ? people.clients[caller as keyof People['clients']] : undefined;
  if (client) Object.assign(headers, { cookie: client.cookie, 'x-csrf-token': client.csrf });
  const scope = TOKEN_SCOPES[caller];
  if (scope) headers.authorization = `Bearer ${people.tokens[caller as 'readToken' | 'moderateToken']}`;
  const owner = route.access?.owner;
  if (owner && world) headers['if-match'] = world.draft.etag;
  const query = owner?.sample?.query;
  const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : '';
  const options: InjectOptions = {
    method: route.method as 'GET',
    url: addressOf(route, world, people) + search,
    headers,
  };
  if (!isWrite(route.method) || route.method === 'DELETE') return options;

  const gate = route.access ? refusedAtTheGate(route.access, caller, people) : undefined;
  const isPage = !route.url.startsWith('/api/');
  if (gate && isPage) {
    // A form no page accepts, with a token that is not the caller's: the refusal still comes first.
    headers['content-type'] = 'application/x-www-form-urlencoded';
    options.payload = new URLSearchParams({ ...INVALID_FORM, _csrf: 'x'.repeat(43) }).toString();
  } else if (gate) {
    options.payload = INVALID_BODY;
  } else if (owner?.sample?.file) {
    const { body, contentType } = multipart([{ name: 'заметка.txt', data: Buffer.from('Заметка') }]);
    headers['content-type'] = contentType;
    options.payload = body;
  } else if (isPage) {
    // A browser's form: the session's CSRF token, or before signing in the token of the form cookie.
    const csrf = client?.csrf ?? 'f'.repeat(43);
    if (!client && !scope) headers.cookie = `pb_form=${csrf}`;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const fields = Object.entries({ ...owner?.sample?.body, _csrf: csrf }).map(([k, v]) => [k, String(v)]);
    options.payload = new URLSearchParams(fields).toString();
  } else {
    options.payload = owner?.sample?.body ?? {};
  }
  return options;
}
