/**
 * The demo catalogue's innovation platforms (`fixtures/demo/platforms/platforms.json`): organisations and practices
 * of the demo practices, named by name and title; each is marked `demo` and its page says so, and the orders'
 * numbers end in «ДЕМО» so that nobody takes them for real ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { AdminActor } from '../history/admin.js';
import { fixturesDir } from '../shared/paths.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { findPlatformOrganization } from './organizations.js';
import { platformFields } from './schemas.js';
import type { PlatformService } from './service.js';

const demoSchema = z.array(
  platformFields.omit({ organizationId: true }).extend({
    organization: z.string(),
    municipality: z.string(),
    practices: z.array(z.string()),
  }),
);

const ACTOR: AdminActor = { userId: null, name: 'Демонстрационный каталог' };

/**
 * Adds the demo platforms, linking the published practices the import just created (`numbers`: title → registry
 * number). Returns how many were added; a platform whose organisation is missing is skipped with `onProblem`.
 */
export function loadDemoPlatforms(
  deps: { db: Db; platforms: PlatformService; vocabularies: Pick<VocabularyCatalogue, 'resolve'> },
  numbers: Map<string, string>,
  onProblem: (theme: string, problem: string) => void,
  file = path.join(fixturesDir, 'demo', 'platforms', 'platforms.json'),
): number {
  const entries = demoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  let added = 0;
  for (const { organization, municipality, practices: titles, ...fields } of entries) {
    const code = deps.vocabularies.resolve('municipalities', municipality);
    const found = findPlatformOrganization(deps.db, { text: organization, municipality: code });
    if ('problem' in found) {
      onProblem(fields.theme, found.problem);
      continue;
    }
    const platform = deps.platforms.create(ACTOR, { ...fields, organizationId: found.id, demo: true });
    const linked = titles.flatMap((t) => numbers.get(t) ?? []);
    if (linked.length > 0) deps.platforms.update(ACTOR, platform.id, { addPractices: linked });
    added += 1;
  }
  return added;
}

/** Registry numbers of published practices by title, for linking demo platforms. */
export function numbersByTitle(records: { title?: string | undefined; registryNumber?: string | undefined }[]) {
  const map = new Map<string, string>();
  for (const r of records) if (r.title && r.registryNumber) map.set(r.title, r.registryNumber);
  return map;
}
