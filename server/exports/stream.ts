/** Streaming a file to a download that may be slow, or abandoned half-way. */
import type { Writable } from 'node:stream';

/** The reader went away before the file was complete: the writer stops, nothing is wrong with the bank. */
export class DownloadAbandoned extends Error {
  constructor() {
    super('the download was abandoned before the file was complete');
    this.name = 'DownloadAbandoned';
  }
}

/** Something that emits an event once: a stream of Node's or of `readable-stream`. */
export interface Emitter {
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/** Resolves once `source` emits `event` or `out` closes, whichever comes first (a closed reader never drains). */
export function eventOrClose(source: Emitter, event: string, out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      source.off(event, done);
      out.off('close', done);
      resolve();
    };
    source.once(event, done);
    out.once('close', done);
  });
}

/** Waits until `out` wants more (at once when it does); throws `DownloadAbandoned` once it is closed. */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await eventOrClose(out, 'drain', out);
  if (out.destroyed) throw new DownloadAbandoned();
}
