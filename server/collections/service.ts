/**
 * Collections («подборки»): curators and moderators — the keepers — make them, fill them with published practices
 * in the order they choose, note why each is there, and publish them. A draft exists for its keepers only; a
 * practice that is withdrawn later stays in the collection (its keepers see it marked) but leaves the public page.
 */
import { hasRole, type Caller } from '../access/policy.js';
import type { SessionUser } from '../auth/service.js';
import { writeTransaction, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { findPracticeByRegistryNumber } from '../practices/repository.js';
import { registryNumberIn } from '../search-api/numbers.js';
import * as repo from './repository.js';
import { slugFrom } from './slug.js';

/** The fields a keeper writes. */
export interface CollectionFields {
  title: string;
  lead: string;
  description: string;
  event: { name: string; date: string | null; place: string | null } | null;
}

export interface CollectionFilter {
  event?: string | undefined;
  year?: number | undefined;
}

/** A published collection in a list, with the number of practices its public page shows. */
export type ListedCollection = repo.CollectionRow & { practiceCount: number };

/** Curators and moderators keep collections (people only: a token keeps nothing). */
export const keepsCollections = (caller: Caller): caller is SessionUser =>
  hasRole(caller, 'curator') || hasRole(caller, 'moderator');

/** The year a collection belongs to: its event's, else its publication's. */
export const yearOf = (c: repo.CollectionRow): number | undefined => {
  const day = c.eventDate ?? c.publishedAt;
  return day ? Number(day.slice(0, 4)) : undefined;
};

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', undefined, [{ field, message }]);

function keeper(caller: Caller): SessionUser {
  if (!caller) throw new AppError('AUTH_REQUIRED');
  if (!keepsCollections(caller)) throw new AppError('FORBIDDEN', 'Подборки ведут кураторы и модераторы');
  return caller;
}

const columnsOf = (fields: CollectionFields) => ({
  title: fields.title,
  lead: fields.lead,
  description: fields.description,
  eventName: fields.event?.name ?? null,
  eventDate: fields.event?.date ?? null,
  eventPlace: fields.event?.place ?? null,
});

export function createCollectionService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  /** The collection `id` for a keeper to change, or 404. */
  function kept(caller: Caller, id: number): repo.CollectionRow {
    keeper(caller);
    const row = repo.findCollection(db, id);
    if (!row) throw new AppError('COLLECTION_NOT_FOUND');
    return row;
  }

  /** The item's practice must be in the collection. */
  function itemOf(id: number, practiceId: number): void {
    if (!repo.hasItem(db, id, practiceId)) throw new AppError('COLLECTION_ITEM_NOT_FOUND');
  }

  return {
    keepsCollections,

    /** Published collections, newest first, filtered by event name and year. */
    list(filter: CollectionFilter = {}): ListedCollection[] {
      const counts = repo.publicCounts(db);
      return repo
        .publishedCollections(db)
        .filter((c) => filter.event === undefined || c.eventName === filter.event)
        .filter((c) => filter.year === undefined || yearOf(c) === filter.year)
        .map((c) => ({ ...c, practiceCount: counts.get(c.id) ?? 0 }));
    },

    /** The events and years published collections have, for the list's filters. */
    facets(): { events: string[]; years: number[] } {
      const all = repo.publishedCollections(db);
      const events = [...new Set(all.flatMap((c) => (c.eventName ? [c.eventName] : [])))].sort();
      const years = [...new Set(all.flatMap((c) => yearOf(c) ?? []))].sort((a, b) => b - a);
      return { events, years };
    },

    /** Every collection, drafts too: the keepers' desk. */
    all(caller: Caller): ListedCollection[] {
      keeper(caller);
      const counts = repo.publicCounts(db);
      return repo.allCollections(db).map((c) => ({ ...c, practiceCount: counts.get(c.id) ?? 0 }));
    },

    /**
     * One collection with its items: the public sees a published one and its public practices only; its keepers
     * see drafts and every item (withdrawn ones marked). A draft is 404 to everybody else.
     */
    get(caller: Caller, ref: { slug: string } | { id: number }) {
      const row = 'slug' in ref ? repo.findCollectionBySlug(db, ref.slug) : repo.findCollection(db, ref.id);
      const keeps = keepsCollections(caller);
      if (!row || (row.publishedAt === null && !keeps)) throw new AppError('COLLECTION_NOT_FOUND');
      const items = repo.itemsOf(db, row.id);
      return { collection: row, items: keeps ? items : items.filter((i) => i.isPublic), keeps };
    },

    /** Makes a draft collection; its address comes from its title and never changes. */
    create(caller: Caller, fields: CollectionFields): repo.CollectionRow {
      const user = keeper(caller);
      return writeTransaction(db, (tx) => {
        const base = slugFrom(fields.title) || 'podborka';
        let slug = base;
        for (let n = 2; repo.slugTaken(tx, slug); n += 1) slug = `${base}-${n}`;
        return repo.insertCollection(tx, { ...columnsOf(fields), slug, createdBy: user.id });
      });
    },

    update(caller: Caller, id: number, fields: CollectionFields): void {
      kept(caller, id);
      repo.updateCollection(db, id, columnsOf(fields));
    },

    /** Publishes a draft (it appears in the list and its address opens for everyone) or returns it to drafts. */
    setPublished(caller: Caller, id: number, published: boolean): void {
      const row = kept(caller, id);
      if (published === (row.publishedAt !== null)) return;
      repo.updateCollection(db, id, { publishedAt: published ? now().toISOString() : null });
    },

    /** Adds a published practice by its registry number at the end; the number names it as a person types it. */
    addByNumber(caller: Caller, id: number, typed: string, note = ''): { practiceId: number; title: string } {
      kept(caller, id);
      const number = registryNumberIn(typed)?.number;
      if (!number) throw invalid('number', 'Номер в реестре пишется так: 67-2026-0042');
      const practice = findPracticeByRegistryNumber(db, number);
      if (!practice || practice.withdrawnAt !== null || practice.publishedVersionId === null)
        throw invalid('number', `Опубликованной практики № ${number} в банке нет`);
      return writeTransaction(db, (tx) => {
        if (repo.hasItem(tx, id, practice.id)) throw new AppError('COLLECTION_ITEM_EXISTS');
        repo.appendItem(tx, id, practice.id, note);
        repo.updateCollection(tx, id, {});
        const item = repo.itemsOf(tx, id).find((i) => i.practiceId === practice.id)!;
        return { practiceId: practice.id, title: item.title };
      });
    },

    setNote(caller: Caller, id: number, practiceId: number, note: string): void {
      kept(caller, id);
      itemOf(id, practiceId);
      repo.setNote(db, id, practiceId, note);
    },

    remove(caller: Caller, id: number, practiceId: number): void {
      kept(caller, id);
      itemOf(id, practiceId);
      writeTransaction(db, (tx) => {
        repo.removeItem(tx, id, practiceId);
        repo.writeOrder(
          tx,
          id,
          repo.itemsOf(tx, id).map((i) => i.practiceId),
        );
      });
    },

    /** Moves a practice one place up or down («выше» / «ниже»); at either end nothing changes. */
    move(caller: Caller, id: number, practiceId: number, direction: 'up' | 'down'): void {
      kept(caller, id);
      itemOf(id, practiceId);
      writeTransaction(db, (tx) => {
        const order = repo.itemsOf(tx, id).map((i) => i.practiceId);
        const from = order.indexOf(practiceId);
        const to = direction === 'up' ? from - 1 : from + 1;
        if (to < 0 || to >= order.length) return;
        [order[from], order[to]] = [order[to]!, order[from]!];
        repo.writeOrder(tx, id, order);
      });
    },

    /** The whole order at once: exactly the collection's practices, each once. */
    reorder(caller: Caller, id: number, practiceIds: readonly number[]): void {
      kept(caller, id);
      writeTransaction(db, (tx) => {
        const current = repo.itemsOf(tx, id).map((i) => i.practiceId);
        const same =
          practiceIds.length === current.length &&
          new Set(practiceIds).size === practiceIds.length &&
          practiceIds.every((p) => current.includes(p));
        if (!same) throw invalid('practiceIds', 'Перечислите каждую практику подборки ровно один раз, в новом порядке');
        repo.writeOrder(tx, id, practiceIds);
      });
    },

    /** The ids of the collection's public practices in its order (for exports and the feed). */
    publicIds(slug: string): { collection: repo.CollectionRow; ids: number[] } {
      const { collection, items } = this.get(null, { slug });
      return { collection, ids: items.map((i) => i.practiceId) };
    },

    /** The published collections a practice's public page lists. */
    ofPractice: (practiceId: number) => repo.publishedCollectionsOf(db, practiceId),
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;
