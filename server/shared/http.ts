/** zod pieces shared by every route's HTTP contract. */
import { z } from 'zod';

export const errorSchema = z
  .object({
    statusCode: z.number().int(),
    code: z.string().meta({ description: 'Стабильный код ошибки, например PRACTICE_NOT_FOUND' }),
    error: z.string(),
    message: z.string().meta({ description: 'Сообщение для человека, на русском' }),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

/** Response schemas for the error statuses a route can answer with. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<S, typeof errorSchema>;
}

/** A positive id written in decimal digits: `0x10`, `+2` or `1e3` name no practice. */
export const idParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Идентификатор — целое положительное число')
    .transform(Number),
});

export const okSchema = z.object({ ok: z.literal(true) });

/** A query parameter of codes: `level=a&level=b` and `level=a,b` both mean a or b. */
export const codeList = () =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(64)).max(30, 'Не больше 30 значений'))
    .optional();
