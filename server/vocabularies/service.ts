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
  /**
   * Retired by an admin: still on the practices that carry it (shown and searchable there), no longer offered nor
   * accepted as a new choice (pickers, imports, new practices).
   */
  retired: boolean;
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
  private byVocabulary = new Map<VocabularyName, Term[]>();
  private byCode = new Map<string, Term>();
  private byName = new Map<string, string>();

  constructor(rows: TermRow[]) {
    this.reload(rows);
  }

  /**
   * Replaces every term at once, in place, after an admin's edit: every service holding the catalogue sees the
   * new labels and retirements without being rebuilt.
   */
  reload(rows: TermRow[]): void {
    const byVocabulary = new Map<VocabularyName, Term[]>();
    const byCode = new Map<string, Term>();
    const byName = new Map<string, string>();
    for (const name of VOCABULARIES) byVocabulary.set(name, []);
    for (const row of rows) {
      const term = { code: row.code, label: row.label, synonyms: row.synonyms, retired: Boolean(row.retiredAt) };
      byVocabulary.get(row.vocabulary)?.push(term);
      byCode.set(`${row.vocabulary}:${row.code}`, term);
    }
    // Names resolve codes in the importer: the code itself, the label, then synonyms (first writer wins,
    // so a synonym never shadows another term's label).
    for (const pass of ['code', 'label', 'synonyms'] as const) {
      for (const row of rows) {
        const names = pass === 'code' ? [row.code] : pass === 'label' ? [row.label] : row.synonyms;
        for (const name of names) {
          const key = `${row.vocabulary}:${foldKey(name)}`;
          if (!byName.has(key)) byName.set(key, row.code);
        }
      }
    }
    this.byVocabulary = byVocabulary;
    this.byCode = byCode;
    this.byName = byName;
  }

  /** The terms that may be chosen now (pickers, new practices): every term but the retired ones, in order. */
  activeTerms(vocabulary: VocabularyName): Term[] {
    return this.terms(vocabulary).filter((t) => !t.retired);
  }

  /** One term by its code, retired or not. */
  term(vocabulary: VocabularyName, code: string): Term | undefined {
    return this.byCode.get(`${vocabulary}:${code}`);
  }

  /** Whether the term exists and an admin retired it: kept where it is, refused as a new choice. */
  isRetired(vocabulary: VocabularyName, code: string): boolean {
    return this.byCode.get(`${vocabulary}:${code}`)?.retired ?? false;
  }

  /** All terms of one vocabulary, retired ones included (see `retired`), in their display order. */
  terms(vocabulary: VocabularyName): Term[] {
    return this.byVocabulary.get(vocabulary) ?? [];
  }

  has(vocabulary: VocabularyName, code: string): boolean {
    return this.byCode.has(`${vocabulary}:${code}`);
  }

  label(vocabulary: VocabularyName, code: string): string | undefined {
    return this.byCode.get(`${vocabulary}:${code}`)?.label;
  }

  /**
   * The code for a code, a Russian label or a synonym, compared case- and ё-insensitively. Retired terms resolve
   * too, so a caller can say why it refuses one: check `isRetired` before taking it as a new choice.
   */
  resolve(vocabulary: VocabularyName, name: string): string | undefined {
    return this.byName.get(`${vocabulary}:${foldKey(name)}`);
  }
}

/** Loads terms missing from the database out of the fixture, and returns the catalogue. */
export function loadVocabularies(db: Db): VocabularyCatalogue {
  writeTransaction(db, (tx) => insertMissingTerms(tx, readVocabularyFixture()));
  return new VocabularyCatalogue(listTerms(db));
}
