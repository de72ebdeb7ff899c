/**
 * Adoptions follow an organisation merge: the merged entry's reports become the kept entry's. Where both reported
 * the same practice and both reports are live, one organisation cannot have adopted it twice: the confirmed one
 * stays (or, of two alike, the one adopted earliest), the other is declined with a reason its reporter reads.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { adoptions } from '../db/schema.js';
import type { AdoptionRow } from './repository.js';

/** Two reports of one practice by the now-same organisation: which stayed and which was declined. */
export interface CombinedAdoption {
  practiceId: number;
  keptId: number;
  declinedId: number;
}

/** Confirmed before waiting, then the one adopted earliest, then the one reported first. */
const stays = (a: AdoptionRow, b: AdoptionRow): AdoptionRow => {
  if (a.status !== b.status) return a.status === 'confirmed' ? a : b;
  if (a.since !== b.since) return a.since < b.since ? a : b;
  return a.id < b.id ? a : b;
};

const live = (tx: Tx, organizationId: number) =>
  tx
    .select()
    .from(adoptions)
    .where(and(eq(adoptions.organizationId, organizationId), inArray(adoptions.status, ['pending', 'confirmed'])))
    .all();

/**
 * Declines the one of each pair of live reports that cannot stay, before the merge moves the merged entry's reports
 * (the bank allows one live report per practice and organisation). Returns the pairs and every practice whose
 * confirmed adoptions the merge touches: what search must re-index.
 */
export function combineAdoptionsForMerge(
  tx: Tx,
  mergedId: number,
  keptId: number,
  decision: { by: number | null; at: string; reason: string },
): { combined: CombinedAdoption[]; practiceIds: number[] } {
  const kept = new Map(live(tx, keptId).map((a) => [a.practiceId, a]));
  const merged = live(tx, mergedId);
  const combined: CombinedAdoption[] = [];
  for (const a of merged) {
    const b = kept.get(a.practiceId);
    if (!b) continue;
    const stay = stays(a, b);
    const go = stay === a ? b : a;
    tx.update(adoptions)
      .set({ status: 'declined', decisionReason: decision.reason, decidedBy: decision.by, decidedAt: decision.at })
      .where(eq(adoptions.id, go.id))
      .run();
    combined.push({ practiceId: a.practiceId, keptId: stay.id, declinedId: go.id });
  }
  const practiceIds = [...new Set(merged.filter((a) => a.status === 'confirmed').map((a) => a.practiceId))];
  return { combined, practiceIds };
}
