/**
 * The world the generated authorization test calls routes in: seven kinds of caller, and the resources a route's
 * path parameters name — a draft of author A with a file, a published practice, an organisation, a bystander
 * account that administrators' actions on users land on, a spare token to revoke.
 */
import type { App } from '../../server/app.js';
import type { SessionUser } from '../../server/auth/service.js';
import { call, completePractice, makeOrganization, signUp, type Client } from '../helper.js';
import { multipart } from '../support/files.js';

export const CALLERS = [
  'anonymous',
  'author',
  'otherAuthor',
  'moderator',
  'curator',
  'admin',
  'readToken',
  'moderateToken',
] as const;
export type Caller = (typeof CALLERS)[number];
export type Person = 'author' | 'otherAuthor' | 'moderator' | 'curator' | 'admin';

const PASSWORD = 'correct horse battery';
const ADMIN = { email: 'admin@bank.test', password: 'admin-password-123' };

/** The callers, the bystander, and the spare token: made once per file, kept signed in by `keepSignedIn`. */
export interface People {
  clients: Record<Person, Client>;
  /** The roles each person holds (every account is an author). */
  roles: Record<Person, readonly string[]>;
  tokens: Record<'readToken' | 'moderateToken', string>;
  bystander: Client;
  spareTokenId: number;
  organizationId: number;
  /** A draft collection that the keepers' routes act on (its keepers see it; everyone else gets 404). */
  collection: { id: number; slug: string };
}

async function login(app: App, email: string, password: string): Promise<Client> {
  const res = await call(app, null, 'POST', '/api/v1/auth/login', { email, password });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name.endsWith('pb_session'))!;
  return { email, userId: res.json().user.id, cookie: `${cookie.name}=${cookie.value}`, csrf: res.json().csrfToken };
}

async function token(app: App, admin: Client, scope: 'read' | 'moderate') {
  const res = await call(app, admin, 'POST', '/api/v1/tokens', { name: `Проверка доступа (${scope})`, scope });
  if (res.statusCode !== 201) throw new Error(`token failed: ${res.body}`);
  return res.json() as { id: number; token: string };
}

export async function makePeople(app: App): Promise<People> {
  const admin = await login(app, ADMIN.email, ADMIN.password);
  const clients = {
    author: await signUp(app),
    otherAuthor: await signUp(app),
    moderator: await signUp(app, { roles: ['moderator'] }),
    curator: await signUp(app, { roles: ['curator'] }),
    admin,
  };
  const curator: SessionUser = {
    kind: 'user',
    id: clients.curator.userId,
    email: clients.curator.email,
    fullName: 'Куратор',
    position: null,
    organizationId: null,
    roles: ['author', 'curator'],
    mustChangePassword: false,
    emailConfirmed: true,
  };
  const collection = app.bank.services.collections.create(curator, {
    title: 'Подборка проверки доступа',
    lead: '',
    description: '',
    event: null,
  });
  return {
    clients,
    roles: {
      author: ['author'],
      otherAuthor: ['author'],
      moderator: ['author', 'moderator'],
      curator: ['author', 'curator'],
      admin: ['author', 'admin', 'moderator'],
    },
    tokens: {
      readToken: (await token(app, admin, 'read')).token,
      moderateToken: (await token(app, admin, 'moderate')).token,
    },
    bystander: await signUp(app),
    spareTokenId: (await token(app, admin, 'read')).id,
    organizationId: makeOrganization(app, 'МБОУ «Школа проверки доступа»', 'smolensk'),
    collection: { id: collection.id, slug: collection.slug },
  };
}

/**
 * Signs a caller in again when a route they were sent to ended their session (signing out, ending sessions), and
 * restores the bystander: each route's cells start from the same people whatever ran before.
 */
export async function keepSignedIn(app: App, people: People): Promise<void> {
  // The bystander is what administrators' actions on users land on (disable, one-time password): each route finds
  // it as an ordinary account again, whichever ran before.
  app.bank.db.$client
    .prepare('UPDATE users SET disabled_at = NULL, must_change_password = 0 WHERE id = ?')
    .run(people.bystander.userId);
  for (const person of Object.keys(people.clients) as Person[]) {
    const client = people.clients[person];
    const token = client.cookie.slice(client.cookie.indexOf('=') + 1);
    if (app.bank.services.auth.authenticate(token)) continue;
    people.clients[person] = await login(app, client.email, person === 'admin' ? ADMIN.password : PASSWORD);
  }
}

/** The resources a route's parameters name, made afresh for each route: a cell may change or delete them. */
export interface Resources {
  /** Author A's draft, its ETag, and the text file attached to it. */
  draft: { id: number; etag: string; attachmentId: number };
  /** A published practice (imported, so with no account among its authors). */
  published: { id: number; number: string };
}

let made = 0;

export async function makeResources(app: App, people: People): Promise<Resources> {
  made += 1;
  const author = people.clients.author;
  const created = await call(app, author, 'POST', '/api/v1/practices', { title: `Черновик автора А № ${made}` });
  if (created.statusCode !== 201) throw new Error(created.body);
  const id = created.json().id as number;
  const { body, contentType } = multipart([{ name: 'план.txt', data: Buffer.from('План занятия') }]);
  const upload = await call(app, author, 'POST', `/api/v1/practices/${id}/attachments`, body, {
    'content-type': contentType,
  });
  if (upload.statusCode !== 201) throw new Error(upload.body);
  const etag = (await call(app, author, 'GET', `/api/v1/practices/${id}`)).headers.etag as string;
  const report = app.bank.services.importer.importRecords([
    {
      ...completePractice(people.organizationId, { title: `Опубликованная практика № ${made}` }),
      organizationId: undefined,
      organization: 'МБОУ «Школа проверки доступа»',
      municipality: 'город Смоленск',
    },
  ]);
  const record = report.records[0]!;
  if (!record.practiceId || !record.registryNumber) throw new Error(JSON.stringify(report));
  return {
    draft: { id, etag, attachmentId: upload.json().items[0].id as number },
    published: { id: record.practiceId, number: record.registryNumber },
  };
}
