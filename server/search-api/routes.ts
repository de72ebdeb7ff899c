import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { errorResponses } from '../shared/http.js';
import { searchQuery, searchResult } from './schemas.js';
import type { SearchService } from './service.js';

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
    },
    async (request) => search.search(request.query),
  );
};
