/**
 * npm run pupils -- FILE.csv --year 2026 --source "Департамент Смоленской области по образованию и науке, …"
 *
 * Replaces the map's estimated pupils (`fixtures/pupils.json`) with a department's figures: a two-column table
 * (municipality; pupils of schools and kindergartens). Nothing is written unless every row is understood; the bank
 * reads the file at start, so restart it afterwards. Needs no database: municipalities are matched against
 * `fixtures/vocabularies.json` by code, name or synonym.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PUPILS_FILE, readPupilsTable } from '../map/pupils.js';
import { readVocabularyFixture, VocabularyCatalogue } from '../vocabularies/service.js';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { year: { type: 'string' }, source: { type: 'string' } },
  });
  const year = Number(values.year);
  const source = values.source?.trim() ?? '';
  if (positionals.length !== 1 || !Number.isInteger(year) || year < 2000 || year > 2100 || source === '') {
    console.error('Использование: npm run pupils -- ФАЙЛ.csv --year 2026 --source "откуда взяты числа"');
    return 2;
  }
  const vocabularies = new VocabularyCatalogue(readVocabularyFixture());
  const codes = vocabularies.terms('municipalities').map((t) => t.code);
  const reading = readPupilsTable(readFileSync(positionals[0]!, 'utf8'), codes, (name) =>
    vocabularies.resolve('municipalities', name),
  );
  if (!reading.ok) {
    console.error(`Файл не принят, ничего не изменено:\n${reading.problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  writeFileSync(PUPILS_FILE, `${JSON.stringify({ source, year, estimate: false, pupils: reading.pupils }, null, 2)}\n`);
  const missing = codes.filter((code) => reading.pupils[code] === null);
  const labels = missing.map((code) => vocabularies.label('municipalities', code) ?? code);
  console.log(
    `Записано в ${PUPILS_FILE}: числа для ${codes.length - missing.length} из ${codes.length} муниципальных образований.` +
      (missing.length ? ` Без данных (на карте «нет данных»): ${labels.join(', ')}.` : '') +
      ' Перезапустите банк, чтобы карта их показала.',
  );
  return 0;
}

process.exitCode = main();
