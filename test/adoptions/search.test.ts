import { describe, expect, it } from 'vitest';
import { call, useApp } from '../helper.js';
import { otherSchool, publishedPractice, reportOf } from './fixtures.js';

describe('search by adoptions', () => {
  const app = useApp();
  const ids = (body: { hits: { id: number }[] }) => body.hits.map((h) => h.id);

  it('lists a practice under «есть внедрения» and first by adoptions once confirmed, on the API and the page, until withdrawn', async () => {
    const adopted = await publishedPractice(app(), 'Мнемотехника: практика, которую внедрят');
    const newer = await publishedPractice(app(), 'Сказкотерапия: практика без внедрений');
    const { organizationId, teacher } = await otherSchool(app());
    const search = async (query: string) => (await call(app(), null, 'GET', `/api/v1/search?${query}`)).json();

    expect(ids(await search('adopted=yes'))).toEqual([]);
    // No adoptions anywhere: the tie falls back to newest first.
    expect(ids(await search('sort=adoptions'))).toEqual([newer.id, adopted.id]);

    const id = (
      await call(app(), teacher, 'POST', `/api/v1/practices/${adopted.id}/adoptions`, reportOf(organizationId))
    ).json().id;
    // A waiting report changes nothing the public sees.
    expect(ids(await search('adopted=yes'))).toEqual([]);
    const decision = await call(app(), adopted.moderator, 'POST', `/api/v1/adoptions/${id}/decision`, {
      action: 'confirm',
    });
    expect(decision.statusCode).toBe(200);

    const filtered = await search('adopted=yes');
    expect(ids(filtered)).toEqual([adopted.id]);
    expect(filtered.facets.adopted).toEqual([{ value: 'yes', label: 'Есть внедрения', count: 1, selected: true }]);
    expect(ids(await search('sort=adoptions'))).toEqual([adopted.id, newer.id]);
    // Counted without its own filter: a text search shows how many of its matches were adopted.
    expect((await search('q=практика')).facets.adopted).toEqual([
      { value: 'yes', label: 'Есть внедрения', count: 1, selected: false },
    ]);

    // The search page offers both, in Russian.
    const page = (await call(app(), null, 'GET', '/?adopted=yes&sort=adoptions')).body;
    expect(page).toContain('<option value="adoptions" selected>по числу внедрений</option>');
    expect(page).toContain('<legend>Внедрения</legend>');
    expect(page).toMatch(/name="adopted" value="yes" checked\/><span>Есть внедрения<\/span>/);

    const withdrawn = await call(app(), teacher, 'POST', `/api/v1/adoptions/${id}/withdrawal`);
    expect(withdrawn.statusCode).toBe(200);
    expect(ids(await search('adopted=yes'))).toEqual([]);
    expect(ids(await search('sort=adoptions'))).toEqual([newer.id, adopted.id]);
  });

  it('refuses an unknown value of the filter and an unknown sort in Russian', async () => {
    const bad = await call(app(), null, 'GET', '/api/v1/search?adopted=no');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toContainEqual({
      field: 'adopted.0',
      message: 'Возможные значения: yes (есть внедрения)',
    });
    const sort = await call(app(), null, 'GET', '/api/v1/search?sort=popular');
    expect(sort.statusCode).toBe(400);
    expect(sort.json().message + JSON.stringify(sort.json().details)).toContain('по числу внедрений');
  });

  it('documents the filter and the sort in the OpenAPI schema', async () => {
    const spec = (await call(app(), null, 'GET', '/docs/json')).json();
    const parameters = spec.paths['/api/v1/search'].get.parameters as { name: string; description?: string }[];
    expect(parameters.find((p) => p.name === 'adopted')?.description).toContain('есть внедрения');
    expect(parameters.find((p) => p.name === 'sort')?.description).toContain('adoptions');
  });
});
