import { describe, expect, it } from 'vitest';
import { call, rows, signUp, useApp } from '../helper.js';
import { otherSchool, publishedPractice, reportOf } from './fixtures.js';

describe('adoptions through the API', () => {
  const app = useApp();

  it('keeps a report unseen until a moderator confirms it, then lists it, counts it and tells the authors', async () => {
    const practice = await publishedPractice(app(), 'Мнемотехника для внедрения');
    const { organizationId, teacher } = await otherSchool(app());
    const stranger = await signUp(app());

    const reported = await call(
      app(),
      teacher,
      'POST',
      `/api/v1/practices/${practice.id}/adoptions`,
      reportOf(organizationId),
    );
    expect(reported.statusCode).toBe(201);
    const id = reported.json().id as number;
    expect(reported.json()).toMatchObject({
      status: 'pending',
      since: '2025-09',
      municipalityLabel: 'Рославльский район',
    });

    // Nobody but the reporter and moderators sees it.
    const list = `/api/v1/practices/${practice.id}/adoptions`;
    expect((await call(app(), null, 'GET', list)).json()).toMatchObject({ organizations: 0, items: [] });
    expect((await call(app(), stranger, 'GET', `/api/v1/adoptions/${id}`)).statusCode).toBe(404);
    expect((await call(app(), practice.author, 'GET', `/api/v1/adoptions/${id}`)).statusCode).toBe(404);
    expect((await call(app(), teacher, 'GET', `/api/v1/adoptions/${id}`)).json().status).toBe('pending');
    expect((await call(app(), teacher, 'GET', '/api/v1/adoptions/queue')).statusCode).toBe(403);
    const queue = (await call(app(), practice.moderator, 'GET', '/api/v1/adoptions/queue')).json();
    expect(queue.items.map((a: { id: number }) => a.id)).toContain(id);

    // A teacher cannot confirm; a moderator can.
    const decision = `/api/v1/adoptions/${id}/decision`;
    expect((await call(app(), teacher, 'POST', decision, { action: 'confirm' })).statusCode).toBe(403);
    const confirmed = await call(app(), practice.moderator, 'POST', decision, { action: 'confirm' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(
      (await call(app(), practice.moderator, 'POST', decision, { action: 'decline', reason: 'Поздно' })).statusCode,
    ).toBe(409);

    const shown = (await call(app(), null, 'GET', list)).json();
    expect(shown).toMatchObject({ organizations: 1, municipalities: 1 });
    expect(shown.items[0]).toMatchObject({ organization: { id: organizationId, municipality: 'roslavlsky' } });
    expect(shown.items[0]).not.toHaveProperty('reporterName');

    const stats = app().bank.services.stats;
    stats.forget();
    expect(stats.table('adoptions-municipalities').rows).toContainEqual(['Рославльский район', 1, 1]);
    expect(stats.table('adoptions-years').rows).toEqual([['2025', 1]]);
    const csv = await call(app(), null, 'GET', '/stats/adoptions-municipalities.csv');
    expect(csv.body).toContain('Рославльский район');

    const told = (await call(app(), practice.author, 'GET', '/api/v1/notifications')).json().items;
    expect(told[0]).toMatchObject({ kind: 'adoption_confirmed', practiceId: practice.id });
    expect(told[0].subject).toContain('внедрили');
    const reporterTold = (await call(app(), teacher, 'GET', '/api/v1/notifications')).json().items;
    expect(reporterTold[0]).toMatchObject({ kind: 'adoption_decided' });

    // The reporter withdraws: it leaves the public list.
    expect((await call(app(), stranger, 'POST', `/api/v1/adoptions/${id}/withdrawal`)).statusCode).toBe(404);
    const withdrawn = await call(app(), teacher, 'POST', `/api/v1/adoptions/${id}/withdrawal`);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await call(app(), null, 'GET', list)).json().organizations).toBe(0);
  });

  it('refuses a report from the practice’s own organisation, a repeated one, and bad input, writing nothing', async () => {
    const practice = await publishedPractice(app());
    const own = (await call(app(), practice.author, 'GET', `/api/v1/practices/${practice.id}`)).json().organizationId;
    const { organizationId, teacher } = await otherSchool(app());
    const url = `/api/v1/practices/${practice.id}/adoptions`;
    const before = rows(app(), 'adoptions');

    const ownReport = await call(app(), teacher, 'POST', url, reportOf(own));
    expect(ownReport.statusCode).toBe(400);
    expect(ownReport.json().details[0].field).toBe('organizationId');
    const bad = await call(
      app(),
      teacher,
      'POST',
      url,
      reportOf(organizationId, { since: '2099-01', adapted: 'мало' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['adapted', 'since']);
    expect((await call(app(), null, 'POST', url, reportOf(organizationId))).statusCode).toBe(401);
    expect(rows(app(), 'adoptions')).toBe(before);

    expect((await call(app(), teacher, 'POST', url, reportOf(organizationId))).statusCode).toBe(201);
    const again = await call(app(), teacher, 'POST', url, reportOf(organizationId));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ADOPTION_NOT_ALLOWED');
  });

  it('declines only with a reason, which the reporter reads', async () => {
    const practice = await publishedPractice(app());
    const { organizationId, teacher } = await otherSchool(app());
    const id = (
      await call(app(), teacher, 'POST', `/api/v1/practices/${practice.id}/adoptions`, reportOf(organizationId))
    ).json().id;
    const url = `/api/v1/adoptions/${id}/decision`;
    expect((await call(app(), practice.moderator, 'POST', url, { action: 'decline' })).statusCode).toBe(400);
    const declined = await call(app(), practice.moderator, 'POST', url, {
      action: 'decline',
      reason: 'Не видно, что именно взято из практики',
    });
    expect(declined.json()).toMatchObject({
      status: 'declined',
      decisionReason: 'Не видно, что именно взято из практики',
    });
    const mine = (await call(app(), teacher, 'GET', '/api/v1/adoptions/mine')).json();
    expect(mine.items[0]).toMatchObject({ id, status: 'declined' });
  });
});
