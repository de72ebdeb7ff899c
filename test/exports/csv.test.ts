import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvLines, csvRow } from '../../server/exports/csv.js';

describe('CSV for Russian Excel', () => {
  it('quotes cells holding the separator, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('Детский сад «Радуга»; корпус 2')).toBe('"Детский сад «Радуга»; корпус 2"');
    expect(csvCell('Он сказал "да"')).toBe('"Он сказал ""да"""');
    expect(csvCell('две\nстроки')).toBe('"две\nстроки"');
    expect(csvCell('просто текст')).toBe('просто текст');
  });

  it('neutralises text that begins like a formula, and leaves numbers as numbers', () => {
    for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvCell('=HYPERLINK("http://x";"y")')).toBe(`"'=HYPERLINK(""http://x"";""y"")"`);
    expect(csvCell(-5)).toBe('-5');
    // A fraction with the decimal comma Russian Excel reads as a number (a «;» separator leaves it unquoted).
    expect(csvCell(0.42)).toBe('0,42');
    expect(csvCell(-1234.5)).toBe('-1234,5');
    expect(csvCell(null)).toBe('');
  });

  it('writes the BOM and the header first, then a CRLF-ended row for each record', async () => {
    const chunks: string[] = [];
    for await (const chunk of csvLines(
      ['Название', 'Год'],
      [
        ['ТРИЗ', 2024],
        ['Лэпбук', 2025],
      ],
    ))
      chunks.push(chunk);
    expect(chunks.join('')).toBe(`${CSV_BOM}Название;Год\r\nТРИЗ;2024\r\nЛэпбук;2025\r\n`);
    expect(csvRow(['a', 'b'])).toBe('a;b\r\n');
  });

  it('hands rows on in pieces of about 64 KB, never splitting a row', async () => {
    const row = ['x'.repeat(1000)];
    const pieces: string[] = [];
    for await (const piece of csvLines(
      ['h'],
      Array.from({ length: 200 }, () => row),
    ))
      pieces.push(piece);
    expect(pieces.length).toBe(4);
    for (const piece of pieces) expect(piece.endsWith('\r\n')).toBe(true);
    expect(pieces.join('').split('\r\n').length - 2).toBe(200);
  });
});
