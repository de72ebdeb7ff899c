/**
 * The export API: a search's whole result (`GET /api/v1/search/export?format=xlsx&q=…&level=…`, the search's own
 * parameters) and an organisation's practices, as XLSX or CSV.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../access/routes.js';
import { contentDisposition } from '../attachments/names.js';
import { searchQuery } from '../search-api/schemas.js';
import { errorResponses } from '../shared/http.js';
import { EXPORT_FORMATS, EXPORT_MAX_ROWS, type ExportFile, type ExportService } from './service.js';

const format = z
  .enum(EXPORT_FORMATS, { error: 'Формат выгрузки: xlsx (Excel) или csv' })
  .default('xlsx')
  .meta({ description: 'xlsx — таблица Excel; csv — UTF-8 с BOM, разделитель «;»' });

/** The search's parameters without its page: an export is the whole result. */
export const exportQuery = searchQuery.omit({ page: true, perPage: true }).extend({ format });

const send = (reply: FastifyReply, file: ExportFile) =>
  reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, false))
    .header('cache-control', 'no-store')
    .send(file.body);

const description = `Все найденные практики (не больше ${EXPORT_MAX_ROWS.toLocaleString('ru-RU')}), строка за строкой.`;

export const exportRoutes: FastifyPluginAsyncZod<{ exports: ExportService }> = async (app, { exports }) => {
  app.get(
    '/search/export',
    {
      config: PUBLIC_READ,
      schema: {
        tags: ['Поиск'],
        summary: 'Выгрузка результата поиска в XLSX или CSV',
        description: `${description} Параметры — те же, что у поиска, без page и perPage.`,
        querystring: exportQuery,
        response: errorResponses(400, 503),
      },
    },
    async (request, reply) => {
      const { format: as, ...query } = request.query;
      return send(reply, await exports.open({ kind: 'search', query }, as, request.log));
    },
  );

  app.get(
    '/organizations/:id/practices/export',
    {
      config: PUBLIC_READ,
      schema: {
        tags: ['Организации'],
        summary: 'Выгрузка опубликованных практик организации в XLSX или CSV',
        description,
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ format }),
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await exports.open({ kind: 'organization', id: request.params.id }, request.query.format, request.log),
      ),
  );
};
