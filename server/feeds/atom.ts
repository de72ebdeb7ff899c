/**
 * Atom 1.0 (RFC 4287) feeds of published practices: a feed for any search, each entry a practice under its
 * permalink. Entry ids are permalinks — stable URIs that a new version keeps, so a reader updates the entry
 * (its `updated` moves) rather than showing it twice.
 */
import type { PracticeRecord } from '../exports/records.js';
import { element, XML_DECLARATION } from './xml.js';

export interface AtomFeed {
  /** The feed's own absolute address: its id and its `rel="self"` link. */
  selfUrl: string;
  /** The page the feed follows (the search page with the same parameters). */
  pageUrl: string;
  title: string;
  subtitle: string;
  /** Who publishes the bank: the author of the feed, for entries that name none. */
  publisher: string;
  entries: PracticeRecord[];
  /** When the feed has no entries, its `updated`. */
  emptyUpdated: Date;
}

const iso = (value: string | Date) => new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryXml(p: PracticeRecord): string {
  const authors = p.authors.map((a) => `<author>${element('name', {}, a.fullName)}</author>`).join('');
  const categories = [...p.terms.levels, ...p.terms.subjects, ...p.terms.technologies]
    .map((label) => element('category', { term: label }))
    .join('');
  return [
    '<entry>',
    element('id', {}, p.permalink),
    element('title', { type: 'text' }, p.title),
    element('updated', {}, iso(p.publishedAt)),
    element('published', {}, iso(p.publishedAt)),
    element('link', { rel: 'alternate', type: 'text/html', href: p.permalink }),
    authors,
    p.organization ? `<contributor>${element('name', {}, p.organization)}</contributor>` : '',
    element('summary', { type: 'text' }, p.summary || p.title),
    categories,
    '</entry>',
  ].join('');
}

/** The feed as an XML document. */
export function atomFeed(feed: AtomFeed): string {
  const times = feed.entries.map((e) => new Date(e.publishedAt).getTime());
  const updated = times.length > 0 ? new Date(Math.max(...times)) : undefined;
  return (
    XML_DECLARATION +
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">' +
    element('id', {}, feed.selfUrl) +
    element('title', { type: 'text' }, feed.title) +
    element('subtitle', { type: 'text' }, feed.subtitle) +
    element('updated', {}, iso(updated ?? feed.emptyUpdated)) +
    element('link', { rel: 'self', type: 'application/atom+xml', href: feed.selfUrl }) +
    element('link', { rel: 'alternate', type: 'text/html', href: feed.pageUrl }) +
    `<author>${element('name', {}, feed.publisher)}</author>` +
    feed.entries.map(entryXml).join('') +
    '</feed>\n'
  );
}
