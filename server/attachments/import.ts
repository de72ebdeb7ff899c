/**
 * Materials of a practice that is already published, brought in by an import (the demo catalogue): files read
 * from disk and checked exactly as uploads are (an allowed extension, bytes that really are that type), and video
 * links of the services an author may link. Their text and previews come from the same attachment jobs as uploads.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { writeTransaction } from '../db/client.js';
import { attachments } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import * as repo from '../practices/repository.js';
import { extensionOf, sanitizeName } from './names.js';
import type { AttachmentDeps, AttachmentRow } from './service.js';
import { verifyType } from './sniff.js';
import type { StoredTemp } from './storage.js';
import { FILE_KINDS, linkProviderOf, type FileKind } from './types.js';

export interface ImportedMaterials {
  /** Paths of files on this machine; each is attached under its own name. */
  files: string[];
  videos: { url: string; title: string }[];
}

export function createAttachmentImport({ db, store, onNewWork }: Pick<AttachmentDeps, 'db' | 'store' | 'onNewWork'>) {
  /** The video links as rows, or a validation error naming the first address no player is known for. */
  function linkRows(practiceId: number, versionId: number, videos: ImportedMaterials['videos']) {
    return videos.map((video, i) => {
      const provider = linkProviderOf(video.url);
      if (!provider)
        throw validationError([
          {
            field: `videos.${i}.url`,
            message: `«${video.url}» — не https-ссылка на видео RuTube, VK Видео или YouTube`,
          },
        ]);
      return {
        practiceId,
        versionId,
        kind: 'link' as const,
        name: sanitizeName(video.title),
        url: new URL(video.url).toString(),
        provider,
      };
    });
  }

  return {
    /** Attaches files and video links to the published version of a practice, all or none; returns the rows. */
    async attach(practiceId: number, materials: ImportedMaterials, actorName: string): Promise<AttachmentRow[]> {
      const versionId = repo.findPractice(db, practiceId)?.publishedVersionId;
      if (!versionId) throw new AppError('PRACTICE_NOT_FOUND', 'Материалы прикрепляются к опубликованной практике');
      const links = linkRows(practiceId, versionId, materials.videos);
      if (materials.files.length === 0 && links.length === 0) return [];
      const received: { temp: StoredTemp; name: string; ext: string; kind: FileKind }[] = [];
      try {
        for (const file of materials.files) {
          const name = sanitizeName(path.basename(file));
          const ext = extensionOf(name);
          const kind = FILE_KINDS[ext];
          if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Файлы «.${ext}» не принимаются: «${name}»`);
          const temp = await store.receive(createReadStream(file));
          received.push({ temp, name, ext, kind });
          await verifyType(kind, temp);
        }
      } catch (error) {
        await store.discard(received.map((r) => r.temp));
        throw error;
      }
      // As for uploads: the bytes are kept and the rows written under the store's lock, so a sweep never sees
      // the files in between and takes them for orphans.
      return store.exclusive(async () => {
        try {
          for (const r of received) await store.commit(r.temp);
        } catch (error) {
          await store.discard(received.map((r) => r.temp));
          throw error;
        }
        return writeTransaction(db, (tx) => {
          const version = repo.findVersion(tx, versionId)!;
          const files = received.map((r) => ({
            practiceId,
            versionId,
            kind: 'file' as const,
            name: r.name,
            sha256: r.temp.sha256,
            size: r.temp.size,
            mime: r.kind.contentType,
            ext: r.ext,
            textStatus: r.kind.extract ? ('pending' as const) : ('none' as const),
            previewStatus: r.kind.preview ? ('pending' as const) : ('none' as const),
          }));
          const rows = tx
            .insert(attachments)
            .values([...files, ...links])
            .returning()
            .all();
          repo.updateVersion(tx, versionId, {}); // attachments are part of the version: its ETag changes
          appendHistory(tx, {
            practiceId,
            versionNo: version.versionNo,
            actorUserId: null,
            actorName,
            action: 'attach',
            fromState: version.state,
            toState: version.state,
            details: { names: rows.map((r) => r.name) },
          });
          onNewWork(tx, rows);
          return rows;
        });
      });
    },
  };
}

export type AttachmentImport = ReturnType<typeof createAttachmentImport>;
