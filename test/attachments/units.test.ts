import { describe, expect, it } from 'vitest';
import { rtfText, xmlText } from '../../server/attachments/extract.js';
import { contentDisposition, extensionOf, sanitizeName } from '../../server/attachments/names.js';
import { parseRange } from '../../server/attachments/routes.js';

describe('byte ranges', () => {
  it('reads start-end, open-ended and suffix ranges, and refuses those past the end', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-1', 1000)).toBe('unsatisfiable');
  });

  it('serves the whole file for no, several or nonsense ranges', () => {
    for (const header of [undefined, 'bytes=0-1,5-6', 'items=0-1', 'bytes=-'])
      expect(parseRange(header, 1000)).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps only the last path part, without hidden characters, bounded with its extension', () => {
    expect(sanitizeName('C:\\Users\\teacher\\План.docx')).toBe('План.docx');
    expect(sanitizeName('../../../etc/passwd')).toBe('passwd');
    expect(sanitizeName('cv\u202Efdp.exe')).toBe('cvfdp.exe');
    expect(sanitizeName('.bashrc')).toBe('bashrc');
    expect(sanitizeName('   ')).toBe('файл');
    const long = sanitizeName(`${'я'.repeat(400)}.pdf`);
    expect([...long].length).toBe(180);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(extensionOf('Отчёт.PDF')).toBe('pdf');
  });

  it('sends the real name in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('План "А".pdf', true)).toBe(
      `inline; filename="____ ___.pdf"; filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD%20%22%D0%90%22.pdf`,
    );
    expect(contentDisposition("it's (1).docx", false)).toBe(
      `attachment; filename="it's (1).docx"; filename*=UTF-8''it%27s%20%281%29.docx`,
    );
  });
});

describe('text of documents', () => {
  it('reads office XML paragraphs and entities', () => {
    expect(
      xmlText('<w:p><w:r><w:t>Игра &laquo;Теремок&raquo; &amp; лото</w:t></w:r></w:p><w:p><w:t>Второй</w:t></w:p>'),
    ).toBe('Игра &laquo;Теремок&raquo; & лото\nВторой');
  });

  it('reads RTF with cp1251 escapes and unicode, dropping font tables', () => {
    expect(
      rtfText(
        "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Times New Roman;}}\\f0 \\'cf\\'eb\\'e0\\'ed\\par \\u1080?\\u1075?\\u1088?\\u1099?}",
      ),
    ).toBe('План\nигры');
  });
});
