/**
 * Suggestions as a person types in the search box: titles of published practices, vocabulary terms and confirmed
 * organisations whose words start with what was typed, folded as search folds it (case, ё/е) and tried in the other
 * keyboard layout too («ghbdtn» is «привет»). Everything is kept in memory in sorted prefix indexes
 * (`prefix-table.ts`): a lookup reads a few hundred names at most and touches the database not at all beyond two
 * lookups by key, so it takes well under a millisecond of CPU at 100,000 practices (`npm run bench:suggest`).
 *
 * The titles are read when the bank starts, in pages between which other work runs: a large bank answers its
 * first searches at once, and its first suggestions from the terms and organisations (ready in milliseconds) until
 * the titles are (~100,000 a few seconds of CPU later). They follow publications and withdrawals as they commit
 * (`noteIndexed`, `noteRemoved`, wired to the search engine's writes); past a few thousand such changes, or when
 * another process wrote the database (an import from the command line), they are read again the same way while
 * the ones read before keep answering. Terms and organisations are read again when an admin edits a vocabulary or
 * the directory (every such edit is a row of the admin history) and when the directory gains an entry.
 */
import type { FastifyBaseLogger } from 'fastify';
import { switchLayout } from '../../search/analysis/layout.js';
import type { SearchDocument, SearchEngine, WriteTx } from '../../search/port.js';
import { afterCommit, type Db } from '../db/client.js';
import { VOCABULARY_MODEL, type VocabularyName } from '../model/vocabularies.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { suggestKey } from './prefix-table.js';
import {
  matchOf,
  namedLookup,
  practiceEntry,
  titleLookup,
  type Entry,
  type Lookup,
  type TitleRow,
} from './suggest-index.js';

/** At most this many suggestions in an answer. */
export const SUGGEST_LIMIT = 8;
/** Fewer characters than this (after folding) and nothing is suggested: one letter starts half the bank. */
export const SUGGEST_MIN_CHARS = 2;
/** Titles changed since the index was built, kept beside it; past this many the titles are read anew. */
const MAX_CHANGED = 2_000;
/** Titles read per page while the bank keeps serving between pages. */
const PAGE = 5_000;
/** A bank with at most this many titles reads them at once: a few milliseconds, and tests see them at once. */
const READ_AT_ONCE = 2_000;
/** Terms and organisations first, but never more than this many of each when there are titles to show. */
const TERMS_AT_MOST = 3;
const ORGANIZATIONS_AT_MOST = 2;

/** The vocabularies a search can be filtered by, whose terms are suggested. */
const SUGGESTED_VOCABULARIES = ['technologies', 'subjects', 'directions', 'levels', 'municipalities'] as const;

export interface Suggestion {
  kind: 'practice' | 'term' | 'organization';
  /** What the list shows. */
  label: string;
  /** What kind of thing it is, for a person: «Технология», «Организация · Вяземский район», «Практика». */
  hint: string;
  /** The bank's page choosing it opens: the practice, a search filtered by the term, the organisation. */
  path: string;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SuggestionsDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  /** Where a failed background reading of the titles is told (lookups go on with what they have). */
  log?: Pick<FastifyBaseLogger, 'error'>;
  /** Banks with at most this many titles read them at once rather than in the background (tests lower it). */
  readAtOnce?: number;
}

export function createSuggestions({ db, vocabularies, log, readAtOnce = READ_AT_ONCE }: SuggestionsDeps) {
  const sqlite = db.$client;
  const published = `FROM practices p JOIN practice_versions v ON v.id = p.published_version_id`;
  const statements = {
    titles: sqlite.prepare<[number, number], TitleRow>(
      `SELECT p.id, v.title, p.registry_number AS registryNumber, v.published_at AS publishedAt ${published}
        WHERE p.id > ? AND p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL ORDER BY p.id LIMIT ?`,
    ),
    count: sqlite
      .prepare<[], number>(`SELECT count(*) FROM practices WHERE registry_number IS NOT NULL AND withdrawn_at IS NULL`)
      .pluck(),
    title: sqlite.prepare<[number], { registryNumber: string; publishedAt: string }>(
      `SELECT p.registry_number AS registryNumber, v.published_at AS publishedAt ${published} WHERE p.id = ?`,
    ),
    organizations: sqlite.prepare<[], { id: number; name: string; shortName: string | null; municipality: string }>(
      `SELECT id, name, short_name AS shortName, municipality FROM organizations
        WHERE status = 'confirmed' AND merged_into_id IS NULL`,
    ),
    // What changes when the directory gains an entry (its newest id) or an admin confirms, merges or renames one
    // (a row of the admin history): two lookups by key, where counting the directory read 10,000 rows a lookup.
    directory: sqlite
      .prepare<[], string>(
        `SELECT coalesce((SELECT max(id) FROM organizations), 0) || ':' ||
                coalesce((SELECT max(id) FROM admin_history), 0)`,
      )
      .pluck(),
  };
  const dataVersion = () => sqlite.pragma('data_version', { simple: true }) as number;

  let titles: Lookup | undefined;
  /** Practices published, changed or withdrawn (null) since `titles` was read. */
  let changed = new Map<number, Entry | null>();
  /** The titles being read, and what changed since that began (it replaces `changed` when they are ready). */
  let reading: { done: Promise<void>; changed: Map<number, Entry | null> } | undefined;
  let stopped = false;
  let named: Lookup | undefined;
  let seenVersion = -1;
  let seenDirectory = '';
  /** The catalogue replaces its term lists when an admin edits a vocabulary: a new list means new terms. */
  let seenTerms: unknown;

  /** Reads every title, page after page, letting other work run between pages unless `atOnce`. */
  async function readTitles(atOnce: boolean): Promise<void> {
    const rows: TitleRow[] = [];
    const keys: string[] = [];
    for (let after = 0; ;) {
      if (!atOnce) await nextTurn(); // the start, and the searches meanwhile, go on before the first page too
      if (stopped) return;
      const page = statements.titles.all(after, PAGE);
      for (const row of page) {
        rows.push(row);
        keys.push(suggestKey(row.title));
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.id;
    }
    titles = titleLookup(rows, keys);
    changed = reading!.changed;
    reading = undefined;
  }

  /** Starts reading the titles anew unless a reading is under way; a small bank reads them before this returns. */
  function readTitlesAgain(): Promise<void> {
    if (reading) return reading.done;
    if (stopped) return Promise.resolve();
    const atOnce = statements.count.get()! <= readAtOnce;
    reading = { done: Promise.resolve(), changed: new Map() };
    const current = reading;
    // A small bank's reading runs to its end synchronously inside the async function; a large one's in the background.
    current.done = readTitles(atOnce).catch((error: unknown) => {
      if (reading === current) reading = undefined;
      if (!stopped) log?.error({ err: error }, 'suggestions: reading the titles failed');
    });
    return current.done;
  }

  function loadNamed(): Lookup {
    const entries: Entry[] = [];
    for (const vocabulary of SUGGESTED_VOCABULARIES) {
      const { filter, singular } = VOCABULARY_MODEL[vocabulary as VocabularyName];
      for (const term of vocabularies.activeTerms(vocabulary)) {
        const key = suggestKey(term.label);
        entries.push({
          kind: 'term',
          id: 0,
          label: term.label,
          hint: singular,
          path: `/?${new URLSearchParams({ [filter]: term.code })}`,
          key,
          names: [key, ...term.synonyms.map(suggestKey)].filter((k) => k !== ''),
          publishedAt: '',
        });
      }
    }
    for (const org of statements.organizations.all()) {
      const key = suggestKey(org.name);
      const place = vocabularies.label('municipalities', org.municipality);
      entries.push({
        kind: 'organization',
        id: 0,
        label: org.shortName ?? org.name,
        hint: place ? `Организация · ${place}` : 'Организация',
        path: `/organizations/${org.id}`,
        key,
        names: [key, ...(org.shortName ? [suggestKey(org.shortName)] : [])].filter((k) => k !== ''),
        publishedAt: '',
      });
    }
    return namedLookup(entries);
  }

  /** Reads again what may have changed since the last lookup: the directory at once, the titles in the background. */
  function refresh(): void {
    const version = dataVersion();
    // Another process wrote: its changes were not noted. Until the titles are read again, the ones read answer.
    if (version !== seenVersion && seenVersion !== -1) void readTitlesAgain();
    else if (!titles || changed.size > MAX_CHANGED) void readTitlesAgain();
    const directory = statements.directory.get()!;
    const terms = vocabularies.terms('technologies');
    if (!named || version !== seenVersion || directory !== seenDirectory || terms !== seenTerms) named = loadNamed();
    seenVersion = version;
    seenDirectory = directory;
    seenTerms = terms;
  }

  /** Titles starting with `prefix`, then those with a word that does; newest first within each; one per title. */
  function titlesFor(prefix: string): Entry[][] {
    const found = titles?.find(prefix) ?? { heads: [], inner: [] };
    const fresh = (list: Entry[]) => list.filter((e) => !changed.has(e.id));
    const extra: Entry[][] = [[], []];
    for (const entry of changed.values()) {
      const match = entry ? matchOf(entry, prefix) : undefined;
      if (match !== undefined) extra[match]!.push(entry!);
    }
    const newest = (a: Entry, b: Entry) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0);
    return [[...fresh(found.heads), ...extra[0]!].sort(newest), [...fresh(found.inner), ...extra[1]!].sort(newest)];
  }

  /** Terms and organisations of `kind` found by `prefix`: by a name's start first, shorter labels first. */
  function namedFor(prefix: string, kind: Entry['kind']): Entry[][] {
    const found = named!.find(prefix);
    const shorter = (a: Entry, b: Entry) => a.label.length - b.label.length || a.label.localeCompare(b.label, 'ru');
    return [found.heads, found.inner].map((list) => list.filter((e) => e.kind === kind).sort(shorter));
  }

  /** Each entry once (by kind and folded label), in the order given. */
  function distinct(lists: Entry[][]): Entry[] {
    const seen = new Set<string>();
    return lists.flat().filter((e) => {
      const id = `${e.kind}:${e.key}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /** Notes a change of practice `id` for the titles read and for those being read. */
  function note(id: number, entry: Entry | null): void {
    changed.set(id, entry);
    reading?.changed.set(id, entry);
  }

  return {
    /** Up to `limit` suggestions for what has been typed so far: terms, organisations, then practices. */
    suggest(q: string, limit = SUGGEST_LIMIT): Suggestion[] {
      const prefixes = [suggestKey(q)];
      const switched = switchLayout(q);
      if (switched) prefixes.push(suggestKey(switched));
      const usable = prefixes.filter((p) => p.length >= SUGGEST_MIN_CHARS);
      if (usable.length === 0) return [];
      refresh();
      const of = (kind: Entry['kind']) =>
        distinct(usable.flatMap((p) => (kind === 'practice' ? titlesFor(p) : namedFor(p, kind))));
      const terms = of('term');
      const organizations = of('organization');
      const practices = of('practice');
      // Terms and organisations are few and lead to many practices, so they come first; titles fill the rest.
      let t = Math.min(terms.length, TERMS_AT_MOST);
      let o = Math.min(organizations.length, ORGANIZATIONS_AT_MOST);
      const p = Math.min(practices.length, limit - t - o);
      let spare = limit - t - o - p;
      const moreTerms = Math.min(spare, terms.length - t);
      t += moreTerms;
      spare -= moreTerms;
      o += Math.min(spare, organizations.length - o);
      return [...terms.slice(0, t), ...organizations.slice(0, o), ...practices.slice(0, p)].map(
        ({ kind, label, hint, path }) => ({ kind, label, hint, path }),
      );
    },

    /** A practice was indexed (published, changed, renamed): called once its transaction committed. */
    noteIndexed(doc: SearchDocument): void {
      if (!titles && !reading) return; // everything is read at the first lookup
      const row = statements.title.get(doc.id);
      note(doc.id, row ? practiceEntry({ id: doc.id, title: doc.title, ...row }) : null);
    },

    /** A practice left the index (withdrawn, superseded): called once its transaction committed. */
    noteRemoved(id: number): void {
      if (titles || reading) note(id, null);
    },

    /**
     * Starts reading everything at the bank's start: the terms and organisations at once, the titles in the
     * background (at once for a small bank). Resolves when the titles are ready.
     */
    start(): Promise<void> {
      stopped = false;
      refresh();
      return reading?.done ?? Promise.resolve();
    },

    /** Stops a reading under way (the bank is closing) and waits for it to let go of the database. */
    async stop(): Promise<void> {
      stopped = true;
      await reading?.done;
    },

    /** Resolves once the titles are ready, reading them if nothing has yet (the benchmark times it). */
    async warm(): Promise<void> {
      if (!titles) await readTitlesAgain();
      else await reading?.done;
    },
  };
}

export type Suggestions = ReturnType<typeof createSuggestions>;

/**
 * The engine, with every index write also noted by the suggestions once it commits: publications, new versions,
 * renamed organisations and withdrawals reach the suggestions through the one path they all take. A proxy keeps
 * the engine what it is (`instanceof`, its own methods), only `index`, `indexMany` and `remove` are wrapped.
 */
export function followIndexWrites(engine: SearchEngine, suggestions: Suggestions): SearchEngine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'index')
        return (tx: WriteTx, doc: SearchDocument) => {
          target.index(tx, doc);
          afterCommit(() => suggestions.noteIndexed(doc));
        };
      if (property === 'indexMany')
        return (tx: WriteTx, docs: readonly SearchDocument[]) => {
          target.indexMany(tx, docs);
          afterCommit(() => docs.forEach((doc) => suggestions.noteIndexed(doc)));
        };
      if (property === 'remove')
        return (tx: WriteTx, id: number) => {
          target.remove(tx, id);
          afterCommit(() => suggestions.noteRemoved(id));
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
