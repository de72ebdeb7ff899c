import { describe, expect, it } from 'vitest';
import { registryNumberIn } from '../../server/web/pages/search-url.js';
import { useApp } from '../helper.js';

describe('the search page', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const page = (url: string) => app().inject({ url, headers: { accept: 'text/html' } });
  const api = async (query: string) => (await app().inject({ url: `/api/v1/search?${query}` })).json();

  it('keeps every parameter in the page links, with «Назад», numbers and «Дальше»', async () => {
    const res = await page('/?direction=development&direction=learning&sort=newest&perPage=5&page=2');
    expect(res.statusCode).toBe(200);
    const expected = (await api('direction=development,learning&perPage=5')).total;
    expect(res.body).toContain(`Найдено: ${expected} практик`);
    const link = '/?direction=development&amp;direction=learning&amp;sort=newest&amp;perPage=5';
    expect(res.body).toContain(`<a href="${link}" rel="prev">← Назад</a>`);
    expect(res.body).toContain(`<a href="${link}&amp;page=3" rel="next">Дальше →</a>`);
    expect(res.body).toContain(`<a href="${link}&amp;page=2" aria-current="page">`);
  });

  it('puts the results before the sixty checkboxes, with a link down to the filters for phone and keyboard', async () => {
    const body = (await page('/?q=речь')).body;
    const link = body.indexOf('<a class="to-filters" href="#filters">Перейти к фильтрам</a>');
    expect(link).toBeGreaterThan(-1);
    expect(link).toBeLessThan(body.indexOf('<ol class="hits"'));
    expect(body.indexOf('<ol class="hits"')).toBeLessThan(body.indexOf('type="checkbox"'));
    expect(body).toContain('<details class="filters" id="filters" open>');
  });

  it('folds a long facet after six values under «Ещё N», unfolded when a folded value is chosen', async () => {
    const values = (await api('perPage=1')).facets.municipality as { value: string }[];
    expect(values.length).toBeGreaterThan(7);
    const folded = `<summary>Ещё ${values.length - 6}<span class="visually-hidden"> — Муниципальное образование</span>`;
    expect((await page('/')).body).toContain(`<details class="more">${folded}`);
    const chosen = await page(`/?municipality=${values.at(-1)!.value}`);
    expect(chosen.body).toContain(`<details class="more" open>${folded}`);
  });

  it('shows facets with the API’s counts, chosen values checked and as removable chips', async () => {
    const result = await api('level=preschool');
    const res = await page('/?level=preschool');
    const subject = result.facets.subject[0];
    expect(res.body).toContain(
      `<input type="checkbox" name="subject" value="${subject.value}"/><span>${subject.label}</span><span class="count">${subject.count}`,
    );
    expect(res.body).toContain('<input type="checkbox" name="level" value="preschool" checked/>');
    expect(res.body).toContain(
      '<a href="/"><span class="visually-hidden">Убрать фильтр «Уровень образования»: </span>Дошкольное образование',
    );
  });

  it('keeps the query in the box and marks the sort in use', async () => {
    const res = await page(`/?q=${encodeURIComponent('шахматы')}&sort=views`);
    expect(res.body).toContain('<input id="q" name="q" type="search" value="шахматы"');
    expect(res.body).toContain('<option value="views" selected>самые просматриваемые</option>');
  });

  it('opens the practice when a registry number is typed in the box, with or without a version', async () => {
    const number = (await api('perPage=1')).hits[0].registryNumber;
    const plain = await page(`/?q=${number}`);
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe(`/practices/${number}`);
    const version = await page(`/?q=${encodeURIComponent(`№ ${number}/v1`)}`);
    expect(version.headers.location).toBe(`/practices/${number}/v1`);
  });

  it('says a typed registry number is not in the registry instead of opening a missing page', async () => {
    const res = await page('/?q=67-2099-0001');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Практики с номером 67-2099-0001 в реестре нет');
    // Said once, with no practices that merely hold a «67» («Кванториум-67») listed under it.
    expect(res.body.split('в реестре нет').length).toBe(2);
    expect(res.body).not.toContain('class="hits"');
    expect(res.body).not.toContain('Найдено:');
  });

  it('says a page beyond the end does not exist instead of a count over an empty list', async () => {
    const res = await page('/?page=40');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Страницы 40 здесь нет: найдено 66 практик, это 4 страницы.');
    expect(res.body).toContain('<a href="/?page=4">Перейти на последнюю страницу</a>');
    expect(res.body).not.toContain('Найдено: 66');
  });

  it('shows the correction the API made for a query typed in the wrong keyboard layout', async () => {
    const res = await page('/?q=' + encodeURIComponent('if[vfns')); // «шахматы» typed with the Latin layout on
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Показаны результаты по запросу «шахматы»');
    expect(res.body).toContain('<input id="q" name="q" type="search" value="if[vfns"');
  });

  it('gives the API’s suggestion when nothing is found with the filters', async () => {
    const res = await page(`/?q=${encodeURIComponent('шахматы')}&level=vocational`);
    expect(res.body).toContain('С выбранными фильтрами ничего не найдено');
    expect(res.body).toContain('Убрать фильтр');
  });

  it('answers unknown codes and page 0 with a Russian 400 page naming the parameter', async () => {
    const codes = await page('/?level=nonsense');
    expect(codes.statusCode).toBe(400);
    expect(codes.headers['content-type']).toContain('text/html');
    expect(codes.body).toContain('В адресе страницы ошибка');
    expect(codes.body).toContain('Уровень образования: Неизвестный код «nonsense»');
    expect(codes.body).toContain('<a href="/">Открыть страницу без ошибочных параметров</a>');
    const zero = await page(`/?q=${encodeURIComponent('ТРИЗ')}&page=0`);
    expect(zero.statusCode).toBe(400);
    expect(zero.body).toContain('Страница: Страницы нумеруются с 1');
    expect(zero.body).toContain(`<a href="/?q=${encodeURIComponent('ТРИЗ')}">`);
    expect(zero.body).not.toMatch(/VALIDATION_FAILED|querystring|Bad Request/);
  });
});

describe('a registry number typed in the search box', () => {
  it('is recognised alone, with «№», with a version as /v2 or v 2, and nowhere inside other words', () => {
    expect(registryNumberIn('67-2026-0013')).toEqual({ number: '67-2026-0013', version: undefined });
    expect(registryNumberIn(' №67-2026-0013/v2 ')).toEqual({ number: '67-2026-0013', version: 2 });
    expect(registryNumberIn('67-2026-0013 v 3')).toEqual({ number: '67-2026-0013', version: 3 });
    expect(registryNumberIn('практика 67-2026-0013')).toBeUndefined();
    expect(registryNumberIn('77-2026-0013')).toBeUndefined();
  });
});
