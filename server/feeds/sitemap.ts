/**
 * The sitemap (sitemaps.org 0.9) for search engines: an index at `/sitemap.xml` pointing to parts of at most
 * 50,000 addresses each, listing the permalink of every published practice with the date its current version
 * was published. Nothing unpublished or withdrawn is ever listed. Parts are streamed row by row.
 */
import type { Db } from '../db/client.js';
import { element, XML_DECLARATION } from './xml.js';

/** The protocol's limit of addresses per file. */
export const SITEMAP_PART_SIZE = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** Only the current published version of a practice that is not withdrawn is public. */
const PUBLIC = `FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
  WHERE p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL AND v.state = 'published'`;

/** How many parts the index lists (at least one, so the index is never empty). */
export function sitemapPartCount(db: Db, partSize = SITEMAP_PART_SIZE): number {
  const n = db.$client.prepare(`SELECT count(*) ${PUBLIC}`).pluck().get() as number;
  return Math.max(1, Math.ceil(n / partSize));
}

/** The index: one `<sitemap>` per part. */
export function sitemapIndex(baseUrl: string, parts: number): string {
  const entries = Array.from(
    { length: parts },
    (_, i) => `<sitemap>${element('loc', {}, `${baseUrl}/sitemap-${i + 1}.xml`)}</sitemap>`,
  );
  return `${XML_DECLARATION}<sitemapindex xmlns="${NS}">${entries.join('')}</sitemapindex>\n`;
}

/** Rows read per query: the connection is never held between chunks, so other requests run meanwhile. */
const CHUNK = 1000;

/** Part `part` (from 1): the permalinks in the order practices were created, as chunks of XML text. */
export function* sitemapPart(db: Db, baseUrl: string, part: number, partSize = SITEMAP_PART_SIZE): Generator<string> {
  yield `${XML_DECLARATION}<urlset xmlns="${NS}">`;
  const first = db.$client
    .prepare(`SELECT p.id ${PUBLIC} ORDER BY p.id LIMIT 1 OFFSET ?`)
    .pluck()
    .get((part - 1) * partSize) as number | undefined;
  const next = db.$client.prepare(
    `SELECT p.id AS id, p.registry_number AS number, v.published_at AS publishedAt ${PUBLIC} AND p.id >= ?
     ORDER BY p.id LIMIT ?`,
  );
  let left = first === undefined ? 0 : partSize;
  let from = first ?? 0;
  while (left > 0) {
    const rows = next.all(from, Math.min(CHUNK, left)) as { id: number; number: string; publishedAt: string | null }[];
    if (rows.length === 0) break;
    yield rows
      .map((row) => {
        const lastmod = row.publishedAt ? element('lastmod', {}, new Date(row.publishedAt).toISOString()) : '';
        return `<url>${element('loc', {}, `${baseUrl}/practices/${row.number}`)}${lastmod}</url>`;
      })
      .join('');
    left -= rows.length;
    from = rows.at(-1)!.id + 1;
  }
  yield '</urlset>\n';
}
