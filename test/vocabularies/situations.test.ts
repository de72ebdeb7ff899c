/**
 * The situational thesaurus in the bank: seeded from its fixture without undoing an admin's work, and changed by
 * admins with the search side told of every change.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../search/analysis/analyze.js';
import { buildApp } from '../../server/app.js';
import { AppError } from '../../server/errors.js';
import { SYSTEM_ACTOR } from '../../server/history/admin.js';
import {
  situationEntriesOf,
  loadSituationEntries,
  readSituationFixture,
  type SituationEntry,
} from '../../server/vocabularies/situations.js';
import { createSituationAdmin } from '../../server/vocabularies/situations-admin.js';
import { rows, tempDir, testConfig, useApp } from '../helper.js';

/** The field → message details of a refused change (fails the test when the change was not refused that way). */
async function refusal(work: Promise<unknown>): Promise<Record<string, string>> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION_FAILED');
  return Object.fromEntries((error as AppError).details!.map((d) => [d.field, d.message]));
}

const phrasesOf = (entries: SituationEntry[]) => entries.flatMap((e) => e.phrases);

describe('the situational thesaurus seeds a new bank only', () => {
  const data = tempDir('bank-situations-seed-');
  afterAll(() => data.remove());
  const start = async () => {
    const app = await buildApp(testConfig({ DATA_DIR: data.dir }, { databasePath: path.join(data.dir, 'bank.db') }));
    await app.ready();
    return app;
  };

  it("keeps an admin's edits and removals on a restart and adds only the entries the bank lacks", async () => {
    const fixture = readSituationFixture();
    const first = await start();
    const { situationAdmin: admin, situations } = first.bank.services;
    expect(situationEntriesOf(first.bank.db).length).toBe(fixture.length);
    // Search's own index (of phrases) is built from the table, and an admin's change rebuilds it in place.
    const known = (phrase: string) => situations.lookup(analyze(phrase)) !== undefined;
    expect(known('сидят в телефонах')).toBe(true);
    expect(known('дерутся на переменах')).toBe(false);
    const fights = admin.list().find((r) => r.phrases.includes('дерётся'))!;
    const phones = admin.list().find((r) => r.phrases.includes('сидят в телефонах'))!;
    await admin.update(SYSTEM_ACTOR, fights.id, {
      area: 'behaviour',
      phrases: ['дерётся', 'дерутся на переменах'],
      concepts: ['агрессивное поведение', 'школьная служба медиации'],
    });
    await admin.remove(SYSTEM_ACTOR, phones.id);
    expect(known('сидят в телефонах')).toBe(false);
    expect(known('дерутся на переменах')).toBe(true);
    // An entry the fixture has and this bank lacks (as when a new version of the bank adds one).
    first.bank.db.$client.prepare("DELETE FROM situation_entries WHERE fixture_key = 'кусается'").run();
    await first.close();

    const second = await start();
    try {
      const entries = situationEntriesOf(second.bank.db);
      expect(entries.length).toBe(fixture.length - 1);
      expect(entries.find((e) => e.phrases.includes('дерётся'))?.concepts).toEqual([
        'агрессивное поведение',
        'школьная служба медиации',
      ]);
      expect(phrasesOf(entries)).not.toContain('сидят в телефонах');
      expect(phrasesOf(entries)).toContain('кусается');
    } finally {
      await second.close();
    }
  });
});

describe('admins change the situational thesaurus', () => {
  const app = useApp();

  /** The admin service over the test bank, with a callback that records what search would be given. */
  function adminWithCallback() {
    const calls: SituationEntry[][] = [];
    const admin = createSituationAdmin({
      db: app().bank.db,
      onSituationsChanged: async (entries) => {
        calls.push(entries);
      },
    });
    return { admin, calls };
  }

  it('gives search every entry of the fixture, phrases and concepts only', () => {
    const entries = loadSituationEntries(app().bank.db);
    // Other tests of this file may have added entries by now: every fixture phrase is there, nothing else is asked.
    expect(phrasesOf(entries)).toEqual(expect.arrayContaining(readSituationFixture().flatMap((e) => e.phrases)));
    expect(entries.find((e) => e.phrases.includes('скучно на уроке'))).toEqual({
      phrases: expect.arrayContaining(['скучно на уроке']),
      concepts: expect.arrayContaining(['работа с одарёнными детьми']),
    });
  });

  it('calls onSituationsChanged with the entries in use after each add, edit and removal', async () => {
    const { admin, calls } = adminWithCallback();
    const added = await admin.add(SYSTEM_ACTOR, {
      area: 'digital',
      phrases: ['Залипает в ютубе', '  смотрит ролики   до ночи '],
      concepts: ['цифровая гигиена', 'экранное время'],
    });
    expect(added.phrases).toEqual(['залипает в ютубе', 'смотрит ролики до ночи']);
    expect(phrasesOf(calls.at(-1)!)).toContain('залипает в ютубе');

    await admin.update(SYSTEM_ACTOR, added.id, {
      area: 'digital',
      phrases: ['смотрит ролики до ночи'],
      concepts: ['цифровая гигиена'],
    });
    expect(phrasesOf(calls.at(-1)!)).not.toContain('залипает в ютубе');
    expect(calls.at(-1)!.find((e) => e.phrases.includes('смотрит ролики до ночи'))?.concepts).toEqual([
      'цифровая гигиена',
    ]);

    await admin.remove(SYSTEM_ACTOR, added.id);
    expect(phrasesOf(calls.at(-1)!)).not.toContain('смотрит ролики до ночи');
    expect(calls).toHaveLength(3);
    expect(() => admin.get(added.id)).toThrow(AppError);
  });

  it('records each change in the admin history, in the same transaction', async () => {
    const { admin } = adminWithCallback();
    const before = rows(app(), 'admin_history');
    const added = await admin.add(SYSTEM_ACTOR, { area: 'family', phrases: ['бабушка против'], concepts: ['семья'] });
    await admin.update(SYSTEM_ACTOR, added.id, {
      area: 'family',
      phrases: ['бабушка против'],
      concepts: ['связь поколений'],
    });
    await admin.remove(SYSTEM_ACTOR, added.id);
    const history = app()
      .bank.db.$client.prepare(
        'SELECT action, target_type, target_id, summary FROM admin_history WHERE id > ? ORDER BY id',
      )
      .all(before) as { action: string; target_type: string; target_id: string; summary: string }[];
    expect(history.map((h) => h.action)).toEqual(['situation.added', 'situation.updated', 'situation.removed']);
    expect(history.every((h) => h.target_type === 'situation' && h.target_id === String(added.id))).toBe(true);
    expect(history[0]!.summary).toContain('«бабушка против» → семья');
  });

  it('refuses a phrase another entry has, too many concepts, or no area, and changes nothing', async () => {
    const { admin, calls } = adminWithCallback();
    const before = [rows(app(), 'situation_entries'), rows(app(), 'admin_history')];
    const taken = await refusal(
      admin.add(SYSTEM_ACTOR, { area: 'behaviour', phrases: ['Дерется', 'новая фраза'], concepts: ['драки'] }),
    );
    expect(taken.phrases).toContain('«дерется» уже есть в ситуации «дерётся»');
    const crowded = await refusal(
      admin.add(SYSTEM_ACTOR, {
        area: 'nowhere',
        phrases: ['совсем новая фраза'],
        concepts: ['а1', 'б2', 'в3', 'г4', 'д5', 'е6'],
      }),
    );
    expect(Object.keys(crowded).sort()).toEqual(['area', 'concepts']);
    const empty = await refusal(admin.add(SYSTEM_ACTOR, { area: 'speech', phrases: [' ', ''], concepts: [''] }));
    expect(Object.keys(empty).sort()).toEqual(['concepts', 'phrases']);
    expect([rows(app(), 'situation_entries'), rows(app(), 'admin_history')]).toEqual(before);
    expect(calls).toEqual([]);
  });

  it('lets an entry keep its own phrases when edited', async () => {
    const { admin } = adminWithCallback();
    const fights = admin.list().find((r) => r.phrases.includes('драки в группе'))!;
    const saved = await admin.update(SYSTEM_ACTOR, fights.id, {
      area: fights.area,
      phrases: [...fights.phrases, 'машет кулаками'],
      concepts: fights.concepts,
    });
    expect(saved.phrases).toContain('машет кулаками');
  });

  it("drops the search side's cached answers after a change made through the bank's services", async () => {
    const { situationAdmin, engine } = app().bank.services;
    const generation = engine.generation();
    await situationAdmin.add(SYSTEM_ACTOR, { area: 'play', phrases: ['не слезает с горки'], concepts: ['прогулка'] });
    expect(engine.generation()).toBeGreaterThan(generation);
  });
});
