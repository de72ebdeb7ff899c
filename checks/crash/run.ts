/**
 * The crash test: the bank runs as a child process over a temporary data directory while writers create and
 * change practices and upload files; after a seeded number of acknowledged writes it is killed with SIGKILL,
 * started again, and every acknowledged write must be there and intact — each practice showing its acknowledged
 * content (or the write that was under way), each file's bytes matching their sha256, and the database passing
 * `PRAGMA integrity_check` and `foreign_key_check`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createRandom } from '../random.js';
import { killBank, startBank, type BankProcess } from './bank-process.js';
import { contentHash, emptyLedger, runWriter, sha256, type Content, type Ledger } from './writers.js';

export interface CrashOptions {
  cycles: number;
  seed: number;
  writers?: number;
  /** Settings added to the bank's environment (the short run in `npm test` starts it without search workers). */
  env?: Record<string, string>;
  /** Called after each cycle with its figures (the command prints them). */
  onCycle?: (cycle: CycleReport) => void;
}

export interface CycleReport {
  cycle: number;
  /** Writes acknowledged in this cycle before and while the bank was killed. */
  acknowledged: number;
  /** Practices and files checked after the restart (all acknowledged so far). */
  practicesChecked: number;
  filesChecked: number;
  lost: string[];
  integrity: string;
}

export interface CrashReport {
  cycles: CycleReport[];
  acknowledged: number;
  lost: number;
  integrityFailures: number;
  seconds: number;
}

const ADMIN = { email: 'crash@bank.test', password: 'crash-password-123' };

async function signIn(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.includes('pb_session='))!
    .split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** What is missing or wrong after a restart; brings the ledger up to what the bank now holds. */
async function verify(base: string, auth: Record<string, string>, ledger: Ledger): Promise<string[]> {
  const lost: string[] = [];
  for (const practice of ledger.practices.values()) {
    const res = await fetch(`${base}/api/v1/practices/${practice.id}`, { headers: auth });
    if (res.status !== 200) {
      lost.push(`практика ${practice.id}: ${res.status}`);
      continue;
    }
    const shown = contentHash((await res.json()) as Content);
    if (shown !== practice.acknowledged && shown !== practice.inFlight)
      lost.push(`практика ${practice.id}: не то содержание`);
    practice.acknowledged = shown;
    practice.inFlight = undefined;
    practice.etag = res.headers.get('etag')!;
  }
  for (const file of ledger.files) {
    const res = await fetch(`${base}/api/v1/attachments/${file.id}`, { headers: auth });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200 || sha256(bytes) !== file.sha256) lost.push(`файл ${file.id}: ${res.status}`);
  }
  return lost;
}

/** `PRAGMA integrity_check` and `foreign_key_check` of the database, read beside the running bank. */
function integrity(databasePath: string): string {
  const db = new Database(databasePath, { readonly: true });
  try {
    const check = db.pragma('integrity_check', { simple: true }) as string;
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    return check === 'ok' && foreignKeys.length === 0 ? 'ok' : `${check}; foreign keys: ${foreignKeys.length}`;
  } finally {
    db.close();
  }
}

export async function crashTest(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const random = createRandom(options.seed);
  const writers = options.writers ?? 4;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-crash-'));
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT: '10000',
    ...options.env,
  };
  const ledger = emptyLedger();
  const cycles: CycleReport[] = [];
  let bank: BankProcess | undefined = await startBank(env);
  try {
    // Sessions live in the database: they outlast every restart, as the writes must.
    const sessions = await Promise.all(Array.from({ length: writers }, () => signIn(bank!.base)));
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
      const before = ledger.acknowledged;
      const killAfter = before + random.int(8, 60);
      let killing: Promise<void> | undefined;
      const running = bank;
      const stop = () => {
        if (ledger.acknowledged >= killAfter) killing ??= killBank(running);
        return killing !== undefined;
      };
      await Promise.all(
        sessions.map((auth, writer) =>
          runWriter({
            base: running.base,
            auth,
            writer,
            random: createRandom(random.int(0, 2 ** 31)),
            ledger,
            acknowledged: stop,
          }),
        ),
      );
      await (killing ?? killBank(running));
      bank = await startBank(env);
      const lost = await verify(bank.base, sessions[0]!, ledger);
      const report: CycleReport = {
        cycle,
        acknowledged: ledger.acknowledged - before,
        practicesChecked: ledger.practices.size,
        filesChecked: ledger.files.length,
        lost,
        integrity: integrity(path.join(dataDir, 'bank.db')),
      };
      cycles.push(report);
      options.onCycle?.(report);
    }
  } finally {
    if (bank) await killBank(bank);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    cycles,
    acknowledged: ledger.acknowledged,
    lost: cycles.reduce((n, c) => n + c.lost.length, 0),
    integrityFailures: cycles.filter((c) => c.integrity !== 'ok').length,
    seconds: (performance.now() - started) / 1000,
  };
}
