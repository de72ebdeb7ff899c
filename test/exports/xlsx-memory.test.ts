import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DownloadAbandoned } from '../../server/exports/stream.js';
import { writeXlsx } from '../../server/exports/xlsx.js';

/** One entry of a zip, inflated (read through the central directory: the writer streams sizes after the data). */
function entryOf(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n -= 1) {
    const nameLength = zip.readUInt16LE(at + 28);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      return inflateRawSync(zip.subarray(start, start + zip.readUInt32LE(at + 20))).toString('utf8');
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`no ${name} in the file`);
}

/** Text deflate cannot shrink much (base64 of random bytes: ~6 bits a character), so bytes out follow XML in. */
const rowText = () => randomBytes(6000).toString('base64');

describe('a large XLSX is written as the zip takes it, not held in memory', () => {
  it('has most of the sheet already compressed and sent while it is still reading rows', async () => {
    const ROWS = 2000;
    let sent = 0;
    let pulledBytes = 0;
    let sentWhenLastPulled = 0;
    let lastText = '';
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        chunks.push(chunk);
        callback();
      },
    });
    async function* rows() {
      for (let i = 0; i < ROWS; i += 1) {
        const text = rowText();
        lastText = text;
        pulledBytes += text.length;
        sentWhenLastPulled = sent;
        yield [i, text];
      }
    }
    await writeXlsx({ title: 'Память', header: ['№', 'Текст'], rows: rows() }, out);

    // 2,000 rows of 8,000 characters: ~16 MB of XML. A writer that held the sheet until the end (exceljs left to
    // itself) has sent nothing when the last row is read; one that waits for the zip holds at most ~1 MB of it.
    expect(pulledBytes).toBeGreaterThan(15_000_000);
    expect(sentWhenLastPulled).toBeGreaterThan(pulledBytes * 0.4 - 3_000_000);
    expect(sent).toBeGreaterThan(sentWhenLastPulled);

    // The file is whole: every row is in the sheet, the last one last.
    const xml = entryOf(Buffer.concat(chunks), 'xl/worksheets/sheet1.xml');
    expect(xml.match(/<row /g)).toHaveLength(ROWS + 1);
    expect(xml.slice(xml.lastIndexOf('<row ')).includes(lastText)).toBe(true);
    expect(xml.endsWith('</worksheet>')).toBe(true);
  });

  it('stops reading rows once the reader goes away half-way', async () => {
    let pulled = 0;
    let received = 0;
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        callback();
        // The reader closes the connection after the first megabyte.
        received += chunk.length;
        if (received > 1_000_000) this.destroy();
      },
    });
    async function* rows() {
      for (let i = 0; i < 100_000; i += 1) {
        pulled += 1;
        yield [i, rowText()];
      }
    }
    await expect(writeXlsx({ title: 'Обрыв', header: ['№', 'Текст'], rows: rows() }, out)).rejects.toThrow(
      DownloadAbandoned,
    );
    // ~1 MB sent is ~170 rows of 6 KB; the zip's 1 MB backlog and a check every 200 rows allow a few hundred more.
    expect(pulled).toBeLessThan(1500);
  });
});
