import { describe, expect, it } from 'vitest';
import { RUBRIC } from '../../server/db/enums.js';
import {
  FIELD_HINTS,
  RUBRIC_CONCERNS,
  SECTION_HINTS,
  VOCABULARY_GROUPS,
  VOCABULARY_HINTS,
} from '../../server/model/hints.js';
import { SECTIONS } from '../../server/model/practice.js';
import { PRACTICE_VOCABULARIES } from '../../server/model/vocabularies.js';
import { readVocabularyFixture } from '../../server/vocabularies/service.js';

describe('hints for teachers', () => {
  it('gives every section of the model a hint with an example, and every vocabulary authors choose a hint', () => {
    for (const section of SECTIONS) {
      expect(SECTION_HINTS[section].hint.length, section).toBeGreaterThan(40);
      expect(SECTION_HINTS[section].example?.length, section).toBeGreaterThan(20);
    }
    for (const vocabulary of PRACTICE_VOCABULARIES) expect(VOCABULARY_HINTS[vocabulary], vocabulary).toBeTruthy();
    for (const field of Object.values(FIELD_HINTS)) expect(field.hint).toMatch(/[а-я]/);
  });

  it('groups only terms that exist, so a renamed code cannot silently leave a group empty', () => {
    const codes = new Set(readVocabularyFixture().map((t) => `${t.vocabulary}:${t.code}`));
    for (const [vocabulary, groups] of Object.entries(VOCABULARY_GROUPS))
      for (const group of groups)
        for (const code of group.codes) expect(codes, code).toContain(`${vocabulary}:${code}`);
  });

  it('names every rubric criterion and the section it judges, if any', () => {
    expect(Object.keys(RUBRIC_CONCERNS).sort()).toEqual([...RUBRIC].sort());
    for (const { section } of Object.values(RUBRIC_CONCERNS)) if (section) expect(SECTIONS).toContain(section);
  });
});
