import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REGISTER_HEADERS, writeXlsx } from '../../bench/import-data.js';
import { signUp, tempDir } from '../helper.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

const files = tempDir();
afterAll(() => files.remove());

const row = (title: string, technologies: string, organization: string) => [
  title,
  'Практика из реестра методического центра, с аннотацией в одну строку.',
  'ДОУ; Начальное общее образование',
  'Физкультура\nРечевое развитие',
  technologies,
  'Инклюзия',
  'реестр',
  organization,
  'Вяземский р-н',
  'Иванова А.П., Петрова М.С.',
  'воспитатель',
  2021,
  new Date(Date.UTC(2025, 3, 2)),
  null,
];

describeInBrowser('importing a register in the admin area', () => {
  const web = useBrowser();

  it('uploads an XLSX, previews every record, confirms a mapping, imports and shows the report', async () => {
    const file = path.join(files.dir, 'реестр Вязьмы.xlsx');
    await writeXlsx(file, REGISTER_HEADERS, [
      row(
        'Лэпбук «Времена года» для малышей',
        'Технология «Лэпбук»; ИКТ-технологии',
        'МБДОУ «Детский сад № 8 «Теремок»»',
      ),
      row('Сказки, которые лечат', 'Сказкотерпия', 'МБДОУ Детский сад №8 "Теремок"'),
      row('Нейроигры на физкультуре', 'Нейроигры; Игровая технология', 'МБОУ «Средняя школа № 9» г. Вязьмы'),
    ]);
    const admin = await signUp(web.app(), { roles: ['admin'] });
    const page = await web.page({ width: 375 });
    const [name, value] = admin.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: web.url('/') }]);
    const before = web.app().bank.db.$client.prepare('SELECT count(*) AS n FROM practices').get();

    await page.goto(web.url('/admin/imports'));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.setInputFiles('#file', file);
    await tabUntil(page, '.import-upload button');
    await expectVisibleFocus(page);
    await Promise.all([page.waitForURL(/\/admin\/imports\/[\w-]+$/), page.keyboard.press('Enter')]);

    // The preview: every record, how each value was read, nothing written yet.
    const records = page.locator('.import-record');
    expect(await records.count()).toBe(3);
    expect(await page.locator('.import-records').innerText()).toContain(
      '«ИКТ-технологии» → «ИКТ и цифровые образовательные ресурсы»',
    );
    const near = page.locator('.decision', { hasText: 'Сказкотерпия' }).locator('select');
    expect(await near.inputValue()).toBe('fairy-tale-therapy');
    expect(await page.locator('.decision', { hasText: 'Сказкотерпия' }).innerText()).toContain('Похожее написание');
    expect(web.app().bank.db.$client.prepare('SELECT count(*) AS n FROM practices').get()).toEqual(before);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-import-preview-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'admin-import-preview-1280');
    await page.setViewportSize({ width: 375, height: 800 });

    // The unknown technology: kept as a keyword, chosen from the keyboard.
    const unknown = page.locator('.decision', { hasText: 'Нейроигры' }).locator('select');
    await unknown.focus();
    await expectVisibleFocus(page);
    await unknown.selectOption('@keyword');
    await tabUntil(page, 'button[value="import"]');
    await Promise.all([page.waitForURL(/\/report$/), page.keyboard.press('Enter')]);

    expect(await page.locator('.notice').first().innerText()).toContain('добавлено 3');
    expect(await page.locator('.import-totals').innerText()).toContain('Добавлены: 3 практики');
    const report = await page.locator('.import-records').innerText();
    expect(report).toMatch(/67-2025-\d{4}/);
    expect(report).toContain('«Нейроигры» → — ключевое слово');
    // The two spellings of the kindergarten are one organisation; the school is new as well.
    expect(await page.locator('.import-totals').innerText()).toContain('Новых организаций: 2');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-import-report-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'admin-import-report-1280');
    expect(web.problems).toEqual([]);
  });
});
