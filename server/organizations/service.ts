/** The directory of organisations that authors pick from. */
import type { Db, DbOrTx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import type { OrganizationStatus } from '../db/schema.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import * as repo from './repository.js';

export interface Organization {
  id: number;
  name: string;
  shortName: string | null;
  type: string;
  municipality: string;
  inn: string | null;
  /** `new` until an admin confirms an entry an author added. */
  status: OrganizationStatus;
}

export interface NewOrganization {
  name: string;
  shortName?: string | null | undefined;
  type: string;
  municipality: string;
  inn?: string | null | undefined;
  /** The author adding it: the entry is then `new`, shown to them at once and to others once confirmed. */
  addedBy?: number | undefined;
}

export const toOrganization = (row: repo.OrganizationRow): Organization => ({
  id: row.id,
  name: row.name,
  shortName: row.shortName,
  type: row.type,
  municipality: row.municipality,
  inn: row.inn,
  status: row.status,
});

/** Guesses the type from a name when an imported record does not say it. */
export function guessOrganizationType(name: string): string {
  const key = foldKey(name);
  if (/детск(ий|ого) сад|доу|дошкольн/.test(key)) return 'preschool';
  if (/колледж|техникум|училище/.test(key)) return 'vocational';
  // \b is ASCII-only in JS regexps; Cyrillic abbreviations need Unicode-aware word edges.
  if (/институт развития образования|(?<!\p{L})(соиро|иро)(?!\p{L})/u.test(key)) return 'iro';
  if (/дополнительного образования|творчества|школа искусств|дши|юных|кванториум|технопарк/.test(key))
    return 'additional';
  if (/школ|гимнази|лице|(?<!\p{L})(сош|оош|сш)(?!\p{L})/u.test(key)) return 'school';
  return 'other';
}

export function createOrganizationService(db: Db, vocabularies: VocabularyCatalogue) {
  function check(input: NewOrganization, prefix = ''): void {
    const details: ErrorDetail[] = [];
    if (!vocabularies.has('organizationTypes', input.type))
      details.push({ field: `${prefix}type`, message: `Неизвестный тип организации «${input.type}»` });
    if (!vocabularies.has('municipalities', input.municipality)) {
      details.push({
        field: `${prefix}municipality`,
        message: `Неизвестное муниципальное образование «${input.municipality}»`,
      });
    }
    if (details.length > 0) throw validationError(details);
  }

  /**
   * Finds the entry with the same name (or short name) in the same municipality, or adds one.
   * Runs inside the caller's transaction.
   */
  function findOrCreate(tx: DbOrTx, input: NewOrganization): { organization: Organization; created: boolean } {
    check(input);
    const nameKey = foldKey(input.name);
    const existing = repo.findOrganizationByKey(tx, nameKey, input.municipality);
    if (existing) return { organization: toOrganization(existing), created: false };
    const row = repo.insertOrganization(tx, {
      name: input.name,
      nameKey,
      shortName: input.shortName ?? null,
      shortNameKey: input.shortName ? foldKey(input.shortName) : null,
      searchText: foldKey(`${input.name} ${input.shortName ?? ''}`),
      type: input.type,
      municipality: input.municipality,
      inn: input.inn ?? null,
      ...(input.addedBy === undefined ? {} : { status: 'new' as const, addedBy: input.addedBy }),
    });
    return { organization: toOrganization(row), created: true };
  }

  return {
    /**
     * Searches the directory by words of the name or short name: confirmed entries, and the new ones `viewerId`
     * added (others see those once an admin confirms them).
     */
    list(
      query: {
        q?: string | undefined;
        municipality?: string | undefined;
        type?: string | undefined;
        limit: number;
        offset: number;
      },
      viewerId?: number,
    ) {
      const { items, total } = repo.searchOrganizations(db, {
        ...query,
        q: query.q ? foldKey(query.q) : undefined,
        addedBy: viewerId,
      });
      return { items: items.map(toOrganization), total };
    },

    get(id: number): Organization {
      const row = repo.findOrganization(db, id);
      if (!row || row.mergedIntoId !== null) throw new AppError('ORGANIZATION_NOT_FOUND');
      return toOrganization(row);
    },

    /** An entry, or the id of the one it was merged into (so old links and API clients learn where it went). */
    lookup(id: number): { organization: Organization } | { movedTo: number } {
      const row = repo.findOrganization(db, id);
      if (!row) throw new AppError('ORGANIZATION_NOT_FOUND');
      if (row.mergedIntoId === null) return { organization: toOrganization(row) };
      const target = repo.followMerges(db, id);
      if (!target) throw new AppError('ORGANIZATION_NOT_FOUND');
      return { movedTo: target.id };
    },

    exists(tx: DbOrTx, id: number): boolean {
      const row = repo.findOrganization(tx, id);
      return row !== undefined && row.mergedIntoId === null;
    },

    /**
     * Whether `viewerId` may name the entry in a practice or a profile: a confirmed one, or a «новая» one they added
     * themselves. Someone else's unconfirmed entry stays theirs until an admin confirms it, as in the pickers.
     */
    usable(tx: DbOrTx, id: number, viewerId: number | null): boolean {
      const row = repo.findOrganization(tx, id);
      if (row === undefined || row.mergedIntoId !== null) return false;
      return row.status === 'confirmed' || (viewerId !== null && row.addedBy === viewerId);
    },

    findOrCreate,

    /** Adds an organisation to the directory, or returns the one already there under that name. */
    create(input: NewOrganization) {
      return writeTransaction(db, (tx) => findOrCreate(tx, input));
    },
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
