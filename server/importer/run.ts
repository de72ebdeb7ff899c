/**
 * One import from a file, the same for `npm run import`, the admin area and the API: read the file whatever its
 * format, match with the confirmed mappings, check every record, write (unless a dry run) and report.
 */
import type { AdminActor } from '../history/admin.js';
import { loadImportFile } from './files.js';
import type { Mappings, ValueMatch } from './resolve.js';
import type { ImportReport, Importer } from './service.js';

export interface FileImportOptions {
  dryRun: boolean;
  /** The file's own name, for the report, the practices' history and the admin history. */
  source: string;
  actor: AdminActor;
  mappings?: Mappings;
  unknownAsKeyword?: boolean;
}

/** Reads `file` and imports (or checks) its records. Unreadable files throw a 400 AppError. */
export async function importFile(importer: Importer, file: string, options: FileImportOptions): Promise<ImportReport> {
  const loaded = await loadImportFile(file);
  return importer.importRecords(loaded.data, {
    dryRun: options.dryRun,
    actorName: `Импорт из ${options.source}`,
    actor: options.actor,
    source: options.source,
    ...(options.mappings ? { mappings: options.mappings } : {}),
    unknownAsKeyword: options.unknownAsKeyword ?? false,
    ...(loaded.rows ? { rows: loaded.rows } : {}),
    fileWarnings: loaded.unknownColumns.map((c) => `Столбец «${c}» не знаком импорту: его значения пропущены`),
  });
}

/** A value that needs a person's decision, once however many records hold it. */
export interface Decision extends Omit<ValueMatch, 'kind'> {
  kind: 'near' | 'unknown' | 'mapped' | 'keyword';
  /** How many records hold it. */
  records: number;
}

/**
 * The distinct values a preview asks about: proposed and unknown ones, and those already decided by a mapping
 * (so the decision can be changed), in the order they first appear.
 */
export function decisionsOf(report: ImportReport): Decision[] {
  const byKey = new Map<string, Decision>();
  for (const record of report.records) {
    const seen = new Set<string>();
    for (const match of record.matches ?? []) {
      if (match.kind === 'exact' || match.kind === 'synonym') continue;
      const key = `${match.vocabulary}\u0000${match.value}`;
      const known = byKey.get(key);
      if (known) {
        if (!seen.has(key)) known.records += 1;
      } else byKey.set(key, { ...match, kind: match.kind, records: 1 });
      seen.add(key);
    }
  }
  return [...byKey.values()];
}
