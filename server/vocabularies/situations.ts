/**
 * The situational thesaurus: everyday phrases of school and kindergarten life («дерётся», «скучно на уроке») mapped
 * one way to the concepts practices use («агрессивное поведение», «работа с одарёнными детьми»). Search expands a
 * question told in everyday words with these concepts. The bank starts from `fixtures/situations.json` and keeps
 * the list in `situation_entries`, where admins extend it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SituationEntry } from '../../search/analysis/situations.js';

export type { SituationEntry };
import { writeTransaction, type Db } from '../db/client.js';
import { CONCEPTS_MAX, PHRASES_MAX, SITUATION_AREA_CODES, WORDS_MAX } from '../model/situations.js';
import { fixturesDir } from '../shared/paths.js';
import { foldKey } from '../shared/text.js';
import { insertMissingFixtureEntries, listActiveSituations } from './situations-repository.js';

const phrase = z
  .string()
  .trim()
  .min(2)
  .max(WORDS_MAX)
  .refine((p) => p === p.toLowerCase(), 'Фразы пишутся строчными буквами, как их набирают в поиске');
const concept = z.string().trim().min(2).max(WORDS_MAX);

/** One entry of the fixture: its area, the phrases people type, and 1–5 concepts practices use. */
export const situationEntrySchema = z.object({
  area: z.enum(SITUATION_AREA_CODES),
  phrases: z.array(phrase).min(1).max(PHRASES_MAX),
  concepts: z.array(concept).min(1).max(CONCEPTS_MAX),
});

export type SituationFixtureEntry = z.infer<typeof situationEntrySchema>;

const fixtureSchema = z.object({ description: z.string().min(1), entries: z.array(situationEntrySchema).min(1) });

/** Reads `fixtures/situations.json`, the thesaurus the bank starts with. */
export function readSituationFixture(file = path.join(fixturesDir, 'situations.json')): SituationFixtureEntry[] {
  return fixtureSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).entries;
}

/** The key a fixture entry is known by in the table: its first phrase, folded. */
export const fixtureKeyOf = (entry: SituationFixtureEntry) => foldKey(entry.phrases[0]!);

/** Adds the fixture's entries the bank lacks (never one an admin removed); returns how many were added. */
export function seedSituations(db: Db, file?: string): number {
  const entries = readSituationFixture(file).map((e) => ({ ...e, fixtureKey: fixtureKeyOf(e) }));
  return writeTransaction(db, (tx) => insertMissingFixtureEntries(tx, entries));
}

/** The entries search uses: every entry in use, the fixture's first, after seeding what the bank lacks. */
export function loadSituationEntries(db: Db): SituationEntry[] {
  seedSituations(db);
  return situationEntriesOf(db);
}

/** The entries in use as search reads them, without seeding (after an admin's change). */
export function situationEntriesOf(db: Db): SituationEntry[] {
  return listActiveSituations(db).map((row) => ({ phrases: row.phrases, concepts: row.concepts }));
}
