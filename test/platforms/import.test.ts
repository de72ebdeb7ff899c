/** Platforms from a table: the preview writes nothing, good rows go in, bad rows and unknown organisations are reported. */
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../server/exports/xlsx.js';
import { call, rows, useApp } from '../helper.js';
import { importPractice } from '../support/published.js';
import { makeWorld, type PlatformWorld } from './world.js';
import type { Client } from '../helper.js';
import type { App } from '../../server/app.js';

const app = useApp();
let world: PlatformWorld;

beforeAll(async () => {
  world = await makeWorld(app());
});

const HEADER = [
  'Организация',
  'ИНН',
  'Муниципалитет',
  'Тема',
  'Уровень',
  'Статус',
  'Срок реализации',
  'Номер приказа',
  'Дата приказа',
  'Кем издан приказ',
  'Практики',
];

async function xlsx(rowsOf: string[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeXlsx({ title: 'Площадки', header: HEADER, rows: rowsOf }, out);
  return Buffer.concat(chunks);
}

function upload(a: App, client: Client, name: string, data: Buffer | string) {
  const boundary = '----import-platforms';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(data) ? data : Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return a.inject({
    method: 'POST',
    url: `/platforms/import?_csrf=${encodeURIComponent(client.csrf)}`,
    headers: { cookie: client.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

const confirm = (a: App, client: Client, location: string) =>
  a.inject({
    method: 'POST',
    url: location,
    headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: client.csrf }).toString(),
  });

describe('the platforms import', () => {
  it('previews a good XLSX file without writing, then imports every row with its practices', async () => {
    const practice = importPractice(app());
    const file = await xlsx([
      [
        'МБДОУ «Детский сад № 80 «Гнёздышко»»',
        '',
        'г. Смоленск',
        'Экологическая тропа детского сада',
        'РИП',
        'Действующая',
        '2024–2026',
        '752-ОД',
        '30.08.2024',
        'Министерство образования и науки Смоленской области',
        practice.number,
      ],
      [
        'МБДОУ Детский сад №80 "Гнёздышко"',
        '',
        'город Смоленск',
        'Наставничество молодых педагогов',
        'Муниципальная',
        'Завершила работу',
        '2021-2023',
        '12',
        '2021-09-01',
        'Управление образования',
        '',
      ],
    ]);
    const before = rows(app(), 'platforms');
    const uploaded = await upload(app(), world.moderator, 'площадки.xlsx', file);
    expect(uploaded.statusCode).toBe(303);
    const preview = await call(app(), world.moderator, 'GET', uploaded.headers.location as string);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Будет добавлено: 2');
    expect(rows(app(), 'platforms')).toBe(before);

    const done = await confirm(app(), world.moderator, uploaded.headers.location as string);
    expect(done.statusCode).toBe(303);
    expect(rows(app(), 'platforms')).toBe(before + 2);
    const report = await call(app(), world.moderator, 'GET', done.headers.location as string);
    expect(report.body).toContain('Добавлено: 2');
    const listed = app().bank.services.platforms.list({ q: 'экологическая тропа', page: 1, perPage: 20 }).items[0]!;
    expect(listed).toMatchObject({
      level: 'regional',
      status: 'active',
      yearFrom: 2024,
      yearTo: 2026,
      practiceCount: 1,
    });

    const again = await upload(app(), world.moderator, 'площадки.xlsx', file);
    const second = await call(app(), world.moderator, 'GET', again.headers.location as string);
    expect(second.body).toContain('уже были в реестре: 2');
    expect(second.body).toContain('Добавлять нечего');
  });

  it('reports bad rows and an unknown organisation row by row and imports the good ones', async () => {
    const csv = [
      HEADER.join(';'),
      'МБДОУ «Детский сад № 80 «Гнёздышко»»;;город Смоленск;Финансовая грамотность с детского сада;Региональная;;2025-2027;7-ОД;01.02.2025;Министерство образования и науки Смоленской области;',
      'МБОУ «Школа, которой нет»;;город Смоленск;Робототехника;Региональная;;2025-2027;8-ОД;01.02.2025;Министерство;',
      'МБДОУ «Детский сад № 80 «Гнёздышко»»;;город Смоленск;Тема без уровня;Галактическая;;2027-2025;9-ОД;31.02.2025;Министерство;',
      'МБДОУ «Детский сад № 80 «Гнёздышко»»;;Атлантида;Тема с чужим муниципалитетом;Региональная;;2025-2026;10-ОД;01.02.2025;Министерство;',
    ].join('\r\n');
    const before = rows(app(), 'platforms');
    const uploaded = await upload(app(), world.admin, 'площадки.csv', csv);
    expect(uploaded.statusCode).toBe(303);
    const preview = await call(app(), world.admin, 'GET', uploaded.headers.location as string);
    expect(preview.body).toContain('Организации «МБОУ «Школа, которой нет»» нет в справочнике');
    expect(preview.body).toContain('Выберите уровень');
    expect(preview.body).toContain('Такой даты нет в календаре');
    expect(preview.body).toContain('Муниципалитет «Атлантида» не найден');
    const done = await confirm(app(), world.admin, uploaded.headers.location as string);
    const report = await call(app(), world.admin, 'GET', done.headers.location as string);
    expect(report.body).toContain('Добавлено: 1; уже были в реестре: 0; с ошибками: 3');
    expect(rows(app(), 'platforms')).toBe(before + 1);
  });

  it('refuses a table without the needed columns on the upload form, and a teacher altogether', async () => {
    const refused = await upload(app(), world.moderator, 'список.csv', 'Название;Автор\nЧто-то;Кто-то\n');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('нет столбцов «Организация», «Тема»');
    expect((await upload(app(), world.teacher, 'площадки.csv', 'x')).statusCode).toBe(403);
  });

  it('offers a sample XLSX whose headers the import reads', async () => {
    const res = await call(app(), world.moderator, 'GET', '/platforms/import/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const checked = await upload(app(), world.moderator, 'образец.xlsx', res.rawPayload);
    expect(checked.statusCode).toBe(303);
  });
});
