/**
 * Every action by every kind of caller from every state: allowed exactly where TRANSITIONS says, refused with
 * 401/403/404/409 everywhere else, and a refusal changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, TRANSITIONS, type Action } from '../../server/moderation/transitions.js';
import type { PracticeState } from '../../server/db/schema.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { act, completeDraft, draftBy } from './fixtures.js';

const TABLES = [
  'practices',
  'practice_versions',
  'practice_history',
  'reviews',
  'notifications',
  'registry_counters',
  'search_facets',
];

/** Every row of the tables a transition writes: a refusal must leave each one exactly as it was. */
const contents = (db: { prepare(sql: string): { all(): unknown[] } }) =>
  JSON.stringify(TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
const STATES = ['draft', 'submitted', 'in_review', 'changes_requested', 'rejected', 'published', 'withdrawn'] as const;
type Who = 'anonymous' | 'owner' | 'stranger' | 'claimant' | 'otherModerator';
const WHO: Who[] = ['anonymous', 'owner', 'stranger', 'claimant', 'otherModerator'];

/** What the rules say should happen, in the order the service checks them. */
function expected(state: PracticeState, who: Who, action: Action): number {
  const rule = TRANSITIONS[action];
  if (who === 'anonymous') return 401;
  const publiclyVisible = state === 'published';
  const sees =
    who === 'owner' || ((who === 'claimant' || who === 'otherModerator') && state !== 'draft') || publiclyVisible;
  if (!sees) return 404;
  const isModerator = who === 'claimant' || who === 'otherModerator';
  if (rule.actor === 'owner' ? who !== 'owner' : !isModerator) return 403;
  const effective = rule.onPublished
    ? state === 'published'
      ? 'published'
      : state === 'withdrawn'
        ? 'withdrawn'
        : undefined
    : state;
  if (
    effective === undefined ||
    !rule.from.includes(effective as PracticeState) ||
    (rule.onPublished && state === 'withdrawn')
  )
    return 409;
  if (action === 'new_version' && state !== 'published') return 409; // needs a published version to copy
  if (rule.claimantOnly && who !== 'claimant') return 409;
  return 200;
}

describe('the transition table, enforced', () => {
  const app = useApp();
  const practices = new Map<PracticeState, number>();
  const clients = {} as Record<Exclude<Who, 'anonymous'>, Client>;

  beforeAll(async () => {
    clients.claimant = await signUp(app(), { roles: ['moderator'] });
    clients.otherModerator = await signUp(app(), { roles: ['moderator'] });
    clients.stranger = await signUp(app());
    const owner = await completeDraft(app(), 'Практика в состоянии draft');
    clients.owner = owner.author;
    practices.set('draft', owner.id);
    const steps: Record<Exclude<PracticeState, 'draft' | 'superseded'>, [Client, Action, string?][]> = {
      submitted: [[clients.owner, 'submit']],
      in_review: [
        [clients.owner, 'submit'],
        [clients.claimant, 'claim'],
      ],
      changes_requested: [
        [clients.owner, 'submit'],
        [clients.claimant, 'claim'],
        [clients.claimant, 'request_changes', 'Доработайте'],
      ],
      rejected: [
        [clients.owner, 'submit'],
        [clients.claimant, 'claim'],
        [clients.claimant, 'reject', 'Не подходит'],
      ],
      published: [
        [clients.owner, 'submit'],
        [clients.claimant, 'claim'],
        [clients.claimant, 'approve'],
      ],
      withdrawn: [
        [clients.owner, 'submit'],
        [clients.claimant, 'claim'],
        [clients.claimant, 'approve'],
        [clients.claimant, 'withdraw', 'Снята'],
      ],
    };
    for (const [state, path] of Object.entries(steps)) {
      const { id } = await draftBy(app(), clients.owner, `Практика в состоянии ${state}`);
      for (const [client, action, comment] of path) {
        const r = await act(app(), client, id, action, comment);
        if (r.statusCode !== 200) throw new Error(`${state}: ${action} → ${r.statusCode} ${r.body}`);
      }
      practices.set(state as PracticeState, id);
    }
  }, 60_000);

  for (const state of STATES) {
    for (const who of WHO) {
      for (const action of ACTIONS) {
        const status = expected(state, who, action);
        if (status === 200) continue; // allowed moves are exercised by the workflow test
        it(`refuses ${action} by ${who} on a ${state} practice with ${status}, changing nothing`, async () => {
          const id = practices.get(state)!;
          const before = contents(app().bank.db.$client);
          const client = who === 'anonymous' ? null : clients[who];
          const read = client ? await call(app(), client, 'GET', `/api/v1/practices/${id}`) : undefined;
          const res = await call(
            app(),
            client,
            'POST',
            `/api/v1/practices/${id}/transitions`,
            { action, comment: 'Комментарий' },
            { 'if-match': (read?.headers.etag as string | undefined) ?? '"0.0"' },
          );
          expect(res.statusCode, res.body).toBe(status);
          expect(contents(app().bank.db.$client)).toBe(before);
        });
      }
    }
  }

  it('allows exactly what the table allows (a count, so a change to either side is noticed)', () => {
    const allowed = STATES.flatMap((s) =>
      WHO.flatMap((w) => ACTIONS.filter((a) => expected(s, w, a) === 200).map((a) => `${s}:${w}:${a}`)),
    );
    expect(allowed.sort()).toEqual(
      [
        'draft:owner:submit',
        'changes_requested:owner:submit',
        'submitted:claimant:claim',
        'submitted:otherModerator:claim',
        'in_review:claimant:release',
        'in_review:claimant:approve',
        'in_review:claimant:request_changes',
        'in_review:claimant:reject',
        'published:claimant:withdraw',
        'published:otherModerator:withdraw',
        'published:owner:new_version',
      ].sort(),
    );
  });
});
