import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { practices } from '../../server/db/schema.js';
import { similarPractices } from '../../server/registry/similar.js';
import { useApp } from '../helper.js';

describe('similar practices', () => {
  const app = useApp();

  function importOne(title: string, overrides: Record<string, unknown> = {}) {
    const report = app().bank.services.importer.importRecords([
      {
        title,
        summary: 'Краткое описание.',
        relevance: 'Актуальность.',
        goals: 'Цель.',
        content: 'Содержание.',
        results: 'Результаты.',
        replication: 'Условия.',
        levels: ['primary'],
        subjects: ['mathematics'],
        technologies: ['chess'],
        directions: ['learning'],
        keywords: ['шахматы'],
        organization: 'МБОУ «СШ № 7» г. Рославля',
        municipality: 'Рославльский район',
        authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'учитель' }],
        startedYear: 2020,
        publishedAt: '2024-09-01',
        ...overrides,
      },
    ]);
    const number = report.records[0]!.registryNumber!;
    if (!number) throw new Error(JSON.stringify(report.records[0]));
    return app().bank.db.select().from(practices).where(eq(practices.registryNumber, number)).get()!.id;
  }

  const source = (id: number, keywords = ['шахматы']) => ({
    id,
    levels: ['primary'],
    subjects: ['mathematics'],
    technologies: ['chess'],
    directions: ['learning'],
    keywords,
  });

  it('ranks shared technologies and keywords first, and never offers itself, a withdrawn or an unrelated one', () => {
    const self = importOne('Шахматы в первом классе');
    const close = importOne('Шахматный кружок', { keywords: ['Шахматы', 'логика'] });
    const farther = importOne('Шахматы без ключевых слов', { keywords: [], levels: ['basic'] });
    const withdrawn = importOne('Снятая шахматная практика');
    importOne('Экологическая тропа', {
      subjects: ['biology'],
      technologies: ['project-based'],
      keywords: ['экология'],
    });
    app()
      .bank.db.update(practices)
      .set({ withdrawnAt: '2025-01-01T00:00:00Z', withdrawnReason: 'ошибка' })
      .where(eq(practices.id, withdrawn))
      .run();
    const ids = similarPractices(app().bank.db, source(self)).map((p) => p.id);
    expect(ids).toEqual([close, farther]);
  });

  it('returns at most the limit asked for', () => {
    // Its own subject and technology, so the other test's practices (the bank is shared, the order shuffled) are
    // never among the candidates of either.
    const own = { subjects: ['music'], technologies: ['storytelling'], keywords: ['сказка'] };
    const self = importOne('Сказка на уроке музыки', own);
    for (let i = 0; i < 7; i += 1) importOne(`Сказка на уроке музыки, вариант ${i}`, own);
    const ids = similarPractices(app().bank.db, { ...source(self, own.keywords), ...own, id: self }).map((p) => p.id);
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(self);
  });
});
