import { describe, expect, it } from 'vitest';
import { loadPupils, readPupilsTable } from '../../server/map/pupils.js';
import { readVocabularyFixture, VocabularyCatalogue } from '../../server/vocabularies/service.js';

const vocabularies = new VocabularyCatalogue(readVocabularyFixture());
const codes = vocabularies.terms('municipalities').map((t) => t.code);
const resolve = (name: string) => vocabularies.resolve('municipalities', name);

describe('pupils per municipality', () => {
  it('ships a figure for each of the 27 municipalities, marked as estimates with their source and year', () => {
    const pupils = loadPupils(codes);
    expect(pupils.byCode.size).toBe(27);
    expect(pupils.estimate).toBe(true);
    expect(pupils.source).toMatch(/оценка/i);
    expect(pupils.year).toBeGreaterThanOrEqual(2025);
  });

  it('reads a department’s table by names, synonyms or codes, with spaces in numbers and a header', () => {
    const text =
      '\uFEFFМуниципальное образование;Обучающихся\r\nгород Смоленск;47 400\r\nВязьма;11400\r\nugransky;1 120\r\n';
    const reading = readPupilsTable(text, codes, resolve);
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.pupils).toMatchObject({ smolensk: 47400, vyazemsky: 11400, ugransky: 1120, velizhsky: null });
    expect(Object.keys(reading.pupils)).toHaveLength(27);
  });

  it('refuses the whole table when a row names an unknown municipality, repeats one or has no number', () => {
    const text = 'Атлантида;100\nРославль;много\nВязьма;10\nВяземский район;20\n';
    const reading = readPupilsTable(text, codes, resolve);
    expect(reading).toEqual({
      ok: false,
      problems: [
        'строка 1: муниципальное образование «Атлантида» не найдено в справочнике',
        'строка 2: «много» — не целое число обучающихся',
        'строка 4: «Вяземский район» уже встречалось выше',
      ],
    });
  });
});
