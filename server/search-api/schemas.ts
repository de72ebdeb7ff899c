/** The HTTP contract of public search. */
import { z } from 'zod';
import { SORTS } from '../../search/port.js';
import { FACETS, FILTER_PARAMS, type FilterParam } from '../model/practice.js';
import { PRACTICE_VOCABULARIES } from '../model/vocabularies.js';
import { codeList } from '../shared/http.js';

export const MAX_QUERY_LENGTH = 200;
export const MAX_PER_PAGE = 100;

const codes = codeList();

/** One parameter per facet of the practice model: `level=preschool,primary`. */
const filterParams = Object.fromEntries(
  FACETS.map((f) => [
    f.filter,
    f.values
      ? codes.meta({
          description: `${f.title}: ${Object.entries(f.values)
            .map(([value, label]) => `${value} — ${label.toLowerCase()}`)
            .join('; ')}`,
        })
      : codes,
  ]),
) as Record<FilterParam, typeof codes>;

export const searchQuery = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `Запрос не длиннее ${MAX_QUERY_LENGTH} символов`).optional(),
  ...filterParams,
  sort: z
    .enum(SORTS, {
      error:
        'Неизвестный порядок: возможны relevance (по релевантности), newest (сначала новые), views (самые просматриваемые), adoptions (по числу внедрений)',
    })
    .optional()
    .meta({
      description:
        'relevance — по релевантности; newest — сначала новые; views — самые просматриваемые; adoptions — по числу подтверждённых внедрений (при равенстве сначала новые)',
    }),
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
  ...(Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, z.array(z.string())])) as Record<
    (typeof PRACTICE_VOCABULARIES)[number],
    z.ZodArray<z.ZodString>
  >),
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
    facets: z.record(z.enum(FILTER_PARAMS), z.array(facetValue)),
    suggestion: z.string().nullable().meta({ description: 'Подсказка, когда ничего не найдено' }),
  })
  .meta({ id: 'SearchResult' });

export type SearchQuery = z.output<typeof searchQuery>;
export type SearchResult = z.output<typeof searchResult>;
