/**
 * The only place that reads `process.env`: parsed once with zod, so a wrong value stops the start
 * with a message naming the variable and what it accepts.
 */
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'ожидается true или false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number({ error: 'ожидается номер порта' }).int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    BASE_URL: z.url({ protocol: /^https?$/, error: 'ожидается адрес вида http(s)://хост[:порт]' }).optional(),
    SEARCH_ENGINE: z.enum(['embedded', 'meilisearch']).default('embedded'),
    MEILI_URL: z.url({ protocol: /^https?$/ }).optional(),
    MEILI_KEY: z.string().optional(),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'не короче 12 символов').max(256).optional(),
    DEMO_DATA: booleanFlag.optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'ожидается адрес вида smtp(s)://пользователь:пароль@хост:порт' }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.SEARCH_ENGINE === 'meilisearch' && !env.MEILI_URL) {
      ctx.addIssue({ code: 'custom', path: ['MEILI_URL'], message: 'обязателен при SEARCH_ENGINE=meilisearch' });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL и ADMIN_PASSWORD задаются вместе' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Where the database lives; ':memory:' in tests. */
  databasePath: string;
  baseUrl: string;
  searchEngine: 'embedded' | 'meilisearch';
  meili: { url: string; key: string | undefined } | undefined;
  admin: { email: string; password: string } | undefined;
  demoData: boolean;
  smtp: { url: string; from: string } | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Login attempts per minute from one address. */
  loginRateLimit: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Неверная конфигурация:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`MEILI_KEY=` in a compose file) means "not set", as in most tools.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'окружение';
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: path.join(dataDir, 'bank.db'),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    searchEngine: e.SEARCH_ENGINE,
    meili: e.MEILI_URL ? { url: e.MEILI_URL, key: e.MEILI_KEY } : undefined,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? 'bank@localhost' } : undefined,
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
  };
}
