import { describe, expect, it } from 'vitest';
import { useApp } from '../helper.js';

describe('pages for people', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const page = (url: string) => app().inject({ url, headers: { accept: 'text/html' } });

  it('shows the newest practices, a search box and the next page at /', async () => {
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<form class="search-page" action="/" method="get"');
    expect(res.body).toContain('<input id="q" name="q" type="search"');
    expect(res.body).toContain('Новые практики');
    const published = app()
      .bank.db.$client.prepare("SELECT count(*) AS n FROM practice_versions WHERE state = 'published'")
      .get() as { n: number };
    expect(res.body).toContain(`Найдено: ${published.n}`);
    expect(res.body).toContain('Дальше →');
    expect((await page(`/?page=${Math.ceil(published.n / 20)}`)).body).not.toContain('Дальше →');
  });

  it('searches from the home page with highlighted, escaped results', async () => {
    const res = await page(`/?q=${encodeURIComponent('детский сад')}`);
    expect(res.body).toContain('Поиск: «детский сад»');
    expect(res.body).toMatch(/<mark>детск/i);
    const xss = await page(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(xss.body).not.toContain('<script>alert(1)</script>');
    expect(xss.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('serves a practice at its permalink with the ready citation', async () => {
    const number = (await app().inject({ url: '/api/v1/search?q=' + encodeURIComponent('мнемотехника') })).json()
      .hits[0].registryNumber;
    const res = await page(`/practices/${number}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`№ ${number}`);
    expect(res.body).toContain('<h2 id="cite">Как сослаться</h2>');
    expect(res.body).toMatch(/– Текст : электронный \/\/ Банк инновационных практик Смоленской области : \[сайт\]/);
    expect(res.body).toContain('<h2>Результативность</h2>');
  });

  it('opens a version both at /v1 (the permalink) and at /v/1 (as in the API)', async () => {
    const number = (await app().inject({ url: '/api/v1/search?q=' + encodeURIComponent('шахматы') })).json().hits[0]
      .registryNumber;
    for (const url of [`/practices/${number}/v1`, `/practices/${number}/v/1`]) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain(`№ ${number}`);
    }
  });

  it('answers an unknown number with a page, not JSON, for a browser', async () => {
    const res = await page('/practices/67-2099-0001');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Практика с таким номером в реестре не найдена');
  });
});
