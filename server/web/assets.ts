/**
 * The bank's own CSS, scripts and icons, served from `server/web/static/` under `/assets/`. Pages link them as
 * `/assets/site.css?v=<content hash>`, so a year of caching is safe: a changed file gets a new address. A request
 * without the current hash (an old page, a hand-typed address) is answered without the long cache.
 */
import { declareScopeAccess, PUBLIC_READ } from '../access/routes.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../shared/paths.js';

export const STATIC_DIR = path.join(projectRoot, 'server', 'web', 'static');
const PREFIX = '/assets/';
const YEAR = 365 * 24 * 60 * 60;

const hashes = new Map(
  readdirSync(STATIC_DIR).map((name) => [
    name,
    createHash('sha256')
      .update(readFileSync(path.join(STATIC_DIR, name)))
      .digest('hex')
      .slice(0, 12),
  ]),
);

/** The cache-safe address of a static file, e.g. `asset('site.css')` → `/assets/site.css?v=1a2b3c4d5e6f`. */
export function asset(name: string): string {
  const hash = hashes.get(name);
  if (!hash) throw new Error(`no static file ${name} in ${STATIC_DIR}`);
  return `${PREFIX}${name}?v=${hash}`;
}

/** Serves `/assets/*` and `/favicon.ico` (browsers ask for it at the root whatever the page links). */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  // The static plugin's own headers hook sees no request, so the query's hash is checked when the answer leaves.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith(PREFIX) || reply.statusCode !== 200) return;
    const url = new URL(request.url, 'http://bank');
    const name = decodeURIComponent(url.pathname.slice(PREFIX.length));
    const current = url.searchParams.get('v') === hashes.get(name);
    reply.header('cache-control', current ? `public, max-age=${YEAR}, immutable` : 'public, max-age=300');
  });
  // The static plugin's routes are the plugin's own: the asset files are public, like the pages that link them.
  declareScopeAccess(app, PUBLIC_READ.access);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: PREFIX, cacheControl: false, index: false });
  app.get('/favicon.ico', { config: PUBLIC_READ, schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').sendFile('favicon.ico'),
  );
}
