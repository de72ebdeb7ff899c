import { describe, expect, it } from 'vitest';
import { createTermMatcher } from '../../server/importer/matcher.js';
import { readVocabularyFixture, VocabularyCatalogue } from '../../server/vocabularies/service.js';
import type { VocabularyName } from '../../server/model/vocabularies.js';

const catalogue = new VocabularyCatalogue(readVocabularyFixture());
const matcher = createTermMatcher(catalogue);

/** Spellings found in real lists, and the term each must land on without anyone's help. */
const LANDS: [VocabularyName, string, string][] = [
  ['technologies', 'ИКТ-технологии', 'ict'],
  ['technologies', 'Игровая технология', 'game-based'],
  ['technologies', 'Проектная технология', 'project-based'],
  ['technologies', 'Технология «Лэпбук»', 'lapbook'],
  ['subjects', 'Физкультура', 'physical-education'],
  ['directions', 'Инклюзия', 'inclusion'],
  ['subjects', 'Инклюзия', 'inclusive'],
  ['technologies', 'Критическое мышление (РКМЧП)', 'critical-thinking'],
  ['technologies', 'ТЕХНОЛОГИЯ РАЗВИТИЯ КРИТИЧЕСКОГО МЫШЛЕНИЯ', 'critical-thinking'],
  ['technologies', '"Говорящие стены"', 'talking-walls'],
  ['technologies', '„Говорящие стены“', 'talking-walls'],
  ['technologies', 'квест–технология', 'quest'],
  ['technologies', 'Квест технологии', 'quest'],
  ['technologies', 'перевернутый класс', 'flipped-classroom'],
  ['technologies', 'Здоровьесберегающая технология', 'health-saving'],
  ['technologies', 'технологии ТРИЗ', 'triz'],
  ['technologies', 'ЛЕГО-конструирование', 'robotics'],
  ['technologies', 'Мнемотехника (мнемотаблицы)', 'mnemonics'],
  ['technologies', 'Технология портфолио', 'portfolio'],
  ['technologies', 'кейс технология', 'case-study'],
  ['levels', 'ДОУ', 'preschool'],
  ['levels', 'Начальное общее образование', 'primary'],
  ['subjects', 'Труд (технология)', 'technology'],
  ['subjects', 'технология', 'technology'],
  ['subjects', 'Русский язык.', 'russian'],
  ['directions', 'Взаимодействие с семьей', 'family'],
  ['directions', 'воспитательная работа', 'upbringing'],
  ['municipalities', 'г. Смоленск', 'smolensk'],
  ['municipalities', 'Смоленский район', 'smolensky'],
  ['municipalities', 'Вяземский р-н', 'vyazemsky'],
  ['municipalities', 'Тёмкинский район', 'temkinsky'],
  ['municipalities', 'Темкинский район', 'temkinsky'],
];

describe('the vocabulary matcher', () => {
  it.each(LANDS)('lands %s «%s» on %s', (vocabulary, value, code) => {
    const match = matcher.match(vocabulary, value);
    expect(match.code).toBe(code);
    expect(['exact', 'synonym']).toContain(match.kind);
  });

  it.each([
    ['technologies', 'Мнемотехнкиа', 'mnemonics'],
    ['technologies', 'Сторитэллинг', 'storytelling'],
    ['technologies', 'Геймефикация', 'gamification'],
    ['municipalities', 'Вяземский', 'vyazemsky'],
    ['levels', 'дошкольное', 'preschool'],
  ] as [VocabularyName, string, string][])(
    'proposes %s «%s» as a near spelling of %s, not applying it',
    (vocabulary, value, code) => {
      const match = matcher.match(vocabulary, value);
      expect(match).toMatchObject({ kind: 'near', code });
      expect(match.candidates[0]!.code).toBe(code);
    },
  );

  it('reports an unknown value with at most three closest terms', () => {
    const match = matcher.match('technologies', 'Технология телепатического обучения');
    expect(match.kind).toBe('unknown');
    expect(match.code).toBeUndefined();
    expect(match.candidates.length).toBeLessThanOrEqual(3);
  });

  it('applies a confirmed mapping before anything else', () => {
    const match = matcher.match('technologies', 'Лего', new Map([['лего', 'stem']]));
    expect(match).toEqual({ kind: 'mapped', code: 'stem', candidates: [] });
  });

  it('never matches a retired term', () => {
    // The editable vocabularies mark a retired term with a flag; the matcher reads it wherever it is set.
    const terms = catalogue.terms('technologies').map((t) => (t.code === 'lapbook' ? { ...t, retired: true } : t));
    const retired = createTermMatcher({ terms: () => terms });
    expect(retired.match('technologies', 'Лэпбук').code).not.toBe('lapbook');
  });
});
