/**
 * `POST /api/v1/admin/imports`: the admin area's import for programs. A multipart request with the register in
 * `file` (XLSX, CSV or JSON) and optionally confirmed mappings in `map` (as `npm run import --map`); `dryRun=true`
 * checks without writing. The answer is the same per-record report the command line prints.
 */
import type {} from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { errorResponses } from '../shared/http.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { parseMappingFile } from './mapping.js';
import type { Mappings } from './resolve.js';
import { importFile } from './run.js';
import type { Importer } from './service.js';
import { createImportUploads, type UploadMeta } from './uploads.js';

const detail = z.object({ field: z.string(), message: z.string() });

const reportSchema = z
  .object({
    dryRun: z.boolean(),
    total: z.number().int(),
    created: z.number().int().meta({ description: 'Добавлено (при dryRun — прошли бы проверку)' }),
    duplicates: z.number().int(),
    failed: z.number().int(),
    organizationsCreated: z.number().int(),
    withWarnings: z.number().int(),
    fileWarnings: z.array(z.string()),
    records: z.array(
      z.object({
        index: z.number().int(),
        row: z.number().int().optional(),
        status: z.enum(['created', 'valid', 'duplicate', 'failed']),
        title: z.string().optional(),
        practiceId: z.number().int().optional(),
        registryNumber: z.string().optional(),
        errors: z.array(detail).optional(),
        warnings: z.array(detail).optional(),
        matches: z
          .array(
            z.object({
              vocabulary: z.string(),
              value: z.string(),
              kind: z.enum(['exact', 'synonym', 'mapped', 'near', 'unknown', 'keyword']),
              code: z.string().optional(),
              label: z.string().optional(),
              candidates: z.array(z.object({ code: z.string(), label: z.string() })).optional(),
            }),
          )
          .optional(),
        organization: z
          .object({ name: z.string(), status: z.enum(['existing', 'new']), id: z.number().int().optional() })
          .optional(),
      }),
    ),
  })
  .meta({ id: 'ImportReport' });

const MAP_MAX_BYTES = 1024 * 1024;

export interface ImportRoutesOptions {
  importer: Importer;
  vocabularies: VocabularyCatalogue;
  config: Config;
}

export const importRoutes: FastifyPluginAsyncZod<ImportRoutesOptions> = async (
  app,
  { importer, vocabularies, config },
) => {
  const uploads = createImportUploads(config.dataDir, config.imports.keepMs);

  app.post(
    '/admin/imports',
    {
      config: access(['admin'], [], 'Импорт доступен только администраторам'),
      schema: {
        tags: ['Администрирование'],
        summary: 'Импорт практик из XLSX, CSV или JSON (multipart: file, необязательно map)',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: z.enum(['true', 'false', '1', '0']).default('false'),
          unknown: z
            .enum(['keyword', 'fail'])
            .default('fail')
            .meta({ description: 'keyword — неизвестные технологии оставить ключевыми словами' }),
        }),
        response: { 200: reportSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!request.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Нужен multipart/form-data с полем file');
      let upload: UploadMeta | undefined;
      let mappings: Mappings | undefined;
      try {
        for await (const part of request.parts({ limits: { fileSize: config.imports.maxFileBytes, files: 2 } })) {
          if (part.type !== 'file') continue;
          if (part.fieldname === 'map') {
            const bytes = await part.toBuffer();
            if (bytes.length > MAP_MAX_BYTES || part.file.truncated)
              throw new AppError('FILE_TOO_LARGE', 'Файл сопоставлений больше 1 МБ');
            mappings = parseMappingFile(bytes, vocabularies);
          } else if (part.fieldname === 'file' && !upload) {
            upload = await uploads.save(part.file, part.filename, user.id);
            if (part.file.truncated)
              throw new AppError(
                'FILE_TOO_LARGE',
                `Файл больше ${Math.round(config.imports.maxFileBytes / 1048576)} МБ`,
              );
          } else part.file.resume();
        }
        if (!upload)
          throw new AppError('VALIDATION_FAILED', 'Приложите файл в поле file', [
            { field: 'file', message: 'Нет файла' },
          ]);
        const found = await uploads.find(upload.id);
        return await importFile(importer, found!.path, {
          dryRun: request.query.dryRun === 'true' || request.query.dryRun === '1',
          source: upload.name,
          actor: { userId: user.id, name: user.fullName },
          ...(mappings ? { mappings } : {}),
          unknownAsKeyword: request.query.unknown === 'keyword',
        });
      } finally {
        if (upload) await uploads.discard(upload.id);
      }
    },
  );
};
