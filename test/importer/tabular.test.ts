import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTER_HEADERS, writeXlsx } from '../../bench/import-data.js';
import { splitValues } from '../../server/importer/columns.js';
import { loadImportFile } from '../../server/importer/files.js';
import { tempDir } from '../helper.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const target = path.join(dir.dir, `f${++n}.${ext}`);
  writeFileSync(target, content);
  return target;
};

const HEADER = 'Название;Аннотация;Технологии;Авторы;Должности;Год начала';
const ROW =
  'Лэпбук в старшей группе;Папки по темам недели;"Технология «Лэпбук»; ИКТ-технологии";Иванова А.П.;воспитатель;2022';

async function records(target: string) {
  return (await loadImportFile(target)).data as Record<string, unknown>[];
}

describe('reading registers', () => {
  it('reads UTF-8 CSV with a BOM and with `;` between cells', async () => {
    const [record] = await records(file(`\uFEFF${HEADER}\r\n${ROW}\r\n`));
    expect(record).toMatchObject({
      title: 'Лэпбук в старшей группе',
      technologies: ['Технология «Лэпбук»', 'ИКТ-технологии'],
      authors: [{ fullName: 'Иванова А.П.', position: 'воспитатель' }],
      startedYear: 2022,
    });
  });

  it('reads CSV with `,` between cells and no BOM', async () => {
    const text = `Название,Технологии,Год начала\n"Квест по ПДД","квест, ТРИЗ",2021\n`;
    const [record] = await records(file(text));
    expect(record).toMatchObject({ title: 'Квест по ПДД', technologies: ['квест', 'ТРИЗ'], startedYear: 2021 });
  });

  it('decodes a windows-1251 CSV, as Russian Excel saves it', async () => {
    const encoded = encode1251(`${HEADER}\r\n${ROW}\r\n`);
    const [record] = await records(file(encoded));
    expect(record!.title).toBe('Лэпбук в старшей группе');
    expect(record!.technologies).toEqual(['Технология «Лэпбук»', 'ИКТ-технологии']);
  });

  it('keeps line breaks inside a quoted cell and splits multi-value cells at line breaks', async () => {
    const text = `Название;Предмет;Авторы;Должности\n"Игры с песком";"Речевое развитие\nФизкультура";"Петрова М.С.\nСидорова Е.В.";"учитель-логопед\nинструктор"\n`;
    const [record] = await records(file(text));
    expect(record!.subjects).toEqual(['Речевое развитие', 'Физкультура']);
    expect(record!.authors).toEqual([
      { fullName: 'Петрова М.С.', position: 'учитель-логопед' },
      { fullName: 'Сидорова Е.В.', position: 'инструктор' },
    ]);
  });

  it('matches headers loosely and reports the columns it does not know', async () => {
    const loaded = await loadImportFile(
      file(`НАЗВАНИЕ: ;  год  начала ;Уровень образования*;Примечание\nОпыт;2020;ДОУ;что-то\n`),
    );
    expect(loaded.data).toEqual([expect.objectContaining({ title: 'Опыт', startedYear: 2020, levels: ['ДОУ'] })]);
    expect(loaded.unknownColumns).toEqual(['Примечание']);
  });

  it('splits at `;`, `,` and line breaks but not inside brackets or quotes', () => {
    expect(splitValues('Критическое мышление (РКМЧП, смысловое чтение), ТРИЗ;\n«Мы, дети» ')).toEqual([
      'Критическое мышление (РКМЧП, смысловое чтение)',
      'ТРИЗ',
      '«Мы, дети»',
    ]);
  });

  it('reads the first sheet of an XLSX with dates and numbers, skipping empty rows', async () => {
    const target = path.join(dir.dir, 'register.xlsx');
    await writeXlsx(target, REGISTER_HEADERS, [
      [
        'Опыт один',
        'Аннотация',
        'ДОУ',
        'Физкультура',
        'ИКТ-технологии; Игровая технология',
        'Инклюзия',
        null,
        'МБДОУ № 1',
        'г. Смоленск',
        'Иванова А.П., Петрова М.С.',
        'воспитатель',
        2020,
        new Date(Date.UTC(2025, 2, 14)),
        '67-2025-0101',
      ],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      [
        'Опыт два',
        'Аннотация',
        'ДОУ',
        'Физкультура',
        'ТРИЗ',
        'Инклюзия',
        null,
        'МБДОУ № 1',
        'г. Смоленск',
        'Иванова А.П.',
        'воспитатель',
        '2021',
        '01.09.2024',
        null,
      ],
    ]);
    const loaded = await loadImportFile(target);
    expect(loaded.format).toBe('xlsx');
    expect(loaded.rows).toEqual([2, 4]);
    expect(loaded.data).toEqual([
      expect.objectContaining({
        title: 'Опыт один',
        technologies: ['ИКТ-технологии', 'Игровая технология'],
        authors: [
          { fullName: 'Иванова А.П.', position: 'воспитатель' },
          { fullName: 'Петрова М.С.', position: 'воспитатель' },
        ],
        startedYear: 2020,
        publishedAt: '2025-03-14',
        registryNumber: '67-2025-0101',
      }),
      expect.objectContaining({ title: 'Опыт два', startedYear: 2021, publishedAt: '2024-09-01' }),
    ]);
  });

  it.each([
    ['an empty file', '', 'Файл пустой'],
    ['a binary file', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]), 'не похож на таблицу'],
    ['a table without «Название»', 'Заголовок;Текст\nа;б\n', '«Название»'],
    ['a table with headers only', 'Название;Аннотация\n', 'нет ни одной строки'],
    [
      'a ZIP that is not a workbook',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]),
      'не похож на таблицу',
    ],
  ])('refuses %s with a message a person understands', async (_, content, message) => {
    await expect(loadImportFile(file(content))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(message),
    });
  });
});

/** The windows-1251 bytes of Russian text (Node has a decoder for it but no encoder). */
function encode1251(text: string): Buffer {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b += 1) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((c) => table.get(c) ?? 0x3f));
}
