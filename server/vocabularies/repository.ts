import { and, asc, eq, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import {
  organizations,
  practices,
  practiceTerms,
  practiceVersions,
  vocabularyTerms,
  type VocabularyName,
} from '../db/schema.js';
import { vocabularySpec, type PracticeVocabulary } from '../model/vocabularies.js';

export interface TermRow {
  vocabulary: VocabularyName;
  code: string;
  label: string;
  synonyms: string[];
  sortOrder: number;
  /** Set when an admin retired the term; the fixture's rows have none. */
  retiredAt?: string | null;
}

export function listTerms(db: DbOrTx): TermRow[] {
  return db
    .select()
    .from(vocabularyTerms)
    .orderBy(asc(vocabularyTerms.vocabulary), asc(vocabularyTerms.sortOrder))
    .all();
}

/** Adds the terms that are missing; existing terms keep what admins may have changed. */
export function insertMissingTerms(db: DbOrTx, terms: TermRow[]): number {
  if (terms.length === 0) return 0;
  const result = db
    .insert(vocabularyTerms)
    .values(terms)
    .onConflictDoNothing({ target: [vocabularyTerms.vocabulary, vocabularyTerms.code] })
    .run();
  return result.changes;
}

/** Whether a code is taken in the vocabulary, retired terms included: codes are never reused. */
export function codeExists(db: DbOrTx, vocabulary: VocabularyName, code: string): boolean {
  return (
    db
      .select({ code: vocabularyTerms.code })
      .from(vocabularyTerms)
      .where(and(eq(vocabularyTerms.vocabulary, vocabulary), eq(vocabularyTerms.code, code)))
      .get() !== undefined
  );
}

/** Adds a term at the end of its vocabulary's display order. */
export function insertTerm(db: DbOrTx, term: Omit<TermRow, 'sortOrder' | 'retiredAt'>): void {
  const last = db
    .select({ last: max(vocabularyTerms.sortOrder) })
    .from(vocabularyTerms)
    .where(eq(vocabularyTerms.vocabulary, term.vocabulary))
    .get();
  db.insert(vocabularyTerms)
    .values({ ...term, sortOrder: (last?.last ?? -1) + 1 })
    .run();
}

/** Changes what can change of a term (never its code); true when the term exists. */
export function updateTerm(
  db: DbOrTx,
  vocabulary: VocabularyName,
  code: string,
  change: Partial<Pick<TermRow, 'label' | 'synonyms' | 'retiredAt'>>,
): boolean {
  return (
    db
      .update(vocabularyTerms)
      .set(change)
      .where(and(eq(vocabularyTerms.vocabulary, vocabulary), eq(vocabularyTerms.code, code)))
      .run().changes > 0
  );
}

/**
 * The practices whose public search document shows the term: their published version carries it (a practice
 * vocabulary) or their organisation lies in it (a municipality's label is in the document's names).
 */
export function publishedPracticesWith(db: DbOrTx, vocabulary: VocabularyName, code: string): number[] {
  const spec = vocabularySpec(vocabulary);
  const live = and(isNotNull(practices.publishedVersionId), isNull(practices.withdrawnAt));
  if (spec.source === 'practice') {
    return db
      .selectDistinct({ id: practices.id })
      .from(practices)
      .innerJoin(practiceTerms, eq(practiceTerms.versionId, practices.publishedVersionId))
      .where(and(live, eq(practiceTerms.vocabulary, vocabulary as PracticeVocabulary), eq(practiceTerms.code, code)))
      .all()
      .map((r) => r.id);
  }
  if (spec.organizationField !== 'municipality') return [];
  return db
    .selectDistinct({ id: practices.id })
    .from(practices)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
    .innerJoin(organizations, eq(organizations.id, practiceVersions.organizationId))
    .where(and(live, eq(organizations.municipality, code)))
    .all()
    .map((r) => r.id);
}

/** How many versions of practices (any state) carry each term of a practice vocabulary: shown beside the terms. */
export function termUsage(db: DbOrTx, vocabulary: PracticeVocabulary): Map<string, number> {
  const rows = db
    .select({ code: practiceTerms.code, n: sql<number>`count(DISTINCT ${practiceVersions.practiceId})` })
    .from(practiceTerms)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practiceTerms.versionId))
    .where(eq(practiceTerms.vocabulary, vocabulary))
    .groupBy(practiceTerms.code)
    .all();
  return new Map(rows.map((r) => [r.code, r.n]));
}
