/**
 * A platform's files — the order that established it and its yearly reports — received with the attachments'
 * own checks (`receiveChecked`: allowed extension, bytes of that type, no PDF/HTML polyglot, the size limit) and kept in their
 * content-addressed store, so they are served, backed up and swept like attachments.
 */
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { receiveChecked } from '../attachments/receive.js';
import type { BlobStore } from '../attachments/storage.js';
import { FILE_KINDS } from '../attachments/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { platformFiles, platforms } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';
import * as repo from './repository.js';

export interface IncomingPlatformFile {
  filename: string;
  file: Readable & { truncated?: boolean };
}

/** Which file: the order (one per platform: a new one replaces it) or the report of a year. */
export type PlatformFileTarget = { kind: 'order' } | { kind: 'report'; year: number };

export interface PlatformFileDeps {
  db: Db;
  store: BlobStore;
  limits: Config['attachments'];
}

export function createPlatformFiles({ db, store, limits }: PlatformFileDeps) {
  return {
    /** Receives one file, checks it, keeps its bytes and records it with its admin_history row. */
    async upload(
      actor: AdminActor & { userId: number },
      platformId: number,
      target: PlatformFileTarget,
      part: IncomingPlatformFile,
    ) {
      if (!repo.findPlatform(db, platformId)) {
        part.file.resume();
        throw new AppError('PLATFORM_NOT_FOUND');
      }
      const { temp: received, name, ext, kind } = await receiveChecked(store, limits, part);
      return store.exclusive(async () => {
        try {
          await store.commit(received);
        } catch (error) {
          await store.discard([received]);
          throw error;
        }
        return writeTransaction(db, (tx) => {
          const platform = tx
            .select({ theme: platforms.theme })
            .from(platforms)
            .where(eq(platforms.id, platformId))
            .get();
          if (!platform) throw new AppError('PLATFORM_NOT_FOUND');
          // One order per platform: a corrected scan replaces the one before.
          if (target.kind === 'order')
            tx.delete(platformFiles)
              .where(and(eq(platformFiles.platformId, platformId), eq(platformFiles.kind, 'order')))
              .run();
          const row = tx
            .insert(platformFiles)
            .values({
              platformId,
              kind: target.kind,
              year: target.kind === 'report' ? target.year : null,
              name,
              sha256: received.sha256,
              size: received.size,
              mime: kind.contentType,
              ext,
              createdBy: actor.userId,
            })
            .returning()
            .get();
          recordAdminAction(tx, actor, {
            action: target.kind === 'order' ? 'platform.order_uploaded' : 'platform.report_uploaded',
            targetType: 'platform',
            targetId: String(platformId),
            summary:
              target.kind === 'order'
                ? `Площадка «${platform.theme.slice(0, 120)}»: загружен приказ «${name}»`
                : `Площадка «${platform.theme.slice(0, 120)}»: загружен отчёт за ${target.year} год «${name}»`,
            details: { fileId: row.id, sha256: received.sha256, size: received.size },
          });
          return row;
        });
      });
    },

    /** A file to download: anyone may, the registry is public. */
    forDownload(id: number): { row: repo.PlatformFileRow; inline: boolean } {
      const row = repo.findFile(db, id);
      if (!row) throw new AppError('PLATFORM_FILE_NOT_FOUND');
      return { row, inline: FILE_KINDS[row.ext]?.inline ?? false };
    },
  };
}

export type PlatformFiles = ReturnType<typeof createPlatformFiles>;
