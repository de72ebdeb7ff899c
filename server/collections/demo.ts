/** The demo catalogue's collection: the collections page is not empty on a first `npm start`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeTransaction, type Db } from '../db/client.js';
import { fixturesDir } from '../shared/paths.js';
import * as repo from './repository.js';
import { slugFrom } from './slug.js';

const demoSchema = z.array(
  z.object({
    title: z.string(),
    lead: z.string(),
    description: z.string(),
    event: z.object({ name: z.string(), date: z.string(), place: z.string() }).nullable(),
    practices: z.array(z.object({ title: z.string(), note: z.string() })),
  }),
);

/** Publishes the demo collections over the practices the import created (by title); returns how many it made. */
export function seedDemoCollections(
  db: Db,
  practiceIds: Map<string, number>,
  file = path.join(fixturesDir, 'demo-collections', 'index.json'),
  now = new Date(),
): number {
  const demo = demoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return writeTransaction(db, (tx) => {
    let made = 0;
    for (const c of demo) {
      const slug = slugFrom(c.title);
      if (repo.slugTaken(tx, slug)) continue;
      const row = repo.insertCollection(tx, {
        slug,
        title: c.title,
        lead: c.lead,
        description: c.description,
        eventName: c.event?.name ?? null,
        eventDate: c.event?.date ?? null,
        eventPlace: c.event?.place ?? null,
        publishedAt: now.toISOString(),
      });
      for (const p of c.practices) {
        const id = practiceIds.get(p.title);
        if (id !== undefined) repo.appendItem(tx, row.id, id, p.note);
      }
      made += 1;
    }
    return made;
  });
}
