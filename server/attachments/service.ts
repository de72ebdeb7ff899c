/**
 * Attachments of a practice's version: uploads by its authors while it is editable, external video links,
 * downloads for whoever may see the version. An upload is all or nothing: every file is received and checked
 * before any is kept, and the rows are written in one transaction after the bytes are safely stored.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/service.js';
import type { Config } from '../config.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { attachmentDownloadsDaily, attachments } from '../db/schema.js';
import type { Visitor, VisitLedger } from '../stats/visits.js';
import { AppError, validationError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { isOwnerOf, mayDownload, visibleVersion, type Caller } from '../access/policy.js';
import { loadPractice } from '../practices/lookup.js';
import * as repo from '../practices/repository.js';
import { EDITABLE_STATES } from '../practices/service.js';
import { quotaMessage, tooManyFilesMessage } from './messages.js';
import { sanitizeName } from './names.js';
import { receiveFile, type IncomingFile, type ReceivedFile } from './receive.js';
import type { BlobStore } from './storage.js';
import { FILE_KINDS, linkProviderOf } from './types.js';

export type AttachmentRow = typeof attachments.$inferSelect;

export interface AttachmentView {
  id: number;
  kind: 'file' | 'link';
  name: string;
  size: number;
  contentType: string | null;
  url: string;
  provider: string | null;
  textStatus: string;
  previewUrl: string | null;
  downloads: number;
  createdAt: string;
}

const toAttachmentView = (row: AttachmentRow): AttachmentView => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  size: row.size,
  contentType: row.mime,
  url: row.kind === 'link' ? row.url! : `/api/v1/attachments/${row.id}`,
  provider: row.provider,
  textStatus: row.textStatus,
  previewUrl: row.previewStatus === 'done' ? `/api/v1/attachments/${row.id}/preview` : null,
  downloads: row.downloads,
  createdAt: row.createdAt,
});

export interface AttachmentDeps {
  db: Db;
  store: BlobStore;
  limits: Config['attachments'];
  /** Queues the text and preview work for new files, inside the transaction that records them. */
  onNewWork: (tx: Tx, rows: AttachmentRow[]) => void;
  /** Decides whether a download is a visitor's first of the file that day (and which day). */
  visits: VisitLedger;
}

export function createAttachmentService({ db, store, limits, onNewWork, visits }: AttachmentDeps) {
  /** The version the user may attach to: theirs, and editable. */
  function editableVersion(tx: DbOrTx, user: SessionUser, practiceId: number): repo.VersionRow {
    const practice = loadPractice(tx, practiceId);
    if (!isOwnerOf(tx, practice, user)) {
      visibleVersion(tx, practice, user);
      throw new AppError('FORBIDDEN', 'Прикреплять файлы могут только авторы практики');
    }
    const latest = repo.findVersion(tx, practice.latestVersionId!)!;
    if (!EDITABLE_STATES.includes(latest.state)) throw new AppError('PRACTICE_NOT_EDITABLE');
    return latest;
  }

  function usage(tx: DbOrTx, versionId: number): { files: number; bytes: number } {
    const row = tx
      .select({ files: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${attachments.size}), 0)` })
      .from(attachments)
      .where(eq(attachments.versionId, versionId))
      .get();
    return { files: row?.files ?? 0, bytes: row?.bytes ?? 0 };
  }

  function record(
    tx: Tx,
    user: SessionUser,
    version: repo.VersionRow,
    rows: (typeof attachments.$inferInsert)[],
    what: string,
  ): AttachmentRow[] {
    // Re-checked inside the transaction: while the files streamed in, the practice may have been submitted or
    // deleted, and another upload may have used up the limits.
    const current = repo.findVersion(tx, version.id);
    if (!current) throw new AppError('PRACTICE_NOT_FOUND');
    if (!EDITABLE_STATES.includes(current.state)) throw new AppError('PRACTICE_NOT_EDITABLE');
    const used = usage(tx, version.id);
    if (used.files + rows.length > limits.maxFiles) throw new AppError('TOO_MANY_FILES', tooManyFilesMessage(limits));
    if (used.bytes + rows.reduce((sum, r) => sum + (r.size ?? 0), 0) > limits.maxPracticeBytes) {
      throw new AppError('ATTACHMENT_QUOTA_EXCEEDED', quotaMessage(limits));
    }
    const inserted = tx.insert(attachments).values(rows).returning().all();
    repo.updateVersion(tx, version.id, {}); // attachments are part of the version: its ETag changes
    appendHistory(tx, {
      practiceId: version.practiceId,
      versionNo: version.versionNo,
      actorUserId: user.id,
      actorName: user.fullName,
      action: what,
      fromState: version.state,
      toState: version.state,
      details: { names: inserted.map((r) => r.name) },
    });
    onNewWork(tx, inserted);
    return inserted;
  }

  /** Sees the version an attachment belongs to: its authors, moderators past the draft, the public once published. */
  const canSee = (caller: Caller, practice: repo.PracticeRow, version: repo.VersionRow) =>
    mayDownload(db, caller, practice, version);

  const rowsOf = (versionId: number) =>
    db
      .select()
      .from(attachments)
      .where(eq(attachments.versionId, versionId))
      .orderBy(attachments.id)
      .all()
      .map(toAttachmentView);

  return {
    /** Receives every file of a multipart upload, checks them all, then keeps them all (or none). */
    async upload(user: SessionUser, practiceId: number, files: AsyncIterable<IncomingFile>): Promise<AttachmentView[]> {
      const version = editableVersion(db, user, practiceId);
      const before = usage(db, version.id);
      const received: ReceivedFile[] = [];
      try {
        for await (const part of files) {
          if (before.files + received.length >= limits.maxFiles) {
            part.file.resume();
            throw new AppError('TOO_MANY_FILES', tooManyFilesMessage(limits));
          }
          received.push(await receiveFile(store, limits, part));
          if (before.bytes + received.reduce((sum, r) => sum + r.temp.size, 0) > limits.maxPracticeBytes) {
            throw new AppError('ATTACHMENT_QUOTA_EXCEEDED', quotaMessage(limits));
          }
        }
        if (received.length === 0) throw validationError([{ field: 'file', message: 'Выберите хотя бы один файл' }]);
      } catch (error) {
        await store.discard(received.map((r) => r.temp));
        throw error;
      }
      // Keeping the bytes and recording the rows happen under the store's lock, so a sweep never sees a file
      // between the two and takes it for an orphan.
      const rows = await store.exclusive(async () => {
        try {
          for (const r of received) await store.commit(r.temp);
        } catch (error) {
          await store.discard(received.map((r) => r.temp));
          throw error;
        }
        return writeTransaction(db, (tx) =>
          record(
            tx,
            user,
            version,
            received.map((r) => ({
              practiceId,
              versionId: version.id,
              kind: 'file' as const,
              name: r.name,
              sha256: r.temp.sha256,
              size: r.temp.size,
              mime: r.kind.contentType,
              ext: r.ext,
              textStatus: r.kind.extract ? ('pending' as const) : ('none' as const),
              previewStatus: r.kind.preview ? ('pending' as const) : ('none' as const),
              createdBy: user.id,
            })),
            'attach',
          ),
        );
      });
      return rows.map(toAttachmentView);
    },

    /** An external video (RuTube, VK Video, YouTube) as an attachment of its own kind. */
    addLink(user: SessionUser, practiceId: number, url: string, title: string | undefined): AttachmentView {
      if (!URL.canParse(url)) throw validationError([{ field: 'url', message: 'Это не адрес' }]);
      const parsed = new URL(url);
      const provider = linkProviderOf(url);
      if (!provider)
        throw validationError([{ field: 'url', message: 'Нужна https-ссылка на видео RuTube, VK Видео или YouTube' }]);
      return writeTransaction(db, (tx) => {
        const version = editableVersion(tx, user, practiceId);
        if (usage(tx, version.id).files >= limits.maxFiles)
          throw new AppError('TOO_MANY_FILES', tooManyFilesMessage(limits));
        const [row] = record(
          tx,
          user,
          version,
          [
            {
              practiceId,
              versionId: version.id,
              kind: 'link',
              name: sanitizeName(title ?? parsed.hostname),
              url: parsed.toString(),
              provider,
              createdBy: user.id,
            },
          ],
          'attach_link',
        );
        return toAttachmentView(row!);
      });
    },

    /** Attachments of the version the caller sees. */
    list(caller: Caller, practiceId: number): AttachmentView[] {
      const practice = loadPractice(db, practiceId);
      return rowsOf(visibleVersion(db, practice, caller).id);
    },

    /** Attachments of a published (or superseded) version, for its public page. */
    ofPublicVersion(practiceId: number, versionNo: number): AttachmentView[] {
      const practice = repo.findPractice(db, practiceId);
      const version = practice ? repo.findVersionByNumber(db, practiceId, versionNo) : undefined;
      if (!practice || !version || !canSee(null, practice, version)) return [];
      return rowsOf(version.id);
    },

    /** An attachment the caller may download, or ATTACHMENT_NOT_FOUND (also when they may not see it). */
    forDownload(caller: Caller, id: number): { row: AttachmentRow; inline: boolean; published: boolean } {
      const row = db.select().from(attachments).where(eq(attachments.id, id)).get();
      const practice = row ? repo.findPractice(db, row.practiceId) : undefined;
      const version = row ? repo.findVersion(db, row.versionId) : undefined;
      if (!row || !practice || !version || row.kind !== 'file' || !canSee(caller, practice, version))
        throw new AppError('ATTACHMENT_NOT_FOUND');
      return {
        row,
        inline: FILE_KINDS[row.ext ?? '']?.inline ?? false,
        published: version.state === 'published' && practice.withdrawnAt === null,
      };
    },

    /**
     * Counts a download of a published file: once a day per visitor, never a robot's. A first download is rare
     * enough to be written at once (the list of files shows the total), as one UPDATE and one UPSERT.
     */
    countDownload(id: number, visitor: Visitor): void {
      const day = visits.firstVisit(visitor, `file:${id}`);
      if (day === undefined) return;
      writeTransaction(db, (tx) => {
        tx.update(attachments)
          .set({ downloads: sql`${attachments.downloads} + 1` })
          .where(eq(attachments.id, id))
          .run();
        tx.insert(attachmentDownloadsDaily)
          .values({ attachmentId: id, day, downloads: 1 })
          .onConflictDoUpdate({
            target: [attachmentDownloadsDaily.attachmentId, attachmentDownloadsDaily.day],
            set: { downloads: sql`${attachmentDownloadsDaily.downloads} + 1` },
          })
          .run();
      });
    },

    /** Takes an attachment off an editable version; its bytes go when nothing else points to them (the sweep). */
    remove(user: SessionUser, id: number): void {
      writeTransaction(db, (tx) => {
        const row = tx.select().from(attachments).where(eq(attachments.id, id)).get();
        const practice = row ? repo.findPractice(tx, row.practiceId) : undefined;
        // The same answer whether the attachment exists or the caller may not see it: ids are not probed.
        if (!row || !practice || !canSee(user, practice, repo.findVersion(tx, row.versionId)!))
          throw new AppError('ATTACHMENT_NOT_FOUND');
        const version = editableVersion(tx, user, row.practiceId);
        if (row.versionId !== version.id)
          throw new AppError('PRACTICE_NOT_EDITABLE', 'Вложения опубликованной версии не меняются');
        tx.delete(attachments).where(eq(attachments.id, id)).run();
        repo.updateVersion(tx, version.id, {});
        appendHistory(tx, {
          practiceId: row.practiceId,
          versionNo: version.versionNo,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'detach',
          fromState: version.state,
          toState: version.state,
          details: { names: [row.name] },
        });
      });
    },

    /** Whether any row points to these bytes (as a file or a preview): asked by the sweep just before it deletes. */
    isReferenced(sha256: string): boolean {
      return (
        db
          .select({ id: attachments.id })
          .from(attachments)
          .where(or(eq(attachments.sha256, sha256), eq(attachments.previewSha, sha256)))
          .limit(1)
          .get() !== undefined
      );
    },
  };
}

/** Texts extracted from a version's attachments: what the search index adds to its sections. */
export function attachmentTexts(tx: DbOrTx, versionId: number): string[] {
  return tx
    .select({ text: attachments.text })
    .from(attachments)
    .where(and(eq(attachments.versionId, versionId), eq(attachments.textStatus, 'done')))
    .all()
    .map((r) => r.text ?? '');
}

/** Names of a version's files and links, in order: what a reviewer compares between reviews. */
export function attachmentNames(tx: DbOrTx, versionId: number): string[] {
  return tx
    .select({ name: attachments.name })
    .from(attachments)
    .where(eq(attachments.versionId, versionId))
    .orderBy(attachments.id)
    .all()
    .map((r) => r.name);
}

/** A new version starts with the attachments of the one it copies (the rows, not the bytes). */
export function copyAttachments(tx: DbOrTx, fromVersionId: number, toVersionId: number): void {
  const rows = tx.select().from(attachments).where(eq(attachments.versionId, fromVersionId)).all();
  if (rows.length === 0) return;
  tx.insert(attachments)
    .values(
      rows.map(({ id: _id, versionId: _v, downloads: _d, ...rest }) => ({
        ...rest,
        versionId: toVersionId,
        downloads: 0,
      })),
    )
    .run();
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
