/**
 * The controlled vocabularies: stable English codes, Russian labels, synonyms for search.
 * Held in memory after start-up: they are small and read on every validation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { VOCABULARIES, type VocabularyName } from '../model/vocabularies.js';
import { fixturesDir } from '../shared/paths.js';
import { foldKey } from '../shared/text.js';
import { insertMissingTerms, listTerms, type TermRow } from './repository.js';

export interface Term {
  code: string;
  label: string;
  synonyms: string[];
}

/** Every vocabulary of the model, each with at least one term: a vocabulary without terms cannot be used. */
const fixtureSchema = z.record(
  z.enum(VOCABULARIES),
  z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]+$/),
        label: z.string().min(1),
        synonyms: z.array(z.string()).default([]),
      }),
    )
    .min(1, 'Справочник без терминов'),
);

/** Reads `fixtures/vocabularies.json`, the source of the full lists; it must hold every vocabulary of the model. */
export function readVocabularyFixture(file = path.join(fixturesDir, 'vocabularies.json')): TermRow[] {
  const parsed = fixtureSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return Object.entries(parsed).flatMap(([vocabulary, terms]) =>
    terms.map((t, i) => ({
      vocabulary: vocabulary as VocabularyName,
      code: t.code,
      label: t.label,
      synonyms: t.synonyms,
      sortOrder: i,
    })),
  );
}

export class VocabularyCatalogue {
  private readonly byVocabulary = new Map<VocabularyName, Term[]>();
  private readonly byCode = new Map<string, Term>();
  private readonly byName = new Map<string, string>();

  constructor(rows: TermRow[]) {
    for (const name of VOCABULARIES) this.byVocabulary.set(name, []);
    for (const row of rows) {
      const term = { code: row.code, label: row.label, synonyms: row.synonyms };
      this.byVocabulary.get(row.vocabulary)?.push(term);
      this.byCode.set(`${row.vocabulary}:${row.code}`, term);
    }
    // Names resolve codes in the importer: the code itself, the label, then synonyms (first writer wins,
    // so a synonym never shadows another term's label).
    for (const pass of ['code', 'label', 'synonyms'] as const) {
      for (const row of rows) {
        const names = pass === 'code' ? [row.code] : pass === 'label' ? [row.label] : row.synonyms;
        for (const name of names) {
          const key = `${row.vocabulary}:${foldKey(name)}`;
          if (!this.byName.has(key)) this.byName.set(key, row.code);
        }
      }
    }
  }

  /** All terms of one vocabulary, in their display order. */
  terms(vocabulary: VocabularyName): Term[] {
    return this.byVocabulary.get(vocabulary) ?? [];
  }

  has(vocabulary: VocabularyName, code: string): boolean {
    return this.byCode.has(`${vocabulary}:${code}`);
  }

  label(vocabulary: VocabularyName, code: string): string | undefined {
    return this.byCode.get(`${vocabulary}:${code}`)?.label;
  }

  /** The code for a code, a Russian label or a synonym, compared case- and ё-insensitively. */
  resolve(vocabulary: VocabularyName, name: string): string | undefined {
    return this.byName.get(`${vocabulary}:${foldKey(name)}`);
  }
}

/** Loads terms missing from the database out of the fixture, and returns the catalogue. */
export function loadVocabularies(db: Db): VocabularyCatalogue {
  writeTransaction(db, (tx) => insertMissingTerms(tx, readVocabularyFixture()));
  return new VocabularyCatalogue(listTerms(db));
}
