import { request as httpRequest } from 'node:http';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { call, rows, signUp, tempDir, useApp, type Client } from '../helper.js';
import { act, completeDraft } from '../moderation/fixtures.js';
import { makeDocx, makePdf, makeZipBomb, multipart } from '../support/files.js';
import { requirePoppler } from '../support/poppler.js';

const data = tempDir('bank-attachments-');
afterAll(() => data.remove());

describe('attachments', () => {
  const app = useApp({ DATA_DIR: data.dir, ATTACHMENT_MAX_FILE_MB: '2', ATTACHMENT_MAX_FILES: '4' });

  const upload = (client: Client | null, id: number, files: Parameters<typeof multipart>[0]) => {
    const { body, contentType } = multipart(files);
    return app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/attachments`,
      payload: body,
      headers: {
        'content-type': contentType,
        ...(client ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {}),
      },
    });
  };
  const leftovers = () => readdirSync(path.join(data.dir, 'tmp'));
  const pdf = makePdf([['Metodika Zapadnodvinskaya dlya mladshih grupp', 'Plan zanyatiy na god']]);

  it('keeps uploaded files by content, serves them back with ranges, ETag and a safe name', async () => {
    const { author, id } = await completeDraft(app());
    const res = await upload(author, id, [
      { name: 'План занятий.pdf', data: pdf, type: 'text/html' },
      { name: 'копия плана.pdf', data: pdf },
      { name: 'Конспект.docx', data: makeDocx(['Конспект занятия по ТРИЗ', 'Игра «Хорошо — плохо»']) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [first, second, docx] = res.json().items;
    expect(first).toMatchObject({
      kind: 'file',
      name: 'План занятий.pdf',
      size: pdf.length,
      contentType: 'application/pdf',
      textStatus: 'pending',
    });
    // An identical file is stored once: both rows name the same bytes, kept under their hash.
    const shas = [first, second, docx].map(
      (item: { id: number }) =>
        (
          app().bank.db.$client.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(item.id) as {
            sha256: string;
          }
        ).sha256,
    );
    expect(shas[0]).toBe(shas[1]);
    expect(shas[2]).not.toBe(shas[0]);
    for (const sha of shas) expect(readdirSync(path.join(data.dir, 'files', sha.slice(0, 2)))).toContain(sha);

    const download = await call(app(), author, 'GET', first.url);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    // The browser's viewer may open it (no sandbox, inline styles and the object allowed), but nothing in it runs.
    const policy = String(download.headers['content-security-policy']);
    expect(policy).not.toContain('sandbox');
    expect(policy).toMatch(/script-src 'none'/);
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/object-src 'self'/);
    expect(policy).toMatch(/style-src 'unsafe-inline'/);
    expect(policy).toMatch(/frame-ancestors 'self'/);
    expect(download.headers['content-disposition']).toBe(
      `inline; filename="____ _______.pdf"; filename*=UTF-8''${encodeURIComponent('План занятий.pdf')}`,
    );
    const etag = download.headers.etag as string;
    expect((await call(app(), author, 'GET', first.url, undefined, { 'if-none-match': etag })).statusCode).toBe(304);
    const part = await call(app(), author, 'GET', first.url, undefined, { range: 'bytes=0-8' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-8/${pdf.length}`);
    expect(part.body).toBe('%PDF-1.4\n');
    const beyond = await call(app(), author, 'GET', first.url, undefined, { range: `bytes=${pdf.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${pdf.length}`);
    expect(beyond.json().code).toBe('RANGE_NOT_SATISFIABLE');
    const head = await call(app(), author, 'HEAD', first.url);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(pdf.length));
    expect((await call(app(), author, 'GET', docx.url)).headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('lets nobody but the authors download from a draft, then moderators, then everyone once published', async () => {
    const { author, id } = await completeDraft(app());
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const stranger = await signUp(app());
    const file = (await upload(author, id, [{ name: 'план.pdf', data: pdf }])).json().items[0];
    for (const caller of [null, stranger, moderator]) {
      const res = await call(app(), caller, 'GET', file.url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('ATTACHMENT_NOT_FOUND');
    }
    await act(app(), author, id, 'submit');
    expect((await call(app(), moderator, 'GET', file.url)).statusCode).toBe(200);
    expect((await call(app(), null, 'GET', file.url)).statusCode).toBe(404);
    await act(app(), moderator, id, 'claim');
    await act(app(), moderator, id, 'approve');
    expect((await call(app(), null, 'GET', file.url)).statusCode).toBe(200);
    // A second visitor counts; the first one's second download the same day does not.
    await call(app(), null, 'GET', file.url, undefined, { 'user-agent': 'Mozilla/5.0 Firefox/140' });
    await call(app(), null, 'GET', file.url);
    expect((await call(app(), null, 'GET', `/api/v1/practices/${id}/attachments`)).json().items[0].downloads).toBe(2);
  });

  it('finds a practice by a phrase that appears only in its attached PDF, and previews it', async (context) => {
    requirePoppler(context);
    const { author, id } = await completeDraft(app(), 'Практика с планом во вложении');
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const file = (
      await upload(author, id, [
        { name: 'plan.pdf', data: makePdf([['Kvazilinguisticheskaya gimnastika pered zavtrakom']]) },
      ])
    ).json().items[0];
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    await act(app(), moderator, id, 'approve');
    await app().bank.services.jobs.drain('attachment');
    const found = (await call(app(), null, 'GET', '/api/v1/search?q=kvazilinguisticheskaya')).json();
    expect(found.hits.map((h: { id: number }) => h.id)).toEqual([id]);
    const listed = (await call(app(), null, 'GET', `/api/v1/practices/${id}/attachments`)).json().items[0];
    expect(listed).toMatchObject({ textStatus: 'done', previewUrl: `/api/v1/attachments/${file.id}/preview` });
    const preview = await call(app(), null, 'GET', listed.previewUrl);
    expect(preview.headers['content-type']).toBe('image/webp');
    expect((await sharp(preview.rawPayload).metadata()).format).toBe('webp');
    // The practice page shows the file with its preview, in one link named by the file (the preview is decorative).
    const number = (await call(app(), null, 'GET', `/api/v1/practices/${id}`)).json().registryNumber;
    const page = await app().inject({ url: `/practices/${number}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('<h2 id="materials">Материалы</h2>');
    expect(page.body).toContain(`<img src="${listed.previewUrl}" alt loading="lazy"`);
    expect(page.body).toContain('<span class="material-name">plan.pdf</span></a>');
  });

  it('extracts Russian text from DOCX and previews images', async () => {
    const { author, id } = await completeDraft(app());
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer();
    const items = (
      await upload(author, id, [
        { name: 'фото.png', data: png },
        { name: 'конспект.docx', data: makeDocx(['Ёжик в тумане', 'Мнемотаблица']) },
      ])
    ).json().items;
    await app().bank.services.jobs.drain('attachment');
    const text = app().bank.db.$client.prepare('SELECT text FROM attachments WHERE id = ?').get(items[1].id) as {
      text: string;
    };
    expect(text.text).toBe('Ёжик в тумане\nМнемотаблица');
    const preview = await call(app(), author, 'GET', `/api/v1/attachments/${items[0].id}/preview`);
    expect((await sharp(preview.rawPayload).metadata()).width).toBe(480);
  });

  describe('bad input, each leaving the draft and the disk as they were', () => {
    async function refused(files: Parameters<typeof multipart>[0], status: number, code: string) {
      const { author, id } = await completeDraft(app());
      const before = [rows(app(), 'attachments'), rows(app(), 'practice_history')];
      const etag = (await call(app(), author, 'GET', `/api/v1/practices/${id}`)).headers.etag;
      const res = await upload(author, id, files);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
      expect([rows(app(), 'attachments'), rows(app(), 'practice_history')]).toEqual(before);
      expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).headers.etag).toBe(etag);
      expect(leftovers()).toEqual([]);
      return res;
    }

    it('refuses a file over the limit with 413', () =>
      refused(
        [{ name: 'большой.pdf', data: Buffer.concat([pdf, Buffer.alloc(3 * 1024 * 1024)]) }],
        413,
        'FILE_TOO_LARGE',
      ));
    it('refuses more files than allowed with 413, keeping none of them', () =>
      refused(
        Array.from({ length: 5 }, (_, i) => ({ name: `план${i}.pdf`, data: pdf })),
        413,
        'TOO_MANY_FILES',
      ));
    it('refuses an extension its bytes contradict with 415', () =>
      refused([{ name: 'фото.png', data: pdf }], 415, 'UNSUPPORTED_MEDIA_TYPE'));
    it('refuses an executable renamed .pdf', () =>
      refused(
        [
          {
            name: 'счёт.pdf',
            data: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2048)]),
          },
        ],
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ));
    it.each([
      ['an HTML page', '<html><body><script>alert(document.cookie)</script></body></html>'],
      ['an SVG image', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['a frame', '<IFRAME src="https://evil.example">'],
      ['a script link', '% javascript:alert(1)'],
    ])('refuses a PDF that is also %s, in Russian', async (_what, html) => {
      const polyglot = Buffer.concat([pdf.subarray(0, 9), Buffer.from(`%${html}\n`, 'latin1'), pdf.subarray(9)]);
      const res = await refused([{ name: 'двуликий.pdf', data: polyglot }], 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.json().message).toMatch(/HTML-разметку или сценарий/);
    });
    it('refuses an extension not on the list', () =>
      refused([{ name: 'setup.exe', data: Buffer.from('MZ') }], 415, 'UNSUPPORTED_MEDIA_TYPE'));
    it('refuses binary data posing as text', () =>
      refused([{ name: 'заметки.txt', data: Buffer.from([0xff, 0x00, 0xfe, 0x01]) }], 415, 'UNSUPPORTED_MEDIA_TYPE'));
    it('refuses an empty file', () =>
      refused([{ name: 'пусто.pdf', data: Buffer.alloc(0) }], 400, 'VALIDATION_FAILED'));
    it('refuses the whole upload when one file of several is bad', () =>
      refused(
        [
          { name: 'хороший.pdf', data: pdf },
          { name: 'плохой.jpg', data: pdf },
        ],
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ));
  });

  it('strips path parts and hidden characters from names', async () => {
    const { author, id } = await completeDraft(app());
    const items = (
      await upload(author, id, [
        { name: '../../etc/passwd.txt', data: 'обычный текст' },
        { name: 'отчёт\u202Efdp.txt', data: 'ещё текст' },
      ])
    ).json().items;
    expect(items.map((i: { name: string }) => i.name)).toEqual(['passwd.txt', 'отчётfdp.txt']);
  });

  it('leaves nothing behind when the connection is cut mid-upload', async () => {
    const { author, id } = await completeDraft(app());
    await app().listen({ port: 0, host: '127.0.0.1' });
    const port = (app().server.address() as { port: number }).port;
    const before = rows(app(), 'attachments');
    const boundary = '----cut';
    // Awaited events, not pauses: the server starts keeping the file, the client goes, the upload cleans up.
    const store = app().bank.services.store;
    const receive = store.receive.bind(store);
    const discard = store.discard.bind(store);
    const receiving = new Promise<void>((resolve) =>
      vi.spyOn(store, 'receive').mockImplementationOnce((source) => {
        resolve();
        return receive(source);
      }),
    );
    const cleanedUp = new Promise<void>((resolve) =>
      vi.spyOn(store, 'discard').mockImplementationOnce(async (temps) => {
        await discard(temps);
        resolve();
      }),
    );
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    const req = httpRequest({
      port,
      method: 'POST',
      path: `/api/v1/practices/${id}/attachments`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: author.cookie,
        'x-csrf-token': author.csrf,
        'content-length': 10_000_000,
      },
    });
    req.on('error', () => undefined); // the cut is ours
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="обрыв.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    req.write(Buffer.concat([pdf, Buffer.alloc(500_000)]));
    await receiving;
    req.destroy();
    await cleanedUp;
    expect(rows(app(), 'attachments')).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('marks a zip bomb disguised as .docx failed, keeps the file, and stays healthy', async () => {
    const { author, id } = await completeDraft(app());
    const item = (await upload(author, id, [{ name: 'бомба.docx', data: makeZipBomb(200) }])).json().items[0];
    expect(item.size).toBeLessThan(300_000);
    const started = Date.now();
    await app().bank.services.jobs.drain('attachment');
    expect(Date.now() - started).toBeLessThan(5_000);
    const row = app()
      .bank.db.$client.prepare('SELECT text_status, text_error FROM attachments WHERE id = ?')
      .get(item.id) as { text_status: string; text_error: string };
    expect(row.text_status).toBe('failed');
    expect(row.text_error).toMatch(/zip-бомба|слишком большой объём/);
    expect((await call(app(), null, 'GET', '/health')).statusCode).toBe(200);
    expect((await call(app(), author, 'GET', `/api/v1/attachments/${item.id}`)).statusCode).toBe(200);
  });

  it('takes video links from RuTube, VK and YouTube only', async () => {
    const { author, id } = await completeDraft(app());
    const ok = await call(app(), author, 'POST', `/api/v1/practices/${id}/links`, {
      url: 'https://rutube.ru/video/0123456789abcdef0123456789abcdef/',
      title: 'Открытое занятие',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'link', provider: 'rutube', name: 'Открытое занятие' });
    for (const url of [
      'http://rutube.ru/video/1/',
      'https://evil.example/video',
      'javascript:alert(1)',
      'https://vk.com/id1',
    ]) {
      const res = await call(app(), author, 'POST', `/api/v1/practices/${id}/links`, { url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('lets only the authors attach, and only while the practice is editable', async () => {
    const { author, id } = await completeDraft(app());
    const stranger = await signUp(app());
    expect((await upload(stranger, id, [{ name: 'чужой.pdf', data: pdf }])).statusCode).toBe(404);
    expect((await upload(null, id, [{ name: 'аноним.pdf', data: pdf }])).statusCode).toBe(401);
    await act(app(), author, id, 'submit');
    const res = await upload(author, id, [{ name: 'поздно.pdf', data: pdf }]);
    expect(res.statusCode).toBe(409);
    expect(leftovers()).toEqual([]);
  });
});
