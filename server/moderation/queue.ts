/** The moderators' queue as they read it: latest versions waiting for review, oldest first, with counts per state. */
import { assertSeesQueue, type Caller } from '../access/policy.js';
import type { DbOrTx } from '../db/client.js';
import type { PracticeState } from '../db/schema.js';
import * as reviewsRepo from './repository.js';

export interface QueueQuery {
  state?: PracticeState[] | undefined;
  level?: string[] | undefined;
  municipality?: string[] | undefined;
  organizationId?: number | undefined;
  claimed?: 'me' | 'any' | 'none' | undefined;
  waitingDays?: number | undefined;
  page: number;
  perPage: number;
}

const DAY_MS = 86_400_000;

/** The waiting times the queue counts and offers as filters: a week, two weeks, a month. */
export const WAITING_DAYS = [7, 14, 30] as const;

const before = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS).toISOString();

/** One page of the queue for `caller` at the moment `at`. */
export function queueView(db: DbOrTx, caller: Caller, query: QueueQuery, at: Date) {
  assertSeesQueue(caller);
  // An integration claims nothing: "mine" names no version for it.
  const me = caller?.kind === 'user' ? caller.id : -1;
  const filters = {
    states: query.state ?? ['submitted', 'in_review'],
    level: query.level,
    municipality: query.municipality,
    organizationId: query.organizationId,
    claimed: query.claimed === 'me' ? me : query.claimed,
    submittedBefore: query.waitingDays === undefined ? undefined : before(at, query.waitingDays),
  } satisfies Omit<reviewsRepo.QueueFilters, 'limit' | 'offset'>;
  const { items, total, counts } = reviewsRepo.queue(db, {
    ...filters,
    limit: query.perPage,
    offset: (query.page - 1) * query.perPage,
  });
  const facets = reviewsRepo.queueFacets(
    db,
    filters,
    me,
    WAITING_DAYS.map((days) => ({ days, submittedBefore: before(at, days) })),
  );
  return {
    items: items.map((r) => ({
      id: r.id,
      versionNo: r.versionNo,
      title: r.title,
      state: r.state,
      etag: `"${r.versionId}.${r.revision}"`,
      registryNumber: r.registryNumber,
      submittedAt: r.submittedAt,
      waitingDays: r.submittedAt ? Math.floor((at.getTime() - Date.parse(r.submittedAt)) / DAY_MS) : null,
      claimedBy: r.claimedById === null ? null : { id: r.claimedById, name: r.claimedByName ?? '' },
      organization:
        r.organizationId === null
          ? null
          : { id: r.organizationId, name: r.organizationName!, municipality: r.municipality! },
    })),
    total,
    counts: Object.fromEntries(counts.map((c) => [c.state, c.n])),
    facets,
  };
}
