/**
 * Text of attached documents for search, and previews for the practice page. Text is extracted by one extractor
 * per format (`extractors/`) in a worker thread of its own, with a heap cap and a time limit: a runaway file is
 * killed and marked failed while the server goes on answering. Previews are made by sharp (libvips works off the
 * event loop, with its own time limit) and, for PDF, by pdftoppm in a child process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { extractTextSync } from './extractors/index.js';
import { EXTRACT_LIMITS, ExtractionError } from './extractors/limits.js';
import type { Extractor } from './types.js';

export { EXTRACT_LIMITS, ExtractionError } from './extractors/limits.js';
export { xmlText } from './extractors/xml.js';
export { rtfText } from './extractors/rtf.js';

const run = promisify(execFile);

/** At most `limit` bytes from the start of a file, never the whole of a large one. */
export async function readHead(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The text of a stored file on the calling thread (tests, benchmarks); the server uses `extractInThread`. */
export async function extractText(file: string, extractor: Extractor): Promise<string> {
  return extractTextSync(file, extractor);
}

// Built, the thread's entry is JavaScript; from source (tsx, vitest) it is TypeScript, loaded through tsx's API
// because a worker does not inherit the parent's loader.
const compiled = new URL('./extract-thread.js', import.meta.url);
const THREAD = existsSync(fileURLToPath(compiled))
  ? { entry: fileURLToPath(compiled), eval: false }
  : {
      entry: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./extract-thread.ts', import.meta.url).href)}); })`,
      eval: true,
    };

type Reply = { id: number; ok: true; text: string } | { id: number; ok: false; expected: boolean; message: string };

/** The thread is kept while files keep coming (it takes a second to start) and let go when idle. */
const IDLE_MS = 60_000;
let thread: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;

function startThread(): Worker {
  const worker = new Worker(THREAD.entry, {
    eval: THREAD.eval,
    resourceLimits: { maxOldGenerationSizeMb: EXTRACT_LIMITS.heapMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.once('exit', () => {
    if (thread === worker) thread = undefined;
  });
  return worker;
}

/** Kills the extraction thread (a runaway file, an abort, or idleness); the next file starts a new one. */
function killThread(worker: Worker): void {
  if (thread === worker) thread = undefined;
  void worker.terminate();
}

/**
 * The text of a stored file, extracted in the extraction thread: throws ExtractionError when the file cannot be
 * read, runs out of time or of memory (the thread is killed), and `signal`'s reason when the caller gives up.
 * One file at a time: the job runner never asks for two at once.
 */
export function extractInThread(file: string, extractor: Extractor, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  if (idleTimer) clearTimeout(idleTimer);
  const worker = (thread ??= startThread());
  const id = ++nextId;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, text?: string, kill = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (kill) killThread(worker);
      if (error) reject(error);
      else resolve(text!);
    };
    const onAbort = () => settle(signal!.reason as Error, undefined, true);
    const onMessage = (m: Reply) => {
      if (m.id !== id) return;
      if (m.ok) settle(undefined, m.text);
      else settle(m.expected ? new ExtractionError(m.message) : new Error(m.message));
    };
    const onError = (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ExtractionError('для извлечения текста не хватило памяти')
          : new ExtractionError(`извлечение текста прервалось: ${error.message}`),
        undefined,
        true,
      );
    const onExit = (code: number) => settle(new ExtractionError(`извлечение текста прервалось (код ${code})`));
    const timer = setTimeout(
      () => settle(new ExtractionError('извлечение текста заняло слишком много времени'), undefined, true),
      EXTRACT_LIMITS.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id, file, extractor });
  }).finally(() => {
    if (thread) {
      const idle = thread;
      idleTimer = setTimeout(() => killThread(idle), IDLE_MS).unref();
    }
  });
}

/** A small WebP picture of an image, or of the first page of a PDF; `signal` stops pdftoppm. */
export async function makePreview(file: string, kind: 'image' | 'pdf', signal?: AbortSignal): Promise<Buffer> {
  const resize = (input: string | Buffer) =>
    sharp(input, { limitInputPixels: EXTRACT_LIMITS.previewPixels })
      .timeout({ seconds: Math.ceil(EXTRACT_LIMITS.timeoutMs / 1000) })
      .rotate()
      .resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer();
  if (kind === 'image') return resize(file);
  const dir = await mkdtemp(path.join(tmpdir(), 'preview-'));
  try {
    await run(
      'pdftoppm',
      ['-png', '-f', '1', '-l', '1', '-scale-to', '960', '-singlefile', file, path.join(dir, 'page')],
      { timeout: EXTRACT_LIMITS.timeoutMs, ...(signal ? { signal } : {}) },
    );
    return await resize(await readFile(path.join(dir, 'page.png')));
  } catch (error) {
    if (signal?.aborted) throw signal.reason as Error;
    throw new ExtractionError(`превью PDF не получилось: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
