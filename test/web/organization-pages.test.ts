import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations } from '../../server/db/schema.js';
import { makeOrganization, useApp } from '../helper.js';

describe('organisation, directory and municipality pages', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const page = (url: string) => app().inject({ url, headers: { accept: 'text/html' } });
  const firstHit = async (q: string) =>
    (await app().inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` })).json().hits[0];

  it('shows an organisation with a table of its published practices', async () => {
    const hit = await firstHit('мнемотехника');
    const res = await page(`/organizations/${hit.organization.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h1>${hit.organization.name.replaceAll('«', '«')}</h1>`);
    expect(res.body).toContain('<th scope="col">№ в реестре</th>');
    expect(res.body).toContain(`<a href="/practices/${hit.registryNumber}">`);
    expect(res.body).toContain('<dd>ДОО</dd>');
    expect(res.body).toContain('href="/municipalities/smolensk"');
  });

  it('finds organisations in the directory by name, municipality and type, with practice counts', async () => {
    const hit = await firstHit('мнемотехника');
    const res = await page(`/organizations?q=${encodeURIComponent('Ромашка')}&municipality=smolensk&type=preschool`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<a href="/organizations/${hit.organization.id}">`);
    expect(res.body).toMatch(/Найдено: 1 организация/);
    expect(res.body).toContain('<option value="smolensk" selected>');
    const none = await page(`/organizations?q=${encodeURIComponent('несуществующее название')}`);
    expect(none.body).toContain('Организаций не найдено');
    const beyond = await page('/organizations?page=500');
    expect(beyond.statusCode).toBe(404);
    expect(beyond.body).toContain('Страницы 500 нет');
  });

  it('shows a municipality with its practices, counts by level and organisations', async () => {
    const res = await page('/municipalities/smolensk');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>город Смоленск</h1>');
    expect(res.body).toMatch(
      /<a href="\/\?municipality=smolensk&amp;level=preschool">Дошкольное образование<\/a>:\u00a0\d+/,
    );
    expect(res.body).toMatch(/<a href="\/practices\/67-\d{4}-\d{4}">/);
    expect(res.body).toMatch(/<a href="\/organizations\/\d+">/);
  });

  it('never lists an unpublished practice: a new organisation has an empty table', async () => {
    const id = makeOrganization(app(), 'МБОУ «СШ № 99» новая', 'smolensk');
    const res = await page(`/organizations/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('У организации пока нет опубликованных практик');
  });

  it('moves a merged organisation permanently to the entry it was merged into', async () => {
    const target = makeOrganization(app(), 'МБОУ «СШ № 100»', 'smolensk');
    const twin = makeOrganization(app(), 'МБОУ СШ 100 (дубль)', 'smolensk');
    app().bank.db.update(organizations).set({ mergedIntoId: target }).where(eq(organizations.id, twin)).run();
    const res = await page(`/organizations/${twin}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/organizations/${target}`);
  });

  it('answers bad input with a Russian page saying what was wrong', async () => {
    const cases: [string, number, string][] = [
      ['/organizations/abc', 400, 'Номер организации — целое число'],
      ['/organizations/0', 400, 'Номер организации — целое положительное число'],
      ['/organizations/999999', 404, 'Организация не найдена'],
      ['/organizations?municipality=atlantis', 400, 'Неизвестный код «atlantis»'],
      ['/organizations?page=0', 400, 'Страницы нумеруются с 1'],
      ['/municipalities/atlantis', 404, 'Муниципального образования с кодом «atlantis» нет в справочнике'],
      ['/municipalities/%D0%A1%D0%BC', 400, 'Код муниципального образования — латинские буквы'],
      ['/municipalities/smolensk?page=0', 400, 'Страницы нумеруются с 1'],
    ];
    for (const [url, status, message] of cases) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain(message);
    }
  });
});
