/**
 * A backup's `manifest.json`: what the backup holds (the database and every stored file, each with its sha256 and
 * size), which bank and migration level made it, and when. It is written last, so a backup without one is
 * unfinished; it carries a checksum of itself, so an edited manifest is noticed before anything is trusted.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

export const MANIFEST = 'manifest.json';
export const DATABASE_FILE = 'bank.db';

const entry = z.object({
  path: z.string().regex(/^(bank\.db|files\/[0-9a-f]{2}\/[0-9a-f]{64})$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
});
export type ManifestEntry = z.infer<typeof entry>;

const manifestSchema = z.object({
  format: z.literal(1),
  bankVersion: z.string(),
  migration: z.object({ count: z.number().int(), tag: z.string().nullable() }),
  takenAt: z.string(),
  durationMs: z.number().int().min(0),
  database: entry,
  files: z.array(entry),
  totalBytes: z.number().int().min(0),
  checksum: z.string(),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The checksum of everything else in the manifest, in a fixed key order. */
export function manifestChecksum(manifest: Omit<Manifest, 'checksum'>): string {
  const { format, bankVersion, migration, takenAt, durationMs, database, files, totalBytes } = manifest;
  const canonical = JSON.stringify([format, bankVersion, migration, takenAt, durationMs, database, files, totalBytes]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A backup that cannot be restored, with the Russian reason an operator reads. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/** Reads and checks a backup's manifest: present, well-formed and unedited. */
export async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(path.join(dir, MANIFEST), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new BackupRefused(`В ${dir} нет ${MANIFEST}: копия не завершена или это не резервная копия банка`);
    throw error;
  });
  let parsed: Manifest;
  try {
    parsed = manifestSchema.parse(JSON.parse(text));
  } catch {
    throw new BackupRefused(`${MANIFEST} повреждён: это не описание резервной копии банка`);
  }
  const { checksum, ...rest } = parsed;
  if (manifestChecksum(rest) !== checksum)
    throw new BackupRefused(`${MANIFEST} изменён после создания копии (не сходится его контрольная сумма)`);
  return parsed;
}

/** sha256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(file), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
    }
    yield* [];
  });
  return { sha256: hash.digest('hex'), size };
}
