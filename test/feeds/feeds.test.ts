import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sitemapIndex } from '../../server/feeds/sitemap.js';
import { useApp } from '../helper.js';
import { importPractice, searchNumbers, withdraw } from '../support/published.js';

const BASE = 'https://bank.example.ru';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'link', 'author', 'url', 'sitemap'].includes(name),
});
/** An Atom entry as the parser reads it: attributes under `@`, element text under `#text`. */
interface ParsedEntry {
  id: string;
  title: { '#text': string };
  updated: string;
  link: Record<string, string>[];
  author: { name: string }[];
  summary: { '#text': string };
}
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe('feeds, sitemap and citations', () => {
  const app = useApp({ DEMO_DATA: 'true', BASE_URL: BASE });
  const get = (url: string) => app().inject({ url });

  it('serves an Atom 1.0 feed of a search that keeps RFC 4287’s rules, newest 50 first', async () => {
    const res = await get('/feed.atom?level=preschool&sort=views');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const { feed } = parser.parse(res.body);
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${BASE}/feed.atom?level=preschool`);
    expect(feed.title['#text']).toContain('Дошкольное образование');
    expect(feed.updated).toMatch(RFC3339);
    expect(feed.link.find((l: Record<string, string>) => l['@rel'] === 'self')['@href']).toBe(feed.id);
    const { total, numbers } = await searchNumbers(app(), 'level=preschool&sort=newest');
    expect(feed.entry).toHaveLength(Math.min(50, total));
    feed.entry.forEach((entry: ParsedEntry, i: number) => {
      expect(entry.id).toBe(`${BASE}/practices/${numbers[i]}`);
      expect(entry.title['#text']).toBeTruthy();
      expect(entry.updated).toMatch(RFC3339);
      const alternate = entry.link.find((l: Record<string, string>) => l['@rel'] === 'alternate');
      expect(alternate?.['@href']).toBe(entry.id);
      expect(entry.author.length).toBeGreaterThan(0);
      expect(entry.author[0]?.name).toBeTruthy();
      expect(entry.summary['#text']).toBeTruthy();
    });
    expect(feed.updated).toBe(feed.entry[0].updated);
  });

  it('keeps the feed valid and dated when nothing matches', async () => {
    const { feed } = parser.parse((await get('/feed.atom?q=несуществующееслово')).body);
    expect(feed.entry).toBeUndefined();
    expect(feed.updated).toMatch(RFC3339);
  });

  it('links the feed from the search page, autodiscoverable in its head, beside the downloads', async () => {
    const body = (await app().inject({ url: '/?level=preschool', headers: { accept: 'text/html' } })).body;
    const head = body.slice(0, body.indexOf('</head>'));
    expect(head).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(head).toContain('href="/feed.atom?level=preschool"');
    expect(body).toContain('href="/api/v1/search/export?format=xlsx&amp;level=preschool"');
    expect(body).toContain('href="/api/v1/search/export?format=csv&amp;level=preschool"');
    expect(body).toContain('href="/report-list?level=preschool"');
    const home = (await app().inject({ url: '/', headers: { accept: 'text/html' } })).body;
    expect(home).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Новые практики: Новые практики" href="/feed.atom"/>',
    );
  });

  it('lists exactly the published permalinks in the sitemap, with their dates, and nothing withdrawn', async () => {
    const gone = importPractice(app());
    await withdraw(app(), gone.id);
    const index = parser.parse((await get('/sitemap.xml')).body);
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([`${BASE}/sitemap-1.xml`]);
    const part = await get('/sitemap-1.xml');
    expect(XMLValidator.validate(part.body)).toBe(true);
    const urls = parser.parse(part.body).urlset.url as { loc: string; lastmod: string }[];
    const { numbers } = await searchNumbers(app(), 'sort=newest');
    expect(urls.map((u) => u.loc).sort()).toEqual(numbers.map((n) => `${BASE}/practices/${n}`).sort());
    expect(urls.every((u) => RFC3339.test(u.lastmod))).toBe(true);
    expect(urls.map((u) => u.loc)).not.toContain(`${BASE}/practices/${gone.number}`);
    expect((await get('/sitemap-2.xml')).statusCode).toBe(404);
  });

  it('splits the sitemap index into parts', () => {
    expect(parser.parse(sitemapIndex(BASE, 3)).sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      `${BASE}/sitemap-1.xml`,
      `${BASE}/sitemap-2.xml`,
      `${BASE}/sitemap-3.xml`,
    ]);
  });

  it('points robots.txt to the sitemap and closes the workspace, admin and API write paths', async () => {
    const text = (await get('/robots.txt')).body;
    expect(text).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    for (const path of ['/my', '/moderation', '/admin', '/account', '/api/v1/auth/', '/api/v1/practices'])
      expect(text).toContain(`Disallow: ${path}\n`);
  });

  it('gives a practice’s reference as BibTeX and RIS, linked from its page', async () => {
    const { number } = importPractice(app(), { title: 'Проект «100% & $_#» в школе' });
    const bib = await get(`/practices/${number}/cite.bib`);
    expect(bib.statusCode).toBe(200);
    expect(bib.body).toMatch(new RegExp(`^@misc\\{bank-${number},\\n`));
    expect(bib.body).toContain('author = {Орлова Наталья Викторовна and Петров Иван Сергеевич}');
    expect(bib.body).toContain('title = {{Проект «100\\% \\& \\$\\_\\#» в школе}}');
    expect(bib.body).toContain(`url = {${BASE}/practices/${number}}`);
    expect(bib.body).toContain('year = {2024}');
    const ris = (await get(`/practices/${number}/cite.ris`)).body.split('\r\n');
    expect(ris[0]).toBe('TY  - ELEC');
    expect(ris).toContain('AU  - Орлова Наталья Викторовна');
    expect(ris).toContain(`UR  - ${BASE}/practices/${number}`);
    expect(ris).toContain(`AN  - ${number}`);
    expect(ris.at(-2)).toBe('ER  - ');
    const page = (await app().inject({ url: `/practices/${number}`, headers: { accept: 'text/html' } })).body;
    expect(page).toContain(`href="/practices/${number}/cite.bib"`);
    expect(page).toContain(`href="/practices/${number}/cite.ris"`);
  });

  it('numbers the ГОСТ citations of a selection for a report, on a page and as a text file', async () => {
    const { total, numbers } = await searchNumbers(app(), 'technology=chess&sort=newest');
    const page = (
      await app().inject({ url: '/report-list?technology=chess&sort=newest', headers: { accept: 'text/html' } })
    ).body;
    const items = [...page.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!);
    const citations = items.filter((t) => t.includes('Текст : электронный'));
    expect(citations).toHaveLength(total);
    citations.forEach((c, i) => expect(c).toContain(`/practices/${numbers[i]} (дата обращения:`));
    const txt = await get('/report-list.txt?technology=chess&sort=newest');
    const lines = txt.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(total);
    expect(lines[0]).toMatch(/^1\. .+ – Текст : электронный/);
    expect(String(txt.headers['content-disposition'])).toContain("filename*=UTF-8''");
  });
});
