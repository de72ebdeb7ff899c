import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractText, xmlText } from '../../server/attachments/extract.js';
import { call, signUp, tempDir, useApp, type Client } from '../helper.js';
import { act, completeDraft } from '../moderation/fixtures.js';
import { DOCX_TYPES, makeDocx, makePdf, makeZip, multipart } from '../support/files.js';
import { requirePoppler } from '../support/poppler.js';

const scratch = tempDir('bank-hardening-');
afterAll(() => scratch.remove());
const file = (name: string, bytes: Buffer) => {
  const target = path.join(scratch.dir, name);
  writeFileSync(target, bytes);
  return target;
};

describe('archives that try to hurt the extractor', () => {
  it('strips tags in linear time, even from a document full of «<» without «>»', () => {
    const hostile = '<w:p>' + '<a'.repeat(300_000);
    const started = performance.now();
    xmlText(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses an entry whose inflated bytes exceed what its header declares', async () => {
    const liar = file(
      'liar.docx',
      makeZip([
        { name: '[Content_Types].xml', data: DOCX_TYPES },
        { name: 'word/document.xml', data: Buffer.alloc(5_000_000, 0x61), declaredSize: 1000 },
      ]),
    );
    await expect(extractText(liar, 'docx')).rejects.toThrow();
  });

  it('refuses an archive of too many entries', async () => {
    const many = file(
      'many.docx',
      makeZip(Array.from({ length: 5_100 }, (_, i) => ({ name: `x/${i}.xml`, data: 'x' }))),
    );
    await expect(extractText(many, 'docx')).rejects.toThrow(/слишком много файлов/);
  });

  it('reads the text of PPTX slides in order, ODT and RTF', async () => {
    const slide = (t: string) => `<p:sld><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:sld>`;
    const pptx = file(
      's.pptx',
      makeZip([
        { name: 'ppt/slides/slide2.xml', data: slide('Второй слайд') },
        { name: 'ppt/slides/slide1.xml', data: slide('Первый слайд') },
      ]),
    );
    expect(await extractText(pptx, 'pptx')).toBe('Первый слайд\n\nВторой слайд');
    const odt = file(
      'd.odt',
      makeZip([{ name: 'content.xml', data: '<office:text><text:p>Экологическая тропа</text:p></office:text>' }]),
    );
    expect(await extractText(odt, 'odf')).toBe('Экологическая тропа');
    const rtf = file('r.rtf', Buffer.from("{\\rtf1\\ansi\\ansicpg1251 \\'d2\\'d0\\'c8\\'c7}", 'latin1'));
    expect(await extractText(rtf, 'rtf')).toBe('ТРИЗ');
  });
});

describe('uploads and downloads under pressure', () => {
  const app = useApp({ ATTACHMENT_MAX_FILES: '4' });
  const upload = (client: Client, id: number, files: Parameters<typeof multipart>[0]) => {
    const { body, contentType } = multipart(files);
    return app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/attachments`,
      payload: body,
      headers: { 'content-type': contentType, cookie: client.cookie, 'x-csrf-token': client.csrf },
    });
  };
  const pdf = (word: string) => makePdf([[word]]);

  it('refuses a bare ZIP posing as a Word document', async () => {
    const { author, id } = await completeDraft(app());
    const res = await upload(author, id, [{ name: 'Отчёт.docx', data: makeZip([{ name: 'setup.exe', data: 'MZ' }]) }]);
    expect(res.statusCode).toBe(415);
  });

  it('holds the file limit against concurrent uploads', async () => {
    const { author, id } = await completeDraft(app());
    const results = await Promise.all(
      [0, 1].map((n) =>
        upload(
          author,
          id,
          [1, 2, 3].map((i) => ({ name: `план-${n}-${i}.pdf`, data: pdf(`Plan ${n} ${i}`) })),
        ),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 413]);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}/attachments`)).json().items).toHaveLength(3);
  });

  it('makes every published practice holding the same file searchable by its words', async (context) => {
    requirePoppler(context);
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const bytes = pdf('Gipertekstovaya ekskursiya po Smolensku');
    const first = await completeDraft(app(), 'Первая с общим файлом');
    const second = await completeDraft(app(), 'Вторая с общим файлом');
    for (const p of [first, second]) {
      await upload(p.author, p.id, [{ name: 'общий.pdf', data: bytes }]);
      await act(app(), p.author, p.id, 'submit');
      await act(app(), moderator, p.id, 'claim');
      await act(app(), moderator, p.id, 'approve');
    }
    await app().bank.services.jobs.drain('attachment');
    const hits = (await call(app(), null, 'GET', '/api/v1/search?q=gipertekstovaya'))
      .json()
      .hits.map((h: { id: number }) => h.id);
    expect(hits.sort()).toEqual([first.id, second.id].sort());
  });

  it('honours If-Range and weak If-None-Match, and answers HEAD without a body', async () => {
    const { author, id } = await completeDraft(app());
    const item = (await upload(author, id, [{ name: 'план.pdf', data: pdf('Range') }])).json().items[0];
    const full = await call(app(), author, 'GET', item.url);
    const etag = full.headers.etag as string;
    expect(
      (await call(app(), author, 'GET', item.url, undefined, { range: 'bytes=0-3', 'if-range': '"stale"' })).statusCode,
    ).toBe(200);
    expect(
      (await call(app(), author, 'GET', item.url, undefined, { range: 'bytes=0-3', 'if-range': etag })).statusCode,
    ).toBe(206);
    expect(
      (await call(app(), author, 'GET', item.url, undefined, { 'if-none-match': `W/${etag}, "other"` })).statusCode,
    ).toBe(304);
    const head = await call(app(), author, 'HEAD', item.url);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(full.rawPayload.length));
    expect(head.rawPayload.length).toBe(0);
    // A PDF gets a policy without scripts but without a sandbox, which would stop browsers' own viewers.
    expect(full.headers['content-security-policy']).toContain("default-src 'none'");
    expect(full.headers['content-security-policy']).not.toContain('sandbox');
  });

  it('serves start-end, open-ended and suffix ranges, the whole file for several or nonsense ones, 416 past the end', async () => {
    const { author, id } = await completeDraft(app());
    const bytes = pdf('Ranges');
    const item = (await upload(author, id, [{ name: 'диапазоны.pdf', data: bytes }])).json().items[0];
    const size = bytes.length;
    const get = (range: string) => call(app(), author, 'GET', item.url, undefined, { range });
    for (const [range, from, to] of [
      ['bytes=0-9', 0, 9],
      [`bytes=${size - 5}-`, size - 5, size - 1],
      ['bytes=-7', size - 7, size - 1],
      [`bytes=${size - 3}-${size + 1000}`, size - 3, size - 1],
    ] as const) {
      const res = await get(range);
      expect(res.statusCode, range).toBe(206);
      expect(res.headers['content-range'], range).toBe(`bytes ${from}-${to}/${size}`);
      expect(res.rawPayload.equals(bytes.subarray(from, to + 1)), range).toBe(true);
    }
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=-']) {
      const res = await get(range);
      expect(res.statusCode, range).toBe(200);
      expect(res.rawPayload.length, range).toBe(size);
    }
    for (const range of [`bytes=${size}-`, 'bytes=5-1']) {
      const res = await get(range);
      expect(res.statusCode, range).toBe(416);
      expect(res.headers['content-range'], range).toBe(`bytes */${size}`);
      expect(res.json().code, range).toBe('RANGE_NOT_SATISFIABLE');
    }
  });

  it('refuses a video link carrying a login and password', async () => {
    const { author, id } = await completeDraft(app());
    const res = await call(app(), author, 'POST', `/api/v1/practices/${id}/links`, {
      url: 'https://user:secret@rutube.ru/video/abcdef0123456789/',
    });
    expect(res.statusCode).toBe(400);
  });

  it('gives up on a file the worker has started too often, marking it failed', async () => {
    const { author, id } = await completeDraft(app());
    const item = (await upload(author, id, [{ name: 'конспект.docx', data: makeDocx(['Текст']) }])).json().items[0];
    await app().bank.services.jobs.drain('attachment');
    // As if the process had died on this file three times: each start counted, the last lease ran out.
    const db = app().bank.db.$client;
    const { sha256 } = db.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(item.id) as { sha256: string };
    db.prepare("UPDATE attachments SET text_status = 'pending', text = NULL WHERE id = ?").run(item.id);
    db.prepare(
      "INSERT INTO jobs (queue, key, payload, status, attempts, lease_id, lease_until) VALUES ('attachment', ?, json_object('sha256', ?), 'running', 3, 'dead-process', 0)",
    ).run(sha256, sha256);
    await app().bank.services.jobs.drain('attachment');
    const row = app()
      .bank.db.$client.prepare('SELECT text_status, text_error FROM attachments WHERE id = ?')
      .get(item.id);
    expect(row).toEqual({ text_status: 'failed', text_error: 'обработка прерывалась несколько раз' });
    expect(db.prepare('SELECT status FROM jobs WHERE key = ?').get(sha256)).toEqual({ status: 'dead' });
  });
});

describe('the space the attachments of a practice may take', () => {
  const app = useApp({ ATTACHMENT_MAX_FILE_MB: '2', ATTACHMENT_MAX_PRACTICE_MB: '1' });

  it('refuses files that would take a practice over its quota with ATTACHMENT_QUOTA_EXCEEDED, not FILE_TOO_LARGE', async () => {
    const { author, id } = await completeDraft(app());
    // Each file is within the per-file limit (2 MB); together they are over the practice's 1 MB.
    const { body, contentType } = multipart([
      { name: 'первый.pdf', data: Buffer.concat([makePdf([['One']]), Buffer.alloc(600_000)]) },
      { name: 'второй.pdf', data: Buffer.concat([makePdf([['Two']]), Buffer.alloc(600_000)]) },
    ]);
    const res = await app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/attachments`,
      payload: body,
      headers: { 'content-type': contentType, cookie: author.cookie, 'x-csrf-token': author.csrf },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ATTACHMENT_QUOTA_EXCEEDED');
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}/attachments`)).json().items).toEqual([]);
  });
});
