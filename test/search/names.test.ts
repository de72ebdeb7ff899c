/** The pure analysis behind organisation names: the names field, numbers as tokens, which queries may name one. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../search/analysis/analyze.js';
import { analyseNames, isNumberWord, mayNameOrganization } from '../../search/analysis/names.js';
import { parseQuery } from '../../search/analysis/query.js';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { toMeiliQuery } from '../../search/meilisearch/mapping.js';

const synonyms = new SynonymIndex([['ДОУ', 'детский сад']]);
const plan = (q: string) => parseQuery(q, synonyms);

describe('the names field', () => {
  it('keeps the number of «№ 3» as a token of its own, whatever the spacing (МБОУ is stemmed like any word)', () => {
    expect(analyseNames('МБОУ «Лицей № 3»').split(' ')).toEqual(['мбо', 'лицей', '3']);
    expect(analyseNames('МБОУ «Лицей №3»').split(' ')).toEqual(['мбо', 'лицей', '3']);
    expect(analyseNames('ОГБУ ДО «Кванториум-67»').split(' ')).toContain('67');
  });

  it('adds every way of writing a secondary school to a name that holds one', () => {
    const full = analyseNames('Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 33»');
    expect(full).toContain('средн школ');
    expect(full.split(' ')).toEqual(expect.arrayContaining(['сш', 'сош', '33']));
    const short = analyseNames('МБОУ «СШ № 33»');
    expect(short).toContain('средн школ');
    expect(short.split(' ')).toContain('сош');
  });

  it('leaves names of other kinds as they are', () => {
    const name = 'МБДОУ «Детский сад № 12 «Радуга»»';
    expect(analyseNames(name)).toBe(analyze(name).join(' '));
  });
});

describe('numbers and stems in queries', () => {
  it('never takes a number as a prefix, so «школа 3» cannot reach 30 or 300', () => {
    expect(isNumberWord('3')).toBe(true);
    expect(isNumberWord('333')).toBe(true);
    expect(isNumberWord('3а')).toBe(false);
    expect(plan('школа 333').groups.at(-1)!.alternatives).toEqual([{ stems: ['333'], prefix: false }]);
    expect(plan('школа 3').groups.at(-1)!.alternatives).toEqual([{ stems: ['3'], prefix: false }]);
    // A word being typed still is one.
    expect(plan('лицей программ').groups.at(-1)!.alternatives[0]).toEqual({ stems: ['программ'], prefix: true });
  });

  it('gives «лицей» a stem of its own, apart from «лица»', () => {
    expect(analyze('Лицей лицея лицее')).toEqual(['лицей', 'лицей', 'лицей']);
    expect(analyze('от лица')).toEqual(['лиц']);
  });

  it('tells Meilisearch a number last is complete, as the plan takes it', () => {
    expect(toMeiliQuery(plan('Лицей № 3'))).toBe('лицей 3 ');
    expect(toMeiliQuery(plan('лицей программ'))).toBe('лицей программ');
    expect(toMeiliQuery(plan('"лицей 3"'))).toBe('"лицей 3"');
  });
});

describe('which queries may name an organisation', () => {
  it('takes a name with its number: «Лицей № 3», «школа 3», «детский сад № 12 «Радуга»», «Кванториум-67»', () => {
    expect(mayNameOrganization(plan('Лицей № 3'))).toBe(true);
    expect(mayNameOrganization(plan('школа 3'))).toBe(true);
    expect(mayNameOrganization(plan('детский сад № 12 «Радуга»'))).toBe(true);
    expect(mayNameOrganization(plan('Кванториум-67'))).toBe(true);
    expect(mayNameOrganization(plan('МБОУ «Лицей № 3»'))).toBe(true);
  });

  it('leaves the rest to the text ranking: a single word, a number alone, words without a number', () => {
    expect(mayNameOrganization(plan('от лица'))).toBe(false);
    expect(mayNameOrganization(plan('лицей'))).toBe(false);
    expect(mayNameOrganization(plan('№ 3'))).toBe(false);
    expect(mayNameOrganization(plan('работа с родителями'))).toBe(false);
    expect(mayNameOrganization(plan('детский сад «Радуга»'))).toBe(false);
    expect(mayNameOrganization(plan('"лицей 3"'))).toBe(false);
    expect(mayNameOrganization(plan(''))).toBe(false);
  });
});
