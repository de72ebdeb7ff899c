/**
 * Paging with the named organisations' practices first (see `mayNameOrganization`): Meilisearch ranks them in one
 * query and everything in another; the page is cut from the two joined.
 */

/**
 * The part of the main ranking a page needs: the page itself when nothing is named; otherwise its start, long
 * enough to fill the page after the named practices, even if every named one ranks among the first.
 */
export function mainWindow(offset: number, limit: number, named: number): { page: number; hitsPerPage: number } {
  if (named === 0) return { page: Math.floor(offset / limit) + 1, hitsPerPage: limit };
  const afterNamed = Math.max(0, offset + limit - named);
  return { page: 1, hitsPerPage: afterNamed === 0 ? 0 : afterNamed + named };
}

/** The page of `limit` from `offset`: the named practices, then the main ranking without them. */
export function namedFirst(named: number[], ranked: number[], offset: number, limit: number): number[] {
  if (named.length === 0) return ranked;
  const first = new Set(named);
  return [...named, ...ranked.filter((id) => !first.has(id))].slice(offset, offset + limit);
}

/**
 * A whole ranking as chunks: the named practices first, then the main ranking page by page (`fetchPage(1)`, …)
 * until a page comes back short. Each id is yielded once, even if the index changed between pages and a practice
 * slid from one page to the next.
 */
export async function* rankedIds(
  named: number[],
  fetchPage: (page: number) => Promise<number[]>,
  pageSize: number,
): AsyncGenerator<number[]> {
  const seen = new Set(named);
  if (named.length > 0) yield named;
  for (let page = 1; ; page += 1) {
    const ids = await fetchPage(page);
    const fresh = ids.filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    if (fresh.length > 0) yield fresh;
    if (ids.length < pageSize) return;
  }
}
