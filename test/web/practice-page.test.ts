import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { practices } from '../../server/db/schema.js';
import { call, signUp, useApp } from '../helper.js';

describe('the practice page', () => {
  const app = useApp({ DEMO_DATA: 'true', BASE_URL: 'https://bank.example.ru' });
  const page = (url: string) => app().inject({ url, headers: { accept: 'text/html' } });
  const numberOf = async (q: string) =>
    (await app().inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` })).json().hits[0].registryNumber as string;

  it('links the organisation and municipality and lists terms as list items', async () => {
    const number = await numberOf('мнемотехника');
    const res = await page(`/practices/${number}`);
    expect(res.statusCode).toBe(200);
    const api = (await app().inject({ url: `/api/v1/registry/${number}` })).json().practice;
    expect(res.body).toContain(`<a href="/organizations/${api.organization.id}">`);
    expect(res.body).toContain(`<a href="/municipalities/${api.organization.municipality}">город Смоленск</a>`);
    expect(res.body).toMatch(/<ul class="tags"><li>Речевое развитие<\/li><li>/);
    expect(res.body).toMatch(/опубликовано <time datetime="\d{4}-\d\d-\d\d">\d{1,2} [а-я]+ \d{4} г\.<\/time>/);
    expect(res.body).not.toMatch(/опубликовано \d{4}-\d\d-\d\d/);
  });

  it('offers the citation as selectable text with a copy button, and a QR code with alt text', async () => {
    const number = await numberOf('мнемотехника');
    const res = await page(`/practices/${number}`);
    expect(res.body).toMatch(/<p class="citation" id="citation-text">[^<]+Текст : электронный/);
    expect(res.body).toContain('data-copy="citation-text"');
    expect(res.body).toContain(`alt="QR-код постоянной ссылки на практику № ${number}"`);
    expect(res.body).toMatch(/<script src="\/assets\/practice\.js\?v=\w+" defer>/);
    const qr = await app().inject({ url: `/practices/${number}/qr.svg` });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('carries schema.org JSON-LD and OpenGraph tags naming the registry number', async () => {
    const number = await numberOf('мнемотехника');
    const res = await page(`/practices/${number}`);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1];
    const data = JSON.parse(json!);
    expect(data).toMatchObject({
      '@type': 'LearningResource',
      identifier: number,
      inLanguage: 'ru',
      educationalLevel: ['Дошкольное образование'],
      url: `https://bank.example.ru/practices/${number}`,
    });
    expect(data.author[0]).toMatchObject({ '@type': 'Person' });
    expect(data.dateCreated).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(res.body).toContain(`<meta property="og:url" content="https://bank.example.ru/practices/${number}"/>`);
  });

  it('lists up to five similar practices, never itself', async () => {
    const number = await numberOf('мнемотехника');
    const res = await page(`/practices/${number}`);
    const similar = /<ul class="similar">(.*?)<\/ul>/s.exec(res.body)?.[1] ?? '';
    const links = [...similar.matchAll(/href="\/practices\/([\d-]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(5);
    expect(links).not.toContain(number);
  });

  it('answers an unknown and a malformed registry number with a Russian 404 page', async () => {
    for (const url of ['/practices/67-2099-0001', '/practices/abc', '/practices/67-2099-0001/qr.svg']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('Практика с таким номером в реестре не найдена');
    }
    const version = await page(`/practices/${await numberOf('мнемотехника')}/v9`);
    expect(version.statusCode).toBe(404);
    expect(version.body).toContain('Такой версии практики нет');
  });
});

describe('a withdrawn practice and its embedded media', () => {
  const app = useApp({ BASE_URL: 'https://bank.example.ru' });
  const page = (url: string) => app().inject({ url, headers: { accept: 'text/html' } });

  function importOne(title: string) {
    const report = app().bank.services.importer.importRecords([
      {
        title,
        summary: 'Шахматы на уроках и во внеурочной деятельности.',
        relevance: 'Развитие логического мышления.',
        goals: 'Цель — логика.',
        content: 'Уроки шахмат раз в неделю.',
        results: 'Рост результатов.',
        replication: 'Нужны шахматные доски.',
        levels: ['primary'],
        subjects: ['mathematics'],
        technologies: ['chess'],
        directions: ['learning'],
        organization: 'МБОУ «СШ № 7» г. Рославля',
        municipality: 'Рославльский район',
        authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'учитель' }],
        startedYear: 2020,
        publishedAt: '2024-09-01',
      },
    ]);
    const number = report.records[0]!.registryNumber!;
    if (!number) throw new Error(JSON.stringify(report));
    const id = app().bank.db.select().from(practices).where(eq(practices.registryNumber, number)).get()!.id;
    return { number, id };
  }

  it('keeps the permalink of a withdrawn practice, saying when and why, without its text', async () => {
    const { number, id } = importOne('Шахматный всеобуч в начальной школе');
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const read = await call(app(), moderator, 'GET', `/api/v1/practices/${id}`);
    const done = await call(
      app(),
      moderator,
      'POST',
      `/api/v1/practices/${id}/transitions`,
      { action: 'withdraw', comment: 'Авторы нашли ошибку в расчётах' },
      { 'if-match': read.headers.etag as string },
    );
    expect(done.statusCode).toBe(200);
    const res = await page(`/practices/${number}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Практика снята с публикации');
    expect(res.body).toContain('Причина: Авторы нашли ошибку в расчётах');
    expect(res.body).not.toContain('Уроки шахмат раз в неделю');
    expect(res.body).not.toContain('application/ld+json');
    const api = (await app().inject({ url: `/api/v1/registry/${number}` })).json();
    expect(api.status).toBe('withdrawn');
    expect(api.practice).toBeNull();
  });

  it('escapes a title that tries to close the JSON-LD script', async () => {
    const { number } = importOne('Практика </script><script>alert(1)</script> о шахматах');
    const res = await page(`/practices/${number}`);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1];
    expect(JSON.parse(json!).name).toBe('Практика </script><script>alert(1)</script> о шахматах');
  });

  it('shows a video link as a named link out, with the player address kept for a click and frames allowed', async () => {
    const { number, id } = importOne('Шахматы с видеоуроками');
    const db = app().bank.db.$client;
    const version = db.prepare('SELECT published_version_id AS v FROM practices WHERE id = ?').get(id) as { v: number };
    db.prepare(
      `INSERT INTO attachments (practice_id, version_id, kind, name, url, provider, created_by)
       VALUES (?, ?, 'link', 'rutube.ru', 'https://rutube.ru/video/abc123def/', 'rutube', NULL)`,
    ).run(id, version.v);
    const res = await page(`/practices/${number}`);
    expect(res.body).toContain('data-embed="https://rutube.ru/play/embed/abc123def"');
    expect(res.body).toMatch(/<a href="https:\/\/rutube\.ru\/video\/abc123def\/"[^>]*>Видео на RuTube/);
    expect(res.body).not.toContain('<iframe');
    expect(res.body).not.toMatch(/rutube\.ru rutube/);
    expect(res.headers['content-security-policy']).toContain('frame-src https://rutube.ru');
    expect((await page('/')).headers['content-security-policy']).not.toContain('rutube');
  });
});
