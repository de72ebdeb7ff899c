/**
 * `npm test`'s static checks on both cores: the type check (a minute of one core on its own) beside Prettier then
 * ESLint, instead of the three one after another. Each check's output is printed whole when it ends; the exit code
 * is non-zero when any of them failed. Run as `npm run checks`.
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

/** Lanes run side by side; the scripts of a lane run in order. */
const LANES = [['typecheck'], ['format:check', 'lint']];

/** Runs `npm run <script>`, collecting its output; resolves with whether it passed. */
function run(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(`\n> ${script}: ${code === 0 ? 'passed' : `failed (${code})`} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(
  LANES.map(async (lane) => {
    let passed = true;
    for (const script of lane) passed = (await run(script)) && passed;
    return passed;
  }),
);
process.exitCode = results.every(Boolean) ? 0 : 1;
