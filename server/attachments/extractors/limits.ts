/** The caps every extractor keeps, and the error that marks a file's text as failed rather than retried. */
import { closeSync, openSync, readSync } from 'node:fs';

export const EXTRACT_LIMITS = {
  /** Characters of text kept per file. */
  textChars: 1_000_000,
  /** Bytes read of a plain or RTF file. */
  plainBytes: 8 * 1024 * 1024,
  timeoutMs: 30_000,
  /** Heap of the thread that extracts: a file needing more is given up on, the server keeps its memory. */
  heapMb: 192,
  zipEntries: 5_000,
  /** Inflated bytes read from an archive, all entries together. */
  zipInflatedBytes: 64 * 1024 * 1024,
  /** An entry inflating more than this many times its compressed size is a bomb. */
  zipRatio: 100,
  pdfPages: 300,
  /** Decoded pixels of an image to preview: 40 MP is a 8000×5000 photo; a bigger one is refused, not decoded. */
  previewPixels: 40_000_000,
} as const;

/** The file cannot be read as what it claims: its text is marked failed; trying again would not help. */
export class ExtractionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractionError';
  }
}

/** At most `limit` bytes from the start of a file, never the whole of a large one. */
export function readHeadSync(file: string, limit: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const bytesRead = readSync(fd, buffer, 0, limit, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}
