/**
 * Admins' changes to the vocabularies: add a term, rename it, add and remove synonyms, retire a term and bring it
 * back. Codes never change. Each change is one transaction holding the term, its admin history row and the new
 * search documents of the published practices that show the term; once it commits, the in-memory catalogue and
 * the synonym groups are rebuilt in place, so pages, validation and search follow at once.
 */
import type { SynonymIndex } from '../../search/analysis/synonyms.js';
import type { SearchEngine } from '../../search/port.js';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { AppError, validationError } from '../errors.js';
import { recordAdminAction, type AdminActor, type AdminHistoryEntry } from '../history/admin.js';
import { VOCABULARY_MODEL, vocabularySpec, type VocabularyName } from '../model/vocabularies.js';
import { findPractice } from '../practices/repository.js';
import { loadSearchDocument } from '../search-api/documents.js';
import { synonymGroups } from '../search-api/engine.js';
import { CODE_MAX, CODE_PATTERN, codeFromLabel, freeCode } from './codes.js';
import { codeExists, insertTerm, listTerms, publishedPracticesWith, updateTerm } from './repository.js';
import { checkLabel, checkSynonym, tidy } from './rules.js';
import { VocabularyCatalogue, type Term } from './service.js';

/**
 * Whether terms of the vocabulary may be added and retired. Municipalities and organisation types describe the
 * directory of organisations and follow the law, not the bank: only their labels and synonyms are edited here.
 */
export const termsCanComeAndGo = (vocabulary: VocabularyName) => vocabularySpec(vocabulary).source === 'practice';

export interface VocabularyAdminDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  synonyms: SynonymIndex;
  engine: Pick<SearchEngine, 'index' | 'synonymsChanged'>;
  /** The abbreviations file the synonym groups are rebuilt with (tests give their own). */
  synonymsFile?: string;
}

type Entry = Pick<AdminHistoryEntry, 'action' | 'summary' | 'details'>;

export function createVocabularyAdmin({ db, vocabularies, synonyms, engine, synonymsFile }: VocabularyAdminDeps) {
  const title = (vocabulary: VocabularyName) => VOCABULARY_MODEL[vocabulary].title;

  function existing(vocabulary: VocabularyName, code: string): Term {
    const term = vocabularies.term(vocabulary, code);
    if (!term)
      throw new AppError('TERM_NOT_FOUND', `В справочнике «${title(vocabulary)}» нет термина с кодом «${code}»`);
    return term;
  }

  function requireComeAndGo(vocabulary: VocabularyName): void {
    if (!termsCanComeAndGo(vocabulary))
      throw new AppError(
        'TERM_CHANGE_NOT_ALLOWED',
        `В справочнике «${title(vocabulary)}» термины не добавляются и не выводятся: меняются только названия и синонимы`,
      );
  }

  /**
   * Runs `work` (which writes the term and says what it did) with the history row and, when the term's words
   * changed, the new documents of the practices showing it; then rebuilds what the bank holds in memory.
   */
  async function change(
    actor: AdminActor,
    vocabulary: VocabularyName,
    code: string,
    wordsChanged: boolean,
    work: (tx: Tx) => Entry,
  ): Promise<Term> {
    const rows = writeTransaction(db, (tx) => {
      const entry = work(tx);
      const rows = listTerms(tx);
      if (wordsChanged) {
        const next = new VocabularyCatalogue(rows);
        for (const id of publishedPracticesWith(tx, vocabulary, code)) {
          const practice = findPractice(tx, id);
          const doc = practice ? loadSearchDocument(tx, practice, next) : undefined;
          if (doc) engine.index(tx, doc);
        }
      }
      recordAdminAction(tx, actor, { ...entry, targetType: 'vocabulary_term', targetId: `${vocabulary}:${code}` });
      return rows;
    });
    vocabularies.reload(rows);
    if (wordsChanged) {
      synonyms.rebuild(synonymGroups(vocabularies, ...(synonymsFile ? [synonymsFile] : [])));
      await engine.synonymsChanged();
    }
    return existing(vocabulary, code);
  }

  return {
    /** Adds a term; its code is the one given, or made from the label, and never changes afterwards. */
    async addTerm(
      actor: AdminActor,
      vocabulary: VocabularyName,
      input: { label: string; code?: string | undefined },
    ): Promise<Term> {
      requireComeAndGo(vocabulary);
      const label = tidy(input.label);
      const given = input.code?.trim();
      const labelProblem = checkLabel(vocabularies, vocabulary, label);
      if (labelProblem) throw validationError([labelProblem]);
      if (given !== undefined && given !== '') {
        const message = !CODE_PATTERN.test(given)
          ? 'Код — латинские строчные буквы, цифры и дефисы между ними, например «story-method»'
          : given.length > CODE_MAX
            ? `Код длиннее ${CODE_MAX} символов`
            : codeExists(db, vocabulary, given)
              ? `Код «${given}» уже занят в справочнике «${title(vocabulary)}»`
              : undefined;
        if (message) throw validationError([{ field: 'code', message }]);
      }
      const code = given || freeCode(codeFromLabel(label), (c) => codeExists(db, vocabulary, c));
      return change(actor, vocabulary, code, true, (tx) => {
        insertTerm(tx, { vocabulary, code, label, synonyms: [] });
        return {
          action: 'vocabulary.term_added',
          summary: `Справочник «${title(vocabulary)}»: добавлен термин «${label}» (код ${code})`,
          details: { vocabulary, code, label },
        };
      });
    },

    /** Gives a term a new label; practices keep its code and show the new label. */
    async renameTerm(actor: AdminActor, vocabulary: VocabularyName, code: string, input: string): Promise<Term> {
      const term = existing(vocabulary, code);
      const label = tidy(input);
      if (label === term.label) return term;
      const problem = checkLabel(vocabularies, vocabulary, label, code);
      if (problem) throw validationError([problem]);
      return change(actor, vocabulary, code, true, (tx) => {
        updateTerm(tx, vocabulary, code, { label });
        return {
          action: 'vocabulary.term_renamed',
          summary: `Справочник «${title(vocabulary)}»: термин «${term.label}» переименован в «${label}»`,
          details: { vocabulary, code, from: term.label, to: label },
        };
      });
    },

    /** Adds a synonym: search finds the term's practices by it as soon as this resolves. */
    async addSynonym(actor: AdminActor, vocabulary: VocabularyName, code: string, input: string): Promise<Term> {
      const term = existing(vocabulary, code);
      const synonym = tidy(input);
      const problem = checkSynonym(vocabularies, vocabulary, code, synonym);
      if (problem) throw validationError([problem]);
      return change(actor, vocabulary, code, true, (tx) => {
        updateTerm(tx, vocabulary, code, { synonyms: [...term.synonyms, synonym] });
        return {
          action: 'vocabulary.synonym_added',
          summary: `Справочник «${title(vocabulary)}»: термину «${term.label}» добавлен синоним «${synonym}»`,
          details: { vocabulary, code, synonym },
        };
      });
    },

    /** Removes a synonym, compared as written (case, ё/е and spaces aside). */
    async removeSynonym(actor: AdminActor, vocabulary: VocabularyName, code: string, input: string): Promise<Term> {
      const term = existing(vocabulary, code);
      const wanted = tidy(input).toLowerCase().replaceAll('ё', 'е');
      const synonym = term.synonyms.find((s) => s.toLowerCase().replaceAll('ё', 'е') === wanted);
      if (synonym === undefined)
        throw validationError([
          { field: 'synonym', message: `У термина «${term.label}» нет синонима «${tidy(input)}»` },
        ]);
      return change(actor, vocabulary, code, true, (tx) => {
        updateTerm(tx, vocabulary, code, { synonyms: term.synonyms.filter((s) => s !== synonym) });
        return {
          action: 'vocabulary.synonym_removed',
          summary: `Справочник «${title(vocabulary)}»: у термина «${term.label}» удалён синоним «${synonym}»`,
          details: { vocabulary, code, synonym },
        };
      });
    },

    /** Retires a term: practices keep and show it, search still finds it, nobody chooses it anew. */
    async retireTerm(actor: AdminActor, vocabulary: VocabularyName, code: string): Promise<Term> {
      requireComeAndGo(vocabulary);
      const term = existing(vocabulary, code);
      if (term.retired)
        throw new AppError('TERM_CHANGE_NOT_ALLOWED', `Термин «${term.label}» уже выведен из употребления`);
      if (vocabularies.activeTerms(vocabulary).length === 1)
        throw new AppError(
          'TERM_CHANGE_NOT_ALLOWED',
          `«${term.label}» — последний действующий термин справочника «${title(vocabulary)}»: его нельзя вывести`,
        );
      return change(actor, vocabulary, code, false, (tx) => {
        updateTerm(tx, vocabulary, code, { retiredAt: new Date().toISOString() });
        return {
          action: 'vocabulary.term_retired',
          summary: `Справочник «${title(vocabulary)}»: термин «${term.label}» выведен из употребления`,
          details: { vocabulary, code },
        };
      });
    },

    /** Brings a retired term back into the pickers. */
    async restoreTerm(actor: AdminActor, vocabulary: VocabularyName, code: string): Promise<Term> {
      requireComeAndGo(vocabulary);
      const term = existing(vocabulary, code);
      if (!term.retired) throw new AppError('TERM_CHANGE_NOT_ALLOWED', `Термин «${term.label}» и так действует`);
      return change(actor, vocabulary, code, false, (tx) => {
        updateTerm(tx, vocabulary, code, { retiredAt: null });
        return {
          action: 'vocabulary.term_restored',
          summary: `Справочник «${title(vocabulary)}»: термин «${term.label}» возвращён в употребление`,
          details: { vocabulary, code },
        };
      });
    },
  };
}

export type VocabularyAdmin = ReturnType<typeof createVocabularyAdmin>;
