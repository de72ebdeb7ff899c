/**
 * Off the request path: extracts the text of new attachments and makes their previews, one file at a time, then
 * puts the text into the search index when the file belongs to a published version. Also sweeps stored files
 * that no row points to any more.
 */
import { eq, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { attachments } from '../db/schema.js';
import * as repo from '../practices/repository.js';
import { loadSearchDocument } from '../search/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { extractText, makePreview } from './extract.js';
import type { BlobStore } from './storage.js';
import { FILE_KINDS } from './types.js';

const SWEEP_EVERY_MS = 60 * 60_000;

export interface WorkerDeps {
  db: Db;
  store: BlobStore;
  engine: Pick<SearchEngine, 'index'>;
  vocabularies: VocabularyCatalogue;
  referenced: () => Set<string>;
  log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

export function createAttachmentWorker({ db, store, engine, vocabularies, referenced, log }: WorkerDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let lastSweep = 0;

  async function processOne(): Promise<boolean> {
    const row = db
      .select()
      .from(attachments)
      .where(or(eq(attachments.textStatus, 'pending'), eq(attachments.previewStatus, 'pending')))
      .orderBy(attachments.id)
      .limit(1)
      .get();
    if (!row || !row.sha256) return false;
    const kind = FILE_KINDS[row.ext ?? ''];
    const file = store.pathOf(row.sha256);
    const update: Partial<typeof attachments.$inferInsert> = {};
    if (row.textStatus === 'pending') {
      try {
        update.text = kind?.extract ? await extractText(file, kind.extract) : '';
        update.textStatus = 'done';
      } catch (error) {
        // The file is kept and marked: it is still downloadable, only its words are not searchable.
        update.textStatus = 'failed';
        update.textError = String((error as Error).message).slice(0, 500);
        log?.warn({ attachment: row.id, err: error }, 'text extraction failed');
      }
    }
    if (row.previewStatus === 'pending') {
      try {
        update.previewSha = kind?.preview ? await store.put(await makePreview(file, kind.preview)) : null;
        update.previewStatus = kind?.preview ? 'done' : 'none';
      } catch (error) {
        update.previewStatus = 'failed';
        log?.warn({ attachment: row.id, err: error }, 'preview failed');
      }
    }
    writeTransaction(db, (tx) => {
      // Every copy of these bytes (a new version copies rows) gets the same result.
      tx.update(attachments).set(update).where(eq(attachments.sha256, row.sha256!)).run();
      const practice = repo.findPractice(tx, row.practiceId);
      if (practice && practice.publishedVersionId === row.versionId && update.textStatus === 'done') {
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
      const removed = await store.sweep(referenced());
      if (removed > 0) log?.info({ removed }, 'swept unreferenced files');
    }
  }

  function schedule(delayMs = 0): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = work()
        .catch((error: unknown) => log?.warn({ err: error }, 'attachment worker failed'))
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            schedule(0);
          }
        });
    }, delayMs).unref();
  }

  return {
    schedule,
    /** Runs until nothing is pending (tests and the benchmark wait on it). */
    async drain(): Promise<void> {
      await running;
      await work();
    },
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type AttachmentWorker = ReturnType<typeof createAttachmentWorker>;
