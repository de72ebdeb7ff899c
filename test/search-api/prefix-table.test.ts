/** The sorted prefix index suggestions read: names by their start, and by the start of an inner word. */
import { describe, expect, it } from 'vitest';
import { PrefixIndex, suggestKey } from '../../server/search-api/prefix-table.js';

const titles = [
  'Работа с родителями',
  'Мнемотехника в работе с детьми',
  'Проектная деятельность: родной край',
  'Ёлочка и работа руками',
].map(suggestKey);
const index = new PrefixIndex(titles, Int32Array.from([10, 11, 12, 13]));

describe('PrefixIndex', () => {
  it('finds the names starting with a prefix, in the names’ order, folded as search folds them', () => {
    expect(index.starting('р', 10)).toEqual([10]);
    expect(index.starting('мнемо', 10)).toEqual([11]);
    expect(index.starting(suggestKey('Ёлоч'), 10)).toEqual([13]);
    expect(index.starting('работа с род', 10)).toEqual([10]);
    expect(index.starting('работа с дет', 10)).toEqual([]);
    expect(index.starting('я', 10)).toEqual([]);
  });

  it('finds the names with an inner word starting with a prefix, and a phrase going on from a whole word', () => {
    expect(index.containing('раб', 10).sort()).toEqual([11, 13]);
    expect(index.containing('род', 10).sort()).toEqual([10, 12]);
    expect(index.containing('работе с дет', 10)).toEqual([11]);
    expect(index.containing('работе с род', 10)).toEqual([]);
    // A first word is not inner, and one letter starts nothing a person types.
    expect(index.containing('мнемо', 10)).toEqual([]);
    expect(index.containing('с', 10)).toEqual([]);
  });

  it('returns no more names than asked, however many start with the prefix', () => {
    const many = new PrefixIndex(
      Array.from({ length: 1000 }, (_, i) => `игра номер ${i}`),
      Int32Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(many.starting('игра', 300)).toHaveLength(300);
    expect(many.containing('номер', 300)).toHaveLength(300);
    expect(many.containing('ном', 5)).toEqual([0, 1, 2, 3, 4]);
  });
});
