/**
 * The short fuzz run of `npm run fuzz` (docs/checks.md): two thousand seeded requests generated from the OpenAPI
 * document, as anonymous, author and admin. None may be answered 5xx, with an error outside the common shape, or
 * take over a second of CPU.
 */
import { describe, expect, it } from 'vitest';
import { errorShapeProblem, fuzz } from '../../checks/fuzz/run.js';
import { useApp } from '../helper.js';

describe('the fuzz run', () => {
  const app = useApp({ LOGIN_RATE_LIMIT: '10000' });

  it('knows an error outside the common shape when it sees one', () => {
    const json = 'application/json; charset=utf-8';
    expect(
      errorShapeProblem(400, json, '{"statusCode":400,"code":"BAD_REQUEST","error":"Bad Request","message":"x"}'),
    ).toBeUndefined();
    expect(errorShapeProblem(400, json, '{"statusCode":400,"error":"Bad Request","message":"x"}')).toBe(
      'нет кода ошибки',
    );
    expect(errorShapeProblem(404, json, '{"statusCode":400,"code":"X","error":"e","message":"m"}')).toBe(
      'statusCode 400 ≠ 404',
    );
    expect(errorShapeProblem(500, 'text/plain', 'Internal Server Error')).toBe('ошибка не в JSON (text/plain)');
    expect(errorShapeProblem(400, json, '{"statusCode":400,"code":"X","error":"e","message":"m","stack":"…"}')).toBe(
      'лишние поля: stack',
    );
  });

  // Two thousand requests take about 20 s of CPU; on a shared two-core machine the wall time is several times that.
  it(
    'finds no 5xx, no error outside the common shape and no slow answer in 2,000 seeded requests',
    { timeout: 300_000 },
    async () => {
      const report = await fuzz(app(), { requests: 2000, seed: 20261130 });
      expect(report.operations).toBeGreaterThan(40);
      expect(report.byStatus['2xx']).toBeGreaterThan(100);
      expect(report.violations).toEqual([]);
    },
  );
});
