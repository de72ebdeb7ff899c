/**
 * The regional map's figures: published practices and confirmed adoptions per municipality, taken from the
 * statistics' own tables (so the map and `/stats` can never disagree), beside pupils and the rate per 1,000 pupils.
 * Also the shading: five classes of the shown figure and their legend.
 */
import type { StatsTable } from '../stats/tables.js';
import type { PupilFigures } from './pupils.js';

/** What the map shades by. */
export const MAP_SHOWS = ['practices', 'adoptions'] as const;
export type MapShow = (typeof MAP_SHOWS)[number];
/** In absolute numbers or per 1,000 pupils. */
export const MAP_SCALES = ['total', 'per-1000'] as const;
export type MapScale = (typeof MAP_SCALES)[number];

/** One municipality's figures. */
export interface MapRow {
  /** The vocabulary code, or undefined for a label the catalogue no longer knows (then it has no page to link). */
  code: string | undefined;
  label: string;
  practices: number;
  adoptions: number;
  /** Null: no figure. */
  pupils: number | null;
  practicesPer1000: number | null;
  adoptionsPer1000: number | null;
}

/** Per 1,000 pupils, to two decimals; null without a figure of pupils. */
function per1000(n: number, pupils: number | null): number | null {
  return pupils === null || pupils <= 0 ? null : Math.round((n / pupils) * 100_000) / 100;
}

/**
 * The rows in the statistics' order: practices from the table `municipalities`, adoptions from
 * `adoptions-municipalities`, both matched by the municipality's label (their first column).
 */
export function mapRows(
  practices: StatsTable,
  adoptions: StatsTable,
  pupils: PupilFigures,
  codeOf: (label: string) => string | undefined,
): MapRow[] {
  const adopted = new Map(adoptions.rows.map((r) => [String(r[0]), Number(r[1] ?? 0)]));
  return practices.rows.map((r) => {
    const label = String(r[0]);
    const code = codeOf(label);
    const n = Number(r[1] ?? 0);
    const a = adopted.get(label) ?? 0;
    const p = code === undefined ? null : (pupils.byCode.get(code) ?? null);
    return {
      code,
      label,
      practices: n,
      adoptions: a,
      pupils: p,
      practicesPer1000: per1000(n, p),
      adoptionsPer1000: per1000(a, p),
    };
  });
}

/** The figure a map of `show` × `scale` shades a row by; null is «нет данных». */
export function valueOf(row: MapRow, show: MapShow, scale: MapScale): number | null {
  if (scale === 'total') return show === 'practices' ? row.practices : row.adoptions;
  return show === 'practices' ? row.practicesPer1000 : row.adoptionsPer1000;
}

const NO_DATA = 'нет данных';

/** The map's figures as one statistics table: the page's table, its CSV and its XLSX. */
export function mapTable(rows: MapRow[]): StatsTable {
  const rate = (n: number | null) => n ?? NO_DATA;
  return {
    title: 'Практики и внедрения по муниципальным образованиям',
    header: [
      'Муниципальное образование',
      'Опубликованных практик',
      'Подтверждённых внедрений',
      'Обучающихся и воспитанников',
      'Практик на 1 000 обучающихся',
      'Внедрений на 1 000 обучающихся',
    ],
    rows: rows.map((r) => [
      r.label,
      r.practices,
      r.adoptions,
      r.pupils ?? NO_DATA,
      rate(r.practicesPer1000),
      rate(r.adoptionsPer1000),
    ]),
    note: 'Практики — опубликованные после экспертизы, по муниципалитету организации автора; внедрения — подтверждённые модераторами, по муниципалитету организации, которая внедрила практику.',
  };
}

/** One shade of the legend: values from `from` to `to`, both included. */
export interface ShadeClass {
  from: number;
  to: number;
}

/**
 * Up to five classes by quantiles of the values (so a city with most of the practices does not leave every
 * district in the palest shade); equal values never straddle two classes, so there are fewer classes when there
 * are fewer distinct values. `decimals` is how many decimals the values have (0, or 2 per 1,000 pupils).
 */
export function shadeClasses(values: number[], decimals: number, count = 5): ShadeClass[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const uppers: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    const upper = sorted[Math.ceil((i * sorted.length) / count) - 1]!;
    if (uppers.length === 0 || upper > uppers.at(-1)!) uppers.push(upper);
  }
  const next = (n: number) => Number((n + 10 ** -decimals).toFixed(decimals));
  return uppers.map((to, i) => ({ from: i === 0 ? sorted[0]! : next(uppers[i - 1]!), to }));
}

/** The class index of a value (0 = palest). */
export function classOf(value: number, classes: ShadeClass[]): number {
  const i = classes.findIndex((c) => value <= c.to);
  return i === -1 ? classes.length - 1 : i;
}
