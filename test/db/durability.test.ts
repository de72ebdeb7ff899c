import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.js';
import { tempDir } from '../helper.js';

/**
 * The address the server reports once it listens (it logs JSON lines when its output is a pipe): awaited, not
 * polled. Fails with what the server said on stderr if it exits first.
 */
function listeningAddress(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`the server did not start: ${stderr()}`)));
  });
}

describe('durability', () => {
  const data = tempDir();
  afterAll(() => data.remove());

  // SIGKILL leaves the operating system's page cache intact, so this shows that every reply comes after its
  // commit; surviving a power cut is what synchronous=FULL (checked below) is for.
  // Starts separate processes (tsx compiles each): minutes, not seconds, on a loaded machine.
  it('loses no acknowledged write when the process is killed with SIGKILL right after it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      // A clean environment: vitest puts vite's BASE_URL=/ into process.env.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        PORT: '0', // any free port: the server says which
        DATA_DIR: data.dir,
        DEMO_DATA: 'false',
        ADMIN_EMAIL: 'admin@bank.test',
        ADMIN_PASSWORD: 'admin-password-123',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const base = await listeningAddress(child, () => stderr);
      // The administrator made at the first start is a confirmed author (a registration would wait for its link).
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@bank.test', password: 'admin-password-123' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const titles = Array.from({ length: 5 }, (_, i) => `Черновик, который нельзя потерять № ${i + 1}`);
      for (const title of titles) {
        const res = await fetch(`${base}/api/v1/practices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify({ title }),
        });
        expect(res.status).toBe(201);
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const db = new Database(path.join(data.dir, 'bank.db'), { readonly: true });
      const saved = db.prepare('SELECT title FROM practice_versions ORDER BY id').all() as { title: string }[];
      db.close();
      expect(saved.map((r) => r.title)).toEqual(titles);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('opens the database in WAL with synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(data.dir, 'pragmas.db'));
    const pragma = (name: string) => db.$client.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('synchronous')).toBe(2);
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('busy_timeout')).toBe(5000);
    db.$client.close();
  });
});
