import { describe, expect, it } from 'vitest';
import { call, signUp, useApp } from '../helper.js';

const TOKEN = 'scrape-token-0123456789abcdef';

describe('/metrics without METRICS_TOKEN', () => {
  const app = useApp();

  it('does not exist: 404 in the common shape, while /health answers as before', async () => {
    const res = await call(app(), null, 'GET', '/metrics');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    // A bearer is an API token everywhere else: an unknown one is refused as such, whatever the address.
    const guessed = await call(app(), null, 'GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
    expect(guessed.json()).toMatchObject({ statusCode: 401, code: 'INVALID_TOKEN' });
    expect((await call(app(), null, 'GET', '/health')).json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const app = useApp({ METRICS_TOKEN: TOKEN });
  const scrape = (authorization?: string) =>
    call(app(), null, 'GET', '/metrics', undefined, authorization ? { authorization } : {});

  it('refuses a missing or wrong token, and an API token, with 401 in the common shape', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const issued = await call(app(), admin, 'POST', '/api/v1/tokens', { name: 'интеграция', scope: 'read' });
    expect(issued.statusCode).toBe(201);
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, `Bearer ${issued.json().token}`]) {
      const res = await scrape(authorization);
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
    }
    // A signed-in administrator without the token gets nothing either.
    expect((await call(app(), admin, 'GET', '/metrics')).statusCode).toBe(401);
  });

  it('reports requests by route and status class, search latency, jobs, database size and practices by state', async () => {
    await call(app(), null, 'GET', '/api/v1/search?q=' + encodeURIComponent('шахматы'));
    await call(app(), null, 'GET', '/practices/67-2020-9999');
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/bank_http_requests_total\{route="\/api\/v1\/search",method="GET",status_class="2xx"\} 1\b/);
    expect(text).toMatch(
      /bank_http_requests_total\{route="\/practices\/:number",method="GET",status_class="4xx"\} 1\b/,
    );
    expect(text).toContain('bank_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/search"');
    expect(text).toMatch(/bank_search_duration_seconds_count 1\b/);
    expect(text).toMatch(/bank_database_size_bytes [1-9]\d+/);
    expect(text).toMatch(/bank_practices\{state="published"\} 0/);
    expect(text).toContain('# TYPE bank_jobs gauge');
    expect(text).toContain('bank_process_resident_memory_bytes');
  });

  it('counts jobs waiting and failing from the database', async () => {
    const sql = app().bank.db.$client;
    sql
      .prepare(
        `INSERT INTO jobs (queue, key, payload, status, attempts, run_at, last_error)
         VALUES ('email', 'm1', '{}', 'pending', 2, ?, 'smtp down'), ('email', 'm2', '{}', 'dead', 8, 0, 'smtp down')`,
      )
      .run(Date.now() + 3_600_000);
    const text = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(text).toMatch(/bank_jobs\{queue="email",status="pending"\} 1\b/);
    expect(text).toMatch(/bank_jobs\{queue="email",status="dead"\} 1\b/);
    expect(text).toMatch(/bank_jobs_failing\{queue="email"\} 1\b/);
  });
});
