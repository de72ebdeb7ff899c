import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.js';
import { tempDir } from '../helper.js';

describe('registry numbers under real concurrency', () => {
  const data = tempDir();
  afterAll(() => data.remove());

  // Starts separate processes (tsx compiles each): minutes, not seconds, on a loaded machine.
  it('are gap-free and never repeated when three processes allocate at once', async () => {
    const file = path.join(data.dir, 'bank.db');
    openDatabase(file).$client.close(); // migrate once, before the writers race
    const run = () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(import.meta.dirname, 'allocate-worker.ts'), file, '150'],
          { cwd: path.resolve(import.meta.dirname, '../..') },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(err))));
      });
    const [a, b, c] = await Promise.all([run(), run(), run()]);
    const all = [...a!, ...b!, ...c!];
    expect(new Set(all).size).toBe(450);
    expect(all.map((n) => Number(n.slice(-4))).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 450 }, (_, i) => i + 1),
    );
  }, 90_000);
});
