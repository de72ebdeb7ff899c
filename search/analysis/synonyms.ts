/**
 * Synonym groups: a vocabulary term's label and its synonyms (ДОУ = детский сад = ДОО), plus abbreviations that
 * belong to no vocabulary (ОВЗ = ограниченные возможности здоровья). Members are kept analysed: a group member is a
 * sequence of stems, and a query phrase matches a member when its stems are the same.
 */
import { analyze } from './analyze.js';

export type StemPhrase = readonly string[];

export class SynonymIndex {
  /** Analysed member («детск сад») → the members of every group it belongs to. */
  private groups = new Map<string, StemPhrase[]>();
  private longestMember = 1;

  constructor(groupsOfWords: readonly (readonly string[])[]) {
    this.rebuild(groupsOfWords);
  }

  /** The longest member, in stems: how far a query is scanned for a multi-word match. */
  get longest(): number {
    return this.longestMember;
  }

  /**
   * Replaces every group at once, in place: the holders of this index (the query parser, the Meilisearch
   * settings) see an admin's edit of a vocabulary without being rebuilt themselves.
   */
  rebuild(groupsOfWords: readonly (readonly string[])[]): void {
    const groups = new Map<string, StemPhrase[]>();
    let longest = 1;
    for (const group of groupsOfWords) {
      const members = dedupe(group.map((w) => analyze(w)).filter((stems) => stems.length > 0));
      for (const member of members) {
        const key = member.join(' ');
        longest = Math.max(longest, member.length);
        groups.set(key, dedupe([...(groups.get(key) ?? []), ...members]));
      }
    }
    this.groups = groups;
    this.longestMember = longest;
  }

  /** The members of the groups that `stems` (a whole member) belongs to, itself included; undefined if none. */
  lookup(stems: StemPhrase): StemPhrase[] | undefined {
    return this.groups.get(stems.join(' '));
  }

  /** Every group as member → the other members: what Meilisearch's `synonyms` setting takes. */
  toMap(): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    for (const [key, members] of this.groups) {
      const others = members.map((m) => m.join(' ')).filter((m) => m !== key);
      if (others.length > 0) map[key] = others;
    }
    return map;
  }
}

function dedupe(phrases: StemPhrase[]): StemPhrase[] {
  const seen = new Map<string, StemPhrase>();
  for (const p of phrases) seen.set(p.join(' '), p);
  return [...seen.values()];
}
