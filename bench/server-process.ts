/** The bank as a separate process, as `npm start` runs it: what the upload and extraction benchmarks measure. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** A field of `/proc/PID/status` in MiB (VmRSS now, VmHWM the peak since the last reset). */
export const memoryOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Starts `server/main.ts` with `env` on a free port and waits until `/health` answers (at most `waitSeconds`). */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  waitSeconds = 60,
): Promise<{ server: ChildProcess; base: string }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
  // A benchmark, not a test: polling a starting process is the honest way to know it listens.
  for (let i = 0; i < waitSeconds * 10 && !(await healthy()); i += 1) await new Promise((r) => setTimeout(r, 100));
  return { server, base };
}
