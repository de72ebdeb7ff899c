/**
 * Deny by default: every route declares who may call it — anyone, any signed-in person, or people holding one of
 * some roles — and which API token scopes it admits (none unless it says so). A route without a declaration is
 * refused at registration, so a new route is closed to tokens until someone decides otherwise.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Role, TokenScope } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface RouteAccess {
  /** People who may call: anyone (also anonymous), any signed-in person, or holders of one of these roles. */
  people: 'anyone' | 'signed-in' | readonly Role[];
  /** The token scopes admitted; an empty list refuses every token. */
  tokenScopes: readonly TokenScope[];
  /** What a signed-in person without the roles is told (in Russian); the generic refusal otherwise. */
  refusal?: string;
  /** The route acts on its authors' resource named by `:id`: see `owned`. */
  owner?: OwnedResource;
}

/**
 * A resource only its authors reach while it is a draft. The handler refuses everyone else the declaration admits
 * (403, or 404 when they may not even see it); the declaration says so, so that the authorization test generated
 * from the router (test/access/authorization.test.ts) expects it, and fails when the handler forgets.
 */
export interface OwnedResource {
  /** What the route's `:id` names: a practice, or one of its attachments. */
  resource: 'practice' | 'attachment';
  /** The smallest request that passes validation, so that it reaches the handler's ownership check. */
  sample?: RequestSample;
}

/** Input for a route's test request; without it the request carries no body and no query. */
export interface RequestSample {
  /** JSON fields for the API, form fields for a page. */
  body?: Record<string, unknown>;
  query?: Record<string, string | number>;
  /** The route takes a multipart upload: a small text file is sent. */
  file?: true;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A POST that changes nothing (a protocol that allows POST for long arguments): no CSRF check applies. */
    readsOnly?: boolean;
    /**
     * A POST whose address carries an unguessable token that is the whole credential (the one-click unsubscribe
     * of RFC 8058, sent by a mail client without cookies or form fields): a forged request cannot know it, so no
     * CSRF check applies.
     */
    tokenInAddress?: boolean;
  }
  interface FastifyInstance {
    /** Every route registered so far with its declaration, for the test that checks none is missing. */
    routeAccess: Map<string, RouteAccess>;
  }
}

/** Scopes of the tokens that read the bank as moderators see it: both scopes read. */
export const READ_SCOPES = ['read', 'moderate'] as const satisfies readonly TokenScope[];
/** Scopes of the tokens that may moderate. */
export const MODERATE_SCOPES = ['moderate'] as const satisfies readonly TokenScope[];

/** The route `config` that declares `access`. */
export const access = (people: RouteAccess['people'], tokenScopes: readonly TokenScope[] = [], refusal?: string) => ({
  access: { people, tokenScopes, ...(refusal === undefined ? {} : { refusal }) },
});

/** `declared`, for a route acting on its authors' resource named by `:id` (see `OwnedResource`). */
export const owned = (
  declared: { access: RouteAccess },
  resource: OwnedResource['resource'],
  sample?: RequestSample,
) => ({ access: { ...declared.access, owner: { resource, ...(sample === undefined ? {} : { sample }) } } });

/** Public reads of the bank: anyone, and every token. */
export const PUBLIC_READ = access('anyone', READ_SCOPES);

const defaults = new WeakMap<object, RouteAccess>();

/**
 * Declares `access` for every route of a scope whose routes come from a third-party plugin (API docs) or are all
 * of one kind (public pages); call it before registering them in that scope.
 */
export function declareScopeAccess(scope: FastifyInstance, declared: RouteAccess): void {
  defaults.set(scope, declared);
}

/** The declaration of the scope a route is registered in, looking up through its parents. */
function scopeDefault(instance: FastifyInstance): RouteAccess | undefined {
  for (let scope: object | null = instance; scope !== null; scope = Object.getPrototypeOf(scope) as object | null) {
    const declared = defaults.get(scope);
    if (declared) return declared;
  }
  return undefined;
}

/** The declaration of the route a request matched; undefined when none matched (a 404). */
export const accessOf = (request: FastifyRequest): RouteAccess | undefined => request.routeOptions.config.access;

async function accessPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('routeAccess', new Map<string, RouteAccess>());

  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const declared = route.config?.access ?? scopeDefault(this);
    const methods = ([] as string[]).concat(route.method);
    if (!declared) throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    route.config = { ...route.config, access: declared };
    for (const method of methods) app.routeAccess.set(`${method} ${route.url}`, declared);
  });

  // People are checked once the caller is known (the auth plugin's onRequest) and before the body is read: a caller
  // who may not call a route learns nothing about what it accepts — no 400 with field details, no 413, no 415.
  // A page form's CSRF token (preValidation) is checked after this, on callers the route admits.
  app.addHook('preParsing', async (request) => {
    const declared = accessOf(request);
    const principal = request.principal;
    if (!declared || declared.people === 'anyone' || principal?.kind === 'token') return;
    if (!principal) throw new AppError('AUTH_REQUIRED');
    if (declared.people !== 'signed-in' && !declared.people.some((role) => principal.roles.includes(role)))
      throw new AppError('FORBIDDEN', declared.refusal);
  });
}

export default fp(accessPlugin, { name: 'access' });
