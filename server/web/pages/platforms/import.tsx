/**
 * Platforms from a table (`/platforms/import`): upload an XLSX or CSV register → a preview of every row (nothing is
 * written) → «Импортировать» → the per-row report. The file waits on the server between the steps, as for the
 * practices' import (importer/uploads.ts); a sample XLSX with the expected headers is downloadable from the form.
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../../attachments/names.js';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { writeXlsx } from '../../../exports/xlsx.js';
import { createTermMatcher } from '../../../importer/matcher.js';
import { createImportUploads } from '../../../importer/uploads.js';
import {
  createPlatformImport,
  PLATFORM_HEADERS,
  readPlatformTable,
  TEMPLATE_COLUMNS,
  type PlatformImportReport,
} from '../../../platforms/import.js';
import { PLATFORM_KEEPERS } from '../../../platforms/routes.js';
import { Notice, Table } from '../../components/content.js';
import { Button, PostForm } from '../../components/forms.js';
import { Breadcrumbs } from '../../components/navigation.js';
import { redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { pendingUpload, receiveUpload, UploadField } from '../../uploads.js';
import type { WebRoutesOptions } from '../../routes.js';
import { PLATFORMS } from './paths.js';
import { platformStyles } from './public.js';

const idParams = z.object({ id: z.string().max(64) });

const STATUS_TEXT = {
  created: 'добавлена',
  valid: 'будет добавлена',
  duplicate: 'уже есть в реестре',
  failed: 'ошибка',
} as const;

/** One example row of the template, in the words a register uses. */
const EXAMPLE: Partial<Record<(typeof TEMPLATE_COLUMNS)[number], string>> = {
  organization: 'МБДОУ «Детский сад № 80 «Гнёздышко»»',
  inn: '',
  municipality: 'город Смоленск',
  theme: 'Детский сад — территория здоровья',
  level: 'Региональная',
  status: 'Действующая',
  yearFrom: '2024',
  yearTo: '2026',
  orderNumber: '752-ОД',
  orderDate: '30.08.2024',
  orderIssuer: 'Министерство образования и науки Смоленской области',
  practices: '67-2026-0001; 67-2026-0002',
  description: '',
};

function ReportTable({ report }: { report: PlatformImportReport }) {
  return (
    <>
      <Notice kind={report.failed > 0 ? 'warning' : 'success'}>
        <p>
          {report.dryRun ? 'Будет добавлено' : 'Добавлено'}: {report.created}; уже были в реестре: {report.duplicates};
          с ошибками: {report.failed}.
        </p>
        {report.unknownColumns.length > 0 ? (
          <p>
            Столбцы без значения для реестра (не читались): {report.unknownColumns.map((c) => `«${c}»`).join(', ')}.
          </p>
        ) : null}
      </Notice>
      <Table
        caption={report.dryRun ? 'Как прочитана каждая строка' : 'Что стало с каждой строкой'}
        rows={report.rows}
        columns={[
          { header: 'Строка', cell: (r) => r.row },
          {
            header: 'Тема',
            rowHeader: true,
            cell: (r) =>
              r.platformId && !report.dryRun ? (
                <a href={PLATFORMS.one(r.platformId)}>{r.theme || '—'}</a>
              ) : (
                r.theme || '—'
              ),
          },
          { header: 'Организация', cell: (r) => r.organization || '—' },
          { header: 'Итог', cell: (r) => STATUS_TEXT[r.status] },
          {
            header: 'Что не так',
            cell: (r) =>
              r.problems.length === 0 ? (
                '—'
              ) : (
                <ul>
                  {r.problems.map((p) => (
                    <li>{p.message}</li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </>
  );
}

export const platformImportPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services, config }) => {
  const uploads = createImportUploads<PlatformImportReport>(config.dataDir, config.imports.keepMs);
  const importer = createPlatformImport({
    db,
    platforms: services.platforms,
    matcher: createTermMatcher(services.vocabularies),
  });
  const maxMb = Math.round(config.imports.maxFileBytes / 1048576);
  const crumbs = (last: string) => (
    <Breadcrumbs
      items={[
        { label: 'Главная', href: '/' },
        { label: 'Инновационные площадки', href: PLATFORMS.list },
        { label: last },
      ]}
    />
  );
  const actorOf = (request: FastifyRequest) => {
    const user = requireUser(request);
    return { userId: user.id, name: user.fullName };
  };

  function uploadPage(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
    return sendPage(
      request,
      reply,
      { title: `${error ? 'Ошибка: ' : ''}Загрузка площадок из таблицы`, head: platformStyles },
      <>
        {crumbs('Загрузка из таблицы')}
        <h1>Загрузка площадок из таблицы</h1>
        <p>
          <a href={PLATFORMS.template}>Скачать образец таблицы (XLSX)</a> — заполните его или сверьте с ним заголовки
          своей таблицы.
        </p>
        <PostForm action={PLATFORMS.import} csrf={app.formToken(request, reply)} multipart>
          <UploadField
            label="Таблица площадок"
            hint={`XLSX или CSV (UTF-8 или Windows-1251), до ${maxMb} МБ. В первой строке — заголовки: ${TEMPLATE_COLUMNS.map((c) => PLATFORM_HEADERS[c][0]).join(', ')}. Организацию банк ищет в справочнике по ИНН или названию; уровень — «Федеральная», «Региональная» или «Муниципальная»; номера практик разделяйте «;».`}
            accept=".xlsx,.csv"
            error={error}
          />
          <p>Сначала банк покажет, как прочитана каждая строка; ничего не будет записано, пока вы не подтвердите.</p>
          <Button>Загрузить и проверить</Button>
        </PostForm>
      </>,
      status,
    );
  }

  const pending = (id: string) => pendingUpload(uploads, id);

  app.get(PLATFORMS.template, { config: PLATFORM_KEEPERS, schema: { hide: true } }, async (_request, reply) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeXlsx(
      {
        title: 'Инновационные площадки',
        header: TEMPLATE_COLUMNS.map((c) => PLATFORM_HEADERS[c][0]!),
        rows: [TEMPLATE_COLUMNS.map((c) => EXAMPLE[c] ?? '')],
        columns: TEMPLATE_COLUMNS.map((c) => ({
          width: c === 'theme' || c === 'organization' || c === 'orderIssuer' ? 40 : 16,
        })),
      },
      out,
    );
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('Образец — инновационные площадки.xlsx', false))
      .send(Buffer.concat(chunks));
  });

  app.get(PLATFORMS.import, { config: PLATFORM_KEEPERS, schema: { hide: true } }, async (request, reply) =>
    uploadPage(request, reply),
  );

  app.post(PLATFORMS.import, { config: PLATFORM_KEEPERS, schema: { hide: true } }, async (request, reply) => {
    const limits = { maxBytes: config.imports.maxFileBytes, userId: requireUser(request).id };
    // Read and checked now, so a file without the needed columns is refused on the upload form.
    const received = await receiveUpload(request, uploads, limits, async (path) =>
      importer.run(await readPlatformTable(path), actorOf(request), true),
    );
    if ('refusal' in received) return uploadPage(request, reply, received.refusal, received.status);
    return reply.redirect(PLATFORMS.importPreview(received.id), 303);
  });

  app.get(
    '/platforms/import/:id',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const upload = await pending(id);
      const report = importer.run(await readPlatformTable(upload.path), actorOf(request), true);
      return sendPage(
        request,
        reply,
        { title: `Проверка таблицы — ${upload.meta.name}`, head: platformStyles },
        <>
          {crumbs('Проверка таблицы')}
          <h1>Проверка таблицы площадок</h1>
          <p>
            Файл «{upload.meta.name}». Пока ничего не записано. <a href={PLATFORMS.import}>Загрузить другой файл</a>
          </p>
          <ReportTable report={report} />
          {report.created > 0 ? (
            <PostForm action={PLATFORMS.importPreview(id)} csrf={app.formToken(request, reply)}>
              <Button>Импортировать {report.created === 1 ? 'площадку' : `площадки (${report.created})`}</Button>
            </PostForm>
          ) : (
            <p>Добавлять нечего: исправьте таблицу и загрузите её снова.</p>
          )}
        </>,
      );
    },
  );

  app.post(
    '/platforms/import/:id',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const upload = await pending(id);
      const report = importer.run(await readPlatformTable(upload.path), actorOf(request), false);
      await uploads.finish(id, { ...report, name: upload.meta.name });
      return redirectWithNotice(
        reply,
        PLATFORMS.importReport(id),
        `Импорт завершён: добавлено ${report.created}, уже были ${report.duplicates}, с ошибками ${report.failed}`,
      );
    },
  );

  app.get(
    '/platforms/import/:id/report',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const report = await uploads.report(request.params.id);
      if (!report) throw new AppError('NOT_FOUND', 'Отчёт о загрузке не найден или устарел');
      return sendPage(
        request,
        reply,
        { title: `Отчёт о загрузке — ${report.name}`, head: platformStyles },
        <>
          {crumbs('Отчёт о загрузке')}
          <h1>Отчёт о загрузке площадок</h1>
          <p>
            Файл «{report.name}». <a href={PLATFORMS.list}>К реестру площадок</a> ·{' '}
            <a href={PLATFORMS.import}>Загрузить ещё одну таблицу</a>
          </p>
          <ReportTable report={report} />
        </>,
      );
    },
  );
};
