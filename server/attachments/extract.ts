/**
 * Text of attached documents for search, and previews for the practice page. Every extractor is capped in time
 * and size; archives (DOCX, PPTX, ODT) are also capped in entries, inflated bytes and compression ratio, so a
 * zip bomb costs a few milliseconds and is marked failed rather than taking the server down.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import yauzl from 'yauzl';
import type { Extractor } from './types.js';

const run = promisify(execFile);

export const EXTRACT_LIMITS = {
  /** Characters of text kept per file. */
  textChars: 1_000_000,
  /** Bytes read of a plain or RTF file. */
  plainBytes: 8 * 1024 * 1024,
  timeoutMs: 30_000,
  zipEntries: 5_000,
  /** Inflated bytes read from an archive, all entries together. */
  zipInflatedBytes: 64 * 1024 * 1024,
  /** An entry inflating more than this many times its compressed size is a bomb. */
  zipRatio: 100,
  pdfPages: 300,
  /** Decoded pixels of an image to preview: 40 MP is a 8000×5000 photo; a bigger one is refused, not decoded. */
  previewPixels: 40_000_000,
} as const;

export class ExtractionError extends Error {}

const decodeEntities = (xml: string) =>
  xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

const PARAGRAPH_ENDS = new Set(['/w:p', '/a:p', '/text:p', '/text:h']);
const TABS = new Set(['w:tab', 'text:tab']);

/**
 * Text of office XML: paragraph ends become line breaks, tags go. One linear pass with indexOf: a regexp over
 * tags backtracks quadratically on a document full of `<` without `>`, and this runs on the server's thread.
 */
export function xmlText(xml: string): string {
  let out = '';
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open < 0) {
      out += xml.slice(i);
      break;
    }
    out += xml.slice(i, open);
    const close = xml.indexOf('>', open);
    if (close < 0) break; // an unterminated tag: the rest is markup, not text
    // The tag's name: `/w:p` for a closing tag, `w:tab` for `<w:tab/>`.
    const tag = xml
      .slice(open + 1, Math.min(close, open + 40))
      .trim()
      .split(/\s/)[0]!
      .replace(/\/$/, '');
    if (PARAGRAPH_ENDS.has(tag)) out += '\n';
    else if (TABS.has(tag)) out += ' ';
    i = close + 1;
  }
  return decodeEntities(out)
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Reads the entries `wanted` picks from a zip, within EXTRACT_LIMITS; entries are returned in archive order. */
export function readZipEntries(file: string, wanted: (name: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true, autoClose: true }, (openError, zip) => {
      if (openError || !zip) return reject(new ExtractionError(`не архив: ${openError?.message ?? ''}`));
      const texts: string[] = [];
      let inflated = 0;
      let entries = 0;
      const fail = (message: string) => {
        zip.close();
        reject(new ExtractionError(message));
      };
      zip.on('error', (e: Error) => fail(e.message));
      zip.on('end', () => resolve(texts));
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        if (entries > EXTRACT_LIMITS.zipEntries) return fail('слишком много файлов в архиве');
        if (!wanted(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > EXTRACT_LIMITS.zipInflatedBytes - inflated)
          return fail('архив распаковывается в слишком большой объём');
        if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > EXTRACT_LIMITS.zipRatio)
          return fail('подозрительная степень сжатия (zip-бомба)');
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(streamError?.message ?? 'не читается');
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            // The declared sizes may lie: the bytes actually inflated are counted too.
            if (inflated > EXTRACT_LIMITS.zipInflatedBytes) {
              stream.destroy();
              return fail('архив распаковывается в слишком большой объём');
            }
            chunks.push(chunk);
          });
          stream.on('error', (e: Error) => fail(e.message));
          stream.on('end', () => {
            texts.push(Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const slideNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

/** Plain text of an RTF document: groups of fonts, colours and pictures dropped, escapes decoded (cp1251 too). */
export function rtfText(rtf: string): string {
  const cp1251 = new TextDecoder('windows-1251');
  let out = '';
  let depth = 0;
  let skipUntil = -1;
  let i = 0;
  while (i < rtf.length) {
    const c = rtf[i]!;
    if (c === '{') {
      depth += 1;
      if (skipUntil < 0 && /^\{\\(\*|fonttbl|colortbl|stylesheet|info|pict|header|footer)/.test(rtf.slice(i, i + 12)))
        skipUntil = depth;
      i += 1;
    } else if (c === '}') {
      if (depth === skipUntil) skipUntil = -1;
      depth -= 1;
      i += 1;
    } else if (c === '\\') {
      const hex = /^\\'([0-9a-f]{2})/i.exec(rtf.slice(i, i + 4));
      const word = /^\\([a-z]+)(-?\d+)? ?/i.exec(rtf.slice(i, i + 40));
      if (hex) {
        if (skipUntil < 0) out += cp1251.decode(Uint8Array.of(parseInt(hex[1]!, 16)));
        i += 4;
      } else if (word) {
        if (skipUntil < 0) {
          if (word[1] === 'par' || word[1] === 'line') out += '\n';
          else if (word[1] === 'tab') out += ' ';
          else if (word[1] === 'u' && word[2]) {
            out += String.fromCharCode((Number(word[2]) + 65536) % 65536);
            // \uN is followed by a replacement character for old readers: skip it.
            i += word[0].length;
            if (rtf[i] === '\\' && rtf[i + 1] === "'") i += 4;
            else if (rtf[i] !== '\\' && rtf[i] !== '{' && rtf[i] !== '}') i += 1;
            continue;
          }
        }
        i += word[0].length;
      } else {
        if (skipUntil < 0 && rtf[i + 1]) out += rtf[i + 1] === '~' ? ' ' : /[\\{}]/.test(rtf[i + 1]!) ? rtf[i + 1] : '';
        i += 2;
      }
    } else {
      if (skipUntil < 0 && c !== '\r' && c !== '\n') out += c;
      i += 1;
    }
  }
  return out
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ExtractionError('извлечение текста заняло слишком много времени')),
      EXTRACT_LIMITS.timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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

const readCapped = (file: string) => readHead(file, EXTRACT_LIMITS.plainBytes);

/** The text of a stored file, capped; throws ExtractionError when it cannot be read. */
export async function extractText(file: string, extractor: Extractor): Promise<string> {
  const text = await withTimeout(
    (async () => {
      switch (extractor) {
        case 'txt':
          return (await readCapped(file)).toString('utf8');
        case 'rtf':
          return rtfText((await readCapped(file)).toString('latin1'));
        case 'docx':
          return (
            await readZipEntries(file, (n) => n === 'word/document.xml' || /^word\/(footnotes|endnotes)\.xml$/.test(n))
          )
            .map(xmlText)
            .join('\n\n');
        case 'pptx': {
          const slides: { n: number; text: string }[] = [];
          const names: string[] = [];
          const texts = await readZipEntries(file, (n) => {
            const slide = /^ppt\/slides\/slide\d+\.xml$/.test(n);
            if (slide) names.push(n);
            return slide;
          });
          texts.forEach((t, i) => slides.push({ n: slideNumber(names[i]!), text: xmlText(t) }));
          return slides
            .sort((a, b) => a.n - b.n)
            .map((s) => s.text)
            .join('\n\n');
        }
        case 'odf':
          return (await readZipEntries(file, (n) => n === 'content.xml')).map(xmlText).join('\n\n');
        case 'pdf': {
          const { stdout } = await run(
            'pdftotext',
            ['-enc', 'UTF-8', '-l', String(EXTRACT_LIMITS.pdfPages), file, '-'],
            {
              timeout: EXTRACT_LIMITS.timeoutMs,
              maxBuffer: EXTRACT_LIMITS.textChars * 4,
            },
          ).catch((e: Error) => {
            throw new ExtractionError(`PDF не читается: ${e.message.split('\n')[0]}`);
          });
          return stdout;
        }
      }
    })(),
  );
  return text.replaceAll('\u0000', '').slice(0, EXTRACT_LIMITS.textChars);
}

/** A small WebP picture of an image, or of the first page of a PDF. */
export async function makePreview(file: string, kind: 'image' | 'pdf'): Promise<Buffer> {
  const resize = (input: string | Buffer) =>
    sharp(input, { limitInputPixels: EXTRACT_LIMITS.previewPixels })
      .rotate()
      .resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer();
  if (kind === 'image') return withTimeout(resize(file));
  const dir = await mkdtemp(path.join(tmpdir(), 'preview-'));
  try {
    await run(
      'pdftoppm',
      ['-png', '-f', '1', '-l', '1', '-scale-to', '960', '-singlefile', file, path.join(dir, 'page')],
      { timeout: EXTRACT_LIMITS.timeoutMs },
    );
    return await withTimeout(resize(await readFile(path.join(dir, 'page.png'))));
  } catch (error) {
    throw new ExtractionError(`превью PDF не получилось: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
