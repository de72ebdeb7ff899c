import { describe, expect, it } from 'vitest';
import type { Client } from '../helper.js';
import { call, rows, signUp, useApp } from '../helper.js';
import { makePdf } from '../support/files.js';
import { otherSchool, publishedPractice, reportOf } from './fixtures.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe('adoption pages', () => {
  const app = useApp();
  const post = (client: Client, url: string, fields: Record<string, string>) =>
    app().inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: client.cookie },
      payload: new URLSearchParams({ ...fields, _csrf: client.csrf }).toString(),
    });
  const page = (client: Client | null, url: string) =>
    app().inject({ method: 'GET', url, headers: client ? { cookie: client.cookie } : {} });

  it('takes a report by form, shows it in the moderators’ queue, and after confirmation on the practice page', async () => {
    const practice = await publishedPractice(app(), 'Сказкотерапия для внедрения');
    const { organizationId, teacher } = await otherSchool(app());
    const permalink = `/practices/${practice.number}`;

    expect((await page(null, permalink)).body).toContain('Войдите, чтобы сообщить о внедрении');
    expect((await page(teacher, permalink)).body).toContain(`href="${permalink}/adopt"`);

    const found = await post(teacher, `${permalink}/adopt`, { orgq: 'Средняя школа', intent: 'org-search' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`value="${organizationId}"`);

    const bad = await post(teacher, `${permalink}/adopt`, { organizationId: String(organizationId), since: 'вчера' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ошибка: ');
    expect(bad.body).toContain('ГГГГ-ММ');

    const fields = Object.fromEntries(Object.entries(reportOf(organizationId)).map(([k, v]) => [k, String(v)]));
    const sent = await post(teacher, `${permalink}/adopt`, fields);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/my/adoptions');
    expect((await page(teacher, '/my/adoptions')).body).toContain('ждёт проверки модератором');
    expect((await page(null, permalink)).body).toContain('Пока ни одна организация');

    expect((await page(teacher, '/moderation/adoptions')).statusCode).toBe(403);
    const queue = await page(practice.moderator, '/moderation/adoptions');
    expect(queue.body).toContain('Ждут решения: 1 сообщение');
    const id = /action="\/moderation\/adoptions\/(\d+)"/.exec(queue.body)![1]!;
    expect((await page(practice.moderator, '/moderation')).body).toContain('ждут решения: 1');

    const declineBare = await post(practice.moderator, `/moderation/adoptions/${id}`, { action: 'decline' });
    expect(declineBare.statusCode).toBe(400);
    expect(declineBare.body).toContain('Напишите причину');
    const confirmed = await post(practice.moderator, `/moderation/adoptions/${id}`, { action: 'confirm' });
    expect(confirmed.statusCode).toBe(303);

    const shown = (await page(null, permalink)).body;
    expect(shown).toContain('Практику внедрила 1 организация в 1 муниципалитете');
    expect(shown).toContain('Рославльский район, с сентября 2025 г.');

    const withdrawn = await post(teacher, `/my/adoptions/${id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(303);
    expect((await page(null, permalink)).body).toContain('Пока ни одна организация');
    const stranger = await signUp(app());
    expect((await call(app(), stranger, 'GET', `/api/v1/adoptions/${id}`)).statusCode).toBe(404);
  });

  it('takes a file with the form: a bad one is refused beside its field with nothing kept, a good one is listed', async () => {
    const practice = await publishedPractice(app(), 'Лэпбук для внедрения с файлом');
    const { organizationId, teacher } = await otherSchool(app());
    const url = `/practices/${practice.number}/adopt?_csrf=${encodeURIComponent(teacher.csrf)}`;
    const fields = Object.fromEntries(Object.entries(reportOf(organizationId)).map(([k, v]) => [k, String(v)]));
    const send = (file: { name: string; data: Buffer | string }) => {
      const { body, contentType } = multipartForm(fields, file);
      return app().inject({
        method: 'POST',
        url,
        headers: { cookie: teacher.cookie, accept: 'text/html', 'content-type': contentType },
        payload: body,
      });
    };
    const form = (await page(teacher, `/practices/${practice.number}/adopt`)).body;
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('Файл (по желанию)');

    const before = rows(app(), 'adoptions');
    const bad = await send({ name: 'план.docx', data: 'не документ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Содержимое файла не соответствует его расширению');
    expect(bad.body).toContain('выберите его снова');
    expect(rows(app(), 'adoptions')).toBe(before);

    const good = await send({ name: 'План.pdf', data: makePdf([['План внедрения']]) });
    expect(good.statusCode).toBe(303);
    const mine = (await page(teacher, '/my/adoptions')).body;
    expect(mine).toMatch(/<a href="\/api\/v1\/adoptions\/\d+\/file">План\.pdf<\/a>/);
    expect((await page(practice.moderator, '/moderation/adoptions')).body).toContain('План.pdf');
    expect((await page(null, `/practices/${practice.number}`)).body).not.toContain('План.pdf');
    // Taken back, so the other test of this file finds the moderators' queue as it left it, in either order.
    const id = (await call(app(), teacher, 'GET', '/api/v1/adoptions/mine')).json().items[0].id;
    expect((await call(app(), teacher, 'POST', `/api/v1/adoptions/${id}/withdrawal`)).statusCode).toBe(200);
  });
});

/** A page form posted as multipart: its fields, then the file. */
function multipartForm(fields: Record<string, string>, file: { name: string; data: Buffer | string }) {
  const boundary = `----form${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
