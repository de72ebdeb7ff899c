/** Builds a bank per test file over a fresh migrated in-memory database, and speaks HTTP to it with `inject`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { writeTransaction } from '../server/db/client.js';
import type { Role } from '../server/db/schema.js';

export function testConfig(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO_DATA: 'false',
    DATA_DIR: path.join(tmpdir(), 'practice-bank-unused'),
    ADMIN_EMAIL: 'admin@bank.test',
    ADMIN_PASSWORD: 'admin-password-123',
    LOGIN_RATE_LIMIT: '1000',
    // Searches in the test's own thread; the pool's tests ask for workers (test/search-api/pool.test.ts).
    SEARCH_WORKERS: '0',
    ...env,
  });
  // Hashes at the least argon2id work (1 MiB, one pass: 1.5 ms of CPU instead of 45): the suite makes some 700
  // of them. The bank's own cost is checked in test/auth/auth.test.ts.
  return { ...config, databasePath: ':memory:', passwordCost: { memoryKiB: 1024, passes: 1 }, ...overrides };
}

/** A fresh app for the whole test file, over its own data directory (for stored files), closed afterwards. */
export function useApp(env: Record<string, string> = {}, overrides: Partial<Config> = {}): () => App {
  let app: App | undefined;
  const data = env.DATA_DIR ? undefined : tempDir('bank-test-');
  beforeAll(async () => {
    app = await buildApp(testConfig({ ...(data ? { DATA_DIR: data.dir } : {}), ...env }, overrides));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    data?.remove();
  });
  return () => {
    if (!app) throw new Error('app is not built yet');
    return app;
  };
}

export function tempDir(prefix = 'practice-bank-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Client {
  email: string;
  userId: number;
  cookie: string;
  csrf: string;
}

let counter = 0;
/**
 * Registers a new author, confirms the address by the link the letter carries (which signs them in), grants extra
 * roles directly, and returns their session.
 */
export async function signUp(
  app: App,
  options: { roles?: Role[]; fullName?: string; position?: string } = {},
): Promise<Client> {
  counter += 1;
  const email = `user${counter}-${Date.now()}@school.test`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      email,
      password: 'correct horse battery',
      fullName: options.fullName ?? `Иванова Анна Петровна ${counter}`.slice(0, 40),
      position: options.position ?? 'воспитатель',
    },
  });
  if (res.statusCode !== 202) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const confirmed = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/confirm-email',
    payload: { token: confirmationToken(app, email) },
  });
  if (confirmed.statusCode !== 200) throw new Error(`confirm failed: ${confirmed.statusCode} ${confirmed.body}`);
  for (const role of options.roles ?? []) app.bank.services.auth.setRole(email, role, true);
  // Over https the cookie is `__Host-pb_session`.
  const cookie = confirmed.cookies.find((c) => c.name.endsWith('pb_session'));
  if (!cookie) throw new Error('no session cookie');
  const body = confirmed.json();
  return { email, userId: body.user.id, cookie: `${cookie.name}=${cookie.value}`, csrf: body.csrfToken };
}

/**
 * A fresh confirmation link's token for a registered address, as a new letter would carry it (the letter itself is
 * only logged without SMTP); the earlier link stops working.
 */
export function confirmationToken(app: App, email: string): string {
  const { auth, confirmation } = app.bank.services;
  const user = auth.findUserByEmail(email);
  if (!user) throw new Error(`no account for ${email}`);
  return writeTransaction(app.bank.db, (tx) => confirmation.issue(tx, user));
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD';

/** An inject call as `client` (or anonymous), with the session cookie and CSRF header a browser would send. */
export function call(
  app: App,
  client: Client | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { ...(client ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {}), ...headers },
  });
}

/** Counts rows of a table: how tests show that a refused request wrote nothing. */
export function rows(app: App, table: string): number {
  return (app.bank.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** A complete practice in the API's terms, ready to submit. */
export function completePractice(organizationId: number, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Использование ТРИЗ-технологии в работе с детьми старшего дошкольного возраста',
    summary: 'Практика описывает систему игр и упражнений ТРИЗ для детей 5–7 лет.',
    relevance: 'Дети всё чаще ждут готового ответа.',
    goals: 'Цель — развитие творческого воображения.\n\n- познакомить с приёмами ТРИЗ\n- научить находить противоречия',
    content: '1. **Подготовительный этап.** Диагностика.\n2. **Основной этап.** Игры «Хорошо — плохо», «Теремок».',
    results: 'Доля детей с высоким уровнем воображения выросла с 18 % до 46 %.',
    replication: 'Нужны картотека игр и один семинар для педагогов.',
    levels: ['preschool'],
    subjects: ['cognitive', 'speech'],
    technologies: ['triz', 'game-based'],
    directions: ['development'],
    keywords: ['ТРИЗ', 'воображение'],
    organizationId,
    authors: [{ fullName: 'Иванова Анна Петровна', position: 'воспитатель' }],
    startedYear: 2022,
    ...overrides,
  };
}

/** Adds an organisation to the directory and returns its id. */
export function makeOrganization(
  app: App,
  name = 'МБДОУ «Детский сад № 12 «Радуга»»',
  municipality = 'smolensk',
): number {
  return app.bank.services.organizations.create({ name, type: 'preschool', municipality }).organization.id;
}
