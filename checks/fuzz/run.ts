/**
 * The fuzz run: requests generated from the OpenAPI document (`/docs/json`), every operation in turn, as an
 * anonymous visitor, an author and an admin, against a bank in this process (`inject`). A request fails the run
 * when it is answered 5xx, with an error outside the common shape `{statusCode, code, error, message, details?}`,
 * or slower than the time limit.
 */
import type { InjectOptions } from 'fastify';
import type { App } from '../../server/app.js';
import { createRandom } from '../random.js';
import { fuzzedRequest, operationsOf, type Known, type OpenApiDocument } from './operations.js';
import { createGenerator } from './schema.js';

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** The longest a request may take, in ms of the process's CPU time (wall time measures the neighbours too). */
  cpuLimitMs?: number;
  /** The longest in wall time: a request that waits (a lock, a timer) rather than works. */
  wallLimitMs?: number;
}

export interface Violation {
  index: number;
  caller: string;
  method: string;
  url: string;
  status: number;
  problem: string;
  body: string;
}

export interface FuzzReport {
  requests: number;
  operations: number;
  seconds: number;
  byStatus: Record<string, number>;
  cpuMs: { p50: number; p99: number; max: number };
  wallMs: { p50: number; p99: number; max: number };
  violations: Violation[];
  /** CPU ms spent per operation, the costliest first. */
  costliest: [string, number][];
}

const ERROR_KEYS = new Set(['statusCode', 'code', 'error', 'message', 'details']);

/** What is wrong with an error answer's body, if anything. */
export function errorShapeProblem(status: number, contentType: string | undefined, text: string): string | undefined {
  if (!contentType?.startsWith('application/json')) return `ошибка не в JSON (${contentType ?? 'без типа'})`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'тело ошибки — не JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'тело ошибки — не объект';
  const extra = Object.keys(body).filter((key) => !ERROR_KEYS.has(key));
  if (extra.length > 0) return `лишние поля: ${extra.join(', ')}`;
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)} ≠ ${status}`;
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code)) return 'нет кода ошибки';
  if (typeof body.error !== 'string' || body.error === '') return 'нет поля error';
  if (typeof body.message !== 'string' || body.message === '') return 'нет сообщения';
  const details = body.details;
  if (
    details !== undefined &&
    !(
      Array.isArray(details) &&
      details.every(
        (d: { field?: unknown; message?: unknown }) => typeof d?.field === 'string' && typeof d?.message === 'string',
      )
    )
  )
    return 'details не в виде [{field, message}]';
  return undefined;
}

/** A page for people (not the API) answers with a page saying in Russian what was wrong, by design. */
const isErrorPage = (request: InjectOptions, contentType: unknown) =>
  !String(request.url).startsWith('/api/') && String(contentType).startsWith('text/html');

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
};

type Caller = 'anonymous' | 'author' | 'admin';
const PASSWORD = 'fuzz password 123';

/** A fresh account of `role` signed in: the fuzzer may end a session, change a password or disable an account. */
async function signedIn(app: App, role: 'author' | 'admin', n: number): Promise<Record<string, string>> {
  const email = `fuzz-${role}-${n}-${Date.now()}@school.test`;
  await app.bank.services.auth.createUser({
    email,
    password: PASSWORD,
    fullName: `Проверяющий ${n}`,
    roles: role === 'admin' ? ['admin'] : [],
  });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`fuzz login failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name.endsWith('pb_session'))!;
  return { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
}

/** Whether a caller's session still serves: not ended, not waiting for a new password, not disabled. */
function stillServes(app: App, auth: Record<string, string>): boolean {
  const token = auth.cookie?.slice(auth.cookie.indexOf('=') + 1);
  const session = token ? app.bank.services.auth.authenticate(token) : undefined;
  return session !== undefined && !session.user.mustChangePassword;
}

/** Real things to name: a draft with a file, a published practice, the callers' accounts. */
async function knownWorld(app: App, author: Record<string, string>): Promise<Known> {
  const draft = await app.inject({
    method: 'POST',
    url: '/api/v1/practices',
    headers: author,
    payload: { title: 'Черновик для проверки', keywords: ['ТРИЗ'] },
  });
  if (draft.statusCode !== 201) throw new Error(`fuzz draft failed: ${draft.body}`);
  const organization = app.bank.services.organizations.create({
    name: 'МБОУ «Школа проверки»',
    type: 'school',
    municipality: 'smolensk',
  }).organization;
  const report = app.bank.services.importer.importRecords([
    {
      title: 'Опубликованная практика для проверки',
      summary: 'Кратко.',
      relevance: 'Актуально.',
      goals: 'Цели.',
      content: 'Содержание.',
      results: 'Результаты.',
      replication: 'Условия.',
      levels: ['preschool'],
      subjects: ['speech'],
      technologies: ['triz'],
      directions: ['development'],
      keywords: ['ТРИЗ'],
      organization: organization.name,
      municipality: 'город Смоленск',
      authors: [{ fullName: 'Иванова Анна Петровна', position: 'воспитатель' }],
      startedYear: 2022,
    },
  ]);
  const published = report.records[0]!;
  return {
    ids: [draft.json().id as number, published.practiceId ?? 1, organization.id, 1, 2, 3],
    registryNumbers: [published.registryNumber ?? '67-2026-0001', '67-2026-9999'],
    etags: [draft.headers.etag as string, '"1.1"', '*', 'W/"1.1"'],
    municipalities: ['smolensk', 'vyazemsky'],
  };
}

/** Runs `options.requests` fuzzed requests against `app` and reports what broke. */
export async function fuzz(app: App, options: FuzzOptions): Promise<FuzzReport> {
  const cpuLimit = options.cpuLimitMs ?? 1000;
  const wallLimit = options.wallLimitMs ?? 10_000;
  const random = createRandom(options.seed);
  const docResponse = await app.inject({ url: '/docs/json' });
  const doc = docResponse.json() as OpenApiDocument;
  const operations = operationsOf(doc);
  const generator = createGenerator(random, doc.components?.schemas ?? {});
  let accounts = 0;
  const auth: Record<Caller, Record<string, string>> = {
    anonymous: {},
    author: await signedIn(app, 'author', (accounts += 1)),
    admin: await signedIn(app, 'admin', (accounts += 1)),
  };
  const known = await knownWorld(app, auth.author);
  const byStatus: Record<string, number> = {};
  const cpu: number[] = [];
  const wall: number[] = [];
  const violations: Violation[] = [];
  const cost = new Map<string, number>();
  const started = performance.now();

  for (let index = 0; index < options.requests; index += 1) {
    const operation = operations[index % operations.length]!;
    const caller = random.pick(['anonymous', 'author', 'admin'] as const);
    const request = fuzzedRequest(random, generator, known, operation, auth[caller]);
    // A client sends bytes: encoding a string body is inject's work, not the bank's, and for a 150 MB body (the
    // generator's boundary arrays of boundary strings) it costs a second of CPU that the clock below would charge
    // to the bank — which refuses it by its Content-Length before reading it (measured: 1,189 ms with a
    // 150 MB string, 40 ms with the same body as bytes).
    if (typeof request.payload === 'string') request.payload = Buffer.from(request.payload);
    const cpuBefore = process.cpuUsage();
    const t = performance.now();
    const res = await app.inject(request);
    const wallMs = performance.now() - t;
    const used = process.cpuUsage(cpuBefore);
    const cpuMs = (used.user + used.system) / 1000;
    cpu.push(cpuMs);
    const name = `${operation.method} ${operation.path}`;
    cost.set(name, (cost.get(name) ?? 0) + cpuMs);
    wall.push(wallMs);
    byStatus[`${Math.floor(res.statusCode / 100)}xx`] = (byStatus[`${Math.floor(res.statusCode / 100)}xx`] ?? 0) + 1;

    const problems: string[] = [];
    if (res.statusCode >= 500) problems.push(`ответ ${res.statusCode}`);
    if (res.statusCode >= 400 && request.method !== 'HEAD' && !isErrorPage(request, res.headers['content-type'])) {
      const problem = errorShapeProblem(res.statusCode, res.headers['content-type'] as string | undefined, res.body);
      if (problem) problems.push(problem);
    }
    if (cpuMs > cpuLimit) problems.push(`${cpuMs.toFixed(0)} мс процессора`);
    if (wallMs > wallLimit) problems.push(`${wallMs.toFixed(0)} мс`);
    for (const problem of problems)
      violations.push({
        index,
        caller,
        method: request.method as string,
        url: String(request.url).slice(0, 300),
        status: res.statusCode,
        problem,
        body: res.body.slice(0, 300),
      });

    for (const role of ['author', 'admin'] as const)
      if (!stillServes(app, auth[role])) auth[role] = await signedIn(app, role, (accounts += 1));
  }

  return {
    requests: options.requests,
    operations: operations.length,
    seconds: (performance.now() - started) / 1000,
    byStatus,
    cpuMs: percentiles(cpu),
    wallMs: percentiles(wall),
    violations,
    costliest: [...cost].sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
}
