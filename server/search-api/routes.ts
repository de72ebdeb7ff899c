import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { errorResponses } from '../shared/http.js';
import { searchQuery, searchResult } from './schemas.js';
import type { SearchService } from './service.js';

/**
 * A search answer is written as it is: the service builds every field of it itself (hits.ts `pageHits`), so there is
 * nothing the schema would strip, and checking a page of 20 hits with facets against it cost a search more CPU than
 * writing it. Errors keep the schema's check.
 */
const searchSerializer = (route: Parameters<typeof serializerCompiler>[0]) =>
  route.httpStatus === '200' ? (data: unknown) => JSON.stringify(data) : serializerCompiler(route);

export const searchRoutes: FastifyPluginAsyncZod<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/search',
    {
      config: PUBLIC_READ,
      schema: {
        tags: ['Поиск'],
        summary: 'Полнотекстовый поиск опубликованных практик с фильтрами и фасетами',
        description:
          'Несколько значений одного фильтра — «или» (`level=preschool&level=primary` или `level=preschool,primary`), ' +
          'разные фильтры — «и». Счётчики фасета не учитывают его собственный фильтр. Фразы — в кавычках.',
        querystring: searchQuery,
        response: { 200: searchResult, ...errorResponses(400, 503) },
      },
      serializerCompiler: searchSerializer as FastifySerializerCompiler<unknown>,
    },
    async (request) => search.search(request.query),
  );
};
