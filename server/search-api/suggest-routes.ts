/** `GET /api/v1/suggest`: what the search box offers as a person types. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../access/routes.js';
import { errorResponses } from '../shared/http.js';
import { SUGGEST_LIMIT, SUGGEST_MIN_CHARS, type Suggestions } from './suggestions.js';

/** Longer than any title a person would type out; the search itself takes 200. */
const MAX_PREFIX_LENGTH = 100;

const suggestQuery = z.object({
  q: z
    .string({ error: 'Укажите начало запроса в параметре q' })
    .max(MAX_PREFIX_LENGTH, `Начало запроса — не длиннее ${MAX_PREFIX_LENGTH} символов`),
});

const suggestion = z.object({
  kind: z.enum(['practice', 'term', 'organization']).meta({
    description: 'practice — название практики, term — термин справочника, organization — организация',
  }),
  label: z.string().meta({ description: 'Что показать в списке' }),
  hint: z.string().meta({ description: 'Что это: «Технология», «Организация · Вяземский район», «Практика»' }),
  path: z.string().meta({
    description: 'Адрес страницы банка: практика, поиск с фильтром по термину или страница организации',
  }),
});

const suggestResult = z
  .object({ query: z.string(), items: z.array(suggestion).max(SUGGEST_LIMIT) })
  .meta({ id: 'SuggestResult' });

export const suggestRoutes: FastifyPluginAsyncZod<{ suggestions: Suggestions }> = async (app, { suggestions }) => {
  app.get(
    '/suggest',
    {
      config: PUBLIC_READ,
      schema: {
        tags: ['Поиск'],
        summary: 'Подсказки при наборе запроса: названия практик, термины справочников, организации',
        description:
          `До ${SUGGEST_LIMIT} подсказок к началу запроса (от ${SUGGEST_MIN_CHARS} букв): термины справочников, ` +
          'подтверждённые организации и названия опубликованных практик, в которых слово начинается с набранного. ' +
          'Регистр и ё/е не важны; запрос, набранный в другой раскладке («ghbdtn»), тоже понимается.',
        querystring: suggestQuery,
        response: { 200: suggestResult, ...errorResponses(400) },
      },
    },
    async (request) => ({ query: request.query.q, items: suggestions.suggest(request.query.q) }),
  );
};
