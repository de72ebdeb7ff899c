/** The bank as `npm start` runs it, in a child process over a given data directory, to be killed without warning. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface BankProcess {
  child: ChildProcess;
  base: string;
}

/** Starts `server/main.ts` on a free port; resolves once Fastify logs the address it listens on. */
export function startBank(env: Record<string, string | undefined>): Promise<BankProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (address) resolve({ child, base: address });
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`bank exited (${code ?? signal}) before listening: ${stderr}`)),
    );
  });
}

/** SIGKILL: no shutdown hook runs, nothing is flushed, as when the power goes. Resolves once it is gone. */
export function killBank(bank: BankProcess): Promise<void> {
  return new Promise((resolve) => {
    if (bank.child.exitCode !== null || bank.child.signalCode !== null) return resolve();
    bank.child.once('exit', () => resolve());
    bank.child.kill('SIGKILL');
  });
}
