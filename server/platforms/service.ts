/**
 * Innovation platforms: the public registry (list with filters, one platform with its practices and files) and
 * its upkeep by moderators and admins. Every change is one transaction with its row of admin_history.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { platformPractices, platforms, practices } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';
import { followMerges } from '../organizations/repository.js';
import { listedByIds } from '../registry/repository.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { LEVEL_LABELS, STATUS_LABELS } from './model.js';
import * as repo from './repository.js';
import type { NewPlatform, PlatformPatch, PlatformQuery } from './schemas.js';

/** The page of a platform, for links from everywhere. */
export const platformUrl = (id: number) => `/platforms/${id}`;
/** Where a platform's file is downloaded. */
export const platformFileUrl = (id: number) => `/api/v1/platform-files/${id}`;

/** The fields' names as the admin history's summary says them. */
const FIELD_NAMES: Record<string, string> = {
  organizationId: 'организация',
  theme: 'тема',
  level: 'уровень',
  status: 'статус',
  yearFrom: 'год начала',
  yearTo: 'год окончания',
  orderNumber: 'номер приказа',
  orderDate: 'дата приказа',
  orderIssuer: 'кто издал приказ',
  description: 'описание',
};

const isUnique = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

export interface PlatformDeps {
  db: Db;
  vocabularies: Pick<VocabularyCatalogue, 'label'>;
}

export function createPlatformService({ db, vocabularies }: PlatformDeps) {
  const summary = (row: repo.ListedPlatform, practiceCount: number) => ({
    id: row.id,
    theme: row.theme,
    level: row.level,
    levelLabel: LEVEL_LABELS[row.level],
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    yearFrom: row.yearFrom,
    yearTo: row.yearTo,
    organization: {
      id: row.organization.id,
      name: row.organization.name,
      shortName: row.organization.shortName,
      municipality: row.organization.municipality,
      municipalityLabel:
        vocabularies.label('municipalities', row.organization.municipality) ?? row.organization.municipality,
    },
    practiceCount,
    demo: row.demo,
    url: platformUrl(row.id),
  });

  function details(row: repo.ListedPlatform) {
    const linked = listedByIds(db, repo.practiceIdsOf(db, row.id));
    return {
      ...summary(row, linked.length),
      order: { number: row.orderNumber, date: row.orderDate, issuer: row.orderIssuer },
      description: row.description,
      practices: linked.map((p) => ({
        id: p.id,
        registryNumber: p.registryNumber,
        title: p.title,
        url: `/practices/${p.registryNumber}`,
      })),
      files: repo.filesOf(db, row.id).map((f) => ({
        id: f.id,
        kind: f.kind,
        year: f.year,
        name: f.name,
        size: f.size,
        contentType: f.mime,
        url: platformFileUrl(f.id),
      })),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  function load(tx: DbOrTx, id: number): repo.ListedPlatform {
    const row = repo.findPlatform(tx, id);
    if (!row) throw new AppError('PLATFORM_NOT_FOUND');
    return row;
  }

  /** The live directory entry (a merged one leads to where it went), or a field error naming `field`. */
  function organizationOf(tx: DbOrTx, id: number, field = 'organizationId'): number {
    const row = followMerges(tx, id);
    if (!row) throw validationError([{ field, message: 'Такой организации нет в справочнике' }]);
    return row.id;
  }

  /** A published, not withdrawn practice by its registry number (a version's «/v2» is ignored). */
  function publishedByNumber(tx: DbOrTx, number: string, field: string): number {
    const base = number.trim().replace(/\/v\d+$/i, '');
    const row = tx
      .select({ id: practices.id })
      .from(practices)
      .where(
        and(
          eq(practices.registryNumber, base),
          sql`${practices.publishedVersionId} IS NOT NULL AND ${practices.withdrawnAt} IS NULL`,
        ),
      )
      .get();
    if (!row)
      throw validationError([
        { field, message: `Опубликованной практики с номером «${number}» в реестре нет: проверьте номер` },
      ]);
    return row.id;
  }

  const describe = (row: { theme: string }) => `«${row.theme.slice(0, 120)}»`;

  /** Inserts a platform inside `tx` (the import and the form share it); PLATFORM_EXISTS for a second copy. */
  function insert(tx: Tx, actor: AdminActor, input: NewPlatform & { demo?: boolean }): number {
    const organizationId = organizationOf(tx, input.organizationId);
    let id: number;
    try {
      id = tx
        .insert(platforms)
        .values({ ...input, organizationId, themeKey: foldKey(input.theme) })
        .returning({ id: platforms.id })
        .get().id;
    } catch (error) {
      if (isUnique(error)) throw new AppError('PLATFORM_EXISTS');
      throw error;
    }
    recordAdminAction(tx, actor, {
      action: 'platform.created',
      targetType: 'platform',
      targetId: String(id),
      summary: `Добавлена инновационная площадка ${describe(input)}`,
      details: { organizationId, level: input.level, status: input.status },
    });
    return id;
  }

  /** Changes the fields sent, links and unlinks practices, inside `tx`. */
  function applyUpdate(tx: Tx, actor: AdminActor, id: number, patch: PlatformPatch): void {
    const before = load(tx, id);
    const { addPractices = [], removePractices = [], ...fields } = patch;
    const yearFrom = fields.yearFrom ?? before.yearFrom;
    const yearTo = fields.yearTo === undefined ? before.yearTo : fields.yearTo;
    if (yearTo !== null && yearTo < yearFrom)
      throw validationError([{ field: 'yearTo', message: 'Год окончания не может быть раньше года начала' }]);
    const set: Partial<typeof platforms.$inferInsert> = { ...fields };
    if (fields.organizationId !== undefined) set.organizationId = organizationOf(tx, fields.organizationId);
    if (fields.theme !== undefined) set.themeKey = foldKey(fields.theme);
    const changed = Object.keys(fields).filter(
      (k) => (before as Record<string, unknown>)[k] !== (set as Record<string, unknown>)[k],
    );
    const add = addPractices.map((n, i) => publishedByNumber(tx, n, `addPractices.${i}`));
    const remove = removePractices.map((n, i) => publishedByNumber(tx, n, `removePractices.${i}`));
    try {
      tx.update(platforms)
        .set({ ...set, updatedAt: new Date().toISOString() })
        .where(eq(platforms.id, id))
        .run();
    } catch (error) {
      if (isUnique(error)) throw new AppError('PLATFORM_EXISTS');
      throw error;
    }
    for (const practiceId of add)
      tx.insert(platformPractices).values({ platformId: id, practiceId }).onConflictDoNothing().run();
    for (const practiceId of remove)
      tx.delete(platformPractices)
        .where(and(eq(platformPractices.platformId, id), eq(platformPractices.practiceId, practiceId)))
        .run();
    const parts = [
      changed.length ? `изменено: ${changed.map((f) => FIELD_NAMES[f] ?? f).join(', ')}` : '',
      fields.status && fields.status !== before.status ? `статус «${STATUS_LABELS[fields.status]}»` : '',
      add.length ? `добавлено практик: ${add.length}` : '',
      remove.length ? `убрано практик: ${remove.length}` : '',
    ].filter(Boolean);
    recordAdminAction(tx, actor, {
      action: fields.status && fields.status !== before.status ? 'platform.status_changed' : 'platform.updated',
      targetType: 'platform',
      targetId: String(id),
      summary: `Площадка ${describe(fields.theme ? { theme: fields.theme } : before)}: ${parts.join('; ') || 'без изменений'}`,
      details: { changed, added: add, removed: remove },
    });
  }

  return {
    /** A page of the registry with its filters; a municipality code the vocabulary does not know is a 400. */
    list(query: PlatformQuery) {
      const words = foldKey(query.q ?? '')
        .split(' ')
        .filter(Boolean);
      if (query.municipality && !vocabularies.label('municipalities', query.municipality))
        throw validationError([
          { field: 'querystring.municipality', message: `Неизвестный код муниципалитета «${query.municipality}»` },
        ]);
      const { items, total } = repo.listPlatforms(
        db,
        { words, level: query.level, status: query.status, municipality: query.municipality },
        { limit: query.perPage, offset: (query.page - 1) * query.perPage },
      );
      const counts = repo.practiceCounts(
        db,
        items.map((p) => p.id),
      );
      return {
        items: items.map((p) => summary(p, counts.get(p.id) ?? 0)),
        total,
        page: query.page,
        pages: Math.max(1, Math.ceil(total / query.perPage)),
      };
    },

    /** Everything about one platform. */
    get(id: number) {
      return details(load(db, id));
    },

    create(actor: AdminActor, input: NewPlatform & { demo?: boolean }) {
      const id = writeTransaction(db, (tx) => insert(tx, actor, input));
      return details(load(db, id));
    },

    /** For the importer: one platform inside its transaction. */
    insert,

    /** Changes the fields sent, links and unlinks practices; all or nothing. */
    update(actor: AdminActor, id: number, patch: PlatformPatch) {
      writeTransaction(db, (tx) => applyUpdate(tx, actor, id, patch));
      return details(load(db, id));
    },

    /** For the importer: a change inside its transaction. */
    applyUpdate,

    /** Platforms of an organisation, for its page. */
    ofOrganization(organizationId: number) {
      const rows = repo.platformsOfOrganization(db, organizationId);
      const counts = repo.practiceCounts(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => summary(r, counts.get(r.id) ?? 0));
    },

    /** Platforms a practice belongs to, for the line on its page. */
    ofPractice(practiceId: number) {
      return repo
        .platformsOfPractice(db, practiceId)
        .map((p) => ({ id: p.id, theme: p.theme, url: platformUrl(p.id) }));
    },

    /** Whether stored bytes belong to a platform's file: the sweep must keep them. */
    isReferenced(sha256: string): boolean {
      return repo.referencesBlob(db, sha256);
    },
  };
}

export type PlatformService = ReturnType<typeof createPlatformService>;
export type PlatformDetails = ReturnType<PlatformService['get']>;
export type PlatformSummary = ReturnType<PlatformService['list']>['items'][number];
