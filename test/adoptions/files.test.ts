import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { referencesBlob } from '../../server/adoptions/repository.js';
import { call, rows, signUp, useApp } from '../helper.js';
import { makePdf } from '../support/files.js';
import { otherSchool, publishedPractice, reportOf } from './fixtures.js';

/** A multipart report: the fields, then a file in `file`. */
function multipartReport(fields: Record<string, unknown>, file?: { name: string; data: Buffer | string }) {
  const boundary = `----adoption${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`),
  );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('the file of an adoption report', () => {
  const app = useApp();

  it('keeps a checked file with the report, shows it to the reporter and moderators, and to everyone once confirmed', async () => {
    const practice = await publishedPractice(app(), 'Лэпбук: внедрение с планом');
    const { organizationId, teacher } = await otherSchool(app());
    const stranger = await signUp(app());
    const pdf = makePdf([['План внедрения лэпбуков в старшей группе']]);
    const { body, contentType } = multipartReport(reportOf(organizationId), { name: 'План внедрения.pdf', data: pdf });

    const res = await app().inject({
      method: 'POST',
      url: `/api/v1/practices/${practice.id}/adoptions`,
      headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf, 'content-type': contentType },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report.file).toMatchObject({ name: 'План внедрения.pdf', size: pdf.length, contentType: 'application/pdf' });

    const download = (who: typeof teacher | null) => call(app(), who, 'GET', report.file.url);
    expect((await download(null)).statusCode).toBe(404);
    expect((await download(stranger)).statusCode).toBe(404);
    const own = await download(teacher);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect(own.headers['cache-control']).toBe('private, no-cache');
    expect((await download(practice.moderator)).statusCode).toBe(200);

    await call(app(), practice.moderator, 'POST', `/api/v1/adoptions/${report.id}/decision`, { action: 'confirm' });
    const open = await download(null);
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toBe('application/pdf');
    expect(open.headers['content-disposition']).toContain('inline');
    const listed = (await call(app(), null, 'GET', `/api/v1/practices/${practice.id}/adoptions`)).json();
    expect(listed.items[0].file).toMatchObject({ name: 'План внедрения.pdf', url: report.file.url });
    // The store's sweep keeps the bytes a report names.
    expect(referencesBlob(app().bank.db, createHash('sha256').update(pdf).digest('hex'))).toBe(true);
  });

  it('refuses a file that is not what it says, or not allowed, in Russian, and keeps nothing', async () => {
    const practice = await publishedPractice(app());
    const { organizationId, teacher } = await otherSchool(app());
    const before = rows(app(), 'adoptions');
    const post = (file: { name: string; data: Buffer | string }, fields = reportOf(organizationId)) => {
      const { body, contentType } = multipartReport(fields, file);
      return app().inject({
        method: 'POST',
        url: `/api/v1/practices/${practice.id}/adoptions`,
        headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf, 'content-type': contentType },
        payload: body,
      });
    };
    const fake = await post({ name: 'отчёт.pdf', data: 'это не PDF, а текст' });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().details).toEqual([
      { field: 'file', message: expect.stringContaining('Содержимое файла не соответствует его расширению') },
    ]);
    const polyglot = await post({ name: 'план.pdf', data: '%PDF-1.4\n<html><script>alert(1)</script>' });
    expect(polyglot.json().details[0].message).toContain('HTML');
    const video = await post({ name: 'занятие.mp3', data: 'ID3' });
    expect(video.json().details[0].message).toContain('можно приложить документ PDF');
    // A good file with bad fields is not kept either.
    const badFields = await post(
      { name: 'план.pdf', data: makePdf([['План']]) },
      reportOf(organizationId, { since: 'вчера' }),
    );
    expect(badFields.statusCode).toBe(400);
    expect(badFields.json().details[0].field).toBe('since');
    expect(rows(app(), 'adoptions')).toBe(before);
  });
});
