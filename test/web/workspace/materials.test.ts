import { describe, expect, it } from 'vitest';
import { FILE_KINDS } from '../../../server/attachments/types.js';
import { MATERIALS } from '../../../server/web/pages/workspace/materials-parts.js';
import { formatSize, TYPE_GROUPS } from '../../../server/web/pages/workspace/materials-rules.js';
import { WORKSPACE } from '../../../server/web/pages/workspace/paths.js';
import { call, rows, signUp, useApp, type Client } from '../../helper.js';
import { makePdf, multipart } from '../../support/files.js';
import { page, people, post, practiceIn } from './world.js';

const PDF = makePdf([['Konspekt zanyatiya']]);

describe('a practice’s materials page', () => {
  // Small limits, so "too big" and "too many" take kilobytes and a few files.
  const app = useApp({ ATTACHMENT_MAX_FILE_MB: '1', ATTACHMENT_MAX_FILES: '3' });

  /** Posts files through the page's plain form (no JavaScript), with the token in the action's query. */
  function upload(
    client: Client,
    id: number,
    files: Parameters<typeof multipart>[0],
    csrf: string | null = client.csrf,
  ) {
    const { body, contentType } = multipart(files);
    return app().inject({
      method: 'POST',
      url: `/my/practices/${id}/materials/files${csrf === null ? '' : `?_csrf=${encodeURIComponent(csrf)}`}`,
      headers: { 'content-type': contentType, cookie: client.cookie, accept: 'text/html' },
      payload: body,
    });
  }

  async function draft(title: string) {
    const { author, moderator } = await people(app());
    return { author, moderator, id: await practiceIn(app(), author, moderator, 'draft', title) };
  }

  it('explains the types and sizes before anything is chosen, from the configured limits', async () => {
    const { author, id } = await draft('Практика с правилами загрузки');
    const res = await page(app(), author, WORKSPACE.materials(id));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('PDF, Word (DOC, DOCX)');
    expect(res.body).toContain('PowerPoint (PPT, PPTX)');
    expect(res.body).toContain('JPEG, PNG, WebP');
    expect(res.body).toContain('Один файл — до 1 МБ');
    expect(res.body).toContain('до 3 файлов и ссылок');
    expect(res.body).toContain('ещё 3 файла или ссылки');
    expect(res.body).toContain('accept=".pdf,.doc,');
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain('aria-current="page">Материалы</a>');
  });

  it('uploads a PDF through the plain form and lists it with its size in Russian units', async () => {
    const { author, id } = await draft('Практика с конспектом');
    const res = await upload(author, id, [{ name: 'Конспект занятия.pdf', data: PDF }]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(WORKSPACE.materials(id));
    const listed = await page(app(), author, WORKSPACE.materials(id));
    expect(listed.body).toContain('Конспект занятия.pdf');
    expect(listed.body).toContain(formatSize(PDF.length));
    expect(listed.body).toContain('Текст файла готовится для поиска');
    expect(listed.body).toContain('ещё 2 файла или ссылки');
  });

  it('refuses a wrong type, a file too big and too many files with the API’s own words, keeping nothing', async () => {
    const { author, id } = await draft('Практика с отказами загрузки');
    const before = rows(app(), 'attachments');
    const cases = [
      { files: [{ name: 'игра.exe', data: 'MZ' }], status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        files: [{ name: 'большой.pdf', data: Buffer.concat([PDF, Buffer.alloc(1100 * 1024)]) }],
        status: 413,
        code: 'FILE_TOO_LARGE',
      },
      {
        files: ['1', '2', '3', '4'].map((n) => ({ name: `конспект ${n}.pdf`, data: PDF })),
        status: 413,
        code: 'TOO_MANY_FILES',
      },
    ];
    for (const { files, status, code } of cases) {
      const res = await upload(author, id, files);
      const api = await (async () => {
        const { body, contentType } = multipart(files);
        return call(app(), author, 'POST', `/api/v1/practices/${id}/attachments`, body, {
          'content-type': contentType,
        });
      })();
      expect(api.json().code).toBe(code);
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toContain('text/html');
      // The page says what the API says, beside the upload field, and the form is still there to try again.
      const message = (api.json().message as string).replaceAll('«', '&laquo;');
      const shown = res.body.replaceAll('«', '&laquo;');
      expect(shown, code).toContain(message);
      expect(res.body).toContain('id="file-error" role="alert"');
      expect(res.body).toContain('aria-invalid="true"');
    }
    expect(rows(app(), 'attachments')).toBe(before);
  });

  it('refuses a file post without the form token', async () => {
    const { author, id } = await draft('Практика без токена формы');
    const res = await upload(author, id, [{ name: 'план.pdf', data: PDF }], null);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('обновите страницу');
    const forged = await upload(author, id, [{ name: 'план.pdf', data: PDF }], 'x'.repeat(43));
    expect(forged.statusCode).toBe(403);
  });

  it('adds a video link with a title, refuses a bad address beside the field, and removes it after asking', async () => {
    const { author, id } = await draft('Практика с видео');
    const bad = await post(app(), author, `/my/practices/${id}/materials/links`, {
      url: 'http://example.com/video',
      title: 'Занятие',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Нужна https-ссылка на видео RuTube, VK Видео или YouTube');
    expect(bad.body).toContain('value="http://example.com/video"');
    const untitled = await post(app(), author, `/my/practices/${id}/materials/links`, {
      url: 'https://rutube.ru/video/abc123def/',
      title: ' ',
    });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.body).toContain('Напишите название видео');
    expect(untitled.body).toContain('href="#title"');
    const added = await post(app(), author, `/my/practices/${id}/materials/links`, {
      url: 'https://rutube.ru/video/abc123def/',
      title: 'Занятие «Весна»',
    });
    expect(added.statusCode).toBe(303);
    const listed = await page(app(), author, WORKSPACE.materials(id));
    expect(listed.body).toContain('Занятие «Весна»');
    expect(listed.body).toContain('RuTube');
    const attachmentId = (await call(app(), author, 'GET', `/api/v1/practices/${id}/attachments`)).json().items[0].id;
    const confirm = await page(app(), author, `/my/practices/${id}/materials/delete?attachment=${attachmentId}`);
    expect(confirm.body).toContain('Удалить «Занятие «Весна»»?');
    const removed = await post(app(), author, `/my/practices/${id}/materials/delete`, {
      attachment: String(attachmentId),
    });
    expect(removed.statusCode).toBe(303);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}/attachments`)).json().items).toEqual([]);
  });

  it('shows someone else’s practice to nobody but its authors', async () => {
    const { author, moderator, id } = await draft('Черновик, который видит только автор');
    const published = await practiceIn(app(), author, moderator, 'published', 'Опубликованная чужая практика');
    const stranger = await signUp(app());
    const hidden = await page(app(), stranger, WORKSPACE.materials(id));
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toContain('Практика не найдена');
    const seen = await page(app(), stranger, WORKSPACE.materials(published));
    expect(seen.statusCode).toBe(403);
    expect(seen.body).toContain('Эта страница открыта только авторам практики');
    expect((await upload(stranger, published, [{ name: 'план.pdf', data: PDF }])).statusCode).toBe(403);
    const link = await post(app(), stranger, `/my/practices/${published}/materials/links`, {
      url: 'https://rutube.ru/video/abc123def/',
      title: 'Чужое',
    });
    expect(link.statusCode).toBe(403);
  });

  it('shows a practice under review read-only and says why', async () => {
    const { author, moderator } = await people(app());
    const id = await practiceIn(app(), author, moderator, 'submitted', 'Практика на модерации');
    const res = await page(app(), author, WORKSPACE.materials(id));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('пока рецензент её не вернёт или не одобрит');
    expect(res.body).not.toContain('id="upload-form"');
    expect(res.body).not.toContain('id="link-form"');
    const refused = await upload(author, id, [{ name: 'план.pdf', data: PDF }]);
    expect(refused.statusCode).toBe(409);
    const link = await post(app(), author, `/my/practices/${id}/materials/links`, {
      url: 'https://rutube.ru/video/abc123def/',
      title: 'Занятие',
    });
    expect(link.statusCode).toBe(409);
  });
});

describe('the upload rules', () => {
  it('name every accepted extension in exactly one group', () => {
    const grouped = TYPE_GROUPS.flatMap((g) => g.extensions);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(Object.keys(FILE_KINDS).sort());
  });

  it('give sizes in Russian units', () => {
    expect(formatSize(512)).toBe('512 байт');
    expect(formatSize(1536)).toBe('1,5 КБ');
    expect(formatSize(100 * 1048576)).toBe('100 МБ');
    expect(formatSize(1024 * 1048576)).toBe('1 ГБ');
  });

  it('post to the page the workspace’s addresses name', () => {
    expect(MATERIALS.at(7)).toBe(WORKSPACE.materials(7));
  });
});
