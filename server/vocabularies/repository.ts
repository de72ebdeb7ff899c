import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { vocabularyTerms, type VocabularyName } from '../db/schema.js';

export interface TermRow {
  vocabulary: VocabularyName;
  code: string;
  label: string;
  synonyms: string[];
  sortOrder: number;
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
