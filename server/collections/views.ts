/** Collections as the API shows them: rows turned into the contract's shapes. */
import type { z } from 'zod';
import type { CollectionRow, ItemRow } from './repository.js';
import type { collectionSchema, collectionSummary } from './schemas.js';

/** The public address of a collection's page. */
export const collectionPath = (slug: string) => `/collections/${slug}`;

const eventOf = (c: CollectionRow) =>
  c.eventName ? { name: c.eventName, date: c.eventDate, place: c.eventPlace } : null;

export function summaryOf(c: CollectionRow & { practiceCount: number }): z.output<typeof collectionSummary> {
  return {
    slug: c.slug,
    title: c.title,
    lead: c.lead,
    event: eventOf(c),
    publishedAt: c.publishedAt,
    url: collectionPath(c.slug),
    practiceCount: c.practiceCount,
  };
}

export function collectionOf(c: CollectionRow, items: ItemRow[]): z.output<typeof collectionSchema> {
  return {
    slug: c.slug,
    title: c.title,
    lead: c.lead,
    description: c.description,
    event: eventOf(c),
    publishedAt: c.publishedAt,
    url: collectionPath(c.slug),
    items: items.map((i) => ({
      practiceId: i.practiceId,
      registryNumber: i.registryNumber,
      title: i.title,
      note: i.note,
      public: i.isPublic,
    })),
  };
}
