/**
 * Issue 14.2 over the demo catalogue, through HTTP: a registry number however it is typed returns its practice
 * first and alone, and an organisation's name puts that organisation's practices first. (The same checks run at
 * 100,000 practices in `npm run bench:suggest`.)
 */
import { describe, expect, it } from 'vitest';
import { registryNumberIn } from '../../server/search-api/numbers.js';
import { call, useApp } from '../helper.js';

describe('a registry number as people type it', () => {
  it('is read with any dash, spaces instead of dashes, «№», and a version as v, V or the Cyrillic в', () => {
    const plain = { number: '67-2026-0013', version: undefined };
    expect(registryNumberIn('67 – 2026 – 0013')).toEqual(plain);
    expect(registryNumberIn('67—2026−0013')).toEqual(plain);
    expect(registryNumberIn('67 2026 0013')).toEqual(plain);
    expect(registryNumberIn('№67-2026-0013')).toEqual(plain);
    expect(registryNumberIn('67-2026-0013/V2')).toEqual({ number: '67-2026-0013', version: 2 });
    expect(registryNumberIn('67-2026-0013/в2')).toEqual({ number: '67-2026-0013', version: 2 });
    expect(registryNumberIn('67-2026-0013 версия 2')).toEqual({ number: '67-2026-0013', version: 2 });
  });

  it('is not read inside other words or with another region’s code', () => {
    expect(registryNumberIn('лицей 67 2026 0013')).toBeUndefined();
    expect(registryNumberIn('68-2026-0013')).toBeUndefined();
    expect(registryNumberIn('67-26-0013')).toBeUndefined();
  });
});

describe('names and numbers in the demo catalogue', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const search = async (q: string) => {
    const res = await call(app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return res.json() as {
      total: number;
      hits: { registryNumber: string; organization: { name: string; shortName: string | null } | null }[];
    };
  };
  const practicesOf = (shortName: string) =>
    app()
      .bank.db.$client.prepare(
        `SELECT count(*) FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
           JOIN organizations o ON o.id = v.organization_id WHERE o.short_name = ?`,
      )
      .pluck()
      .get(shortName) as number;

  it('returns the number’s own practice first and alone, however the number is typed', async () => {
    const numbers = app()
      .bank.db.$client.prepare('SELECT registry_number FROM practices WHERE registry_number IS NOT NULL')
      .pluck()
      .all() as string[];
    expect(numbers.length).toBeGreaterThan(20);
    for (const number of [numbers[0]!, numbers[numbers.length >> 1]!, numbers.at(-1)!]) {
      const [region, year, seq] = number.split('-');
      for (const q of [
        number,
        `  ${number}  `,
        `№ ${number}`,
        `${region} – ${year} – ${seq}`,
        `${region} ${year} ${seq}`,
        `${number}/V1`,
        `${number}/в1`,
      ]) {
        const body = await search(q);
        expect({ q, total: body.total, first: body.hits[0]?.registryNumber }).toEqual({ q, total: 1, first: number });
      }
    }
  });

  it('opens the practice’s page from the search box for a number typed with spaced dashes', async () => {
    const number = (await search('')).hits[0]!.registryNumber;
    const res = await call(app(), null, 'GET', `/?q=${encodeURIComponent(number.replaceAll('-', ' – '))}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/practices/${number}`);
  });

  it('puts the lyceum’s practices first for «Лицей № 3», however it is written', async () => {
    const count = practicesOf('МБОУ «Лицей № 3»');
    expect(count).toBeGreaterThan(0);
    for (const q of ['Лицей № 3', 'лицей 3', 'МБОУ «Лицей № 3»', 'лицей №3']) {
      const first = (await search(q)).hits.slice(0, count).map((h) => h.organization?.shortName);
      expect({ q, first }).toEqual({ q, first: Array(count).fill('МБОУ «Лицей № 3»') });
    }
  });

  it('puts the kindergarten’s practices first for «детский сад № 12 «Радуга»», and a number is a whole token', async () => {
    const name = 'МБДОУ «Детский сад № 12 «Радуга»»';
    const count = practicesOf(name);
    expect(count).toBeGreaterThan(0);
    for (const q of ['детский сад № 12 «Радуга»', 'Радуга 12', 'детский сад 12']) {
      const first = (await search(q)).hits.slice(0, count).map((h) => h.organization?.shortName);
      expect({ q, first }).toEqual({ q, first: Array(count).fill(name) });
    }
  });
});
