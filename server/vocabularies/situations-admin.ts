/**
 * Admins' changes to the situational thesaurus: add an entry, edit its phrases, concepts and area, remove it. Each
 * change is one transaction with its admin history row; once it commits, `onSituationsChanged` gets the entries in
 * use, so search rebuilds its expansion and drops cached answers at once.
 */
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';
import { CONCEPTS_MAX, PHRASES_MAX, SITUATION_AREAS, WORDS_MAX, type SituationArea } from '../model/situations.js';
import { foldKey } from '../shared/text.js';
import { situationEntriesOf, type SituationEntry } from './situations.js';
import {
  findActiveSituation,
  insertSituation,
  listActiveSituations,
  markSituationRemoved,
  updateSituation,
  type SituationContent,
  type SituationRow,
} from './situations-repository.js';

export interface SituationAdminDeps {
  db: Db;
  /** Called after every change with the entries in use: search rebuilds its situation index from them. */
  onSituationsChanged: (entries: SituationEntry[]) => Promise<void>;
}

/** What an admin sends: the area's code and the phrases and concepts as typed (one per line or comma-separated). */
export interface SituationInput {
  area: string;
  phrases: string[];
  concepts: string[];
}

/** A list typed in a text area: one item per line, or separated by commas or semicolons. */
export const splitList = (text: string): string[] => text.split(/[\n,;]+/);

const tidy = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Items tidied, empty ones dropped, repeats (case and ё aside) kept once. */
function distinct(items: string[], shape: (s: string) => string): string[] {
  const byKey = new Map<string, string>();
  for (const item of items) {
    const value = shape(tidy(item));
    if (value !== '' && !byKey.has(foldKey(value))) byKey.set(foldKey(value), value);
  }
  return [...byKey.values()];
}

const quoted = (items: string[]) => items.map((i) => `«${i}»`).join(', ');

/** The entry as it will be stored, or the problems with each field. */
function checked(input: SituationInput): SituationContent {
  const problems: ErrorDetail[] = [];
  const area = input.area in SITUATION_AREAS ? (input.area as SituationArea) : undefined;
  if (!area) problems.push({ field: 'area', message: 'Выберите раздел из списка' });
  const phrases = distinct(input.phrases, (p) => p.toLowerCase());
  const concepts = distinct(input.concepts, (c) => c);
  const badLength = (items: string[]) => items.filter((i) => i.length < 2 || i.length > WORDS_MAX);
  if (phrases.length === 0)
    problems.push({ field: 'phrases', message: 'Напишите хотя бы одну фразу — так, как её набирают в поиске' });
  else if (phrases.length > PHRASES_MAX)
    problems.push({ field: 'phrases', message: `Не больше ${PHRASES_MAX} фраз: разделите ситуацию на несколько` });
  else if (badLength(phrases).length > 0)
    problems.push({
      field: 'phrases',
      message: `Фраза — от 2 до ${WORDS_MAX} символов: ${quoted(badLength(phrases))}`,
    });
  if (concepts.length === 0)
    problems.push({ field: 'concepts', message: 'Укажите хотя бы одно понятие, которым об этом говорят практики' });
  else if (concepts.length > CONCEPTS_MAX)
    problems.push({
      field: 'concepts',
      message: `Не больше ${CONCEPTS_MAX} понятий: лишние размывают поиск (сейчас ${concepts.length})`,
    });
  else if (badLength(concepts).length > 0)
    problems.push({
      field: 'concepts',
      message: `Понятие — от 2 до ${WORDS_MAX} символов: ${quoted(badLength(concepts))}`,
    });
  if (problems.length > 0 || !area) throw validationError(problems);
  return { area, phrases, concepts };
}

/** Refuses phrases another entry in use already has: one phrase leads to one place. */
function requireFreePhrases(tx: Tx, content: SituationContent, self?: number): void {
  const owner = new Map<string, SituationRow>();
  for (const row of listActiveSituations(tx))
    if (row.id !== self) for (const p of row.phrases) owner.set(foldKey(p), row);
  const taken = content.phrases.filter((p) => owner.has(foldKey(p)));
  if (taken.length === 0) return;
  const other = owner.get(foldKey(taken[0]!))!;
  throw validationError([
    {
      field: 'phrases',
      message: `${taken.length === 1 ? 'Фраза' : 'Фразы'} ${quoted(taken)} уже есть в ситуации «${other.phrases[0]}»: одна фраза ведёт только к одной ситуации`,
    },
  ]);
}

const describe = (c: SituationContent) => `«${c.phrases.slice(0, 3).join(', ')}» → ${c.concepts.join(', ')}`;

export function createSituationAdmin({ db, onSituationsChanged }: SituationAdminDeps) {
  function existing(tx: Db | Tx, id: number): SituationRow {
    const row = findActiveSituation(tx, id);
    if (!row) throw new AppError('NOT_FOUND', 'Такой ситуации нет: возможно, её уже удалили');
    return row;
  }

  async function changed<T>(result: T): Promise<T> {
    await onSituationsChanged(situationEntriesOf(db));
    return result;
  }

  return {
    /** The entries in use, oldest first. */
    list: (): SituationRow[] => listActiveSituations(db),

    /** One entry in use; not found for an unknown or removed one. */
    get: (id: number): SituationRow => existing(db, id),

    /** Adds an entry; search expands questions with its concepts as soon as this resolves. */
    async add(actor: AdminActor, input: SituationInput): Promise<SituationRow> {
      const content = checked(input);
      const row = writeTransaction(db, (tx) => {
        requireFreePhrases(tx, content);
        const row = insertSituation(tx, content);
        recordAdminAction(tx, actor, {
          action: 'situation.added',
          targetType: 'situation',
          targetId: String(row.id),
          summary: `Жизненные ситуации: добавлена ${describe(content)}`,
          details: { ...content },
        });
        return row;
      });
      return changed(row);
    },

    /** Replaces an entry's area, phrases and concepts. */
    async update(actor: AdminActor, id: number, input: SituationInput): Promise<SituationRow> {
      const content = checked(input);
      const row = writeTransaction(db, (tx) => {
        const before = existing(tx, id);
        requireFreePhrases(tx, content, id);
        updateSituation(tx, id, content);
        recordAdminAction(tx, actor, {
          action: 'situation.updated',
          targetType: 'situation',
          targetId: String(id),
          summary: `Жизненные ситуации: изменена «${before.phrases[0]}», теперь ${describe(content)}`,
          details: {
            before: { area: before.area, phrases: before.phrases, concepts: before.concepts },
            after: content,
          },
        });
        return existing(tx, id);
      });
      return changed(row);
    },

    /** Removes an entry: search stops expanding its phrases, and the fixture never brings it back. */
    async remove(actor: AdminActor, id: number): Promise<SituationRow> {
      const row = writeTransaction(db, (tx) => {
        const row = existing(tx, id);
        markSituationRemoved(tx, id);
        recordAdminAction(tx, actor, {
          action: 'situation.removed',
          targetType: 'situation',
          targetId: String(id),
          summary: `Жизненные ситуации: удалена ${describe(row)}`,
          details: { area: row.area, phrases: row.phrases, concepts: row.concepts },
        });
        return row;
      });
      return changed(row);
    },
  };
}

export type SituationAdmin = ReturnType<typeof createSituationAdmin>;
