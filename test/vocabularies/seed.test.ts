import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { analyze } from '../../search/analysis/analyze.js';
import { SYSTEM_ACTOR } from '../../server/history/admin.js';
import { tempDir, testConfig } from '../helper.js';

describe('the vocabulary fixture seeds a new bank only', () => {
  const data = tempDir('bank-vocab-seed-');
  afterAll(() => data.remove());
  const start = async () => {
    const app = await buildApp(testConfig({ DATA_DIR: data.dir }, { databasePath: path.join(data.dir, 'bank.db') }));
    await app.ready();
    return app;
  };

  it("keeps an admin's edits on a restart and adds only the codes the database lacks", async () => {
    const first = await start();
    const admin = first.bank.services.vocabularyAdmin;
    await admin.renameTerm(SYSTEM_ACTOR, 'technologies', 'triz', 'ТРИЗ-педагогика Альтшуллера');
    await admin.addSynonym(SYSTEM_ACTOR, 'technologies', 'chess', 'Шахматная гостиная');
    await admin.removeSynonym(SYSTEM_ACTOR, 'technologies', 'robotics', 'Arduino');
    await admin.retireTerm(SYSTEM_ACTOR, 'technologies', 'lapbook');
    await admin.addTerm(SYSTEM_ACTOR, 'technologies', { label: 'Эдьютейнмент' });
    // A term the fixture has and this bank lacks (as when a new version of the bank adds one).
    first.bank.db.$client
      .prepare("DELETE FROM vocabulary_terms WHERE vocabulary = 'levels' AND code = 'vocational'")
      .run();
    await first.close();

    const second = await start();
    try {
      const { vocabularies } = second.bank.services;
      expect(vocabularies.label('technologies', 'triz')).toBe('ТРИЗ-педагогика Альтшуллера');
      expect(vocabularies.term('technologies', 'chess')?.synonyms).toContain('Шахматная гостиная');
      expect(vocabularies.term('technologies', 'robotics')?.synonyms).not.toContain('Arduino');
      expect(vocabularies.isRetired('technologies', 'lapbook')).toBe(true);
      expect(vocabularies.label('technologies', 'edyuteynment')).toBe('Эдьютейнмент');
      expect(vocabularies.label('levels', 'vocational')).toBe('Среднее профессиональное образование (СПО)');
      // The search's synonym groups are built from the database's terms, not the fixture's.
      expect(second.bank.services.synonyms.lookup(analyze('Шахматная гостиная'))).toBeDefined();
    } finally {
      await second.close();
    }
  });
});
