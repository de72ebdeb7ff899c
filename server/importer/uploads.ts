/**
 * Uploaded import files waiting for their confirmation: the admin area reads a file for the preview and imports
 * the same file on «Импортировать», so it is kept on the server between the two steps — never uploaded twice.
 * Each upload is a file `imports/<id>.upload` under DATA_DIR with its metadata beside it; uploads older than
 * `keepMs` are removed at the next upload. After the import the file goes and its report stays until it expires.
 * The report's type is the practices' import report unless another register (innovation platforms) names its own.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportReport } from './service.js';

export interface UploadMeta {
  id: string;
  /** The file's name on the administrator's computer, for the pages and the admin history. */
  name: string;
  size: number;
  uploadedBy: number;
  uploadedAt: string;
}

const ID = /^[A-Za-z0-9_-]{22}$/;

/** The store of pending imports under `dataDir/imports`. */
export function createImportUploads<Report = ImportReport>(
  dataDir: string,
  keepMs: number,
  now: () => number = Date.now,
) {
  const dir = path.join(dataDir, 'imports');
  const file = (id: string, ext: 'upload' | 'json' | 'report.json') => path.join(dir, `${id}.${ext}`);

  async function readJson<T>(target: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(target, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Removes every upload and report older than `keepMs`. */
  async function sweep(): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const target = path.join(dir, name);
        const info = await stat(target).catch(() => undefined);
        if (info && now() - info.mtimeMs > keepMs) await rm(target, { force: true });
      }),
    );
  }

  return {
    /** Streams an uploaded file to disk; returns its metadata. A partial file is removed if the stream fails. */
    async save(stream: Readable, name: string, uploadedBy: number): Promise<UploadMeta> {
      await mkdir(dir, { recursive: true });
      await sweep();
      const id = randomBytes(16).toString('base64url');
      try {
        await pipeline(stream, createWriteStream(file(id, 'upload'), { flags: 'wx' }));
      } catch (error) {
        await rm(file(id, 'upload'), { force: true });
        throw error;
      }
      const meta: UploadMeta = {
        id,
        name: path.basename(name).slice(0, 200) || 'файл',
        size: (await stat(file(id, 'upload'))).size,
        uploadedBy,
        uploadedAt: new Date(now()).toISOString(),
      };
      await writeFile(file(id, 'json'), JSON.stringify(meta));
      return meta;
    },

    /** The pending upload `id` and its file's path, or undefined when it is unknown, imported or expired. */
    async find(id: string): Promise<{ meta: UploadMeta; path: string } | undefined> {
      if (!ID.test(id)) return undefined;
      const meta = await readJson<UploadMeta>(file(id, 'json'));
      const info = await stat(file(id, 'upload')).catch(() => undefined);
      if (!meta || !info || now() - info.mtimeMs > keepMs) return undefined;
      return { meta, path: file(id, 'upload') };
    },

    /** Keeps the report of an import and removes its file: the same upload cannot be imported twice. */
    async finish(id: string, report: Report & { name: string }): Promise<void> {
      await writeFile(file(id, 'report.json'), JSON.stringify(report));
      await rm(file(id, 'upload'), { force: true });
      await rm(file(id, 'json'), { force: true });
    },

    /** The report of a finished import, while it is kept. */
    async report(id: string): Promise<(Report & { name: string }) | undefined> {
      if (!ID.test(id)) return undefined;
      return readJson(file(id, 'report.json'));
    },

    /** Forgets an upload that turned out unreadable. */
    async discard(id: string): Promise<void> {
      await rm(file(id, 'upload'), { force: true });
      await rm(file(id, 'json'), { force: true });
    },
  };
}

export type ImportUploads = ReturnType<typeof createImportUploads<ImportReport>>;
