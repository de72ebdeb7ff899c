/** The HTTP contract of public search. */
import { z } from 'zod';
import { SORTS } from '../../search/port.js';
import { codeList } from '../shared/http.js';

export const MAX_QUERY_LENGTH = 200;
export const MAX_PER_PAGE = 100;

/** Filter parameters of the API and the facets they stand for. */
export const FILTER_PARAMS = {
  level: 'levels',
  subject: 'subjects',
  technology: 'technologies',
  direction: 'directions',
  municipality: 'municipality',
  organizationType: 'organizationType',
  year: 'year',
} as const;
export type FilterParam = keyof typeof FILTER_PARAMS;

const codes = codeList();

export const searchQuery = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `Запрос не длиннее ${MAX_QUERY_LENGTH} символов`).optional(),
  level: codes,
  subject: codes,
  technology: codes,
  direction: codes,
  municipality: codes,
  organizationType: codes,
  year: codes,
  sort: z.enum(SORTS, { error: 'Сортировка: relevance, newest или views' }).optional(),
  page: z.coerce.number().int().min(1, 'Страницы нумеруются с 1').max(10_000).default(1),
  perPage: z.coerce
    .number()
    .int()
    .min(1, 'Не меньше 1 на странице')
    .max(MAX_PER_PAGE, `Не больше ${MAX_PER_PAGE} на странице`)
    .default(20),
});

const facetValue = z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() });

export const searchHit = z.object({
  id: z.number().int(),
  registryNumber: z.string().nullable(),
  permalink: z.string().nullable(),
  title: z.string(),
  titleHtml: z.string().meta({ description: 'Название, экранированное, с совпадениями в <mark>' }),
  snippetHtml: z.string().meta({ description: 'Фрагмент текста, экранированный, с совпадениями в <mark>' }),
  publishedAt: z.string().nullable(),
  views: z.number().int(),
  organization: z
    .object({
      id: z.number().int(),
      name: z.string(),
      shortName: z.string().nullable(),
      type: z.string(),
      municipality: z.string(),
    })
    .nullable(),
  levels: z.array(z.string()),
  subjects: z.array(z.string()),
  technologies: z.array(z.string()),
  directions: z.array(z.string()),
});

export const searchResult = z
  .object({
    query: z.string(),
    correctedQuery: z
      .string()
      .nullable()
      .meta({ description: 'Запрос, по которому показаны результаты, если исходный набран в другой раскладке' }),
    notice: z.string().nullable().meta({ description: 'Пояснение для человека: «показаны результаты по запросу …»' }),
    relaxed: z.boolean().meta({ description: 'Показаны практики, где встречаются не все слова запроса' }),
    total: z.number().int(),
    page: z.number().int(),
    perPage: z.number().int(),
    sort: z.enum(SORTS),
    hits: z.array(searchHit),
    facets: z.record(z.enum(Object.keys(FILTER_PARAMS) as [FilterParam, ...FilterParam[]]), z.array(facetValue)),
    suggestion: z.string().nullable().meta({ description: 'Подсказка, когда ничего не найдено' }),
  })
  .meta({ id: 'SearchResult' });

export type SearchQuery = z.output<typeof searchQuery>;
export type SearchResult = z.output<typeof searchResult>;
