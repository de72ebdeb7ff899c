/**
 * Concurrent writers through HTTP, and the ledger of what the bank acknowledged: a practice's content is
 * acknowledged when its 201/200 arrives, a file when its upload's 201 arrives. A write under way when the bank is
 * killed may or may not have happened: the ledger keeps it as the one other content the practice may show.
 */
import { createHash } from 'node:crypto';
import type { Random } from '../random.js';

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export interface Content {
  title: string;
  summary: string;
  keywords: string[];
}

export const contentHash = (c: Content) => sha256(JSON.stringify([c.title, c.summary, c.keywords]));

export interface PracticeEntry {
  id: number;
  writer: number;
  acknowledged: string;
  /** A write sent but not answered: after a crash the practice may show this instead. */
  inFlight?: string;
  etag: string;
}

export interface Ledger {
  practices: Map<number, PracticeEntry>;
  files: { id: number; practiceId: number; sha256: string }[];
  acknowledged: number;
}

export const emptyLedger = (): Ledger => ({ practices: new Map(), files: [], acknowledged: 0 });

const WORDS = ['ТРИЗ', 'мнемотехника', 'проект', 'игра', 'речь', 'ёлка', 'İstanbul', 'дети', 'школа', 'семья'];

function content(random: Random, writer: number, n: number): Content {
  const words = Array.from({ length: random.int(3, 40) }, () => random.pick(WORDS));
  return {
    title: `Практика писателя ${writer} № ${n}`,
    summary: words.join(' '),
    keywords: words.slice(0, random.int(0, 5)),
  };
}

function multipart(name: string, data: Buffer): { body: Buffer; type: string } {
  const boundary = `----crash${data.length}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

export interface WriterOptions {
  base: string;
  /** Session cookie and CSRF header of the writer's account. */
  auth: Record<string, string>;
  writer: number;
  random: Random;
  ledger: Ledger;
  /** Called after each acknowledged write; returns true when the writers should stop (the bank is being killed). */
  acknowledged: () => boolean;
}

/** Writes until the bank stops answering or `acknowledged` says stop. */
export async function runWriter(o: WriterOptions): Promise<void> {
  const { base, auth, random, ledger } = o;
  let n = 0;
  const send = (method: string, url: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${base}${url}`, { method, body: new Uint8Array(Buffer.from(body)), headers: { ...auth, ...headers } });
  try {
    for (;;) {
      const own = [...ledger.practices.values()].filter((p) => p.writer === o.writer);
      const roll = random.next();
      n += 1;
      if (own.length === 0 || roll < 0.3) {
        const c = content(random, o.writer, n);
        const res = await send('POST', '/api/v1/practices', JSON.stringify(c), { 'content-type': 'application/json' });
        if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
        const id = ((await res.json()) as { id: number }).id;
        ledger.practices.set(id, {
          id,
          writer: o.writer,
          acknowledged: contentHash(c),
          etag: res.headers.get('etag')!,
        });
      } else if (roll < 0.75) {
        const practice = random.pick(own);
        const c = content(random, o.writer, n);
        practice.inFlight = contentHash(c);
        const res = await send('PATCH', `/api/v1/practices/${practice.id}`, JSON.stringify(c), {
          'content-type': 'application/json',
          'if-match': practice.etag,
        });
        if (res.status === 412) {
          // An upload changed the practice since: read its tag again and go on.
          practice.inFlight = undefined;
          const read = await fetch(`${base}/api/v1/practices/${practice.id}`, { headers: auth });
          practice.etag = read.headers.get('etag')!;
          continue;
        }
        if (res.status !== 200) throw new Error(`update: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        practice.acknowledged = practice.inFlight;
        practice.inFlight = undefined;
        practice.etag = res.headers.get('etag')!;
      } else {
        const practice = random.pick(own);
        const data = Buffer.from(`${n} ${'строка файла '.repeat(random.int(10, 1500))}`);
        const { body, type } = multipart(`файл-${o.writer}-${n}.txt`, data);
        const res = await send('POST', `/api/v1/practices/${practice.id}/attachments`, body, { 'content-type': type });
        if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
        const { items } = (await res.json()) as { items: { id: number }[] };
        ledger.files.push({ id: items[0]!.id, practiceId: practice.id, sha256: sha256(data) });
      }
      ledger.acknowledged += 1;
      if (o.acknowledged()) return;
    }
  } catch (error) {
    // The bank was killed under this request: its answer never came, so nothing is acknowledged for it.
    if (error instanceof TypeError && /fetch failed|terminated/.test(error.message)) return;
    throw error;
  }
}
