/** The extraction thread: extracts files' text one request at a time; the parent kills it if one runs away. */
import { parentPort } from 'node:worker_threads';
import { extractTextSync } from './extractors/index.js';
import { ExtractionError } from './extractors/limits.js';
import type { Extractor } from './types.js';

parentPort!.on('message', ({ id, file, extractor }: { id: number; file: string; extractor: Extractor }) => {
  try {
    parentPort!.postMessage({ id, ok: true, text: extractTextSync(file, extractor) });
  } catch (error) {
    parentPort!.postMessage({
      id,
      ok: false,
      expected: error instanceof ExtractionError,
      message: String((error as Error)?.message ?? error),
    });
  }
});
