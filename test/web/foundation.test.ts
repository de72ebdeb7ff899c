import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import errorHandler from '../../server/plugins/error-handler.js';
import { asset } from '../../server/web/assets.js';
import { count, formatDate, PRACTICES } from '../../server/web/format.js';
import { pageWindow } from '../../server/web/components/navigation.js';
import { signUp, useApp } from '../helper.js';

describe('the web foundation', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const page = (url: string, headers: Record<string, string> = {}) =>
    app().inject({ url, headers: { accept: 'text/html', ...headers } });

  it('serves CSS and scripts at content-hashed addresses with a year of caching', async () => {
    const css = await app().inject({ url: asset('site.css') });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const stale = await app().inject({ url: '/assets/site.css?v=000000000000' });
    expect(stale.headers['cache-control']).toBe('public, max-age=300');
    const home = (await page('/')).body;
    expect(home).toContain(`href="${asset('site.css')}"`);
    expect(home).toContain(`src="${asset('search.js')}"`);
  });

  it('answers /favicon.ico with an icon and links an SVG icon', async () => {
    const ico = await app().inject({ url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toMatch(/icon/);
    expect((await page('/')).body).toContain(`<link rel="icon" href="${asset('favicon.svg')}" type="image/svg+xml"/>`);
  });

  it('compresses pages for browsers that accept it', async () => {
    const res = await page('/', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBe('br');
  });

  it('has no inline script and a CSP that forbids inline scripts', async () => {
    const res = await page('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain('https:');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/\son[a-z]+=/);
  });

  it('has one layout: Russian, a skip link, a «Войти» that leads to a page, a footer naming SOIRO and the API docs', async () => {
    const body = (await page('/practices/67-2099-0001')).body;
    expect(body).toContain('<html lang="ru">');
    expect(body).toContain('<a class="skip-link" href="#main">');
    // The header links the sign-in page only because the bank has it: no link leads to «page not found».
    expect(app().hasRoute({ method: 'GET', url: '/login' })).toBe(true);
    expect(body).toContain('<a href="/login">Войти</a>');
    expect((await page('/login')).statusCode).toBe(200);
    expect(body).toContain('СОИРО');
    expect(body).toContain('<a href="/docs">');
  });

  it('names the signed-in person in the header with a link to their account instead of «Войти»', async () => {
    const me = await signUp(app(), { fullName: 'Петрова Ольга Ивановна' });
    const body = (await page('/', { cookie: me.cookie })).body;
    expect(body).toContain('href="/account" title="Петрова Ольга Ивановна">Петрова Ольга Ивановна</a>');
    expect(body).not.toContain('>Войти<');
  });

  it('says which address is missing on a 404 page, in Russian, without the HTTP method', async () => {
    const res = await page('/rss');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Страница не найдена');
    expect(res.body).toContain('<code>/rss</code>');
    expect(res.body).not.toMatch(/\bGET\b/);
    expect(res.body).toContain('href="/"');
  });

  it('shows an unexpected failure as a Russian page with a support number and no details of the fault', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(errorHandler);
    bare.get('/broken', async () => {
      throw new Error('secret stack detail');
    });
    const res = await bare.inject({ url: '/broken', headers: { accept: 'text/html' } });
    await bare.close();
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Что-то пошло не так');
    expect(res.body).toMatch(/Номер обращения для службы поддержки: req-\d+/);
    expect(res.body).not.toContain('secret stack detail');
    expect(res.body).not.toMatch(/Error|at \//);
  });

  it('keeps the JSON error shape for the API', async () => {
    const res = await app().inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('formats dates and counts in Russian', () => {
    expect(formatDate('2024-05-20')).toBe('20 мая 2024 г.');
    expect(formatDate('2024-05-20T22:30:00Z')).toBe('21 мая 2024 г.'); // already the 21st in Smolensk
    expect([1, 3, 5, 21, 111].map((n) => count(n, PRACTICES))).toEqual([
      '1 практика',
      '3 практики',
      '5 практик',
      '21 практика',
      '111 практик',
    ]);
  });

  it('numbers pages around the current one with gaps', () => {
    expect(pageWindow(7, 20)).toEqual([1, null, 5, 6, 7, 8, 9, null, 20]);
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
