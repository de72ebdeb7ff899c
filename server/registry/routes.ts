import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import { practiceSchema } from '../practices/schemas.js';
import { errorResponses } from '../shared/http.js';
import type { RegistryService } from './service.js';
import { visitorOf } from '../stats/visits.js';

const numberParam = z.object({ number: z.string().max(40).meta({ example: '67-2026-0042' }) });

const registryEntrySchema = z
  .object({
    registryNumber: z.string(),
    versionNo: z.number().int(),
    versionLabel: z.string().meta({ example: '67-2026-0042/v2' }),
    current: z.boolean().meta({ description: 'Это действующая версия' }),
    status: z.enum(['published', 'withdrawn']),
    title: z.string(),
    permalink: z.string(),
    versionPermalink: z.string(),
    versions: z.array(
      z.object({ versionNo: z.number().int(), publishedAt: z.string().nullable(), permalink: z.string() }),
    ),
    withdrawal: z.object({ at: z.string(), reason: z.string() }).nullable(),
    citation: z.string().nullable().meta({ description: 'Библиографическая ссылка по ГОСТ Р 7.0.100-2018' }),
    practice: practiceSchema.nullable(),
  })
  .meta({ id: 'RegistryEntry' });

export const registryRoutes: FastifyPluginAsyncZod<{ registry: RegistryService }> = async (app, { registry }) => {
  const tags = ['Реестр'];

  app.get(
    '/registry/:number',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Опубликованная практика по номеру в реестре',
        params: numberParam,
        response: { 200: registryEntrySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      registry.get(
        request.params.number,
        request.method === 'GET' ? { countView: true, visitor: visitorOf(request) } : { countView: false },
      ),
  );

  app.get(
    '/registry/:number/v/:n',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Версия опубликованной практики',
        params: numberParam.extend({ n: z.coerce.number().int().min(1).max(10_000) }),
        response: { 200: registryEntrySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => registry.getVersion(request.params.number, request.params.n),
  );
};
