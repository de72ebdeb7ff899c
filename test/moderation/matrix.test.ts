/**
 * One matrix: every route × every kind of caller, with the status each must get. Routes that change state get a
 * fresh practice per caller, so each cell is judged on its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, useApp, type Client } from '../helper.js';
import { makePdf, multipart } from '../support/files.js';
import { act, draftBy, FULL_SCORES } from './fixtures.js';

type Caller = 'anonymous' | 'owner' | 'otherAuthor' | 'moderator' | 'admin' | 'tokenRead' | 'tokenModerate';
/** Numbers the schools the organisation row creates, so each caller names a new one. */
let schoolNumber = 0;
const CALLERS: Caller[] = ['anonymous', 'owner', 'otherAuthor', 'moderator', 'admin', 'tokenRead', 'tokenModerate'];

interface Row {
  route: string;
  /** Prepares what the call needs (a practice in the right state) and returns the request. */
  request: (
    ctx: Ctx,
  ) => Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown; ifMatch?: boolean }>;
  expect: Record<Caller, number>;
}

interface Ctx {
  /** A draft with one attached PDF: its practice and attachment ids. */
  draftWithFile(): Promise<{ id: number; file: number }>;
  draft(): Promise<number>;
  submitted(): Promise<number>;
  inReview(): Promise<number>;
  published(): Promise<{ id: number; number: string }>;
}

const all = (status: number): Record<Caller, number> =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<Caller, number>;
const everyone = all(200);
const signedIn = { ...all(200), anonymous: 401 };
const staff = {
  anonymous: 401,
  owner: 403,
  otherAuthor: 403,
  moderator: 200,
  admin: 200,
  tokenRead: 200,
  tokenModerate: 200,
};
const ownerOnlyDraft = {
  anonymous: 404,
  owner: 200,
  otherAuthor: 404,
  moderator: 404,
  admin: 404,
  tokenRead: 404,
  tokenModerate: 404,
};
const authorWrite = (ok: number) => ({
  anonymous: 401,
  owner: ok,
  otherAuthor: 404,
  moderator: 404,
  admin: 404,
  tokenRead: 403,
  tokenModerate: 403,
});
const seenBySubmitted = {
  anonymous: 404,
  owner: 200,
  otherAuthor: 404,
  moderator: 200,
  admin: 200,
  tokenRead: 200,
  tokenModerate: 200,
};

const ROWS: Row[] = [
  {
    route: 'GET /attachments/:id of a draft',
    request: async (c) => ({ method: 'GET', url: `/api/v1/attachments/${(await c.draftWithFile()).file}` }),
    expect: { ...ownerOnlyDraft, anonymous: 404 },
  },
  {
    route: 'GET /practices/:id/attachments of a draft',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${(await c.draftWithFile()).id}/attachments` }),
    expect: ownerOnlyDraft,
  },
  {
    route: 'POST /practices/:id/links on a draft',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${await c.draft()}/links`,
      body: { url: 'https://rutube.ru/video/abcdef0123456789/' },
    }),
    expect: { ...authorWrite(201) },
  },
  {
    route: 'DELETE /attachments/:id of a draft',
    request: async (c) => ({ method: 'DELETE', url: `/api/v1/attachments/${(await c.draftWithFile()).file}` }),
    expect: { ...authorWrite(204), tokenRead: 403, tokenModerate: 403 },
  },
  { route: 'GET /health', request: async () => ({ method: 'GET', url: '/health' }), expect: everyone },
  {
    route: 'GET /vocabularies',
    request: async () => ({ method: 'GET', url: '/api/v1/vocabularies' }),
    expect: everyone,
  },
  {
    route: 'GET /organizations',
    request: async () => ({ method: 'GET', url: '/api/v1/organizations' }),
    expect: everyone,
  },
  {
    route: 'GET /search',
    request: async () => ({ method: 'GET', url: '/api/v1/search?q=практика' }),
    expect: everyone,
  },
  {
    route: 'GET /practices (published)',
    request: async () => ({ method: 'GET', url: '/api/v1/practices' }),
    expect: everyone,
  },
  {
    route: 'GET /practices/:id published',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${(await c.published()).id}` }),
    expect: everyone,
  },
  {
    route: 'GET /registry/:number',
    request: async (c) => ({ method: 'GET', url: `/api/v1/registry/${(await c.published()).number}` }),
    expect: everyone,
  },
  {
    route: 'GET /auth/me',
    request: async () => ({ method: 'GET', url: '/api/v1/auth/me' }),
    expect: { ...signedIn, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'GET /practices?mine=1',
    request: async () => ({ method: 'GET', url: '/api/v1/practices?mine=1' }),
    expect: { ...signedIn, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'GET /notifications',
    request: async () => ({ method: 'GET', url: '/api/v1/notifications' }),
    expect: { ...signedIn, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'POST /notifications/read',
    request: async () => ({ method: 'POST', url: '/api/v1/notifications/read', body: {} }),
    expect: { ...signedIn, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'POST /auth/password',
    request: async () => ({
      method: 'POST',
      url: '/api/v1/auth/password',
      body: { currentPassword: 'wrong password', newPassword: 'another long password' },
    }),
    expect: {
      anonymous: 401,
      owner: 400,
      otherAuthor: 400,
      moderator: 400,
      admin: 400,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
  {
    route: 'POST /organizations',
    request: async () => ({
      method: 'POST',
      url: '/api/v1/organizations',
      // A new name for every caller: in shuffled order no one may depend on who created it first.
      body: { name: `МБОУ «Школа матрицы» № ${(schoolNumber += 1)}`, type: 'school', municipality: 'smolensk' },
    }),
    expect: {
      anonymous: 401,
      owner: 201,
      otherAuthor: 201,
      moderator: 201,
      admin: 201,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
  {
    route: 'GET /coauthor-invites',
    request: async () => ({ method: 'GET', url: '/api/v1/coauthor-invites' }),
    expect: { ...signedIn, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'GET /registry/:number/v/1',
    request: async (c) => ({ method: 'GET', url: `/api/v1/registry/${(await c.published()).number}/v/1` }),
    expect: everyone,
  },
  {
    route: 'GET /practices/:id/changes submitted',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.submitted()}/changes` }),
    expect: seenBySubmitted,
  },
  {
    route: 'POST /practices',
    request: async () => ({ method: 'POST', url: '/api/v1/practices', body: { title: 'Новая практика' } }),
    expect: { ...all(201), anonymous: 401, tokenRead: 403, tokenModerate: 403 },
  },
  {
    route: 'GET /practices/:id draft',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.draft()}` }),
    expect: ownerOnlyDraft,
  },
  {
    route: 'GET /practices/:id/history draft',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.draft()}/history` }),
    expect: ownerOnlyDraft,
  },
  {
    route: 'PATCH /practices/:id draft',
    request: async (c) => ({
      method: 'PATCH',
      url: `/api/v1/practices/${await c.draft()}`,
      body: { keywords: ['матрица'] },
      ifMatch: true,
    }),
    expect: authorWrite(200),
  },
  {
    route: 'DELETE /practices/:id draft',
    request: async (c) => ({ method: 'DELETE', url: `/api/v1/practices/${await c.draft()}`, ifMatch: true }),
    expect: authorWrite(204),
  },
  {
    route: 'GET /practices/:id submitted',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.submitted()}` }),
    expect: seenBySubmitted,
  },
  {
    route: 'GET /practices/:id/history submitted',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.submitted()}/history` }),
    expect: seenBySubmitted,
  },
  {
    route: 'GET /practices/:id/reviews submitted',
    request: async (c) => ({ method: 'GET', url: `/api/v1/practices/${await c.submitted()}/reviews` }),
    expect: seenBySubmitted,
  },
  {
    route: 'GET /moderation/queue',
    request: async () => ({ method: 'GET', url: '/api/v1/moderation/queue' }),
    expect: staff,
  },
  {
    route: 'POST transitions submit (draft)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${await c.draft()}/transitions`,
      body: { action: 'submit' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherAuthor: 404,
      moderator: 404,
      admin: 404,
      tokenRead: 403,
      tokenModerate: 404,
    },
  },
  {
    route: 'POST transitions release (claimed by the moderator)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${await c.inReview()}/transitions`,
      body: { action: 'release' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 404,
      moderator: 200,
      admin: 200,
      tokenRead: 403,
      tokenModerate: 409,
    },
  },
  {
    route: 'POST transitions new_version (published)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${(await c.published()).id}/transitions`,
      body: { action: 'new_version' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherAuthor: 403,
      moderator: 403,
      admin: 403,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
  {
    route: 'POST transitions claim (submitted)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${await c.submitted()}/transitions`,
      body: { action: 'claim' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 404,
      moderator: 200,
      admin: 200,
      tokenRead: 403,
      tokenModerate: 200,
    },
  },
  {
    route: 'POST reviews (in review, claimed by the moderator)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${await c.inReview()}/reviews`,
      body: { scores: FULL_SCORES, decision: 'approve' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 404,
      moderator: 201,
      admin: 409,
      tokenRead: 403,
      tokenModerate: 409,
    },
  },
  {
    route: 'POST transitions withdraw (published)',
    request: async (c) => ({
      method: 'POST',
      url: `/api/v1/practices/${(await c.published()).id}/transitions`,
      body: { action: 'withdraw', comment: 'Причина' },
      ifMatch: true,
    }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 403,
      moderator: 200,
      admin: 200,
      tokenRead: 403,
      tokenModerate: 200,
    },
  },
  {
    route: 'POST /tokens',
    request: async () => ({ method: 'POST', url: '/api/v1/tokens', body: { name: 'Матрица', scope: 'read' } }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 403,
      moderator: 403,
      admin: 201,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
  {
    route: 'GET /tokens',
    request: async () => ({ method: 'GET', url: '/api/v1/tokens' }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 403,
      moderator: 403,
      admin: 200,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
  {
    route: 'DELETE /tokens/:id',
    request: async () => ({ method: 'DELETE', url: '/api/v1/tokens/999999' }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherAuthor: 403,
      moderator: 403,
      admin: 404,
      tokenRead: 403,
      tokenModerate: 403,
    },
  },
];

describe('authorisation matrix: every route × every caller', () => {
  const app = useApp();
  const clients = {} as Record<Exclude<Caller, 'anonymous' | 'tokenRead' | 'tokenModerate'>, Client>;
  const tokens = {} as Record<'tokenRead' | 'tokenModerate', string>;

  beforeAll(async () => {
    clients.owner = await signUp(app(), { position: 'воспитатель' });
    clients.otherAuthor = await signUp(app());
    clients.moderator = await signUp(app(), { roles: ['moderator'] });
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: 'admin@bank.test',
      password: 'admin-password-123',
    });
    clients.admin = {
      email: 'admin@bank.test',
      userId: login.json().user.id,
      cookie: `pb_session=${login.cookies[0]!.value}`,
      csrf: login.json().csrfToken,
    };
    tokens.tokenRead = (
      await call(app(), clients.admin, 'POST', '/api/v1/tokens', { name: 'Чтение', scope: 'read' })
    ).json().token;
    tokens.tokenModerate = (
      await call(app(), clients.admin, 'POST', '/api/v1/tokens', { name: 'Модерация', scope: 'moderate' })
    ).json().token;
  });

  const ctx = (): Ctx => {
    const draft = async () => (await draftBy(app(), clients.owner, 'Практика для матрицы')).id;
    const submitted = async () => {
      const id = await draft();
      await act(app(), clients.owner, id, 'submit');
      return id;
    };
    const inReview = async () => {
      const id = await submitted();
      await act(app(), clients.moderator, id, 'claim');
      return id;
    };
    const published = async () => {
      const id = await inReview();
      const res = await act(app(), clients.moderator, id, 'approve');
      return { id, number: res.json().registryNumber as string };
    };
    const draftWithFile = async () => {
      const id = await draft();
      const { body, contentType } = multipart([{ name: 'план.pdf', data: makePdf([['Plan']]) }]);
      const res = await app().inject({
        method: 'POST',
        url: `/api/v1/practices/${id}/attachments`,
        payload: body,
        headers: { 'content-type': contentType, cookie: clients.owner.cookie, 'x-csrf-token': clients.owner.csrf },
      });
      return { id, file: res.json().items[0].id as number };
    };
    return { draft, draftWithFile, submitted, inReview, published };
  };

  for (const row of ROWS) {
    for (const caller of CALLERS) {
      it(`${row.route} as ${caller} → ${row.expect[caller]}`, async () => {
        const req = await row.request(ctx());
        const auth: Record<string, string> =
          caller === 'anonymous'
            ? {}
            : caller === 'tokenRead' || caller === 'tokenModerate'
              ? { authorization: `Bearer ${tokens[caller]}` }
              : { cookie: clients[caller].cookie, 'x-csrf-token': clients[caller].csrf };
        let ifMatch: Record<string, string> = {};
        if (req.ifMatch) {
          const url = req.url.replace(/\/(transitions|reviews)$/, '');
          const read = await app().inject({ method: 'GET', url, headers: auth });
          // A caller who cannot read it sends a tag that names no version.
          ifMatch = { 'if-match': (read.headers.etag as string | undefined) ?? '"0.0"' };
        }
        const res = await app().inject({
          method: req.method,
          url: req.url,
          headers: { ...auth, ...ifMatch },
          ...(req.body === undefined ? {} : { payload: req.body as object }),
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(row.expect[caller]);
      });
    }
  }
});
