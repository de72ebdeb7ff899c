/**
 * The `attachment` jobs: for new file bytes, extracts their text (in the extraction thread) and makes their preview,
 * then puts the text into the search index of every published practice holding those bytes. Also sweeps, hourly,
 * stored files that no row points to any more.
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { attachments, practices } from '../db/schema.js';
import type { JobContext, JobRunner } from '../jobs/runner.js';
import { loadSearchDocument } from '../search/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { extractInThread, ExtractionError, makePreview } from './extract.js';
import type { BlobStore } from './storage.js';
import { FILE_KINDS } from './types.js';

const SWEEP_EVERY_MS = 60 * 60_000;

export interface WorkerDeps {
  db: Db;
  store: BlobStore;
  engine: Pick<SearchEngine, 'index'>;
  vocabularies: VocabularyCatalogue;
  isReferenced: (sha256: string) => boolean;
  log: FastifyBaseLogger;
  /** Runs the extraction; the extraction thread by default (tests may run it inline to show why it is not). */
  extract?: typeof extractInThread;
}

const pendingOf = (sha256: string) =>
  and(
    eq(attachments.sha256, sha256),
    or(eq(attachments.textStatus, 'pending'), eq(attachments.previewStatus, 'pending')),
  );

/** Queues the processing of new files, inside the transaction that recorded them. */
export function enqueueAttachmentWork(jobs: JobRunner, tx: DbOrTx, rows: { sha256: string | null }[]): void {
  for (const sha256 of new Set(rows.map((r) => r.sha256)))
    if (sha256) jobs.enqueue(tx, 'attachment', sha256, { sha256 });
}

export function createAttachmentWorker(deps: WorkerDeps) {
  const { db, store, engine, vocabularies, isReferenced, log, extract = extractInThread } = deps;

  /** Works on the rows holding these bytes that still wait. An unreadable file is a result (failed), not a retry. */
  async function processFile(sha256: string, { signal }: JobContext): Promise<void> {
    const row = db.select().from(attachments).where(pendingOf(sha256)).orderBy(attachments.id).limit(1).get();
    if (!row) return;
    const kind = FILE_KINDS[row.ext ?? ''];
    const file = store.pathOf(sha256);
    const text: Partial<typeof attachments.$inferInsert> = {};
    const preview: Partial<typeof attachments.$inferInsert> = {};
    if (row.textStatus === 'pending') {
      try {
        text.text = kind?.extract ? await extract(file, kind.extract, signal) : '';
        text.textStatus = 'done';
      } catch (error) {
        if (!(error instanceof ExtractionError)) throw error; // aborted, or the disk failed: the job retries
        // The file is kept and marked: it is still downloadable, only its words are not searchable.
        text.textStatus = 'failed';
        text.textError = error.message.slice(0, 500);
        log.warn({ attachment: row.id, err: error }, 'text extraction failed');
      }
    }
    if (row.previewStatus === 'pending') {
      try {
        preview.previewSha = kind?.preview ? await store.put(await makePreview(file, kind.preview, signal)) : null;
        preview.previewStatus = kind?.preview ? 'done' : 'none';
      } catch (error) {
        if (signal.aborted) throw error;
        preview.previewStatus = 'failed';
        log.warn({ attachment: row.id, err: error }, 'preview failed');
      }
    }
    signal.throwIfAborted();
    writeTransaction(db, (tx) => {
      // Every row holding these bytes and still waiting gets the same result (a new version copies rows).
      if (text.textStatus)
        tx.update(attachments)
          .set(text)
          .where(and(eq(attachments.sha256, sha256), eq(attachments.textStatus, 'pending')))
          .run();
      if (preview.previewStatus)
        tx.update(attachments)
          .set(preview)
          .where(and(eq(attachments.sha256, sha256), eq(attachments.previewStatus, 'pending')))
          .run();
      if (text.textStatus !== 'done') return;
      // …and every published practice holding them is searchable by their words at once.
      const versionIds = tx
        .select({ v: attachments.versionId })
        .from(attachments)
        .where(eq(attachments.sha256, sha256))
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
  }

  let sweeper: NodeJS.Timeout | undefined;
  async function sweep(): Promise<void> {
    try {
      const removed = await store.sweep(isReferenced);
      if (removed > 0) log.info({ removed }, 'swept unreferenced files');
    } catch (error) {
      log.warn({ err: error }, 'sweeping unreferenced files failed');
    }
  }

  return {
    /** Makes the runner do `attachment` jobs. */
    register(jobs: JobRunner): void {
      jobs.register('attachment', {
        async handler(payloads, context) {
          for (const { sha256 } of payloads) await processFile(sha256, context);
        },
        // Text and preview each have their own 30 s limit; this bounds the whole job.
        timeoutMs: 120_000,
        maxAttempts: 3,
        backoff: { baseMs: 30_000, maxMs: 30 * 60_000 },
        onDead(tx, payloads) {
          // The process died on these bytes, or they kept failing: their rows stop waiting.
          for (const { sha256 } of payloads) {
            tx.update(attachments)
              .set({ textStatus: 'failed', textError: 'обработка прерывалась несколько раз' })
              .where(and(eq(attachments.sha256, sha256), eq(attachments.textStatus, 'pending')))
              .run();
            tx.update(attachments)
              .set({ previewStatus: 'failed' })
              .where(and(eq(attachments.sha256, sha256), eq(attachments.previewStatus, 'pending')))
              .run();
          }
        },
      });
    },
    /** Sweeps unreferenced files now and every hour. */
    startSweeping(): void {
      sweeper ??= setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
    },
    sweep,
    close(): void {
      if (sweeper) clearInterval(sweeper);
    },
  };
}

export type AttachmentWorker = ReturnType<typeof createAttachmentWorker>;
