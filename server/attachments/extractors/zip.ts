/**
 * Reads office archives (DOCX, PPTX, ODF) synchronously, within EXTRACT_LIMITS: entries counted, declared sizes
 * and compression ratio checked before inflating, and the bytes actually inflated never allowed past what an entry
 * declares (so a lying header costs nothing). Text is taken from a growing prefix of an entry, so a huge document
 * stops being inflated once it has given enough text.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';
import { EXTRACT_LIMITS, ExtractionError } from './limits.js';
import { XmlText } from './xml.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes inflated in the first round; each further round takes four times more. */
const FIRST_PREFIX = 256 * 1024;
/** Inflated bytes decoded to text at a time. */
const SLICE = 1024 * 1024;

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, got);
}

export class ZipFile {
  readonly entries: ZipEntry[] = [];
  private inflated = 0;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    try {
      this.readDirectory();
    } catch (error) {
      this.close();
      throw error instanceof ExtractionError ? error : new ExtractionError(`не архив: ${(error as Error).message}`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private readDirectory(): void {
    const size = fstatSync(this.fd).size;
    const tail = read(this.fd, Math.max(0, size - 65_557), Math.min(size, 65_557));
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i -= 1)
      if (tail.readUInt32LE(i) === EOCD) {
        end = i;
        break;
      }
    if (end < 0) throw new ExtractionError('не архив: нет оглавления ZIP');
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw new ExtractionError('архивы ZIP64 не поддерживаются');
    if (count > EXTRACT_LIMITS.zipEntries) throw new ExtractionError('слишком много файлов в архиве');
    if (directoryOffset + directorySize > size) throw new ExtractionError('не архив: оглавление за концом файла');
    const directory = read(this.fd, directoryOffset, directorySize);
    let at = 0;
    for (let n = 0; n < count; n += 1) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL)
        throw new ExtractionError('не архив: оглавление повреждено');
      const nameLength = directory.readUInt16LE(at + 28);
      this.entries.push({
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localOffset: directory.readUInt32LE(at + 42),
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
  }

  /** The entry inflated from at most `compressedLimit` of its bytes (the whole entry by default). */
  private inflate(entry: ZipEntry, compressedLimit = entry.compressedSize): { data: Buffer; whole: boolean } {
    if (entry.flags & 1) throw new ExtractionError('архив зашифрован');
    if (entry.size > EXTRACT_LIMITS.zipInflatedBytes - this.inflated)
      throw new ExtractionError('архив распаковывается в слишком большой объём');
    if (entry.compressedSize > 0 && entry.size / entry.compressedSize > EXTRACT_LIMITS.zipRatio)
      throw new ExtractionError('подозрительная степень сжатия (zip-бомба)');
    const local = read(this.fd, entry.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ExtractionError('не архив: запись повреждена');
    const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const whole = compressedLimit >= entry.compressedSize;
    const raw = read(this.fd, start, Math.min(compressedLimit, entry.compressedSize));
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        // Never more than the entry declares: a header that lies about its size is caught here, not after.
        data = inflateRawSync(raw, {
          maxOutputLength: Math.max(entry.size, 1),
          ...(whole ? {} : { finishFlush: constants.Z_SYNC_FLUSH }),
        });
      } catch (error) {
        throw new ExtractionError(
          (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
            ? 'файл в архиве больше, чем заявлено'
            : `архив повреждён: ${(error as Error).message}`,
        );
      }
    } else throw new ExtractionError(`неподдерживаемый способ сжатия ${entry.method}`);
    if (whole && data.length !== entry.size)
      throw new ExtractionError('размер файла в архиве не совпадает с заявленным');
    return { data, whole };
  }

  /** The text of an XML entry, at most `budget` characters, inflating no more of it than that needs. */
  xmlText(entry: ZipEntry, budget: number): string {
    for (let prefix = FIRST_PREFIX; ; prefix *= 4) {
      const { data, whole } = this.inflate(entry, prefix);
      const text = new XmlText(budget);
      const decoder = new TextDecoder();
      for (let at = 0; at < data.length && !text.full; at += SLICE)
        text.push(decoder.decode(data.subarray(at, at + SLICE), { stream: true }));
      if (whole || text.full) {
        this.inflated += data.length;
        return text.end().slice(0, budget);
      }
    }
  }
}

/** Texts of the entries `wanted` picks, in archive order, sharing one budget of characters. */
export function zipXmlTexts(file: string, wanted: (name: string) => boolean): { name: string; text: string }[] {
  const zip = new ZipFile(file);
  try {
    const texts: { name: string; text: string }[] = [];
    let left = EXTRACT_LIMITS.textChars;
    for (const entry of zip.entries) {
      if (left <= 0 || !wanted(entry.name)) continue;
      const text = zip.xmlText(entry, left);
      texts.push({ name: entry.name, text });
      left -= text.length;
    }
    return texts;
  } finally {
    zip.close();
  }
}
