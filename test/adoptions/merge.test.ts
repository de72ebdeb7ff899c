import { describe, expect, it } from 'vitest';
import { call, signUp, useApp } from '../helper.js';
import { otherSchool, publishedPractice, reportOf } from './fixtures.js';

describe('adoptions follow an organisation merge', () => {
  const app = useApp();

  it('moves the merged school’s adoptions to the kept one, keeps one report of a practice, says so and re-indexes', async () => {
    const older = await publishedPractice(app(), 'Мнемотехника: внедрили две школы');
    const newer = await publishedPractice(app(), 'Сказкотерапия: внедрила одна школа');
    const merged = await otherSchool(app());
    const kept = await otherSchool(app());
    const admin = await signUp(app(), { roles: ['admin'] });
    const moderator = older.moderator;

    const report = async (who: typeof merged, practiceId: number, since: string, confirm: boolean) => {
      const res = await call(
        app(),
        who.teacher,
        'POST',
        `/api/v1/practices/${practiceId}/adoptions`,
        reportOf(who.organizationId, { since }),
      );
      expect(res.statusCode).toBe(201);
      if (confirm)
        expect(
          (await call(app(), moderator, 'POST', `/api/v1/adoptions/${res.json().id}/decision`, { action: 'confirm' }))
            .statusCode,
        ).toBe(200);
      return res.json().id as number;
    };
    // The older practice: both schools confirmed, the merged one adopted it earlier. The newer: the merged school
    // confirmed, the kept one still waits.
    const earliest = await report(merged, older.id, '2024-01', true);
    const later = await report(kept, older.id, '2025-09', true);
    const confirmedNewer = await report(merged, newer.id, '2025-02', true);
    const waiting = await report(kept, newer.id, '2025-03', false);

    const sorted = async () =>
      (await call(app(), null, 'GET', '/api/v1/search?sort=adoptions')).json().hits.map((h: { id: number }) => h.id);
    expect(await sorted()).toEqual([older.id, newer.id]);

    const res = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${merged.organizationId}/merge`, {
      keptId: kept.organizationId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().moved).toMatchObject({ 'adoptions.organization_id': 2 });

    // One adoption per practice, now the kept school's: the confirmed one, of two confirmed the earliest.
    const listOf = async (id: number) => (await call(app(), null, 'GET', `/api/v1/practices/${id}/adoptions`)).json();
    const olderList = await listOf(older.id);
    expect(olderList.organizations).toBe(1);
    expect(olderList.items).toEqual([
      expect.objectContaining({
        id: earliest,
        since: '2024-01',
        organization: expect.objectContaining({ id: kept.organizationId }),
      }),
    ]);
    expect((await listOf(newer.id)).items.map((a: { id: number }) => a.id)).toEqual([confirmedNewer]);
    const declined = (await call(app(), kept.teacher, 'GET', `/api/v1/adoptions/${later}`)).json();
    expect(declined.status).toBe('declined');
    expect(declined.decisionReason).toContain('объединена');
    expect((await call(app(), kept.teacher, 'GET', `/api/v1/adoptions/${waiting}`)).json().status).toBe('declined');

    // The admin history says what was combined.
    const history = (await call(app(), admin, 'GET', '/api/v1/admin/history?targetType=organization')).json().items;
    const entry = history.find((h: { action: string }) => h.action === 'organization.merged');
    expect(entry.summary).toContain('сообщений о внедрении одной и той же практики объединено: 2');
    expect(entry.details.adoptionsCombined).toEqual([
      { practiceId: older.id, keptId: earliest, declinedId: later },
      { practiceId: newer.id, keptId: confirmedNewer, declinedId: waiting },
    ]);

    // Search counts one adoption each now: the tie lists the newer practice first.
    expect(await sorted()).toEqual([newer.id, older.id]);
  });
});
