/** The HTTP contract of subscriptions to searches; the search page's form is parsed by the same schemas. */
import { z } from 'zod';
import { searchQuery } from '../search-api/schemas.js';

/** The search followed: the words and filters of `GET /api/v1/search`, without page or sort. */
export const followedSearch = searchQuery.omit({ sort: true, page: true, perPage: true });

export const subscriptionEmail = z
  .string({ error: 'Укажите адрес электронной почты' })
  .trim()
  .max(254, 'Адрес не длиннее 254 символов')
  .pipe(z.email('Укажите адрес электронной почты, например ivanova@school.ru'));

export const subscribeBody = z.object({
  email: subscriptionEmail,
  search: followedSearch.default({}).meta({ description: 'Поиск: q и фильтры, как в GET /api/v1/search' }),
});

export const tokenBody = z.object({
  token: z.string().regex(/^[\w-]{20,100}$/, 'Ссылка повреждена: скопируйте её из письма целиком'),
});

export const subscriptionView = z.object({
  id: z.number().int(),
  email: z.string(),
  search: z.record(z.string(), z.unknown()),
  description: z.string().meta({ description: 'Поиск словами: «поиск «ТРИЗ», Дошкольное образование»' }),
  confirmed: z.boolean(),
  createdAt: z.string(),
});

export const subscribeAccepted = z.object({ status: z.literal('confirmation_sent'), message: z.string() });

/** The same answer whether a letter went or the address already follows this search. */
export const SUBSCRIBE_MESSAGE =
  'Если адрес указан верно, на него придёт письмо со ссылкой для подтверждения подписки. Ссылка действует 48 часов.';
