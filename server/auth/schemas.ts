import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { plainLine } from '../shared/schemas.js';

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Введите корректный адрес электронной почты' }))
  .meta({ example: 'teacher@example.ru' });
export const newPassword = z
  .string()
  .max(256, 'Пароль должен быть не длиннее 256 символов')
  .refine((p) => p.replace(/\s/g, '').length >= 10, 'Пароль должен содержать не меньше 10 знаков, кроме пробелов');
export const personName = plainLine(200, 2, 'Укажите ФИО');

export const registerBody = z.strictObject({
  email,
  password: newPassword,
  fullName: personName,
  position: plainLine(200).optional(),
  organizationId: z.number().int().positive().optional(),
});

// Login does not judge the address's form (the first admin is admin@localhost): it only looks it up.
export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Введите адрес электронной почты').max(320),
  password: z.string().min(1, 'Введите пароль').max(256),
});

export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword });

export const userSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    fullName: z.string(),
    position: z.string().nullable(),
    organizationId: z.number().int().nullable(),
    roles: z.array(z.enum(ROLES)),
    mustChangePassword: z.boolean(),
    emailConfirmed: z
      .boolean()
      .meta({ description: 'Адрес подтверждён по ссылке из письма; до этого учётная запись не может изменять данные' }),
  })
  .meta({ id: 'User' });

export const sessionSchema = z
  .object({
    user: userSchema,
    csrfToken: z
      .string()
      .meta({ description: 'Передавайте в заголовке x-csrf-token при изменяющих запросах с cookie-сессией' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });

export const profileBody = z.strictObject({
  fullName: personName,
  position: plainLine(200).nullable(),
  organizationId: z.number().int().positive().nullable(),
});

/** What registration and resending a link answer: a sentence to show the person. */
export const messageAnswer = z.object({ message: z.string() });
export const confirmBody = z.strictObject({
  token: z.string().min(20).max(100).meta({ description: 'Токен из ссылки в письме (после /confirm-email/)' }),
});

export const resetRequestBody = z.strictObject({ email });
export const resetRequestAnswer = z.object({ message: z.string() });
export const resetConfirmBody = z.strictObject({
  token: z.string().min(20).max(100).meta({ description: 'Токен из ссылки в письме (после /password-reset/)' }),
  newPassword,
});

export const sessionSummary = z
  .object({
    id: z.string().meta({ description: 'Короткое имя сеанса для его завершения' }),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable(),
    current: z.boolean().meta({ description: 'Сеанс, из которого сделан запрос' }),
  })
  .meta({ id: 'SessionSummary' });
export const sessionList = z.object({ items: z.array(sessionSummary) });
export const endedSessions = z.object({ ended: z.number().int() });
export const sessionParam = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'Неизвестный сеанс') });

export const userQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
