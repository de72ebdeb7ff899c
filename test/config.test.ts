import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

describe('configuration', () => {
  it('uses the embedded defaults of the specification when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toMatch(/data$/);
    expect(config.databasePath).toMatch(/data\/bank\.db$/);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.searchEngine).toBe('embedded');
    expect(config.demoData).toBe(true);
    expect(config.logLevel).toBe('info');
  });

  it('turns the demo catalogue off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('answers searches on one worker thread per core unless SEARCH_WORKERS says how many (0: none)', () => {
    expect(loadConfig({}).searchWorkers).toBe(availableParallelism());
    expect(loadConfig({ SEARCH_WORKERS: '3' }).searchWorkers).toBe(3);
    expect(loadConfig({ SEARCH_WORKERS: '0' }).searchWorkers).toBe(0);
  });

  it('derives BASE_URL from PORT and strips a trailing slash from a given one', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ BASE_URL: 'https://bank.example.ru/' }).baseUrl).toBe('https://bank.example.ru');
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['SEARCH_ENGINE', { SEARCH_ENGINE: 'elastic' }],
    ['MEILI_URL', { SEARCH_ENGINE: 'meilisearch' }],
    ['BASE_URL', { BASE_URL: 'ftp://x' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DEMO_DATA', { DEMO_DATA: 'maybe' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.ru' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['ADMIN_EMAIL', { ADMIN_PASSWORD: 'long enough password' }],
    ['PORT', { PORT: '0x50' }],
    ['PORT', { PORT: ' 1' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'sometimes' }],
    ['SEARCH_WORKERS', { SEARCH_WORKERS: 'all' }],
    ['SEARCH_WORKERS', { SEARCH_WORKERS: '65' }],
  ])('refuses a wrong %s with a message naming the variable', (name, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${name}=`);
  });
});

describe('configuration errors', () => {
  it('name every wrong variable at once, cross-variable rules included', () => {
    expect(() => loadConfig({ PORT: 'abc', SEARCH_ENGINE: 'meilisearch' })).toThrow(/PORT="abc"[\s\S]*MEILI_URL=/);
  });

  it('never print secrets back', () => {
    let message = '';
    try {
      loadConfig({ ADMIN_EMAIL: 'a@b.ru', ADMIN_PASSWORD: 'S3cret!', SMTP_URL: 'http://user:hunter2@mail' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('ADMIN_PASSWORD=(скрыто)');
    expect(message).toContain('SMTP_URL="http://***@mail"');
    expect(message).not.toMatch(/S3cret|hunter2/);
  });

  it('reads TRUST_PROXY as a flag or a number of proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });
});
