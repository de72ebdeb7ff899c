/**
 * Off the request path: extracts the text of new attachments and makes their previews, one file at a time, then
 * puts the text into the search index of every published practice holding those bytes. Also sweeps stored files
 * that no row points to any more.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { attachments, practices } from '../db/schema.js';
import { loadSearchDocument } from '../search-api/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { extractText, makePreview } from './extract.js';
import type { BlobStore } from './storage.js';
import { FILE_KINDS } from './types.js';

const SWEEP_EVERY_MS = 60 * 60_000;
/** Pending work is looked at this often even when no upload wakes the worker (rows left by a crash). */
const TICK_MS = 60_000;
/** A file that was started this many times without finishing (the process died on it) is given up on. */
const MAX_ATTEMPTS = 3;

export interface WorkerDeps {
  db: Db;
  store: BlobStore;
  engine: Pick<SearchEngine, 'index'>;
  vocabularies: VocabularyCatalogue;
  isReferenced: (sha256: string) => boolean;
  log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

const pending = or(eq(attachments.textStatus, 'pending'), eq(attachments.previewStatus, 'pending'));

export function createAttachmentWorker({ db, store, engine, vocabularies, isReferenced, log }: WorkerDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let lastSweep = 0;

  async function processOne(): Promise<boolean> {
    const row = db.select().from(attachments).where(pending).orderBy(attachments.id).limit(1).get();
    if (!row) return false;
    const sameBytes = and(eq(attachments.sha256, row.sha256 ?? ''), pending);
    if (!row.sha256 || row.workAttempts >= MAX_ATTEMPTS) {
      db.update(attachments)
        .set({
          textStatus: row.textStatus === 'pending' ? 'failed' : row.textStatus,
          previewStatus: row.previewStatus === 'pending' ? 'failed' : row.previewStatus,
          textError: 'обработка прерывалась несколько раз',
        })
        .where(row.sha256 ? sameBytes : eq(attachments.id, row.id))
        .run();
      return true;
    }
    // Counted before the work: if the process dies on this file, the next start knows it tried.
    db.update(attachments)
      .set({ workAttempts: sql`${attachments.workAttempts} + 1` })
      .where(sameBytes)
      .run();
    const kind = FILE_KINDS[row.ext ?? ''];
    const file = store.pathOf(row.sha256);
    const text: Partial<typeof attachments.$inferInsert> = {};
    const preview: Partial<typeof attachments.$inferInsert> = {};
    if (row.textStatus === 'pending') {
      try {
        text.text = kind?.extract ? await extractText(file, kind.extract) : '';
        text.textStatus = 'done';
      } catch (error) {
        // The file is kept and marked: it is still downloadable, only its words are not searchable.
        text.textStatus = 'failed';
        text.textError = String((error as Error).message).slice(0, 500);
        log?.warn({ attachment: row.id, err: error }, 'text extraction failed');
      }
    }
    if (row.previewStatus === 'pending') {
      try {
        preview.previewSha = kind?.preview ? await store.put(await makePreview(file, kind.preview)) : null;
        preview.previewStatus = kind?.preview ? 'done' : 'none';
      } catch (error) {
        preview.previewStatus = 'failed';
        log?.warn({ attachment: row.id, err: error }, 'preview failed');
      }
    }
    writeTransaction(db, (tx) => {
      // Every row holding these bytes and still waiting gets the same result (a new version copies rows).
      if (text.textStatus)
        tx.update(attachments)
          .set(text)
          .where(and(eq(attachments.sha256, row.sha256!), eq(attachments.textStatus, 'pending')))
          .run();
      if (preview.previewStatus)
        tx.update(attachments)
          .set(preview)
          .where(and(eq(attachments.sha256, row.sha256!), eq(attachments.previewStatus, 'pending')))
          .run();
      if (text.textStatus !== 'done') return;
      // …and every published practice holding them is searchable by their words at once.
      const versionIds = tx
        .select({ v: attachments.versionId })
        .from(attachments)
        .where(eq(attachments.sha256, row.sha256!))
        .all()
        .map((r) => r.v);
      const published = versionIds.length
        ? tx
            .select()
            .from(practices)
            .where(and(inArray(practices.publishedVersionId, versionIds), isNull(practices.withdrawnAt)))
            .all()
        : [];
      for (const practice of published) {
        const doc = loadSearchDocument(tx, practice, vocabularies);
        if (doc) engine.index(tx, doc);
      }
    });
    return true;
  }

  async function work(): Promise<void> {
    while (!closed && (await processOne()));
    if (!closed && Date.now() - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      const removed = await store.sweep(isReferenced);
      if (removed > 0) log?.info({ removed }, 'swept unreferenced files');
    }
  }

  /** Runs the work unless it is running already; then it runs once more afterwards. */
  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = work()
      .catch((error: unknown) => log?.warn({ err: error }, 'attachment worker failed'))
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          void kick();
        } else schedule(TICK_MS);
      });
    return running;
  }

  function schedule(delayMs = 0): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void kick(), delayMs).unref();
  }

  return {
    schedule,
    /** Runs until nothing is pending (tests and the benchmark wait on it). */
    async drain(): Promise<void> {
      while (running) await running;
      await kick();
      while (running) await running;
    },
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      while (running) await running;
    },
  };
}

export type AttachmentWorker = ReturnType<typeof createAttachmentWorker>;
