import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { plainLine } from '../shared/schemas.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Введите корректный адрес электронной почты' }))
  .meta({ example: 'teacher@example.ru' });
const newPassword = z
  .string()
  .max(256, 'Пароль должен быть не длиннее 256 символов')
  .refine((p) => p.replace(/\s/g, '').length >= 10, 'Пароль должен содержать не меньше 10 знаков, кроме пробелов');
const personName = plainLine(200, 2, 'Укажите ФИО');

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
