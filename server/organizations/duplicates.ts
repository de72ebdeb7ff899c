/**
 * How likely duplicates in the directory are recognised: two names a person would call the same organisation
 * give the same key once case, ё, quotes, «№», spaces and punctuation and a trailing city («г. Смоленска»,
 * «города Ярцево») are set aside. «МБДОУ детский сад №12 Радуга г. Смоленска» and «МБДОУ «Детский сад № 12
 * «Радуга»» both become «мбдоудетскийсад12радуга».
 */
import { foldKey } from '../shared/text.js';

/** A trailing «г. Смоленска», «город Смоленск», «гор. Ярцево» (after a comma or not). */
const CITY_SUFFIX = /[\s,]+(?:г\.?|гор\.|город[а-я]*)\s*[а-я-]+\s*$/u;

/** The key under which names that differ only in writing coincide. */
export function duplicateKey(name: string): string {
  return foldKey(name)
    .replace(CITY_SUFFIX, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Groups of entries whose keys coincide within one municipality, each group of two or more. */
export function findDuplicates<T extends { id: number; name: string; municipality: string }>(rows: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.municipality}\u0000${duplicateKey(row.name)}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
