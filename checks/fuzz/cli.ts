/**
 * npm run fuzz [-- --requests 30000 --seed 7]
 * Fuzzes every operation of the OpenAPI document against a bank in this process over a temporary data directory,
 * prints the figures and every violation (5xx, an error outside the common shape, a request over the limit), and
 * exits 1 if there was one. The same seed replays the same requests.
 */
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { fuzz } from './run.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20261130' },
  },
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-fuzz-'));
const app = await buildApp(
  loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'admin@bank.test',
    ADMIN_PASSWORD: 'admin-password-123',
    LOGIN_RATE_LIMIT: '10000',
  }),
);
try {
  await app.ready();
  const report = await fuzz(app, { requests: Number(values.requests), seed: Number(values.seed) });
  console.log(`Запросов: ${report.requests} по ${report.operations} операциям за ${report.seconds.toFixed(1)} с`);
  console.log(`Ответы: ${JSON.stringify(report.byStatus)}`);
  console.log(
    `Время процессора, мс: p50 ${report.cpuMs.p50.toFixed(1)}, p99 ${report.cpuMs.p99.toFixed(1)}, max ${report.cpuMs.max.toFixed(1)}`,
  );
  console.log(
    `Время ответа, мс: p50 ${report.wallMs.p50.toFixed(1)}, p99 ${report.wallMs.p99.toFixed(1)}, max ${report.wallMs.max.toFixed(1)}`,
  );
  console.log(
    `Дороже всего (мс процессора): ${report.costliest.map(([op, ms]) => `${op} ${ms.toFixed(0)}`).join('; ')}`,
  );
  console.log(`Нарушений: ${report.violations.length}`);
  for (const v of report.violations.slice(0, 50))
    console.log(`  #${v.index} ${v.caller} ${v.method} ${v.url} → ${v.status}: ${v.problem}\n    ${v.body}`);
  process.exitCode = report.violations.length > 0 ? 1 : 0;
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
