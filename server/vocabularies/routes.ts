import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import { VOCABULARIES, VOCABULARY_MODEL, type VocabularyName } from '../model/vocabularies.js';
import type { VocabularyCatalogue } from './service.js';

/** A term as the API shows it. */
export const termSchema = z.object({
  code: z.string(),
  label: z.string(),
  synonyms: z.array(z.string()),
  /** Kept on the practices that carry it, no longer chosen for new ones. */
  retired: z.boolean(),
});
const vocabularySchema = z.object({ title: z.string(), terms: z.array(termSchema) });
const vocabulariesSchema = z.object(
  Object.fromEntries(VOCABULARIES.map((v) => [v, vocabularySchema])) as Record<VocabularyName, typeof vocabularySchema>,
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
        VOCABULARIES.map((v) => [v, { title: VOCABULARY_MODEL[v].title, terms: vocabularies.terms(v) }]),
      ) as z.infer<typeof vocabulariesSchema>;
    },
  );
};
