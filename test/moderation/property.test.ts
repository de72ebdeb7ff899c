/**
 * Random sequences of actions by random callers, mostly steered towards what the lifecycle allows (so runs reach
 * publication, new versions and withdrawal) and partly anything at all. Whatever happens: the public never sees an
 * unpublished or withdrawn practice (API and search), and each version's history chains from state to state up
 * to the state it is in.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../server/moderation/transitions.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { draftBy } from './fixtures.js';

type Who = 'author' | 'moderator' | 'otherModerator' | 'stranger' | 'anonymous';

describe('moderation invariants under random action sequences', () => {
  const app = useApp();
  const people = {} as Record<Exclude<Who, 'anonymous'>, Client>;
  let run = 0;
  const reached = new Set<string>();

  beforeAll(async () => {
    people.author = await signUp(app(), { position: 'воспитатель' });
    people.moderator = await signUp(app(), { roles: ['moderator'] });
    people.otherModerator = await signUp(app(), { roles: ['moderator'] });
    people.stranger = await signUp(app());
  });

  /** The move a person would make next in the current state, chosen by `pick`. */
  function guided(practiceId: number, pick: number): { who: Who; action: Action; comment: boolean } | undefined {
    const db = app().bank.db.$client;
    const p = db
      .prepare(
        'SELECT latest_version_id AS latest, published_version_id AS pub, withdrawn_at AS w FROM practices WHERE id = ?',
      )
      .get(practiceId) as { latest: number; pub: number | null; w: string | null };
    const v = db.prepare('SELECT state, claimed_by AS claimedBy FROM practice_versions WHERE id = ?').get(p.latest) as {
      state: string;
      claimedBy: number | null;
    };
    const claimant: Who = v.claimedBy === people.otherModerator.userId ? 'otherModerator' : 'moderator';
    switch (v.state) {
      case 'draft':
      case 'changes_requested':
        return { who: 'author', action: 'submit', comment: false };
      case 'submitted':
        return { who: pick % 2 ? 'moderator' : 'otherModerator', action: 'claim', comment: false };
      case 'in_review':
        return {
          who: claimant,
          action: (['approve', 'request_changes', 'reject', 'release', 'approve'] as const)[pick % 5]!,
          comment: true,
        };
      case 'published':
        return pick % 3 === 0
          ? { who: 'moderator', action: 'withdraw', comment: true }
          : { who: 'author', action: 'new_version', comment: false };
      case 'rejected':
        return p.pub !== null && p.w === null ? { who: 'author', action: 'new_version', comment: false } : undefined;
      default:
        return undefined;
    }
  }

  const step = fc.record({
    steer: fc.integer({ min: 0, max: 9 }),
    pick: fc.nat(),
    practice: fc.integer({ min: 0, max: 1 }),
    who: fc.constantFrom<Who>('author', 'moderator', 'otherModerator', 'stranger', 'anonymous'),
    action: fc.constantFrom(...ACTIONS),
    comment: fc.boolean(),
  });

  it('never shows the public anything unpublished, and every version’s history chains to its state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24 }), async (steps) => {
        run += 1;
        const marker = `маркер${run}щ`;
        const ids = [
          (await draftBy(app(), people.author, `Свойство ${marker} альфа`)).id,
          (await draftBy(app(), people.author, `Свойство ${marker} бета`)).id,
        ];
        for (const s of steps) {
          const id = ids[s.practice]!;
          const move = (s.steer < 8 ? guided(id, s.pick) : undefined) ?? {
            who: s.who,
            action: s.action,
            comment: s.comment,
          };
          const client = move.who === 'anonymous' ? null : people[move.who];
          const read = client ? await call(app(), client, 'GET', `/api/v1/practices/${id}`) : undefined;
          const res = await call(
            app(),
            client,
            'POST',
            `/api/v1/practices/${id}/transitions`,
            { action: move.action, ...(move.comment ? { comment: 'Комментарий' } : {}) },
            { 'if-match': (read?.headers.etag as string | undefined) ?? '"0.0"' },
          );
          expect([200, 400, 401, 403, 404, 409, 412]).toContain(res.statusCode);
          if (res.statusCode === 200) reached.add(move.action);
        }
        const db = app().bank.db.$client;
        const found = (await call(app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent(marker)}`))
          .json()
          .hits.map((h: { id: number }) => h.id);
        for (const id of ids) {
          const practice = db
            .prepare('SELECT published_version_id AS pub, withdrawn_at AS w FROM practices WHERE id = ?')
            .get(id) as { pub: number | null; w: string | null };
          const visible = practice.pub !== null && practice.w === null;
          const publicRead = await call(app(), null, 'GET', `/api/v1/practices/${id}`);
          expect(publicRead.statusCode).toBe(visible ? 200 : 404);
          if (visible) expect(publicRead.json().state).toBe('published');
          expect(found.includes(id)).toBe(visible);
          const versions = db
            .prepare('SELECT version_no AS v, state FROM practice_versions WHERE practice_id = ?')
            .all(id) as { v: number; state: string }[];
          for (const version of versions) {
            const chain = db
              .prepare(
                "SELECT action, from_state AS f, to_state AS t FROM practice_history WHERE practice_id = ? AND version_no = ? AND action <> 'edit' ORDER BY id",
              )
              .all(id, version.v) as { action: string; f: string | null; t: string }[];
            expect(chain[0]!.f).toBeNull();
            for (let i = 1; i < chain.length; i += 1)
              expect(chain[i]!.f, `${chain[i]!.action} after ${chain[i - 1]!.action}`).toBe(chain[i - 1]!.t);
            expect(chain.at(-1)!.t).toBe(version.state);
          }
        }
      }),
      { numRuns: 30 },
    );
    // The steering works: runs went through the whole lifecycle, so the invariants were tested where they matter.
    expect([...reached].sort()).toEqual(
      expect.arrayContaining(['approve', 'claim', 'new_version', 'request_changes', 'submit', 'withdraw']),
    );
  }, 180_000);
});
