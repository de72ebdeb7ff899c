/**
 * The directory entry an imported record means: by INN first (it names one legal entity), then by full or short
 * name in the municipality, compared without quotes, punctuation and the space in «№ 12» — «МБДОУ «Детский сад
 * № 12 «Радуга»»» and «МБДОУ Детский сад №12 "Радуга"» are one kindergarten. An organisation the directory does
 * not know is added to it (as the JSON import always did) and the report says so.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations } from '../db/schema.js';
import { foldKey } from '../shared/text.js';

/** A name as compared: folded, quotes and punctuation out, «№ 12» as «№12». */
export function looseOrganizationKey(name: string): string {
  return foldKey(name)
    .replace(/["'`]/g, ' ')
    .replace(/№\s*/g, '№')
    .replace(/[^\p{L}\p{N}№ ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The id of the live directory entry for this organisation, or undefined when it is new. */
export function findImportedOrganization(
  tx: DbOrTx,
  org: { name: string; shortName?: string | undefined; inn?: string | undefined; municipality: string },
): number | undefined {
  const rows = tx
    .select({
      id: organizations.id,
      name: organizations.name,
      shortName: organizations.shortName,
      inn: organizations.inn,
    })
    .from(organizations)
    .where(
      and(
        isNull(organizations.mergedIntoId),
        org.inn
          ? or(eq(organizations.inn, org.inn), eq(organizations.municipality, org.municipality))
          : eq(organizations.municipality, org.municipality),
      ),
    )
    .orderBy(organizations.id)
    .all();
  if (org.inn) {
    const byInn = rows.find((r) => r.inn === org.inn);
    if (byInn) return byInn.id;
  }
  const keys = new Set([org.name, org.shortName].filter((n): n is string => !!n).map(looseOrganizationKey));
  return (
    rows.find((r) => keys.has(looseOrganizationKey(r.name)))?.id ??
    rows.find((r) => r.shortName && keys.has(looseOrganizationKey(r.shortName)))?.id
  );
}
