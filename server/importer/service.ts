/**
 * Loads already-reviewed practices straight into the published state. Each record is checked and written in
 * its own transaction: a bad record is reported and never stops the good ones, and is never half-written.
 * Importing the same file twice creates nothing new. The demo catalogue loads through this same code.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/client.js';
import { savepoint, writeTransaction } from '../db/client.js';
import { AppError, type ErrorDetail } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { guessOrganizationType, type OrganizationService } from '../organizations/service.js';
import {
  checkReferences,
  missingForPublication,
  versionColumns,
  writeChildren,
  type PracticeContent,
} from '../practices/content.js';
import * as repo from '../practices/repository.js';
import { perPracticeVocabulary, perSection } from '../practices/schemas.js';
import { parseRegistryNumber, publicationYear } from '../registry/numbers.js';
import { publishVersion } from '../registry/publish.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { VOCABULARY_MODEL, type PracticeVocabulary } from '../model/vocabularies.js';
import type { SearchEngine } from '../../search/port.js';
import { importFileSchema, importRecordSchema, type ImportRecord } from './schemas.js';

export type ImportStatus = 'created' | 'duplicate' | 'failed' | 'valid';

export interface ImportRecordReport {
  /** 1-based position of the record in the file. */
  index: number;
  status: ImportStatus;
  title?: string;
  practiceId?: number;
  registryNumber?: string;
  errors?: ErrorDetail[];
}

export interface ImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  duplicates: number;
  failed: number;
  /** Organisations added to the directory. */
  organizationsCreated: number;
  records: ImportRecordReport[];
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
  search: Pick<SearchEngine, 'index' | 'remove'>;
  now?: () => Date;
}

/** Records written per transaction: one fsync per batch instead of per record, each record in its own savepoint. */
const BATCH = 100;

export function createImporter({ db, vocabularies, organizations, search, now = () => new Date() }: ImporterDeps) {
  /** Turns names into codes; collects a detail for each name no vocabulary knows. */
  function resolveCodes(record: ImportRecord, details: ErrorDetail[]) {
    const resolve = (vocabulary: PracticeVocabulary) => [
      ...new Set(
        record[vocabulary].flatMap((name, i) => {
          const code = vocabularies.resolve(vocabulary, name);
          if (!code)
            details.push({
              field: `${vocabulary}.${i}`,
              message: `Неизвестное значение «${name}» в справочнике «${VOCABULARY_MODEL[vocabulary].title}»`,
            });
          return code ? [code] : [];
        }),
      ),
    ];
    return perPracticeVocabulary(resolve);
  }

  function resolveOrganization(record: ImportRecord, details: ErrorDetail[]) {
    const org = typeof record.organization === 'string' ? { name: record.organization } : record.organization;
    const municipality = vocabularies.resolve('municipalities', record.municipality);
    if (!municipality)
      details.push({
        field: 'municipality',
        message: `Неизвестное муниципальное образование «${record.municipality}»`,
      });
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

  /** The same practice of the same organisation is the same record, whether or not a number came with it. */
  function importKeyOf(record: ImportRecord, organizationName: string, municipality: string): string {
    const basis = [record.title, organizationName, municipality].map(foldKey).join('|');
    return `sha256:${createHash('sha256').update(basis).digest('hex')}`;
  }

  function writeRecord(tx: Tx, index: number, record: ImportRecord, actorName: string): Outcome {
    const details: ErrorDetail[] = [];
    const codes = resolveCodes(record, details);
    const org = resolveOrganization(record, details);
    const failed = (errors: ErrorDetail[]): Outcome => ({
      report: { index, status: 'failed', title: record.title, errors },
      organizationCreated: false,
    });
    if (details.length > 0) return failed(details);

    const importKey = importKeyOf(record, org.name, org.municipality);
    const existing = repo.findPracticeByImportKey(tx, importKey);
    if (existing) {
      return {
        report: {
          index,
          status: 'duplicate',
          title: record.title,
          practiceId: existing.id,
          ...(existing.registryNumber ? { registryNumber: existing.registryNumber } : {}),
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

    const { organization, created: organizationCreated } = organizations.findOrCreate(tx, org);
    const content: PracticeContent = {
      title: record.title,
      summary: record.summary,
      ...perSection((s) => record[s]),
      ...codes,
      keywords: record.keywords,
      organizationId: organization.id,
      authors: record.authors.map((a) => ({ fullName: a.fullName, position: a.position, userId: null })),
      startedYear: record.startedYear,
    };
    checkReferences(tx, content, vocabularies, organizations.exists);
    const missing = missingForPublication(content);
    if (missing.length > 0) throw new AppError('VALIDATION_FAILED', undefined, missing);

    // A new practice, handed straight to publishing as a moderator's approval would be.
    const practice = repo.insertPractice(tx, {
      createdBy: null,
      registryNumber: null,
      importKey,
      createdAt: publishedAt,
    });
    const submitted = repo.insertVersion(tx, {
      practiceId: practice.id,
      versionNo: 1,
      state: 'submitted',
      ...versionColumns(content),
      createdAt: publishedAt,
      updatedAt: publishedAt,
      submittedAt: publishedAt,
    });
    writeChildren(tx, submitted.id, content, true);
    repo.updatePractice(tx, practice.id, { latestVersionId: submitted.id });
    const { registryNumber } = publishVersion(
      tx,
      { engine: search, vocabularies },
      { ...practice, latestVersionId: submitted.id },
      submitted,
      new Date(publishedAt),
      record.registryNumber,
    );
    appendHistory(tx, {
      practiceId: practice.id,
      versionNo: 1,
      actorUserId: null,
      actorName,
      action: 'import',
      toState: 'published',
      details: { registryNumber },
    });
    return {
      report: { index, status: 'created', title: record.title, practiceId: practice.id, registryNumber },
      organizationCreated,
      importKey,
      organizationKey: `${foldKey(org.name)}|${org.municipality}`,
    };
  }

  /** One record in a savepoint of the batch's transaction: written whole or not at all. */
  function importOne(raw: unknown, index: number, actorName: string, tx: Tx): Outcome {
    const parsed = importRecordSchema.safeParse(raw);
    const title =
      typeof raw === 'object' && raw !== null && 'title' in raw && typeof raw.title === 'string'
        ? raw.title
        : undefined;
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'запись', message: i.message }));
      return { report: { index, status: 'failed', ...(title ? { title } : {}), errors }, organizationCreated: false };
    }
    try {
      return savepoint(tx, (inner) => writeRecord(inner, index, parsed.data, actorName));
    } catch (error) {
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

  return {
    /** Imports parsed JSON (an array of records or `{practices: [...]}`) and reports on every record. */
    importRecords(file: unknown, options: { dryRun?: boolean; actorName?: string } = {}): ImportReport {
      const dryRun = options.dryRun ?? false;
      const list = importFileSchema.safeParse(file);
      if (!list.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Файл импорта должен содержать массив практик или объект с полем practices',
          [],
        );
      }
      const actorName = options.actorName ?? 'Импорт';
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
              throw new DryRunRollback(importOne(raw, i + 1, actorName, tx));
            });
          } catch (error) {
            if (!(error instanceof DryRunRollback)) throw error;
            outcome = error.outcome;
          }
          results.push(dryRunOutcome(outcome, raw, keys, newOrganizations));
        });
      } else {
        for (let start = 0; start < list.data.length; start += BATCH) {
          const batch = list.data.slice(start, start + BATCH);
          results.push(
            ...writeTransaction(db, (tx) => batch.map((raw, i) => importOne(raw, start + i + 1, actorName, tx))),
          );
        }
      }
      const records = results.map((r) => r.report);
      const count = (status: ImportStatus) => records.filter((r) => r.status === status).length;
      return {
        dryRun,
        total: records.length,
        created: count(dryRun ? 'valid' : 'created'),
        duplicates: count('duplicate'),
        failed: count('failed'),
        organizationsCreated: results.filter((r) => r.organizationCreated).length,
        records,
      };
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
