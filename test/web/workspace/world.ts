/** A world for the workspace pages' tests: practices in each state, built through the services' API. */
import type { App } from '../../../server/app.js';
import { call, signUp, type Client } from '../../helper.js';
import { act, draftBy } from '../../moderation/fixtures.js';

export const HTML = { accept: 'text/html' };
export const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/** A page as `client` sees it in a browser. */
export const page = (app: App, client: Client | null, url: string) =>
  app.inject({ url, headers: { ...HTML, ...(client ? { cookie: client.cookie } : {}) } });

/** A form post as a browser sends it: the session cookie and the `_csrf` field (unless `csrf` is false). */
export function post(app: App, client: Client, url: string, fields: Record<string, string>, csrf = true) {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: client.cookie },
    payload: new URLSearchParams({ ...fields, ...(csrf ? { _csrf: client.csrf } : {}) }).toString(),
  });
}

async function ok(response: Promise<{ statusCode: number; body: string }>) {
  const res = await response;
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
  return res;
}

export type State =
  'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'rejected' | 'published' | 'withdrawn' | 'new_version';

/** A complete practice by `author` carried to `state` by `moderator`; returns its id. */
export async function practiceIn(app: App, author: Client, moderator: Client, state: State, title: string) {
  const { id } = await draftBy(app, author, title);
  if (state === 'draft') return id;
  await ok(act(app, author, id, 'submit'));
  if (state === 'submitted') return id;
  await ok(act(app, moderator, id, 'claim'));
  if (state === 'in_review') return id;
  if (state === 'changes_requested') {
    await ok(act(app, moderator, id, 'request_changes', 'Добавьте результаты диагностики за второй год работы.'));
    return id;
  }
  if (state === 'rejected') {
    await ok(act(app, moderator, id, 'reject', 'Практика повторяет уже опубликованную № 67-2024-0001.'));
    return id;
  }
  await ok(act(app, moderator, id, 'approve'));
  if (state === 'withdrawn') await ok(act(app, moderator, id, 'withdraw', 'Авторы попросили снять практику.'));
  if (state === 'new_version') await ok(act(app, author, id, 'new_version'));
  return id;
}

/** A teacher and a SOIRO reviewer. */
export async function people(app: App) {
  return {
    author: await signUp(app, { fullName: 'Смирнова Ольга Викторовна' }),
    moderator: await signUp(app, { roles: ['moderator'] }),
  };
}

/** The ETag of the practice as its author reads it. */
export async function etagOf(app: App, client: Client, id: number): Promise<string> {
  return (await call(app, client, 'GET', `/api/v1/practices/${id}`)).headers.etag as string;
}
