/**
 * Loads already-reviewed practices straight into the published state. Records are written in batches, one
 * transaction per batch and a savepoint per record: a bad record is reported and never stops the good ones, is
 * never half-written, and a failure mid-way loses no batch committed before it. Importing the same file twice
 * creates nothing new. JSON, CSV and XLSX records, from the command line, the admin area or the demo catalogue,
 * all pass through these same rules.
 */
import { hash } from 'node:crypto';
import type { Db, Tx } from '../db/client.js';
import { preparedSavepoint, writeTransaction } from '../db/client.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';
import { guessOrganizationType, type OrganizationService } from '../organizations/service.js';
import { findOrganization } from '../organizations/repository.js';
import { toOrganization, type Organization } from '../organizations/service.js';
import { checkReferences, missingForPublication, type PracticeContent } from '../practices/content.js';
import * as repo from '../practices/repository.js';
import { perSection } from '../practices/schemas.js';
import { SECTION_MODEL, SECTIONS } from '../model/practice.js';
import { parseRegistryNumber, publicationYear } from '../registry/numbers.js';
import { publishVersion, type PublishDeps } from '../registry/publish.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchDocument, SearchEngine } from '../../search/port.js';
import { createTermMatcher } from './matcher.js';
import { createBatchNumbers, type BatchNumbers } from './numbers.js';
import { withPreparedStatements } from './statements.js';
import { createImportWrites, type ImportWrites } from './writes.js';
import { findImportedOrganization, looseOrganizationKey } from './organizations.js';
import { createResolver, type Mappings, type Resolver, type ValueMatch } from './resolve.js';
import { importFileSchema, type ImportRecord } from './schemas.js';
import { createRecordValidator, type RecordValidator } from './validate.js';

export type ImportStatus = 'created' | 'duplicate' | 'failed' | 'valid';

export interface ImportRecordReport {
  /** 1-based position of the record in the file. */
  index: number;
  /** For a table: the spreadsheet row the record came from. */
  row?: number;
  status: ImportStatus;
  title?: string;
  practiceId?: number;
  registryNumber?: string;
  errors?: ErrorDetail[];
  /** What was imported with a remark: empty sections, a technology kept as a keyword. */
  warnings?: ErrorDetail[];
  /** How each vocabulary value was read (exact, synonym, confirmed, proposed, unknown, keyword). */
  matches?: ValueMatch[];
  /** The directory entry the record goes to, or a new one. */
  organization?: { name: string; status: 'existing' | 'new'; id?: number };
}

export interface ImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  duplicates: number;
  failed: number;
  /** Organisations added to the directory. */
  organizationsCreated: number;
  /** Records imported with a remark. */
  withWarnings: number;
  /** Remarks on the file as a whole (columns nobody knows). */
  fileWarnings: string[];
  records: ImportRecordReport[];
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Who the practices' history names («Импорт из реестр.xlsx»). */
  actorName?: string;
  /** Given, the import is an admin action: one row in the admin history, written with the last batch. */
  actor?: AdminActor;
  /** A short description of the source for the admin history («реестр.xlsx»). */
  source?: string;
  mappings?: Mappings;
  unknownAsKeyword?: boolean;
  /** For a table: the spreadsheet row of each record. */
  rows?: number[];
  fileWarnings?: string[];
}

interface Outcome {
  report: ImportRecordReport;
  organizationCreated: boolean;
  importKey?: string;
  /** The organisation as a directory entry is recognised: folded name and municipality. */
  organizationKey?: string;
}

/** Thrown at the end of a dry-run record so that everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly outcome: Outcome) {
    super('dry run');
  }
}

export interface ImporterDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  organizations: Pick<OrganizationService, 'findOrCreate' | 'exists'>;
  /** Each batch's new practices go to the index at once, at the end of its transaction. */
  search: Pick<SearchEngine, 'indexMany' | 'remove'>;
  now?: () => Date;
  /** Records per transaction (tests lower it to see batches commit one by one). */
  batchSize?: number;
}

/** What one import run keeps from record to record. */
interface Run {
  /** The vocabularies as they were when the run started. */
  resolver: Resolver;
  /**
   * Directory entries records named, by what named them: found once, not looked up again for every record of
   * the same organisation. Only entries that existed before the record are kept (never one its own savepoint or a
   * dry run may roll back), and nothing else writes the directory while the run holds the write lock.
   */
  organizations: Map<string, Organization>;
  /** The ids of those entries: known to exist and not merged away, so checking a record's reference reads nothing. */
  organizationIds: Set<number>;
  /**
   * Search documents of the batch's records that were written whole: indexed together before the batch commits.
   * A record's own documents join them only once its savepoint is released.
   */
  indexing: SearchDocument[];
  /** The search documents of the record being written. */
  written: SearchDocument[];
  /** Publishing as the import does it: a record's search document is kept in `written`, not indexed at once. */
  publishing: PublishDeps;
  /** The record's rules, each field's verdict remembered for the run. */
  validator: RecordValidator;
  /** The batch's registry numbers (none in a dry run: its numbers are rolled back with each record). */
  numbers?: BatchNumbers;
}

type OrganizationInput = Parameters<OrganizationService['findOrCreate']>[1] &
  Parameters<typeof findImportedOrganization>[1];

/**
 * Records written per transaction by default: one fsync per batch instead of per record, each record in its own
 * savepoint. 500 rather than 100: a fifth of the commits, and the server's other writers wait ~0.5 s at most.
 */
export const IMPORT_BATCH = 500;

export function createImporter({
  db,
  vocabularies,
  organizations,
  search,
  now = () => new Date(),
  batchSize = IMPORT_BATCH,
}: ImporterDeps) {
  let prepared: ImportWrites | undefined;
  /** The rows' statements, prepared at the first import (the bank's tables exist by then) and kept. */
  const writes = () => (prepared ??= createImportWrites(db.$client));

  function resolveOrganization(record: ImportRecord, municipality: string | undefined, details: ErrorDetail[]) {
    const org = typeof record.organization === 'string' ? { name: record.organization } : record.organization;
    const type =
      org.type === undefined ? guessOrganizationType(org.name) : vocabularies.resolve('organizationTypes', org.type);
    if (!type) details.push({ field: 'organization.type', message: `Неизвестный тип организации «${org.type}»` });
    return {
      name: org.name,
      shortName: 'shortName' in org ? org.shortName : undefined,
      inn: 'inn' in org ? org.inn : undefined,
      type: type ?? 'other',
      municipality: municipality ?? '',
    };
  }

  /**
   * The directory entry of a record's organisation: one the run already found, one the directory holds, or a new
   * one. The same inputs always find the same entry while the run lasts, so a found one is remembered by them.
   */
  function knownOrganization(
    tx: Tx,
    org: OrganizationInput,
    run: Run,
  ): { organization: Organization; created: boolean } {
    const memory = run.organizations;
    const key = JSON.stringify([org.name, org.shortName ?? null, org.inn ?? null, org.municipality]);
    const remembered = memory.get(key);
    if (remembered) return { organization: remembered, created: false };
    const knownId = findImportedOrganization(tx, org);
    const known = knownId === undefined ? undefined : findOrganization(tx, knownId);
    const found = known ? { organization: toOrganization(known), created: false } : organizations.findOrCreate(tx, org);
    if (!found.created) {
      memory.set(key, found.organization);
      run.organizationIds.add(found.organization.id);
    }
    return found;
  }

  /** The same practice of the same organisation is the same record, whether or not a number came with it. */
  function importKeyOf(record: ImportRecord, organizationName: string, municipality: string): string {
    const basis = [record.title, organizationName, municipality].map(foldKey).join('|');
    return `sha256:${hash('sha256', basis)}`;
  }

  function writeRecord(tx: Tx, index: number, record: ImportRecord, actorName: string, run: Run): Outcome {
    const resolved = run.resolver.record(record);
    const details = resolved.errors;
    const { codes, matches } = resolved;
    const org = resolveOrganization(record, resolved.municipality, details);
    // Lists institutes keep carry the annotation, not the five description sections: an empty one is a remark.
    const warnings = [
      ...SECTIONS.filter((s) => record[s].trim() === '').map((s) => ({
        field: s,
        message: `Раздел «${SECTION_MODEL[s].title}» не заполнен`,
      })),
      ...resolved.warnings,
    ];
    const extra = { matches, ...(warnings.length > 0 ? { warnings } : {}) };
    const failed = (errors: ErrorDetail[]): Outcome => ({
      report: { index, status: 'failed', title: record.title, errors, ...extra },
      organizationCreated: false,
    });
    if (details.length > 0) return failed(details);

    const importKey = importKeyOf(record, org.name, org.municipality);
    const existing = writes().findByImportKey(importKey);
    if (existing) {
      return {
        report: {
          index,
          status: 'duplicate',
          title: record.title,
          practiceId: existing.id,
          ...(existing.registryNumber ? { registryNumber: existing.registryNumber } : {}),
          ...extra,
        },
        organizationCreated: false,
        importKey,
      };
    }

    const publishedAt = record.publishedAt ? new Date(record.publishedAt).toISOString() : now().toISOString();
    const year = publicationYear(publishedAt);
    if (record.registryNumber) {
      const holder = repo.findPracticeByRegistryNumber(tx, record.registryNumber);
      if (holder) {
        const title =
          holder.publishedVersionId === null ? undefined : repo.findVersion(tx, holder.publishedVersionId)?.title;
        return failed([
          {
            field: 'registryNumber',
            message: `Номер ${record.registryNumber} уже присвоен другой практике${title ? ` («${title}»)` : ''}`,
          },
        ]);
      }
      if (parseRegistryNumber(record.registryNumber)?.year !== year) {
        return failed([
          { field: 'registryNumber', message: `Год в номере должен совпадать с годом публикации (${year})` },
        ]);
      }
    }

    const { organization, created: organizationCreated } = knownOrganization(tx, org, run);
    const content: PracticeContent = {
      title: record.title,
      summary: record.summary,
      ...perSection((s) => record[s]),
      ...codes,
      keywords: resolved.keywords,
      organizationId: organization.id,
      authors: record.authors.map((a) => ({ fullName: a.fullName, position: a.position, userId: null })),
      startedYear: record.startedYear,
    };
    checkReferences(
      tx,
      content,
      vocabularies,
      (inner, id) => run.organizationIds.has(id) || organizations.exists(inner, id),
    );
    const missing = missingForPublication(content).filter((d) => !(SECTIONS as readonly string[]).includes(d.field));
    if (missing.length > 0) throw validationError(missing);

    // A new practice, handed straight to publishing as a moderator's approval would be.
    const { practice, version: submitted } = writes().insertSubmitted(content, importKey, publishedAt);
    const { registryNumber } = publishVersion(
      tx,
      run.publishing,
      practice,
      submitted,
      new Date(publishedAt),
      record.registryNumber,
      { content, organization },
    );
    writes().appendHistory({
      practiceId: practice.id,
      versionNo: 1,
      actorUserId: null,
      actorName,
      action: 'import',
      toState: 'published',
      details: { registryNumber },
    });
    return {
      report: {
        index,
        status: 'created',
        title: record.title,
        practiceId: practice.id,
        registryNumber,
        ...extra,
        organization: {
          name: organization.name,
          status: organizationCreated ? 'new' : 'existing',
          ...(organizationCreated ? {} : { id: organization.id }),
        },
      },
      organizationCreated,
      importKey,
      organizationKey: `${looseOrganizationKey(org.name)}|${org.municipality}`,
    };
  }

  /** One record in a savepoint of the batch's transaction: written whole or not at all. */
  function importOne(raw: unknown, index: number, actorName: string, tx: Tx, run: Run): Outcome {
    const parsed = run.validator.check(raw);
    const title =
      typeof raw === 'object' && raw !== null && 'title' in raw && typeof raw.title === 'string'
        ? raw.title
        : undefined;
    if (!parsed.success) {
      const errors = parsed.issues.map((i) => ({ field: i.path.join('.') || 'запись', message: i.message }));
      return { report: { index, status: 'failed', ...(title ? { title } : {}), errors }, organizationCreated: false };
    }
    run.written = [];
    const mark = run.numbers?.mark();
    try {
      const outcome = preparedSavepoint(db.$client, tx, (inner) =>
        writeRecord(inner, index, parsed.data, actorName, run),
      );
      run.indexing.push(...run.written);
      return outcome;
    } catch (error) {
      if (mark) run.numbers!.undo(mark);
      if (!(error instanceof AppError)) throw error;
      return {
        report: {
          index,
          status: 'failed',
          title: parsed.data.title,
          errors: error.details ?? [{ field: 'запись', message: error.message }],
        },
        organizationCreated: false,
      };
    }
  }

  /** What a dry-run record means for the file as a whole. */
  function dryRunOutcome(outcome: Outcome, raw: unknown, keys: Set<string>, newOrganizations: Set<string>): Outcome {
    if (outcome.report.status !== 'created') return outcome;
    const { registryNumber: _rolledBack, ...report } = outcome.report;
    const given =
      typeof raw === 'object' && raw !== null && 'registryNumber' in raw ? String(raw.registryNumber) : undefined;
    if (keys.has(outcome.importKey!)) return { report: { ...report, status: 'duplicate' }, organizationCreated: false };
    keys.add(outcome.importKey!);
    // Numbers handed out in a rolled-back transaction mean nothing; only a number the file gives is shown.
    const organizationKey = outcome.organizationKey!;
    const organizationCreated = outcome.organizationCreated && !newOrganizations.has(organizationKey);
    if (outcome.organizationCreated) newOrganizations.add(organizationKey);
    return { report: { ...report, status: 'valid', ...(given ? { registryNumber: given } : {}) }, organizationCreated };
  }

  /** The admin history's line for a finished import. */
  function historySummary(report: Omit<ImportReport, 'records' | 'fileWarnings'>, source: string): string {
    return (
      `Импорт «${source}»: записей ${report.total}, добавлено ${report.created}, уже были ${report.duplicates}, ` +
      `с ошибками ${report.failed}, новых организаций ${report.organizationsCreated}`
    );
  }

  function summarise(results: Outcome[], dryRun: boolean, fileWarnings: string[]): ImportReport {
    const records = results.map((r) => r.report);
    const count = (status: ImportStatus) => records.filter((r) => r.status === status).length;
    return {
      dryRun,
      total: records.length,
      created: count(dryRun ? 'valid' : 'created'),
      duplicates: count('duplicate'),
      failed: count('failed'),
      organizationsCreated: results.filter((r) => r.organizationCreated).length,
      withWarnings: records.filter((r) => r.status !== 'failed' && (r.warnings?.length ?? 0) > 0).length,
      fileWarnings,
      records,
    };
  }

  return {
    /** Imports records (an array or `{practices: [...]}`, from JSON or a table) and reports on every record. */
    importRecords(file: unknown, options: ImportOptions = {}): ImportReport {
      return withPreparedStatements(db.$client, () => importList(file, options));
    },
  };

  function importList(file: unknown, options: ImportOptions): ImportReport {
    const dryRun = options.dryRun ?? false;
    const list = importFileSchema.safeParse(file);
    if (!list.success) {
      throw validationError([], 'Файл импорта должен содержать массив практик или объект с полем practices');
    }
    const actorName = options.actorName ?? 'Импорт';
    const fileWarnings = options.fileWarnings ?? [];
    // One matcher per run: the vocabularies as they are when the import starts.
    const run: Run = {
      resolver: createResolver(createTermMatcher(vocabularies), vocabularies, options),
      organizations: new Map(),
      organizationIds: new Set(),
      indexing: [],
      written: [],
      validator: createRecordValidator(),
      publishing: {
        engine: { index: (_tx, doc) => void run.written.push(doc), remove: (tx, id) => search.remove(tx, id) },
        vocabularies,
        sqlite: db.$client,
      },
    };
    const withRow = (outcome: Outcome, i: number): Outcome => {
      const row = options.rows?.[i];
      return row === undefined ? outcome : { ...outcome, report: { ...outcome.report, row } };
    };
    const results: Outcome[] = [];
    if (dryRun) {
      // Each record in its own transaction, rolled back: the server's writers wait for one record at most.
      // Duplicates within the file and organisations shared by records are tracked here, as a real run would see them.
      const keys = new Set<string>();
      const newOrganizations = new Set<string>();
      list.data.forEach((raw, i) => {
        let outcome: Outcome;
        try {
          outcome = writeTransaction(db, (tx) => {
            throw new DryRunRollback(importOne(raw, i + 1, actorName, tx, run));
          });
        } catch (error) {
          if (!(error instanceof DryRunRollback)) throw error;
          outcome = error.outcome;
        }
        results.push(withRow(dryRunOutcome(outcome, raw, keys, newOrganizations), i));
        run.indexing.length = 0; // rolled back: nothing to index
      });
      return summarise(results, true, fileWarnings);
    }
    for (let start = 0; start < list.data.length; start += batchSize) {
      const batch = list.data.slice(start, start + batchSize);
      const last = start + batchSize >= list.data.length;
      writeTransaction(db, (tx) => {
        run.numbers = createBatchNumbers(db.$client);
        run.publishing.numbers = run.numbers;
        results.push(...batch.map((raw, i) => withRow(importOne(raw, start + i + 1, actorName, tx, run), start + i)));
        run.numbers.flush();
        search.indexMany(tx, run.indexing.splice(0));
        // The admin history's row commits with the last batch: it never tells of an import that did not finish.
        if (last && options.actor) {
          const report = summarise(results, false, fileWarnings);
          recordAdminAction(tx, options.actor, {
            action: 'import.completed',
            targetType: 'import',
            targetId: null,
            summary: historySummary(report, options.source ?? 'файл'),
            details: {
              source: options.source ?? null,
              total: report.total,
              created: report.created,
              duplicates: report.duplicates,
              failed: report.failed,
              organizationsCreated: report.organizationsCreated,
            },
          });
        }
      });
    }
    return summarise(results, false, fileWarnings);
  }
}

export type Importer = ReturnType<typeof createImporter>;
