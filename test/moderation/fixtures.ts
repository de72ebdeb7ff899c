/** A world for moderation tests: an organisation, an author with a complete draft, moderators. */
import type { App } from '../../server/app.js';
import { call, completePractice, makeOrganization, signUp, type Client } from '../helper.js';

let orgCounter = 0;

/** Creates a complete draft by `author`; returns the practice id and its ETag. */
export async function draftBy(app: App, author: Client, title: string) {
  orgCounter += 1;
  const orgId = makeOrganization(app, `МБДОУ «Детский сад № ${100 + orgCounter}»`, 'smolensk');
  const res = await call(app, author, 'POST', '/api/v1/practices', completePractice(orgId, { title }));
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id as number, etag: res.headers.etag as string };
}

/** Creates a complete draft by a new author; returns the author, the practice id and its ETag. */
export async function completeDraft(app: App, title = 'Мнемотехника в развитии связной речи дошкольников') {
  const author = await signUp(app, { position: 'воспитатель' });
  return { author, ...(await draftBy(app, author, title)) };
}

/** Performs a transition with the ETag the caller last read; returns the response. */
export async function act(app: App, client: Client, id: number, action: string, comment?: string) {
  const read = await call(app, client, 'GET', `/api/v1/practices/${id}`);
  return call(
    app,
    client,
    'POST',
    `/api/v1/practices/${id}/transitions`,
    { action, ...(comment ? { comment } : {}) },
    { 'if-match': read.headers.etag as string },
  );
}

export const FULL_SCORES = { relevance: 3, novelty: 2, effectiveness: 3, replicability: 2, quality: 3 };
