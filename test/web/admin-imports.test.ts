import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_HEADERS, writeXlsx } from '../../bench/import-data.js';
import { call, rows, signUp, tempDir, useApp, type Client } from '../helper.js';

const files = tempDir();
const bank = tempDir();
afterAll(() => {
  files.remove();
  bank.remove();
});

const BOUNDARY = 'imp0rtb0undary';

/** A multipart body with the given file parts. */
function multipart(parts: { name: string; filename: string; content: Buffer | string }[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

const row = (title: string, technologies: string, municipality = 'г. Смоленск') => [
  title,
  'Аннотация практики из реестра.',
  'ДОУ',
  'Физкультура',
  technologies,
  'Инклюзия',
  null,
  'МБДОУ «Детский сад № 77 «Импорт»»',
  municipality,
  'Иванова А.П.',
  'воспитатель',
  2022,
  new Date(Date.UTC(2025, 1, 3)),
  null,
];

describe('the admin area’s import', () => {
  const app = useApp({ DATA_DIR: bank.dir, IMPORT_MAX_FILE_MB: '1' });
  let admin: Client;
  let author: Client;
  let register: Buffer;
  const pending = () => (existsSync(path.join(bank.dir, 'imports')) ? readdirSync(path.join(bank.dir, 'imports')) : []);

  beforeAll(async () => {
    admin = await signUp(app(), { roles: ['admin'] });
    author = await signUp(app());
    const file = path.join(files.dir, 'реестр.xlsx');
    await writeXlsx(file, REGISTER_HEADERS, [
      row('Лэпбук в инклюзивной группе', 'Технология «Лэпбук»; ИКТ-технологии'),
      row('Сказки с ошибкой', 'Сказкотерпия', 'Вяземский р-н'),
      row('Нейроигры на прогулке', 'Нейроигры'),
    ]);
    register = readFileSync(file);
  });

  const upload = (client: Client | null, content: Buffer | string, filename = 'реестр.xlsx') =>
    app().inject({
      method: 'POST',
      url: `/admin/imports${client ? `?_csrf=${encodeURIComponent(client.csrf)}` : ''}`,
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        accept: 'text/html',
        ...(client ? { cookie: client.cookie } : {}),
      },
      payload: multipart([{ name: 'file', filename, content }]),
    });

  it('previews every record with its mappings, writes nothing until confirmed, then imports and reports', async () => {
    const practices = rows(app(), 'practices');
    const uploaded = await upload(admin, register);
    expect(uploaded.statusCode).toBe(303);
    const preview = await call(app(), admin, 'GET', uploaded.headers.location as string, undefined, {
      accept: 'text/html',
    });
    expect(preview.statusCode).toBe(200);
    const html = preview.body;
    for (const title of ['Лэпбук в инклюзивной группе', 'Сказки с ошибкой', 'Нейроигры на прогулке'])
      expect(html).toContain(title);
    expect(html).toContain('«Технология «Лэпбук»» → «Лэпбук»');
    // A near spelling is proposed and preselected; an unknown value is not.
    expect(html).toMatch(/«Сказкотерпия»[\s\S]*?<option value="fairy-tale-therapy" selected/);
    expect(html).toMatch(/name="value-\d" value="technologies:Нейроигры"/);
    expect(rows(app(), 'practices')).toBe(practices);

    const id = (uploaded.headers.location as string).split('/').pop()!;
    const fields = new URLSearchParams({ _csrf: admin.csrf, intent: 'import' });
    for (const [, n, value] of html.matchAll(/name="value-(\d+)" value="([^"]+)"/g)) {
      fields.set(`value-${n}`, value!.replaceAll('&quot;', '"'));
      fields.set(`map-${n}`, value!.endsWith('Нейроигры') ? '@keyword' : 'fairy-tale-therapy');
    }
    const imported = await app().inject({
      method: 'POST',
      url: `/admin/imports/${id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie, accept: 'text/html' },
      payload: fields.toString(),
    });
    expect(imported.statusCode).toBe(303);
    expect(rows(app(), 'practices')).toBe(practices + 3);
    const report = await call(app(), admin, 'GET', imported.headers.location as string, undefined, {
      accept: 'text/html',
    });
    expect(report.body).toContain('Добавлены: 3 практики');
    expect(report.body).toMatch(/67-2025-\d{4}/);
    const history = app()
      .bank.db.$client.prepare(
        "SELECT summary, actor_user_id AS actor FROM admin_history WHERE action = 'import.completed'",
      )
      .all();
    expect(history).toEqual([{ summary: expect.stringContaining('добавлено 3'), actor: admin.userId }]);
    // The file is gone: the same upload cannot be imported twice.
    const again = await app().inject({
      method: 'POST',
      url: `/admin/imports/${id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie, accept: 'text/html' },
      payload: fields.toString(),
    });
    expect(again.statusCode).toBe(404);
    expect(rows(app(), 'practices')).toBe(practices + 3);
  });

  it.each([
    ['a file that is not a spreadsheet', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]), 400, 'не похож на таблицу'],
    ['an empty file', '', 400, 'Файл пустой'],
    ['a table with the wrong headers', 'Имя;Фамилия\nАнна;Иванова\n', 400, '«Название»'],
    ['a file over the limit', Buffer.alloc(1024 * 1024 + 10, 'a'), 413, 'больше 1 МБ'],
  ])('refuses %s on the upload form, keeping nothing', async (_, content, status, message) => {
    const before = pending().length;
    const res = await upload(admin, content as Buffer, 'плохой.csv');
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(message);
    expect(res.body).toContain('name="file"');
    expect(pending().length).toBe(before);
  });

  it('refuses an upload without a file and an unknown upload id', async () => {
    const res = await call(
      app(),
      admin,
      'POST',
      `/admin/imports?_csrf=${encodeURIComponent(admin.csrf)}`,
      { a: 1 },
      { accept: 'text/html' },
    );
    expect(res.statusCode).toBe(415);
    const unknown = await call(app(), admin, 'GET', '/admin/imports/AAAAAAAAAAAAAAAAAAAAAA', undefined, {
      accept: 'text/html',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses non-admins every step with 403 and keeps nothing', async () => {
    const before = { practices: rows(app(), 'practices'), pending: pending().length };
    expect((await call(app(), author, 'GET', '/admin/imports', undefined, { accept: 'text/html' })).statusCode).toBe(
      403,
    );
    expect((await upload(author, register)).statusCode).toBe(403);
    expect(
      (await call(app(), author, 'GET', '/admin/imports/AAAAAAAAAAAAAAAAAAAAAA', undefined, { accept: 'text/html' }))
        .statusCode,
    ).toBe(403);
    const api = await app().inject({
      method: 'POST',
      url: '/api/v1/admin/imports',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        cookie: author.cookie,
        'x-csrf-token': author.csrf,
      },
      payload: multipart([{ name: 'file', filename: 'r.xlsx', content: register }]),
    });
    expect(api.statusCode).toBe(403);
    expect((await upload(null, register)).statusCode).not.toBe(303);
    expect({ practices: rows(app(), 'practices'), pending: pending().length }).toEqual(before);
  });

  it('answers programs with the same report: a dry run writes nothing, a map confirms values', async () => {
    const before = rows(app(), 'practices');
    const csv =
      'Название;Аннотация;Уровень образования;Предмет;Технологии;Направления;Организация;Муниципалитет;Авторы;Должности;Год начала\n' +
      'Конструктор на уроках;Аннотация;НОО;Математика;Лего;Обучение;МБОУ СШ № 40;г. Смоленск;Петрова М.С.;учитель;2021\n';
    const post = (query: string, map?: string) =>
      app().inject({
        method: 'POST',
        url: `/api/v1/admin/imports${query}`,
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          cookie: admin.cookie,
          'x-csrf-token': admin.csrf,
        },
        payload: multipart([
          { name: 'file', filename: 'r.csv', content: csv },
          ...(map ? [{ name: 'map', filename: 'map.json', content: map }] : []),
        ]),
      });
    const dry = await post('?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, total: 1, created: 1, records: [{ row: 2, status: 'valid' }] });
    expect(dry.json().records[0].matches).toContainEqual(
      expect.objectContaining({ value: 'Лего', kind: 'synonym', code: 'robotics' }),
    );
    const mapped = await post('?dryRun=1', JSON.stringify({ Технологии: { Лего: 'stem' } }));
    expect(mapped.json().records[0].matches).toContainEqual(
      expect.objectContaining({ value: 'Лего', kind: 'mapped', code: 'stem' }),
    );
    expect(rows(app(), 'practices')).toBe(before);
    const badMap = await post('?dryRun=1', JSON.stringify({ Технологии: { Лего: 'нет-такого' } }));
    expect(badMap.statusCode).toBe(400);
    const wrong = await app().inject({
      method: 'POST',
      url: '/api/v1/admin/imports',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
      },
      payload: multipart([{ name: 'file', filename: 'r.bin', content: Buffer.from([0, 0, 1, 2]) }]),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('не похож на таблицу'),
    });
  });
});
