/**
 * The only place that reads `process.env`: parsed once with zod, so a wrong value stops the start
 * with a message naming the variable and what it accepts.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { OWASP_COST, type PasswordCost } from './auth/password.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A whole number written as digits only: `PORT=0x50` or `PORT= ` is a mistake, not port 80 or 0. */
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `ожидается ${what}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `ожидается ${what} от ${min} до ${max}`)
        .max(max, `ожидается ${what} от ${min} до ${max}`),
    );

const DURATION_UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 };

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'ожидается true или false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Addresses or networks of the proxies in front of the bank (`10.0.0.1, 10.1.0.0/16`). Only `true`/`false` are
 * words here: `1` is one proxy, never "trust everything" (which would let anyone forge their address).
 */
const proxyList = z
  .string()
  .refine((v) =>
    v.split(',').every((part) => {
      const [address, bits, ...rest] = part.trim().split('/');
      const kind = isIP(address ?? '');
      if (kind === 0 || rest.length > 0) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
    }),
  )
  .transform((v) => v.split(',').map((part) => part.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber(0, 65535, 'номер порта').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  BASE_URL: z.url({ protocol: /^https?$/, error: 'ожидается адрес вида http(s)://хост[:порт]' }).optional(),
  SEARCH_ENGINE: z.enum(['embedded', 'meilisearch']).default('embedded'),
  MEILI_URL: z.url({ protocol: /^https?$/ }).optional(),
  MEILI_KEY: z.string().optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'не короче 12 символов').max(256).optional(),
  DEMO_DATA: booleanFlag.optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'ожидается адрес вида smtp(s)://пользователь:пароль@хост:порт' })
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOGIN_RATE_LIMIT: wholeNumber(1, 10_000, 'число запросов в минуту').default(120),
  SIGN_IN_MAX_FAILURES: wholeNumber(1, 1000, 'число неудачных попыток').default(10),
  SIGN_IN_PAUSE_MINUTES: wholeNumber(1, 1440, 'число минут').default(15),
  ADDRESS_SLOWDOWN_AFTER: wholeNumber(1, 100_000, 'число неудачных попыток').default(50),
  SEARCH_CACHE_SIZE: wholeNumber(0, 100_000, 'число ответов').default(1000),
  SEARCH_WORKERS: wholeNumber(0, 64, 'число потоков поиска (0 — искать в основном потоке)').optional(),
  ATTACHMENT_MAX_FILE_MB: wholeNumber(1, 10_240, 'размер файла в МБ').default(100),
  ATTACHMENT_MAX_FILES: wholeNumber(1, 1000, 'число файлов').default(20),
  ATTACHMENT_MAX_PRACTICE_MB: wholeNumber(1, 102_400, 'объём вложений практики в МБ').default(1024),
  INVITES_PER_DAY: wholeNumber(1, 10_000, 'число приглашений в соавторы за сутки').default(20),
  DIGEST_WEEKDAY: wholeNumber(1, 7, 'день недели (1 — понедельник, 7 — воскресенье)').default(1),
  DIGEST_HOUR: wholeNumber(0, 23, 'час по московскому времени').default(8),
  SUBSCRIPTIONS_PER_DAY: wholeNumber(1, 1000, 'число подписок с одного адреса почты за сутки').default(5),
  SUBSCRIPTIONS_PER_IP_PER_DAY: wholeNumber(1, 10_000, 'число подписок с одного IP-адреса за сутки').default(20),
  QUESTIONS_PER_DAY: wholeNumber(1, 1000, 'число вопросов авторам от одного отправителя за сутки').default(5),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z
    .string()
    .regex(/^\d{1,4}[mhd]$/, 'ожидается промежуток вида 30m, 6h или 1d')
    .transform((v) => Number(v.slice(0, -1)) * DURATION_UNITS[v.slice(-1) as keyof typeof DURATION_UNITS])
    .pipe(
      z
        .number()
        .min(60_000, 'не чаще раза в минуту')
        .max(90 * 86_400_000, 'не реже раза в 90 дней'),
    )
    .optional(),
  BACKUP_KEEP: wholeNumber(1, 1000, 'число копий').default(7),
  SESSION_IDLE_HOURS: wholeNumber(1, 720, 'число часов').default(8),
  IMPORT_MAX_FILE_MB: wholeNumber(1, 1024, 'размер файла импорта в МБ').default(20),
  TRUST_PROXY: z
    .union([z.enum(['true', 'false']).transform((v) => v === 'true'), wholeNumber(1, 10, 'число прокси'), proxyList], {
      error: 'ожидается true, false, число прокси перед банком или список их адресов (CIDR) через запятую',
    })
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'не короче 16 символов').max(256).optional(),
});

/** Rules between variables, checked even when a variable on its own is wrong, so every problem is named at once. */
function crossChecks(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (env.SEARCH_ENGINE === 'meilisearch' && !env.MEILI_URL)
    problems.push('MEILI_URL=(не задано): обязателен при SEARCH_ENGINE=meilisearch');
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    const missing = env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    problems.push(`${missing}=(не задано): ADMIN_EMAIL и ADMIN_PASSWORD задаются вместе`);
  }
  if (env.BACKUP_EVERY && !env.BACKUP_DIR)
    problems.push('BACKUP_DIR=(не задано): обязателен при BACKUP_EVERY (куда класть копии)');
  return problems;
}

/** Values never printed back: a wrong password or key must not end up in logs. */
const SECRETS = new Set(['ADMIN_PASSWORD', 'MEILI_KEY', 'METRICS_TOKEN']);

function shown(name: string, value: string | undefined): string {
  if (value === undefined) return '(не задано)';
  if (SECRETS.has(name)) return '(скрыто)';
  return JSON.stringify(value.replace(/\/\/[^/@\s]*@/, '//***@'));
}

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
  /**
   * Requests per minute from one address to sign-in, registration and reset: only a ceiling against a flood, far
   * above a school whose teachers share one address (guessing is limited per account, see `signIn`).
   */
  loginRateLimit: number;
  /** Failed sign-ins per account before a pause, the window and pause, and when an address starts being slowed. */
  signIn: { accountFailures: number; windowMs: number; addressFailures: number; maxDelayMs: number };
  /** Backups the bank takes itself: where, how often (undefined: only on demand), how many are kept. */
  backup: { dir: string | undefined; everyMs: number | undefined; keep: number };
  /** A session unused this long ends, whatever its absolute end (SESSION_IDLE_HOURS). */
  sessionIdleMs: number;
  /** What a password hash costs: always OWASP's baseline; no environment variable sets it (tests lower it). */
  passwordCost: PasswordCost;
  /** Upload limits: bytes a file, files a practice, bytes a practice. */
  attachments: { maxFileBytes: number; maxFiles: number; maxPracticeBytes: number };
  /** Imports uploaded in the admin area: the largest file, and how long an upload waits for its confirmation. */
  imports: { maxFileBytes: number; keepMs: number };
  /** Search answers kept for repeated queries; 0 turns the cache off. */
  searchCacheSize: number;
  /** Worker threads answering searches (server/search-api/pool/); 0 searches in the main thread. */
  searchWorkers: number;
  /** Invitations to co-author one account may send in 24 hours: e-mails to any address are not a free channel. */
  invitesPerDay: number;
  /** Subscriptions and questions (issue 15): when the weekly digest goes (Moscow time), and the daily limits. */
  subscriptions: { digestWeekday: number; digestHour: number; perAddressPerDay: number; perIpPerDay: number };
  questionsPerDay: number;
  /**
   * Whom to believe about the client address in X-Forwarded-For: nobody (`false`), everybody (`true`, unsafe when
   * the internet can reach the bank), the last N hops (a number), or the listed proxy addresses/networks.
   */
  trustProxy: boolean | number | string[];
  /** How long a connection may keep the server waiting, in milliseconds (see HTTP_TIMEOUTS). */
  timeouts: typeof HTTP_TIMEOUTS;
  /** The bearer token Prometheus scrapes `/metrics` with; without it there is no `/metrics`. */
  metricsToken: string | undefined;
}

/**
 * A slow or silent client must not hold a connection for ever. The whole request gets 15 minutes (a 100 MB
 * upload over a slow rural link), its headers 30 s, an idle socket 60 s; a kept-alive connection stays open
 * 72 s, longer than a proxy's usual 60 s, so the proxy never reuses one the bank is closing.
 */
const HTTP_TIMEOUTS = {
  requestMs: 15 * 60_000,
  headersMs: 30_000,
  idleMs: 60_000,
  keepAliveMs: 72_000,
};

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
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const name = issue.path.join('.') || 'окружение';
          return `${name}=${shown(name, given[name])}: ${issue.message}`;
        })),
    ...crossChecks(given as Record<string, string>),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
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
    signIn: {
      accountFailures: e.SIGN_IN_MAX_FAILURES,
      windowMs: e.SIGN_IN_PAUSE_MINUTES * 60_000,
      addressFailures: e.ADDRESS_SLOWDOWN_AFTER,
      maxDelayMs: 5000,
    },
    trustProxy: e.TRUST_PROXY ?? false,
    invitesPerDay: e.INVITES_PER_DAY,
    subscriptions: {
      digestWeekday: e.DIGEST_WEEKDAY,
      digestHour: e.DIGEST_HOUR,
      perAddressPerDay: e.SUBSCRIPTIONS_PER_DAY,
      perIpPerDay: e.SUBSCRIPTIONS_PER_IP_PER_DAY,
    },
    questionsPerDay: e.QUESTIONS_PER_DAY,
    backup: {
      dir: e.BACKUP_DIR === undefined ? undefined : path.resolve(e.BACKUP_DIR),
      everyMs: e.BACKUP_EVERY,
      keep: e.BACKUP_KEEP,
    },
    sessionIdleMs: e.SESSION_IDLE_HOURS * 60 * 60 * 1000,
    passwordCost: OWASP_COST,
    searchCacheSize: e.SEARCH_CACHE_SIZE,
    searchWorkers: e.SEARCH_WORKERS ?? availableParallelism(),
    timeouts: HTTP_TIMEOUTS,
    metricsToken: e.METRICS_TOKEN,
    attachments: {
      maxFileBytes: e.ATTACHMENT_MAX_FILE_MB * 1024 * 1024,
      maxFiles: e.ATTACHMENT_MAX_FILES,
      maxPracticeBytes: e.ATTACHMENT_MAX_PRACTICE_MB * 1024 * 1024,
    },
    imports: { maxFileBytes: e.IMPORT_MAX_FILE_MB * 1024 * 1024, keepMs: 24 * 3600_000 },
  };
}
