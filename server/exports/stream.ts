/** Streaming a file to a download that may be slow, or abandoned half-way. */
import type { Writable } from 'node:stream';

/** The reader went away before the file was complete: the writer stops, nothing is wrong with the bank. */
export class DownloadAbandoned extends Error {
  constructor() {
    super('the download was abandoned before the file was complete');
    this.name = 'DownloadAbandoned';
  }
}

/** Waits until `out` wants more (at once when it does); throws `DownloadAbandoned` once it is closed. */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed)
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  if (out.destroyed) throw new DownloadAbandoned();
}
