import { describe, expect, it } from 'vitest';
import { classOf, mapRows, mapTable, shadeClasses, valueOf } from '../../server/map/figures.js';
import { parsePupils } from '../../server/map/pupils.js';
import type { StatsTable } from '../../server/stats/tables.js';

const practices: StatsTable = {
  title: 'п',
  header: ['Муниципальное образование', 'Опубликованных практик'],
  rows: [
    ['город Смоленск', 30],
    ['Велижский район', 2],
    ['Ершичский район', 0],
  ],
};
const adoptions: StatsTable = {
  title: 'в',
  header: ['Муниципальное образование', 'Подтверждённых внедрений', 'Организаций'],
  rows: [
    ['город Смоленск', 1, 1],
    ['Велижский район', 3, 2],
    ['Ершичский район', 0, 0],
  ],
};
const CODES = { 'город Смоленск': 'smolensk', 'Велижский район': 'velizhsky', 'Ершичский район': 'yershichsky' };
const codeOf = (label: string) => CODES[label as keyof typeof CODES];

describe('the map’s figures', () => {
  it('says «нет данных» per 1,000 where a municipality has no figure or zero pupils, never dividing by zero', () => {
    const pupils = parsePupils(
      JSON.stringify({ source: 'тест', year: 2025, estimate: true, pupils: { smolensk: 6000, velizhsky: 0 } }),
      Object.values(CODES),
    );
    const rows = mapRows(practices, adoptions, pupils, codeOf);
    expect(rows[0]).toMatchObject({ practices: 30, adoptions: 1, pupils: 6000, practicesPer1000: 5 });
    expect(rows[0]!.adoptionsPer1000).toBeCloseTo(0.17, 2);
    expect(rows[1]).toMatchObject({ pupils: null, practicesPer1000: null, adoptionsPer1000: null });
    expect(rows[2]).toMatchObject({ pupils: null, practicesPer1000: null });
    expect(valueOf(rows[1]!, 'adoptions', 'total')).toBe(3);
    expect(valueOf(rows[1]!, 'adoptions', 'per-1000')).toBeNull();
    expect(mapTable(rows).rows[1]).toEqual(['Велижский район', 2, 3, 'нет данных', 'нет данных', 'нет данных']);
  });

  it('refuses a pupils file naming a municipality the bank does not know', () => {
    const text = JSON.stringify({ source: 'тест', year: 2025, estimate: false, pupils: { smolenks: 10 } });
    expect(() => parsePupils(text, Object.values(CODES))).toThrow(/smolenks/);
  });

  it('splits values into at most five classes by quantiles, never putting equal values in two', () => {
    const classes = shadeClasses([0, 0, 0, 1, 2, 3, 5, 8, 13, 40], 0);
    expect(classes).toEqual([
      { from: 0, to: 0 },
      { from: 1, to: 1 },
      { from: 2, to: 3 },
      { from: 4, to: 8 },
      { from: 9, to: 40 },
    ]);
    expect(classOf(40, classes)).toBe(4);
    expect(classOf(4, classes)).toBe(3);
    expect(shadeClasses([0, 0, 0], 0)).toEqual([{ from: 0, to: 0 }]);
    expect(shadeClasses([0.1, 0.25, 0.3, 0.42, 1.27], 2)).toEqual([
      { from: 0.1, to: 0.1 },
      { from: 0.11, to: 0.25 },
      { from: 0.26, to: 0.3 },
      { from: 0.31, to: 0.42 },
      { from: 0.43, to: 1.27 },
    ]);
  });
});
