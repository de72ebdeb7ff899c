import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import { VOCABULARIES } from '../db/schema.js';
import { VOCABULARY_TITLES, type VocabularyCatalogue } from './service.js';

const termSchema = z.object({ code: z.string(), label: z.string(), synonyms: z.array(z.string()) });
const vocabularySchema = z.object({ title: z.string(), terms: z.array(termSchema) });
const vocabulariesSchema = z.object(
  Object.fromEntries(VOCABULARIES.map((v) => [v, vocabularySchema])) as Record<
    (typeof VOCABULARIES)[number],
    typeof vocabularySchema
  >,
);

export const vocabularyRoutes: FastifyPluginAsyncZod<{ vocabularies: VocabularyCatalogue }> = async (
  app,
  { vocabularies },
) => {
  app.get(
    '/vocabularies',
    {
      config: PUBLIC_READ,
      schema: {
        tags: ['Справочники'],
        summary: 'Все справочники с подписями и синонимами',
        response: { 200: vocabulariesSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return Object.fromEntries(
        VOCABULARIES.map((v) => [v, { title: VOCABULARY_TITLES[v], terms: vocabularies.terms(v) }]),
      ) as z.infer<typeof vocabulariesSchema>;
    },
  );
};
