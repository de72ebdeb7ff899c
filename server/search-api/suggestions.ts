/**
 * Suggestions as a person types in the search box: titles of published practices, vocabulary terms and confirmed
 * organisations whose words start with what was typed, folded as search folds it (case, ё/е) and tried in the other
 * keyboard layout too («ghbdtn» is «привет»). Everything is kept in memory in sorted prefix tables: a lookup reads a
 * few hundred keys at most, so it takes well under a millisecond at 100,000 practices (`npm run bench:suggest`).
 *
 * The titles follow publications and withdrawals as they commit (`noteIndexed`, `noteRemoved`, wired to the
 * search engine's writes); terms and organisations are read again when an admin edits a vocabulary or the
 * directory gains, confirms or merges an entry (a renamed one is seen at the next full read). Another process
 * writing the database (an import from the command line) makes everything be read again.
 */
import { switchLayout } from '../../search/analysis/layout.js';
import type { SearchDocument, SearchEngine, WriteTx } from '../../search/port.js';
import { afterCommit, type Db } from '../db/client.js';
import { VOCABULARY_MODEL, type VocabularyName } from '../model/vocabularies.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { keysOf, PrefixTable, suggestKey } from './prefix-table.js';

/** At most this many suggestions in an answer. */
export const SUGGEST_LIMIT = 8;
/** Fewer characters than this (after folding) and nothing is suggested: one letter starts half the bank. */
export const SUGGEST_MIN_CHARS = 2;
/** Keys read per table and prefix: bounds a lookup's cost for a prefix that starts thousands of titles. */
const SCAN = 300;
/** Titles changed since the tables were built, kept beside them; past this many the tables are built anew. */
const MAX_CHANGED = 2_000;
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

interface Entry extends Suggestion {
  /** The practice's id (0 for terms and organisations). */
  id: number;
  /** The folded label: equal titles of different practices are suggested once. */
  key: string;
  /** Every folded text the entry is found by (a term's synonyms, an organisation's short name). */
  names: string[];
  /** For titles: the newer a practice, the sooner it is suggested among equals. */
  publishedAt: string;
}

/** Entries found by the start of any of their names (heads) before those found by an inner word. */
class Lookup {
  private readonly heads: PrefixTable;
  private readonly inner: PrefixTable;

  constructor(readonly entries: Entry[]) {
    const heads: { key: string; ref: number }[] = [];
    const inner: { key: string; ref: number }[] = [];
    entries.forEach((entry, ref) => {
      for (const name of entry.names) {
        const [whole, ...rest] = keysOf(name);
        heads.push({ key: whole!, ref });
        for (const key of rest) inner.push({ key, ref });
      }
    });
    this.heads = new PrefixTable(heads);
    this.inner = new PrefixTable(inner);
  }

  /** Entries found by `prefix`, heads first, each list in the table's order. */
  find(prefix: string): { heads: Entry[]; inner: Entry[] } {
    const read = (table: PrefixTable) => [...table.starting(prefix, SCAN)].map((ref) => this.entries[ref]!);
    return { heads: read(this.heads), inner: read(this.inner) };
  }
}

/** Whether one of `entry`'s names starts with `prefix` (0), has a word that does (1), or neither (undefined). */
function matchOf(entry: Entry, prefix: string): 0 | 1 | undefined {
  if (entry.names.some((name) => name.startsWith(prefix))) return 0;
  return entry.names.some((name) => name.includes(` ${prefix}`)) ? 1 : undefined;
}

export interface SuggestionsDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
}

export function createSuggestions({ db, vocabularies }: SuggestionsDeps) {
  const sqlite = db.$client;
  const statements = {
    titles: sqlite.prepare<[], { id: number; title: string; registryNumber: string; publishedAt: string }>(
      `SELECT p.id, v.title, p.registry_number AS registryNumber, v.published_at AS publishedAt
         FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
        WHERE p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL`,
    ),
    title: sqlite.prepare<[number], { registryNumber: string; publishedAt: string }>(
      `SELECT p.registry_number AS registryNumber, v.published_at AS publishedAt
         FROM practices p JOIN practice_versions v ON v.id = p.published_version_id WHERE p.id = ?`,
    ),
    organizations: sqlite.prepare<[], { id: number; name: string; shortName: string | null; municipality: string }>(
      `SELECT id, name, short_name AS shortName, municipality FROM organizations
        WHERE status = 'confirmed' AND merged_into_id IS NULL`,
    ),
    // What changes when an organisation is added, confirmed or merged away: a count and the newest id, so a view
    // counted or a practice written does not make the directory be read again.
    directory: sqlite
      .prepare<[], string>(
        `SELECT count(*) || ':' || coalesce(max(id), 0) FROM organizations
          WHERE status = 'confirmed' AND merged_into_id IS NULL`,
      )
      .pluck(),
  };
  const dataVersion = () => sqlite.pragma('data_version', { simple: true }) as number;

  let titles: Lookup | undefined;
  /** Practices published, changed or withdrawn (null) since `titles` was built. */
  const changed = new Map<number, Entry | null>();
  let named: Lookup | undefined;
  let seenVersion = -1;
  let seenDirectory = '';
  /** The catalogue replaces its term lists when an admin edits a vocabulary: a new list means new terms. */
  let seenTerms: unknown;

  function practiceEntry(id: number, title: string, registryNumber: string, publishedAt: string): Entry {
    const key = suggestKey(title);
    const path = `/practices/${registryNumber}`;
    return { kind: 'practice', id, label: title, hint: 'Практика', path, key, names: [key], publishedAt };
  }

  function loadTitles(): Lookup {
    changed.clear();
    return new Lookup(
      statements.titles.all().map((r) => practiceEntry(r.id, r.title, r.registryNumber, r.publishedAt)),
    );
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
    return new Lookup(entries);
  }

  /** Reads again what may have changed since the last lookup. */
  function refresh(): void {
    const version = dataVersion();
    if (version !== seenVersion) titles = undefined; // another process wrote: its changes were not noted
    if (!titles || changed.size > MAX_CHANGED) titles = loadTitles();
    const directory = statements.directory.get()!;
    const terms = vocabularies.terms('technologies');
    if (!named || version !== seenVersion || directory !== seenDirectory || terms !== seenTerms) named = loadNamed();
    seenVersion = version;
    seenDirectory = directory;
    seenTerms = terms;
  }

  /** Titles starting with `prefix`, then those with a word that does; newest first within each; one per title. */
  function titlesFor(prefix: string): Entry[][] {
    const found = titles!.find(prefix);
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
      if (!titles) return; // read whole at the first lookup
      const row = statements.title.get(doc.id);
      changed.set(doc.id, row ? practiceEntry(doc.id, doc.title, row.registryNumber, row.publishedAt) : null);
    },

    /** A practice left the index (withdrawn, superseded): called once its transaction committed. */
    noteRemoved(id: number): void {
      if (titles) changed.set(id, null);
    },

    /** Builds the tables now rather than at the first lookup (the benchmark times it). */
    warm(): void {
      refresh();
    },
  };
}

export type Suggestions = ReturnType<typeof createSuggestions>;

/**
 * The engine, with every index write also noted by the suggestions once it commits: publications, new versions,
 * renamed organisations and withdrawals reach the suggestions through the one path they all take. A proxy keeps
 * the engine what it is (`instanceof`, its own methods), only `index` and `remove` are wrapped.
 */
export function followIndexWrites(engine: SearchEngine, suggestions: Suggestions): SearchEngine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'index')
        return (tx: WriteTx, doc: SearchDocument) => {
          target.index(tx, doc);
          afterCommit(() => suggestions.noteIndexed(doc));
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
