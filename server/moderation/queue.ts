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

/** One page of the queue for `caller` at the moment `at`. */
export function queueView(db: DbOrTx, caller: Caller, query: QueueQuery, at: Date) {
  assertSeesQueue(caller);
  const { items, total, counts } = reviewsRepo.queue(db, {
    states: query.state ?? ['submitted', 'in_review'],
    level: query.level,
    municipality: query.municipality,
    organizationId: query.organizationId,
    // An integration claims nothing: "mine" names no version for it.
    claimed: query.claimed === 'me' ? (caller?.kind === 'user' ? caller.id : -1) : query.claimed,
    submittedBefore:
      query.waitingDays === undefined ? undefined : new Date(at.getTime() - query.waitingDays * DAY_MS).toISOString(),
    limit: query.perPage,
    offset: (query.page - 1) * query.perPage,
  });
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
  };
}
