/**
 * The history is written from what the handlers did, never from what they were asked: a handler that leaves the
 * version where it was fails the whole transition, and no entry claims the move.
 */
import { describe, expect, it } from 'vitest';
import { EFFECTS } from '../../server/moderation/effects.js';
import { call, signUp, useApp } from '../helper.js';
import { act, completeDraft } from './fixtures.js';

describe('transition effects', () => {
  const app = useApp();

  it('refuse to record a move the handler did not make, and roll back everything', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app());
    expect((await act(app(), author, id, 'submit')).statusCode).toBe(200);
    const history = async () => (await call(app(), author, 'GET', `/api/v1/practices/${id}/history`)).json().items;
    const before = await history();

    const claim = EFFECTS.claim;
    // A handler that "forgets" to move the version, as a new action without a real effect would.
    EFFECTS.claim = ({ version }) => ({ moves: [{ version, from: version.state, action: 'claim' }] });
    try {
      const res = await act(app(), moderator, id, 'claim');
      expect(res.statusCode).toBe(500);
    } finally {
      EFFECTS.claim = claim;
    }
    expect(await history()).toEqual(before);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json().state).toBe('submitted');

    expect((await act(app(), moderator, id, 'claim')).statusCode).toBe(200);
    expect((await history()).at(-1)).toMatchObject({ action: 'claim', fromState: 'submitted', toState: 'in_review' });
  });
});
