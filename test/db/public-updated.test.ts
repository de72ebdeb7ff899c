import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.js';

describe('the public update date of a practice kept by triggers', () => {
  const sqlite = openDatabase(':memory:').$client;
  const publicUpdatedAt = (id: number | bigint) =>
    (sqlite.prepare('SELECT public_updated_at AS at FROM practices WHERE id = ?').get(id) as { at: string | null }).at;

  it('leaves a new draft without one and gives a practice born withdrawn its withdrawal date', () => {
    const draft = sqlite.prepare('INSERT INTO practices DEFAULT VALUES').run().lastInsertRowid;
    expect(publicUpdatedAt(draft)).toBeNull();
    const withdrawn = sqlite
      .prepare("INSERT INTO practices (withdrawn_at) VALUES ('2026-11-30T10:00:00.000Z')")
      .run().lastInsertRowid;
    expect(publicUpdatedAt(withdrawn)).toBe('2026-11-30T10:00:00.000Z');
  });

  it('dates a draft when it is withdrawn later', () => {
    const id = sqlite.prepare('INSERT INTO practices DEFAULT VALUES').run().lastInsertRowid;
    sqlite.prepare("UPDATE practices SET withdrawn_at = '2026-12-01T09:00:00.000Z' WHERE id = ?").run(id);
    expect(publicUpdatedAt(id)).toBe('2026-12-01T09:00:00.000Z');
  });
});
