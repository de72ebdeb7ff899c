/**
 * Pupils per municipality (school pupils and kindergarten children), the denominator of the map's «на 1 000
 * обучающихся». Kept in `fixtures/pupils.json` with where the figures come from and for which year; the file says
 * plainly when they are estimates, and the map says so under itself. A municipality without a figure is «нет
 * данных», never a division by zero.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fixturesDir } from '../shared/paths.js';

export const PUPILS_FILE = path.join(fixturesDir, 'pupils.json');

const pupilsFile = z.object({
  source: z.string().trim().min(1, 'Укажите, откуда взяты числа (source)'),
  year: z.number().int().min(2000).max(2100),
  /** True while the figures are estimates awaiting the department's own. */
  estimate: z.boolean(),
  pupils: z.record(z.string(), z.number().int().min(0).nullable()),
});

/** The figures as the map uses them. */
export interface PupilFigures {
  source: string;
  year: number;
  estimate: boolean;
  /** Pupils by municipality code; absent or null: no figure. */
  byCode: Map<string, number>;
}

/**
 * Parses the file's text; unknown municipality codes are refused, so a typo cannot leave a municipality silently
 * without its figure.
 */
export function parsePupils(text: string, municipalityCodes: readonly string[]): PupilFigures {
  const parsed = pupilsFile.parse(JSON.parse(text));
  const known = new Set(municipalityCodes);
  const unknown = Object.keys(parsed.pupils).filter((code) => !known.has(code));
  if (unknown.length > 0) throw new Error(`${PUPILS_FILE}: unknown municipality codes ${unknown.join(', ')}`);
  const byCode = new Map<string, number>();
  for (const [code, n] of Object.entries(parsed.pupils)) if (n !== null && n > 0) byCode.set(code, n);
  return { source: parsed.source, year: parsed.year, estimate: parsed.estimate, byCode };
}

/** Reads `fixtures/pupils.json` (or `file`). */
export function loadPupils(municipalityCodes: readonly string[], file = PUPILS_FILE): PupilFigures {
  return parsePupils(readFileSync(file, 'utf8'), municipalityCodes);
}

/** A department's table read into the file's shape, or the problems that stop it (nothing is written then). */
export type PupilsReading = { ok: true; pupils: Record<string, number | null> } | { ok: false; problems: string[] };

/**
 * Reads a two-column table (municipality; pupils) as a department sends it: `;`, tab or `,` between cells, an
 * optional header, municipalities by code, name or synonym («Вязьма», «Вяземский район»), numbers with spaces
 * between thousands. Every municipality gets a figure or null (missing: «нет данных» on the map).
 */
export function readPupilsTable(
  text: string,
  municipalityCodes: readonly string[],
  resolve: (name: string) => string | undefined,
): PupilsReading {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const separator = [';', '\t', ','].find((s) => lines[0]?.includes(s)) ?? ';';
  const problems: string[] = [];
  const pupils: Record<string, number | null> = Object.fromEntries(municipalityCodes.map((code) => [code, null]));
  lines.forEach((line, i) => {
    const [name = '', figure = ''] = line.split(separator).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    const digits = figure.replace(/[\s\u00a0\u202f]/g, '');
    if (i === 0 && !/^\d+$/.test(digits)) return; // the header
    const code = resolve(name);
    if (!code) problems.push(`строка ${i + 1}: муниципальное образование «${name}» не найдено в справочнике`);
    else if (!/^\d+$/.test(digits)) problems.push(`строка ${i + 1}: «${figure}» — не целое число обучающихся`);
    else if (pupils[code] !== null) problems.push(`строка ${i + 1}: «${name}» уже встречалось выше`);
    else pupils[code] = Number(digits);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, pupils };
}
