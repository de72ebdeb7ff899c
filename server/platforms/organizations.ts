/**
 * The organisation a person or a register names for a platform: by INN first (one legal entity), then by its full
 * or short name compared loosely as the importer compares them (quotes, punctuation, «№ 12»). A platform never
 * adds an organisation to the directory: an unknown one is reported, so a typo does not become a new school.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations } from '../db/schema.js';
import { looseOrganizationKey } from '../importer/organizations.js';

export type FoundOrganization = { id: number } | { problem: string };

/** The directory entry named by `text` (an INN or a name), within `municipality` when one is given. */
export function findPlatformOrganization(
  db: DbOrTx,
  named: { text: string; inn?: string | undefined; municipality?: string | undefined },
): FoundOrganization {
  const text = named.text.trim();
  const inn = named.inn?.trim() || (/^\d{10}(\d{2})?$/.test(text) ? text : undefined);
  const live = isNull(organizations.mergedIntoId);
  if (inn) {
    const byInn = db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(live, eq(organizations.inn, inn)))
      .get();
    if (byInn) return byInn;
    if (text === inn) return { problem: `Организации с ИНН ${inn} нет в справочнике` };
  }
  if (!text) return { problem: 'Укажите организацию: её название или ИНН' };
  const key = looseOrganizationKey(text);
  const rows = db
    .select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName })
    .from(organizations)
    .where(named.municipality ? and(live, eq(organizations.municipality, named.municipality)) : live)
    .all();
  const matches = rows.filter(
    (r) => looseOrganizationKey(r.name) === key || (r.shortName !== null && looseOrganizationKey(r.shortName) === key),
  );
  if (matches.length === 1) return { id: matches[0]!.id };
  if (matches.length > 1)
    return { problem: `В справочнике несколько организаций «${text}»: укажите ИНН или муниципалитет` };
  return {
    problem: `Организации «${text}» нет в справочнике: проверьте название или укажите ИНН. Новую организацию добавляет администратор`,
  };
}
