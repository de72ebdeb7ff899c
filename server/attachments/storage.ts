/**
 * Content-addressed file storage on the data volume: an upload streams through sha256 into a temporary file,
 * is fsynced, then renamed into `files/ab/abcdef…`. A rename is atomic, so a file is either whole or absent; an
 * identical file is stored once. Files no row points to are swept.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredTemp {
  tempPath: string;
  sha256: string;
  size: number;
}

/** A directory that is not there lists as empty; any other failure (permissions, I/O) is not hidden. */
function absent(error: NodeJS.ErrnoException): string[] {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
  throw error;
}

/** A backup's hold on the sweep older than this is a crashed backup's leftover, not a backup under way. */
const HOLD_EXPIRES_MS = 12 * 60 * 60_000;

/** Files older than this may be swept when nothing points to them: an upload in flight is never that old. */
const SWEEP_AGE_MS = 60 * 60_000;

export class BlobStore {
  readonly filesDir: string;
  readonly tempDir: string;
  /** Temporary files of uploads still streaming in: the sweep leaves them alone however long they take. */
  private readonly live = new Set<string>();
  /** Serialises "keep bytes + record rows" against the sweep: one at a time, in this process. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Marks of backups under way (in any process): while one is fresh, the sweep deletes nothing. */
  readonly holdsDir: string;

  constructor(dataDir: string) {
    this.filesDir = path.join(dataDir, 'files');
    this.tempDir = path.join(dataDir, 'tmp');
    this.holdsDir = path.join(dataDir, 'holds');
  }

  /**
   * Keeps every stored file until the returned function is called: a backup copies the files its database
   * snapshot references, and one deleted after the snapshot must still be there to copy. A mark on disk, so a
   * backup run from the command line holds the running bank's sweep too; a mark left by a crash expires.
   */
  async holdSweep(): Promise<() => Promise<void>> {
    await mkdir(this.holdsDir, { recursive: true });
    const mark = path.join(this.holdsDir, `${randomUUID()}.hold`);
    await writeFile(mark, String(process.pid), { flag: 'wx' });
    return () => rm(mark, { force: true });
  }

  private async held(now: number): Promise<boolean> {
    for (const name of await readdir(this.holdsDir).catch(absent)) {
      const born = await stat(path.join(this.holdsDir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      if (now - born < HOLD_EXPIRES_MS) return true;
    }
    return false;
  }

  async init(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    await mkdir(this.tempDir, { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.filesDir, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` into a temporary file, hashing as it goes, and fsyncs it. On any error (the client went
   * away, a limit was hit) the temporary file is removed and the error is rethrown.
   */
  async receive(source: Readable): Promise<StoredTemp> {
    const tempPath = path.join(this.tempDir, `${randomUUID()}.part`);
    this.live.add(path.basename(tempPath));
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(tempPath, { flags: 'wx' }));
      const handle = await open(tempPath, 'r+');
      await handle.sync();
      await handle.close();
      return { tempPath, sha256: hash.digest('hex'), size };
    } catch (error) {
      await rm(tempPath, { force: true });
      this.live.delete(path.basename(tempPath));
      throw error;
    }
  }

  /** Runs `work` alone with respect to other `exclusive` work (commits and sweeps). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Moves a received file into place (or drops it if the same bytes are already stored). */
  async commit(temp: StoredTemp): Promise<void> {
    const target = this.pathOf(temp.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    this.live.delete(path.basename(temp.tempPath));
    if (exists) {
      await unlink(temp.tempPath);
      // Kept again now: a sweep must not take these bytes for an old orphan.
      const now = new Date();
      await utimes(target, now, now);
    } else {
      await rename(temp.tempPath, target);
      // The directory entry must reach the disk too, or a power cut could lose the rename.
      const dir = await open(path.dirname(target), 'r');
      await dir.sync();
      await dir.close();
    }
  }

  async discard(temps: StoredTemp[]): Promise<void> {
    await Promise.all(
      temps.map(async (t) => {
        await rm(t.tempPath, { force: true });
        this.live.delete(path.basename(t.tempPath));
      }),
    );
  }

  /**
   * Stores bytes made here (a preview) under their hash. The caller records the row inside `exclusive` work, or
   * the file is at most an hour-old orphan for the sweep.
   */
  async put(bytes: Buffer): Promise<string> {
    const temp = await this.receive(Readable.from([bytes]));
    await this.commit(temp);
    return temp.sha256;
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range);
  }

  /**
   * Removes stored files older than an hour that nothing references, and abandoned temporary files. Each stored
   * file is checked with `isReferenced` just before it goes, under the same lock as commits, so a file kept or
   * referenced meanwhile is never deleted.
   */
  sweep(isReferenced: (sha256: string) => boolean, now = Date.now()): Promise<number> {
    return this.exclusive(async () => {
      let removed = 0;
      if (await this.held(now)) return removed;
      const old = async (file: string) =>
        now -
          (await stat(file).then(
            (s) => s.mtimeMs,
            () => now,
          )) >
        SWEEP_AGE_MS;
      for (const temp of await readdir(this.tempDir).catch(absent)) {
        const file = path.join(this.tempDir, temp);
        if (!this.live.has(temp) && (await old(file))) {
          await rm(file, { force: true });
          removed += 1;
        }
      }
      for (const prefix of await readdir(this.filesDir).catch(absent)) {
        for (const name of await readdir(path.join(this.filesDir, prefix)).catch(absent)) {
          const file = path.join(this.filesDir, prefix, name);
          if ((await old(file)) && !isReferenced(name)) {
            await rm(file, { force: true });
            removed += 1;
          }
        }
      }
      return removed;
    });
  }

  /** Whether the stored bytes exist (a download checks before it promises any). */
  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }
}
