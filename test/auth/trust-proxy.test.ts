import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { access } from '../../server/access/routes.js';
import { loadConfig } from '../../server/config.js';
import { tempDir, testConfig } from '../helper.js';

const logLines: string[] = [];
let app: App;
const data = tempDir('bank-trust-proxy-');
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp(testConfig({ DATA_DIR: data.dir, TRUST_PROXY: '1', LOGIN_RATE_LIMIT: '5' }), {
    logger: { level: 'info', stream },
  });
  app.get('/test/ip', { config: access('anyone') }, (request) => ({ ip: request.ip }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  data.remove();
});

const login = (forwardedFor: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email: 'nobody@school.test', password: 'wrong password here' },
  });

describe('TRUST_PROXY', () => {
  it('reads a number as that many proxies, never as «trust everyone»', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16, ::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
    ]);
    for (const wrong of ['yes', '0', '10.0.0.1/33', 'proxy.local', '11'])
      expect(() => loadConfig({ TRUST_PROXY: wrong }), wrong).toThrow(/TRUST_PROXY/);
  });

  it('with one proxy, limits sign-in attempts by the address the proxy saw, whatever the client prepends', async () => {
    const answers: number[] = [];
    for (let n = 1; n <= 7; n++) answers.push((await login(`10.3.0.${n}, 192.0.2.77`)).statusCode);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5)).toEqual([429, 429]);
    // Another client behind the same proxy is not held back by the first one's attempts.
    expect((await login('10.3.0.1, 192.0.2.78')).statusCode).toBe(401);
  });

  it('logs and reports the address the proxy saw', async () => {
    const res = await app.inject({ url: '/test/ip', headers: { 'x-forwarded-for': '10.3.0.9, 192.0.2.77' } });
    expect(res.json()).toEqual({ ip: '192.0.2.77' });
    const entry = logLines.map((l) => JSON.parse(l)).find((l) => l.req?.url === '/test/ip');
    expect(entry?.req.remoteAddress).toBe('192.0.2.77');
    expect(logLines.join('')).not.toContain('10.3.0.9');
  });
});
