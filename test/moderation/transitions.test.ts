/**
 * The lifecycle against a pinned, hand-written list: every action by every kind of caller from every state, through
 * the HTTP API. The list below is written from the rules as people state them (SPEC), not computed from
 * `TRANSITIONS`: a change to the table that allows or refuses one more cell fails here until the list is changed too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../server/moderation/transitions.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { act, draftBy } from './fixtures.js';

/** Callers: the author who wrote it, an author who did not, moderators, and a moderator who co-wrote it. */
const WHO = ['anonymous', 'owner', 'otherAuthor', 'moderator', 'claimant', 'admin', 'moderatorAuthor'] as const;
type Who = (typeof WHO)[number];

/** Where a practice can be, named by the states of its versions, oldest first. */
const SITUATIONS = {
  draft: ['draft'],
  submitted: ['submitted'],
  in_review: ['in_review'],
  changes_requested: ['changes_requested'],
  rejected: ['rejected'],
  published: ['published'],
  withdrawn: ['withdrawn'],
  published_with_draft: ['published', 'draft'],
  published_with_rejected: ['published', 'rejected'],
} as const;
type Situation = keyof typeof SITUATIONS;

/**
 * Every allowed cell, `situation|caller|action`, with the states of the versions afterwards. Everything not listed
 * is refused and changes nothing. Reading guide: authors submit their drafts and start new versions of a published
 * practice without a pending one; any moderator claims and withdraws, never on a practice they co-wrote; only the
 * claimant decides; an admin (here also a moderator) may release someone else's claim.
 */
const ALLOWED: Record<string, readonly string[]> = {
  'draft|owner|submit': ['submitted'],
  'draft|moderatorAuthor|submit': ['submitted'],
  'submitted|moderator|claim': ['in_review'],
  'submitted|claimant|claim': ['in_review'],
  'submitted|admin|claim': ['in_review'],
  'in_review|claimant|release': ['submitted'],
  'in_review|admin|release': ['submitted'],
  'in_review|claimant|approve': ['published'],
  'in_review|claimant|request_changes': ['changes_requested'],
  'in_review|claimant|reject': ['rejected'],
  'changes_requested|owner|submit': ['submitted'],
  'changes_requested|moderatorAuthor|submit': ['submitted'],
  'published|owner|new_version': ['published', 'draft'],
  'published|moderatorAuthor|new_version': ['published', 'draft'],
  'published|moderator|withdraw': ['withdrawn'],
  'published|claimant|withdraw': ['withdrawn'],
  'published|admin|withdraw': ['withdrawn'],
  'published_with_draft|owner|submit': ['published', 'submitted'],
  'published_with_draft|moderatorAuthor|submit': ['published', 'submitted'],
  'published_with_draft|moderator|withdraw': ['withdrawn', 'rejected'],
  'published_with_draft|claimant|withdraw': ['withdrawn', 'rejected'],
  'published_with_draft|admin|withdraw': ['withdrawn', 'rejected'],
  'published_with_rejected|owner|new_version': ['published', 'rejected', 'draft'],
  'published_with_rejected|moderatorAuthor|new_version': ['published', 'rejected', 'draft'],
  'published_with_rejected|moderator|withdraw': ['withdrawn', 'rejected'],
  'published_with_rejected|claimant|withdraw': ['withdrawn', 'rejected'],
  'published_with_rejected|admin|withdraw': ['withdrawn', 'rejected'],
};

/** Refusals whose reason is a rule of its own: the code says which rule refused. */
const REFUSED_BECAUSE: Record<string, string> = {
  'submitted|moderatorAuthor|claim': 'FORBIDDEN', // no one reviews their own practice
  'published|moderatorAuthor|withdraw': 'FORBIDDEN',
  'in_review|moderator|approve': 'CLAIMED_BY_ANOTHER', // only the claimant decides
  'in_review|admin|approve': 'CLAIMED_BY_ANOTHER', // the admin override is for releasing a claim, not deciding
  'in_review|moderator|release': 'CLAIMED_BY_ANOTHER',
  'published_with_draft|owner|new_version': 'TRANSITION_NOT_ALLOWED', // one pending version at a time
  'rejected|owner|new_version': 'TRANSITION_NOT_ALLOWED', // nothing published to copy
  'withdrawn|owner|new_version': 'TRANSITION_NOT_ALLOWED',
  'draft|moderator|claim': 'PRACTICE_NOT_FOUND', // a draft is its authors' alone
  'draft|anonymous|submit': 'AUTH_REQUIRED',
  'published|otherAuthor|new_version': 'FORBIDDEN',
};

const TABLES = ['practices', 'practice_versions', 'practice_history', 'reviews', 'notifications', 'registry_counters'];
const contents = (db: { prepare(sql: string): { all(): unknown[] } }) =>
  JSON.stringify(TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));

describe('the lifecycle, cell by cell, against the pinned list', () => {
  // One owner invites the same co-author into a practice for every cell: far more than a teacher's daily limit.
  const app = useApp({ INVITES_PER_DAY: '10000' });
  const clients = {} as Record<Exclude<Who, 'anonymous'>, Client>;

  const versionStates = (id: number) =>
    (
      app()
        .bank.db.$client.prepare('SELECT state FROM practice_versions WHERE practice_id = ? ORDER BY version_no')
        .all(id) as { state: string }[]
    ).map((r) => r.state);

  /** A new practice by `owner`, co-written by `moderatorAuthor`, brought into `situation` by its authors and `claimant`. */
  async function practiceIn(situation: Situation): Promise<number> {
    const { id, etag } = await draftBy(app(), clients.owner, `Практика: ${situation}`);
    const authors = [
      { fullName: 'Иванова Анна Петровна', position: 'воспитатель', userId: clients.owner.userId },
      { fullName: 'Петрова Мария Сергеевна', position: 'методист', userId: clients.moderatorAuthor.userId },
    ];
    const patched = await call(
      app(),
      clients.owner,
      'PATCH',
      `/api/v1/practices/${id}`,
      { authors },
      { 'if-match': etag },
    );
    if (patched.statusCode !== 200) throw new Error(patched.body);
    const invited = await call(app(), clients.owner, 'POST', `/api/v1/practices/${id}/coauthor-invites`, {
      email: clients.moderatorAuthor.email,
    });
    if (invited.statusCode !== 201) throw new Error(invited.body);
    const accepted = await call(app(), clients.moderatorAuthor, 'POST', `/api/v1/practices/${id}/coauthorship`, {
      accept: true,
    });
    if (accepted.statusCode !== 200) throw new Error(accepted.body);
    const { owner, claimant } = clients;
    const toReview: [Client, Action][] = [
      [owner, 'submit'],
      [claimant, 'claim'],
    ];
    const publish: [Client, Action][] = [...toReview, [claimant, 'approve']];
    const steps: Record<Situation, [Client, Action][]> = {
      draft: [],
      submitted: [[owner, 'submit']],
      in_review: toReview,
      changes_requested: [...toReview, [claimant, 'request_changes']],
      rejected: [...toReview, [claimant, 'reject']],
      published: publish,
      withdrawn: [...publish, [claimant, 'withdraw']],
      published_with_draft: [...publish, [owner, 'new_version']],
      published_with_rejected: [...publish, [owner, 'new_version'], ...toReview, [claimant, 'reject']],
    };
    for (const [client, action] of steps[situation]) {
      const r = await act(app(), client, id, action, 'Комментарий');
      if (r.statusCode !== 200) throw new Error(`${situation}: ${action} → ${r.statusCode} ${r.body}`);
    }
    expect(versionStates(id)).toEqual(SITUATIONS[situation]);
    return id;
  }

  /** The caller reads the practice (for its ETag) and asks for `action`. */
  async function attempt(who: Who, id: number, action: Action) {
    const client = who === 'anonymous' ? null : clients[who];
    const read = client ? await call(app(), client, 'GET', `/api/v1/practices/${id}`) : undefined;
    return call(
      app(),
      client,
      'POST',
      `/api/v1/practices/${id}/transitions`,
      { action, comment: 'Комментарий' },
      { 'if-match': (read?.headers.etag as string | undefined) ?? '"0.0"' },
    );
  }

  const shared = new Map<Situation, number>();
  beforeAll(async () => {
    clients.owner = await signUp(app());
    clients.otherAuthor = await signUp(app());
    clients.moderator = await signUp(app(), { roles: ['moderator'] });
    clients.claimant = await signUp(app(), { roles: ['moderator'] });
    clients.admin = await signUp(app(), { roles: ['moderator', 'admin'] });
    clients.moderatorAuthor = await signUp(app(), { roles: ['moderator'], fullName: 'Петрова Мария Сергеевна' });
    // Refusals change nothing, so one practice per situation serves every refused cell.
    for (const situation of Object.keys(SITUATIONS) as Situation[]) shared.set(situation, await practiceIn(situation));
  }, 120_000);

  it('pins only cells that exist', () => {
    const cells = new Set(
      Object.keys(SITUATIONS).flatMap((s) => WHO.flatMap((w) => ACTIONS.map((a) => `${s}|${w}|${a}`))),
    );
    for (const key of [...Object.keys(ALLOWED), ...Object.keys(REFUSED_BECAUSE)]) expect(cells).toContain(key);
  });

  for (const situation of Object.keys(SITUATIONS) as Situation[]) {
    for (const who of WHO) {
      for (const action of ACTIONS) {
        const key = `${situation}|${who}|${action}`;
        const after = ALLOWED[key];
        if (after) {
          it(`lets ${who} ${action} a practice that is ${situation}, leaving its versions ${after.join(', ')}`, async () => {
            const id = await practiceIn(situation);
            const res = await attempt(who, id, action);
            expect(res.statusCode, res.body).toBe(200);
            expect(versionStates(id)).toEqual(after);
          });
        } else {
          it(`refuses ${action} by ${who} on a practice that is ${situation}, changing nothing`, async () => {
            const id = shared.get(situation)!;
            const before = contents(app().bank.db.$client);
            const res = await attempt(who, id, action);
            expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
            expect(res.statusCode, res.body).toBeLessThan(500);
            if (REFUSED_BECAUSE[key]) expect(res.json().code).toBe(REFUSED_BECAUSE[key]);
            expect(contents(app().bank.db.$client)).toBe(before);
            expect(versionStates(id)).toEqual(SITUATIONS[situation]);
          });
        }
      }
    }
  }
});
