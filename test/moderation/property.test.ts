/**
 * Random sequences of actions by random callers. Whatever happens, the public never sees an unpublished or
 * withdrawn practice (API and search), and the history replays to each version's current state.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../server/moderation/transitions.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { draftBy } from './fixtures.js';

describe('moderation invariants under random action sequences', () => {
  const app = useApp();
  const people = {} as Record<'author' | 'moderator' | 'otherModerator' | 'stranger', Client>;
  let run = 0;

  beforeAll(async () => {
    people.author = await signUp(app(), { position: 'воспитатель' });
    people.moderator = await signUp(app(), { roles: ['moderator'] });
    people.otherModerator = await signUp(app(), { roles: ['moderator'] });
    people.stranger = await signUp(app());
  });

  const step = fc.record({
    practice: fc.integer({ min: 0, max: 1 }),
    who: fc.constantFrom('author', 'moderator', 'otherModerator', 'stranger', 'anonymous'),
    action: fc.constantFrom(...ACTIONS),
    comment: fc.boolean(),
  });

  it('never shows the public anything unpublished, and history replays to the current state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        run += 1;
        const marker = `маркер${run}щ`;
        const ids = [
          (await draftBy(app(), people.author, `Свойство ${marker} альфа`)).id,
          (await draftBy(app(), people.author, `Свойство ${marker} бета`)).id,
        ];
        for (const s of steps) {
          const client = s.who === 'anonymous' ? null : people[s.who as keyof typeof people];
          const id = ids[s.practice]!;
          const read = client ? await call(app(), client, 'GET', `/api/v1/practices/${id}`) : undefined;
          const res = await call(app(), client, 'POST', `/api/v1/practices/${id}/transitions`, { action: s.action, ...(s.comment ? { comment: 'Комментарий' } : {}) }, { 'if-match': (read?.headers.etag as string | undefined) ?? '*' });
          expect([200, 400, 401, 403, 404, 409]).toContain(res.statusCode);
        }
        const db = app().bank.db.$client;
        const found = (await call(app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent(marker)}`)).json().hits.map((h: { id: number }) => h.id);
        for (const id of ids) {
          const practice = db.prepare('SELECT published_version_id AS pub, withdrawn_at AS w FROM practices WHERE id = ?').get(id) as { pub: number | null; w: string | null };
          const publicRead = await call(app(), null, 'GET', `/api/v1/practices/${id}`);
          const visible = practice.pub !== null && practice.w === null;
          expect(publicRead.statusCode).toBe(visible ? 200 : 404);
          if (visible) expect(publicRead.json().state).toBe('published');
          expect(found.includes(id)).toBe(visible);
          // Each version's state is where its history last took it.
          const versions = db.prepare('SELECT version_no AS v, state FROM practice_versions WHERE practice_id = ?').all(id) as { v: number; state: string }[];
          for (const version of versions) {
            const last = db
              .prepare("SELECT to_state AS s FROM practice_history WHERE practice_id = ? AND version_no = ? AND action <> 'edit' ORDER BY id DESC LIMIT 1")
              .get(id, version.v) as { s: string } | undefined;
            expect(last?.s).toBe(version.state);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
