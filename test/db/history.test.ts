import { describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { appendHistory } from '../../server/history/repository.js';

describe('the audit trail', () => {
  it('cannot be changed or deleted, even by direct SQL', () => {
    const db = openDatabase(':memory:');
    appendHistory(db, { practiceId: 1, actorName: 'Иванова А. П.', action: 'create', toState: 'draft' });
    expect(() => db.$client.prepare("UPDATE practice_history SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM practice_history').run()).toThrow(/append-only/);
    expect(db.$client.prepare('SELECT action FROM practice_history').all()).toEqual([{ action: 'create' }]);
    db.$client.close();
  });

  it('refuses an async transaction callback, which would commit early, and rolls it back', async () => {
    const db = openDatabase(':memory:');
    expect(() =>
      writeTransaction(db, async (tx) => {
        appendHistory(tx, { practiceId: 1, actorName: 'x', action: 'create' });
      }),
    ).toThrow(/synchronous/);
    expect(db.$client.prepare('SELECT count(*) AS n FROM practice_history').get()).toEqual({ n: 0 });
    db.$client.close();
  });
});
