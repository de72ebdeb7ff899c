/**
 * npm run crash-test [-- --cycles 50 --seed 7 --writers 4]
 * Kills the bank with SIGKILL under concurrent writers, restarts it, and checks that every acknowledged write is
 * there and intact (docs/checks.md). Prints each cycle and the totals; exits 1 on a lost write or a failed check.
 */
import { parseArgs } from 'node:util';
import { crashTest } from './run.js';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261130' },
    writers: { type: 'string', default: '4' },
  },
});
const report = await crashTest({
  cycles: Number(values.cycles),
  seed: Number(values.seed),
  writers: Number(values.writers),
  onCycle: (c) =>
    console.log(
      `цикл ${c.cycle}: подтверждено ${c.acknowledged}, проверено практик ${c.practicesChecked} и файлов ${c.filesChecked}, ` +
        `потеряно ${c.lost.length}, integrity_check: ${c.integrity}${c.lost.length ? `\n  ${c.lost.join('\n  ')}` : ''}`,
    ),
});
console.log(
  `Циклов: ${report.cycles.length}, подтверждённых записей: ${report.acknowledged}, потеряно: ${report.lost}, ` +
    `ошибок целостности: ${report.integrityFailures}, за ${report.seconds.toFixed(1)} с`,
);
process.exitCode = report.lost > 0 || report.integrityFailures > 0 ? 1 : 0;
