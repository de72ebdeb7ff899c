import { describe, expect, it } from 'vitest';
import { readVocabularyFixture, VocabularyCatalogue } from '../../server/vocabularies/service.js';
import { call, useApp } from '../helper.js';

describe('vocabularies', () => {
  const app = useApp();

  it('serves every vocabulary with the full lists of the specification', async () => {
    const res = await call(app(), null, 'GET', '/api/v1/vocabularies');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.levels.terms.map((t: { code: string }) => t.code)).toEqual([
      'preschool',
      'primary',
      'basic',
      'secondary',
      'additional',
      'vocational',
      'professional',
    ]);
    expect(body.municipalities.terms).toHaveLength(27);
    expect(body.municipalities.terms.map((t: { label: string }) => t.label)).toEqual(
      expect.arrayContaining(['город Смоленск', 'город Десногорск', 'Холм-Жирковский район', 'Ярцевский район']),
    );
    expect(body.technologies.terms.length).toBeGreaterThanOrEqual(30);
    expect(body.technologies.terms.find((t: { code: string }) => t.code === 'robotics').synonyms).toContain(
      'LEGO-конструирование',
    );
    expect(body.subjects.terms.length).toBeGreaterThanOrEqual(30);
    expect(body.directions.terms).toHaveLength(10);
    expect(body.levels.title).toBe('Уровни образования');
  });

  it('keeps codes as stable slugs, unique within each vocabulary', () => {
    const terms = readVocabularyFixture();
    const keys = terms.map((t) => `${t.vocabulary}:${t.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of terms) expect(t.code).toMatch(/^[a-z0-9-]+$/);
  });

  it('resolves a code, a Russian label or a synonym, ignoring case and ё', () => {
    const catalogue = new VocabularyCatalogue(readVocabularyFixture());
    expect(catalogue.resolve('levels', 'preschool')).toBe('preschool');
    expect(catalogue.resolve('levels', 'дошкольное ОБРАЗОВАНИЕ')).toBe('preschool');
    expect(catalogue.resolve('municipalities', 'Сычевский район')).toBe('sychevsky');
    expect(catalogue.resolve('municipalities', 'Вязьма')).toBe('vyazemsky');
    expect(catalogue.resolve('technologies', 'лего')).toBe('robotics');
    expect(catalogue.resolve('technologies', 'телепатия')).toBeUndefined();
  });

  it('does not overwrite terms an admin changed when the fixture is loaded again', async () => {
    const db = app().bank.db;
    db.$client
      .prepare("UPDATE vocabulary_terms SET label = 'Изменено' WHERE vocabulary = 'levels' AND code = 'primary'")
      .run();
    const { loadVocabularies } = await import('../../server/vocabularies/service.js');
    expect(loadVocabularies(db).label('levels', 'primary')).toBe('Изменено');
  });
});
