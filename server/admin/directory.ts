/**
 * The organisation directory as administrators keep it: edit an entry (its INN checked by the check digits),
 * confirm one an author added, merge a duplicate into the entry that stays, and see likely duplicates. Every change
 * and its line in the admin history are one transaction; practices whose public text names the organisation are
 * re-indexed in that transaction too, so search finds them by the new name.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SearchEngine } from '../../search/port.js';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { organizations, practices, practiceVersions } from '../db/schema.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import { combineAdoptionsForMerge } from '../adoptions/merge.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';
import { findDuplicates } from '../organizations/duplicates.js';
import { innProblem } from '../organizations/inn.js';
import * as repo from '../organizations/repository.js';
import { findPractice } from '../practices/repository.js';
import { loadSearchDocument } from '../search-api/documents.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';

export const ADMIN_ORGANIZATIONS_PER_PAGE = 30;

/** What an administrator may change in an entry. */
export interface OrganizationEdit {
  name: string;
  shortName: string | null;
  type: string;
  municipality: string;
  inn: string | null;
  address: string | null;
}

export interface DirectoryDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  engine: Pick<SearchEngine, 'index' | 'remove'>;
}

/** An entry as the admin area lists it, with how much of the bank points at it. */
export interface AdminOrganization extends repo.OrganizationRow {
  typeLabel: string;
  municipalityLabel: string;
  /** Practices (any version) naming it. */
  practices: number;
  /** Accounts naming it as their organisation. */
  people: number;
}

export function createAdminDirectory({ db, vocabularies, engine }: DirectoryDeps) {
  function usage(tx: Db | Tx, ids: number[]) {
    const practicesOf = new Map<number, number>();
    const peopleOf = new Map<number, number>();
    if (ids.length === 0) return { practicesOf, peopleOf };
    const list = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    for (const r of tx.all<{ id: number; n: number }>(
      sql`SELECT organization_id AS id, count(DISTINCT practice_id) AS n FROM practice_versions
          WHERE organization_id IN (${list}) GROUP BY organization_id`,
    ))
      practicesOf.set(r.id, r.n);
    for (const r of tx.all<{ id: number; n: number }>(
      sql`SELECT organization_id AS id, count(*) AS n FROM users WHERE organization_id IN (${list}) GROUP BY organization_id`,
    ))
      peopleOf.set(r.id, r.n);
    return { practicesOf, peopleOf };
  }

  function present(tx: Db | Tx, rows: repo.OrganizationRow[]): AdminOrganization[] {
    const { practicesOf, peopleOf } = usage(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      ...r,
      typeLabel: vocabularies.label('organizationTypes', r.type) ?? r.type,
      municipalityLabel: vocabularies.label('municipalities', r.municipality) ?? r.municipality,
      practices: practicesOf.get(r.id) ?? 0,
      people: peopleOf.get(r.id) ?? 0,
    }));
  }

  /** An entry that exists and was not merged away; a merged one says where it went. */
  function live(tx: Db | Tx, id: number, field?: string): repo.OrganizationRow {
    const row = repo.findOrganization(tx, id);
    if (!row) {
      if (field) throw validationError([{ field, message: 'Такой организации нет в справочнике' }]);
      throw new AppError('ORGANIZATION_NOT_FOUND');
    }
    if (row.mergedIntoId !== null) {
      const message = `Организация уже объединена с записью № ${repo.followMerges(tx, id)?.id ?? row.mergedIntoId}`;
      if (field) throw validationError([{ field, message }]);
      throw new AppError('ORGANIZATION_MERGED', message);
    }
    return row;
  }

  /** Re-indexes the published practices whose published version names one of `organizationIds`, and `also`. */
  function reindexPracticesOf(tx: Tx, organizationIds: number[], also: number[] = []): number {
    const ids = tx
      .selectDistinct({ id: practices.id })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
      .where(and(inArray(practiceVersions.organizationId, organizationIds), isNull(practices.withdrawnAt)))
      .all()
      .map((r) => r.id);
    return reindexPractices(tx, [...new Set([...ids, ...also])]);
  }

  /** Re-indexes these practices as the database now holds them (removes one the public can no longer see). */
  function reindexPractices(tx: Tx, ids: number[]): number {
    for (const id of ids) {
      const practice = findPractice(tx, id);
      const doc = practice ? loadSearchDocument(tx, practice, vocabularies) : undefined;
      if (doc) engine.index(tx, doc);
      else engine.remove(tx, id);
    }
    return ids.length;
  }

  /**
   * Every column of the bank that points at an organisation, found from the database's own foreign keys: a table
   * added later with such a link is moved by a merge without anyone remembering to list it here.
   */
  function referencingColumns(tx: Tx): { table: string; column: string }[] {
    const tables = tx.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    );
    return tables.flatMap(({ name }) =>
      tx
        .all<{ table: string; from: string }>(sql`SELECT "table", "from" FROM pragma_foreign_key_list(${name})`)
        .filter((fk) => fk.table === 'organizations')
        .map((fk) => ({ table: name, column: fk.from })),
    );
  }

  function checkEdit(input: OrganizationEdit): void {
    const details: ErrorDetail[] = [];
    if (!vocabularies.has('organizationTypes', input.type))
      details.push({ field: 'type', message: 'Выберите тип организации из списка' });
    if (!vocabularies.has('municipalities', input.municipality))
      details.push({ field: 'municipality', message: 'Выберите муниципальное образование из списка' });
    const inn = input.inn ? innProblem(input.inn) : null;
    if (inn) details.push({ field: 'inn', message: inn });
    if (details.length > 0) throw validationError(details);
  }

  return {
    /** The directory for admins: every live entry (or only the new ones), with what points at each. */
    list(query: {
      q?: string | undefined;
      municipality?: string | undefined;
      type?: string | undefined;
      status: 'any' | 'new';
      page: number;
    }) {
      const { items, total } = repo.searchOrganizations(db, {
        q: query.q ? foldKey(query.q) : undefined,
        municipality: query.municipality,
        type: query.type,
        status: query.status,
        limit: ADMIN_ORGANIZATIONS_PER_PAGE,
        offset: (query.page - 1) * ADMIN_ORGANIZATIONS_PER_PAGE,
      });
      return {
        items: present(db, items),
        total,
        page: query.page,
        pages: Math.max(1, Math.ceil(total / ADMIN_ORGANIZATIONS_PER_PAGE)),
      };
    },

    /** One live entry with its usage. */
    get(id: number): AdminOrganization {
      return present(db, [live(db, id)])[0]!;
    },

    /** Entries waiting for an admin (added by authors). */
    pendingCount(): number {
      return repo.searchOrganizations(db, { status: 'new', limit: 1, offset: 0 }).total;
    },

    /** Groups of live entries whose names differ only in writing, within one municipality. */
    duplicates(limit = 50): AdminOrganization[][] {
      const rows = db.select().from(organizations).where(isNull(organizations.mergedIntoId)).all();
      return findDuplicates(rows)
        .slice(0, limit)
        .map((group) => present(db, group));
    },

    /** Saves an admin's edit; the practices it names are re-indexed under the new name. */
    update(actor: AdminActor, id: number, input: OrganizationEdit): AdminOrganization {
      checkEdit(input);
      return writeTransaction(db, (tx) => {
        const before = live(tx, id);
        const nameKey = foldKey(input.name);
        // The name must stay unique in its municipality, merged entries included (their names keep redirecting).
        const clash = tx
          .select()
          .from(organizations)
          .where(and(eq(organizations.nameKey, nameKey), eq(organizations.municipality, input.municipality)))
          .get();
        if (clash && clash.id !== id) {
          const other = clash.mergedIntoId === null ? clash : (repo.followMerges(tx, clash.id) ?? clash);
          throw validationError([
            {
              field: 'name',
              message: `В этом муниципалитете уже есть «${other.name}» (№ ${other.id}): объедините записи вместо переименования`,
            },
          ]);
        }
        tx.update(organizations)
          .set({
            name: input.name,
            nameKey,
            shortName: input.shortName,
            shortNameKey: input.shortName ? foldKey(input.shortName) : null,
            searchText: foldKey(`${input.name} ${input.shortName ?? ''}`),
            type: input.type,
            municipality: input.municipality,
            inn: input.inn,
            address: input.address,
          })
          .where(eq(organizations.id, id))
          .run();
        const changed = (Object.keys(input) as (keyof OrganizationEdit)[]).filter((k) => before[k] !== input[k]);
        if (changed.length === 0) return present(tx, [before])[0]!;
        const reindexed = reindexPracticesOf(tx, [id]);
        recordAdminAction(tx, actor, {
          action: 'organization.updated',
          targetType: 'organization',
          targetId: String(id),
          summary: `Организация «${input.name}» изменена`,
          details: {
            changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: input[k] }])),
            reindexed,
          },
        });
        return present(tx, [live(tx, id)])[0]!;
      });
    },

    /** Confirms an entry an author added: it joins the public directory and everyone's pickers. */
    confirm(actor: AdminActor, id: number): void {
      writeTransaction(db, (tx) => {
        const row = live(tx, id);
        if (row.status === 'confirmed') return;
        tx.update(organizations).set({ status: 'confirmed' }).where(eq(organizations.id, id)).run();
        recordAdminAction(tx, actor, {
          action: 'organization.confirmed',
          targetType: 'organization',
          targetId: String(id),
          summary: `Организация «${row.name}» подтверждена и добавлена в справочник`,
        });
      });
    },

    /**
     * Merges `mergedId` into `keptId`: every practice version, account and other link moves to the kept entry, the
     * merged one stays only as a pointer (its address redirects), and the moved practices are re-indexed.
     */
    merge(actor: AdminActor, mergedId: number, keptId: number): { moved: Record<string, number>; reindexed: number } {
      if (mergedId === keptId)
        throw validationError([
          { field: 'keptId', message: 'Выберите другую организацию: запись нельзя объединить с собой' },
        ]);
      return writeTransaction(db, (tx) => {
        const merged = live(tx, mergedId);
        const kept = live(tx, keptId, 'keptId');
        const adopted = combineAdoptionsForMerge(tx, mergedId, keptId, {
          by: actor.userId,
          at: new Date().toISOString(),
          reason: `Организация «${merged.name}» объединена с «${kept.name}», у которой уже есть сообщение о внедрении этой практики`,
        });
        const moved: Record<string, number> = {};
        for (const { table, column } of referencingColumns(tx)) {
          const target = sql.identifier(column);
          const changes = tx.run(
            sql`UPDATE ${sql.identifier(table)} SET ${target} = ${keptId} WHERE ${target} = ${mergedId}`,
          ).changes;
          if (changes > 0) moved[`${table}.${column}`] = changes;
        }
        // Entries merged earlier into this one now point straight at the kept one.
        tx.update(organizations).set({ mergedIntoId: keptId }).where(eq(organizations.mergedIntoId, mergedId)).run();
        tx.update(organizations).set({ mergedIntoId: keptId }).where(eq(organizations.id, mergedId)).run();
        // What the kept entry lacks, the merged one may know; an admin merging has reviewed both.
        tx.update(organizations)
          .set({
            status: 'confirmed',
            inn: kept.inn ?? merged.inn,
            address: kept.address ?? merged.address,
            ...(kept.shortName === null && merged.shortName !== null
              ? {
                  shortName: merged.shortName,
                  shortNameKey: merged.shortNameKey,
                  searchText: foldKey(`${kept.name} ${merged.shortName}`),
                }
              : {}),
          })
          .where(eq(organizations.id, keptId))
          .run();
        // The kept entry's own practices (its name changed in them) and those whose adoptions were combined.
        const reindexed = reindexPracticesOf(tx, [keptId], adopted.practiceIds);
        recordAdminAction(tx, actor, {
          action: 'organization.merged',
          targetType: 'organization',
          targetId: String(mergedId),
          summary:
            `Организация «${merged.name}» (№ ${mergedId}) объединена с «${kept.name}» (№ ${keptId})` +
            (adopted.combined.length > 0
              ? `; сообщений о внедрении одной и той же практики объединено: ${adopted.combined.length}`
              : ''),
          details: {
            keptId,
            keptName: kept.name,
            mergedName: merged.name,
            moved,
            reindexed,
            ...(adopted.combined.length > 0 ? { adoptionsCombined: adopted.combined } : {}),
          },
        });
        return { moved, reindexed };
      });
    },
  };
}

export type AdminDirectory = ReturnType<typeof createAdminDirectory>;
