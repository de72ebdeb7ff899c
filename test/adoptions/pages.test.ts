import { describe, expect, it } from 'vitest';
import type { Client } from '../helper.js';
import { call, signUp, useApp } from '../helper.js';
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
});
