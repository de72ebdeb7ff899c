/**
 * npm run bench:upload [-- --mb 100]
 * Uploads one file of N MB over HTTP to the bank running in its own process and reports throughput and the
 * server's RSS growth over idle; then times text extraction from a 50-page PDF. Writes JSON under bench/results/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnv } from './bank.js';
import { memoryOf, startServerProcess } from './server-process.js';
import { extractText } from '../server/attachments/extract.js';
import { makePdf } from '../test/support/files.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
const MB = Number(values.mb);
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-upload-'));
const env = benchEnv(dataDir, { ATTACHMENT_MAX_FILE_MB: String(MB + 10) });

async function main() {
  const { server, base } = await startServerProcess(env, 30);
  try {
    const json = async (url: string, init: RequestInit & { cookie?: string } = {}) => {
      const res = await fetch(base + url, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...(init.headers as Record<string, string>),
        },
      });
      return { res, body: (await res.json()) as Record<string, unknown> };
    };
    const login = await json('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'bench@bank.test', password: 'bench-password-123' }),
    });
    const cookie = login.res.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = login.body.csrfToken as string;
    const draft = await json('/api/v1/practices', {
      method: 'POST',
      cookie,
      headers: { 'x-csrf-token': csrf },
      body: JSON.stringify({ title: 'Практика для замера загрузки' }),
    });
    const id = draft.body.id as number;

    await new Promise((r) => setTimeout(r, 1500));
    // Forget the start-up peak (Linux: writing 5 to clear_refs resets VmHWM), so the peak is the upload's own.
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const idleRss = memoryOf(server.pid!, 'VmRSS');
    /** Streams one multipart upload of `mb` MB to the server; returns the seconds it took. */
    const uploadOnce = async (mb: number): Promise<number> => {
      // A video-sized file: an MP4 header, then pseudo-random bytes streamed in 1 MB chunks.
      const boundary = '----bench';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="урок.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const mp4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
      const chunk = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761 + mb) >>> 0, i);
      const total = head.length + mp4.length + mb * chunk.length + tail.length;
      const started = performance.now();
      const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            port: Number(new URL(base).port),
            method: 'POST',
            path: `/api/v1/practices/${id}/attachments`,
            headers: {
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': total,
              cookie,
              'x-csrf-token': csrf,
            },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.write(head);
        req.write(mp4);
        let sent = 0;
        const pump = () => {
          while (sent < mb) {
            sent += 1;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end(tail);
        };
        pump();
      });
      if (result.status !== 201) throw new Error(`upload failed: ${result.status} ${result.body}`);
      return (performance.now() - started) / 1000;
    };

    // Cold: the first upload this server sees. Warm: after one small upload (modules loaded, code compiled).
    const seconds = await uploadOnce(MB);
    const peakRss = memoryOf(server.pid!, 'VmHWM');
    await uploadOnce(5);
    await new Promise((r) => setTimeout(r, 1000));
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const warmIdle = memoryOf(server.pid!, 'VmRSS');
    const warmSeconds = await uploadOnce(MB);
    const warmPeak = memoryOf(server.pid!, 'VmHWM');

    const pdf = makePdf(
      Array.from({ length: 50 }, (_, p) =>
        Array.from(
          { length: 45 },
          (_, l) => `Stranitsa ${p + 1}, stroka ${l + 1}: metodicheskie rekomendatsii po razvitiyu rechi i myshleniya`,
        ),
      ),
    );
    const pdfFile = path.join(dataDir, 'fifty.pdf');
    writeFileSync(pdfFile, pdf);
    const runs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      const text = await extractText(pdfFile, 'pdf');
      runs.push(performance.now() - t);
      if (!text.includes('Stranitsa 50')) throw new Error('the 50th page was not read');
    }
    const median = [...runs].sort((a, b) => a - b)[2]!;

    const figures = {
      date: new Date().toISOString(),
      fileMb: MB,
      uploadSeconds: seconds,
      uploadMbPerSecond: MB / seconds,
      serverIdleRssMb: idleRss,
      serverPeakRssMb: peakRss,
      rssGrowthMb: peakRss - idleRss,
      warm: { uploadSeconds: warmSeconds, idleRssMb: warmIdle, peakRssMb: warmPeak, rssGrowthMb: warmPeak - warmIdle },
      pdf50PagesExtractionMsMedian: median,
    };
    console.table([
      { замер: `загрузка ${MB} МБ`, значение: `${seconds.toFixed(2)} с, ${(MB / seconds).toFixed(0)} МБ/с` },
      {
        замер: 'RSS сервера, первая загрузка: простой → пик',
        значение: `${idleRss.toFixed(0)} → ${peakRss.toFixed(0)} МБ (рост ${(peakRss - idleRss).toFixed(1)} МБ)`,
      },
      {
        замер: `повторная загрузка ${MB} МБ`,
        значение: `${warmSeconds.toFixed(2)} с; RSS ${warmIdle.toFixed(0)} → ${warmPeak.toFixed(0)} МБ (рост ${(warmPeak - warmIdle).toFixed(1)} МБ)`,
      },
      { замер: 'текст из PDF на 50 страниц (медиана из 5)', значение: `${median.toFixed(0)} мс` },
    ]);
    console.log(`${peakRss - idleRss <= 30 ? '✓' : '✗'} рост RSS при первой загрузке ≤ 30 МБ`);
    console.log(`${warmPeak - warmIdle <= 30 ? '✓' : '✗'} рост RSS при повторной загрузке ≤ 30 МБ`);
    const file = path.join(
      root,
      'bench',
      'results',
      `upload-${MB}mb-${figures.date.slice(0, 19).replace(/[:T]/g, '-')}.json`,
    );
    writeFileSync(file, JSON.stringify(figures, null, 2));
    console.log(`Результаты: ${path.relative(root, file)}`);
  } finally {
    server.kill('SIGTERM');
  }
}

try {
  await main();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
