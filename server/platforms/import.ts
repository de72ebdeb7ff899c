/**
 * Platforms from a register kept in Excel or CSV, read by the importer's own pieces: `tabular.ts` reads the file
 * (XLSX streamed, CSV in any of Excel's encodings), headers are compared loosely as `columns.ts` compares them,
 * municipalities go through the term matcher, organisations are found by INN or by loose name. Each row is
 * checked with the API's own schema and written in a savepoint of its own: a bad row never stops the good ones
 * and is never half-written. A dry run (the preview) does all of it and rolls everything back.
 */
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { savepoint, writeTransaction } from '../db/client.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import type { AdminActor } from '../history/admin.js';
import { splitValues } from '../importer/columns.js';
import type { TermMatcher } from '../importer/matcher.js';
import { detectFormat, readCsv, readXlsx, type Cell, type Table } from '../importer/tabular.js';
import { foldKey } from '../shared/text.js';
import { LEVEL_SPELLINGS, STATUS_SPELLINGS } from './model.js';
import { findPlatformOrganization } from './organizations.js';
import { newPlatformBody } from './schemas.js';
import type { PlatformService } from './service.js';

type Column =
  | 'organization'
  | 'inn'
  | 'municipality'
  | 'theme'
  | 'level'
  | 'status'
  | 'yearFrom'
  | 'yearTo'
  | 'period'
  | 'orderNumber'
  | 'orderDate'
  | 'orderIssuer'
  | 'practices'
  | 'description';

/** The header of the template first, then other spellings seen in the region's lists. */
export const PLATFORM_HEADERS: Record<Column, string[]> = {
  organization: ['Организация', 'Образовательная организация', 'Наименование ОО', 'Наименование организации'],
  inn: ['ИНН', 'ИНН организации'],
  municipality: ['Муниципалитет', 'Муниципальное образование', 'Район', 'МО'],
  theme: ['Тема', 'Тема площадки', 'Тема инновационной площадки', 'Тема проекта', 'Тема инновационного проекта'],
  level: ['Уровень', 'Уровень площадки', 'Статус площадки (уровень)'],
  status: ['Статус', 'Состояние'],
  yearFrom: ['Год начала', 'Начало'],
  yearTo: ['Год окончания', 'Окончание'],
  period: ['Срок реализации', 'Период', 'Сроки'],
  orderNumber: ['Номер приказа', '№ приказа', 'Приказ №'],
  orderDate: ['Дата приказа'],
  orderIssuer: ['Кем издан приказ', 'Кто издал приказ', 'Орган, издавший приказ'],
  practices: ['Практики', 'Номера практик', 'Практики в банке'],
  description: ['Описание', 'Кратко о площадке'],
};

/** The template's columns, in its order: what the sample file and the upload form list. */
export const TEMPLATE_COLUMNS: Column[] = [
  'organization',
  'inn',
  'municipality',
  'theme',
  'level',
  'status',
  'yearFrom',
  'yearTo',
  'orderNumber',
  'orderDate',
  'orderIssuer',
  'practices',
  'description',
];

const headerKey = (header: string) =>
  foldKey(header)
    .replace(/[\s:*.]+$/, '')
    .trim();
const BY_HEADER = new Map<string, Column>(
  (Object.entries(PLATFORM_HEADERS) as [Column, string[]][]).flatMap(([c, names]) =>
    names.map((n) => [headerKey(n), c] as const),
  ),
);

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell).trim();

/** `30.08.2024`, ISO text or an Excel date, as `YYYY-MM-DD`; anything else as typed, for the schema to report. */
function day(cell: Cell | undefined): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const value = text(cell);
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(\s*г\.?)?$/.exec(value);
  return russian ? `${russian[3]}-${russian[2]!.padStart(2, '0')}-${russian[1]!.padStart(2, '0')}` : value;
}

const year = (value: string): unknown =>
  /^\d{4}(\.0+)?$/.test(value) ? Math.trunc(Number(value)) : value || undefined;

export type PlatformImportStatus = 'created' | 'valid' | 'duplicate' | 'failed';

export interface PlatformImportRow {
  /** The spreadsheet's row number (the header is 1). */
  row: number;
  status: PlatformImportStatus;
  theme: string;
  organization: string;
  platformId?: number;
  problems: ErrorDetail[];
}

export interface PlatformImportReport {
  dryRun: boolean;
  rows: PlatformImportRow[];
  created: number;
  duplicates: number;
  failed: number;
  unknownColumns: string[];
}

/** Reads an uploaded register: XLSX or CSV (a JSON file or an old XLS is refused with a Russian message). */
export async function readPlatformTable(file: string): Promise<Table> {
  const format = await detectFormat(file);
  if (format === 'json') throw validationError([], 'Загрузите таблицу XLSX или CSV: файлы JSON здесь не принимаются');
  return format === 'xlsx' ? readXlsx(file) : readCsv(file);
}

const rolledBack = Symbol('dry run');

export function createPlatformImport({
  db,
  platforms,
  matcher,
}: {
  db: Db;
  platforms: Pick<PlatformService, 'insert' | 'applyUpdate'>;
  matcher: Pick<TermMatcher, 'match'>;
}) {
  /** One row as the API's body, or the problems that keep it out. */
  function recordOf(cell: (c: Column) => Cell | undefined): {
    input?: z.output<typeof newPlatformBody>;
    problems: ErrorDetail[];
    practices: string[];
  } {
    const problems: ErrorDetail[] = [];
    const municipalityText = text(cell('municipality'));
    let municipality: string | undefined;
    if (municipalityText) {
      const match = matcher.match('municipalities', municipalityText);
      if (match.code && (match.kind === 'exact' || match.kind === 'synonym')) municipality = match.code;
      else
        problems.push({
          field: 'municipality',
          message: `Муниципалитет «${municipalityText}» не найден${match.candidates[0] ? `; может быть, «${match.candidates[0].label}»?` : ''}`,
        });
    }
    const found = findPlatformOrganization(db, {
      text: text(cell('organization')),
      inn: text(cell('inn')) || undefined,
      municipality,
    });
    if ('problem' in found) problems.push({ field: 'organization', message: found.problem });
    const levelText = foldKey(text(cell('level'))).replace(/\s+инновационная площадка$/, '');
    const statusText = foldKey(text(cell('status')));
    const period = /^(\d{4})\s*[-–—]\s*(\d{4})/.exec(text(cell('period')));
    const raw = {
      organizationId: 'id' in found ? found.id : 1,
      theme: text(cell('theme')),
      level: LEVEL_SPELLINGS[levelText] ?? (levelText || undefined),
      status: statusText ? (STATUS_SPELLINGS[statusText] ?? statusText) : 'active',
      yearFrom: year(text(cell('yearFrom'))) ?? (period ? Number(period[1]) : undefined),
      yearTo: year(text(cell('yearTo'))) ?? (period ? Number(period[2]) : null),
      orderNumber: text(cell('orderNumber')),
      orderDate: day(cell('orderDate')),
      orderIssuer: text(cell('orderIssuer')),
      description: text(cell('description')),
    };
    const parsed = newPlatformBody.safeParse(raw);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push({ field: issue.path.map(String).join('.') || 'row', message: issue.message });
    const practices = splitValues(text(cell('practices')));
    return { ...(parsed.success && problems.length === 0 ? { input: parsed.data } : {}), problems, practices };
  }

  return {
    /** Checks (dryRun) or imports every row of `table`; the report says what became of each. */
    run(table: Table, actor: AdminActor, dryRun: boolean): PlatformImportReport {
      const columns = table.header.map((h) => BY_HEADER.get(headerKey(h)));
      const unknownColumns = table.header.filter((h, i) => h.trim() !== '' && columns[i] === undefined);
      const missing = (['theme', 'level', 'orderNumber', 'orderDate', 'orderIssuer'] as Column[]).filter(
        (c) => !columns.includes(c),
      );
      if (!columns.includes('organization') && !columns.includes('inn')) missing.unshift('organization');
      if (!columns.includes('yearFrom') && !columns.includes('period')) missing.push('yearFrom');
      if (missing.length > 0)
        throw validationError(
          missing.map((c) => ({ field: c, message: `Нет столбца «${PLATFORM_HEADERS[c][0]}»` })),
          `В первой строке таблицы нет столбцов ${missing.map((c) => `«${PLATFORM_HEADERS[c][0]}»`).join(', ')}. ` +
            'Скачайте образец таблицы и сверьте заголовки',
        );
      const rows: PlatformImportRow[] = [];
      const work = () =>
        writeTransaction(db, (tx) => {
          for (const row of table.rows) {
            if (row.cells.every((c) => text(c) === '')) continue;
            const cell = (c: Column) => {
              const i = columns.indexOf(c);
              return i === -1 ? undefined : row.cells[i];
            };
            const base = {
              row: row.number,
              theme: text(cell('theme')),
              organization: text(cell('organization')) || text(cell('inn')),
            };
            const { input, problems, practices } = recordOf(cell);
            if (!input) {
              rows.push({ ...base, status: 'failed', problems });
              continue;
            }
            try {
              const platformId = savepoint(tx, (inner) => {
                const id = platforms.insert(inner, actor, input);
                return id;
              });
              if (practices.length > 0) {
                try {
                  savepoint(tx, (inner) =>
                    platforms.applyUpdate(inner, actor, platformId, { addPractices: practices }),
                  );
                } catch (error) {
                  if (!(error instanceof AppError)) throw error;
                  // The platform stays; the numbers that are not published practices are reported.
                  problems.push(...(error.details ?? [{ field: 'practices', message: error.message }]));
                }
              }
              rows.push({ ...base, status: dryRun ? 'valid' : 'created', platformId, problems });
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              if (error.code === 'PLATFORM_EXISTS') rows.push({ ...base, status: 'duplicate', problems: [] });
              else
                rows.push({
                  ...base,
                  status: 'failed',
                  problems: error.details?.length ? error.details : [{ field: 'row', message: error.message }],
                });
            }
          }
          if (dryRun) throw rolledBack;
        });
      try {
        work();
      } catch (error) {
        if (error !== rolledBack) throw error;
      }
      const counted = (s: PlatformImportStatus) => rows.filter((r) => r.status === s).length;
      return {
        dryRun,
        rows,
        created: counted(dryRun ? 'valid' : 'created'),
        duplicates: counted('duplicate'),
        failed: counted('failed'),
        unknownColumns,
      };
    },
  };
}

export type PlatformImport = ReturnType<typeof createPlatformImport>;
