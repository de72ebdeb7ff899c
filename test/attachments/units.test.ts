import { describe, expect, it } from 'vitest';
import { rtfText, xmlText } from '../../server/attachments/extract.js';
import { contentDisposition, extensionOf, sanitizeName } from '../../server/attachments/names.js';

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

  it('sends a non-ASCII name in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('План "А".pdf', true)).toBe(
      `inline; filename="____ ___.pdf"; filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD%20%22%D0%90%22.pdf`,
    );
    // A plain ASCII name needs no second form.
    expect(contentDisposition("it's (1).docx", false)).toBe(`attachment; filename="it's (1).docx"`);
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
