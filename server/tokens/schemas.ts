/** The HTTP contract of API tokens. */
import { z } from 'zod';
import { TOKEN_SCOPES } from '../db/schema.js';
import { plainLine } from '../shared/schemas.js';

export const tokenBody = z.strictObject({
  name: plainLine(100, 2, 'Назовите интеграцию'),
  scope: z.enum(TOKEN_SCOPES),
});

export const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().optional(),
  revokedAt: z.string().nullable().optional(),
  createdBy: z.string().optional(),
});

export const newTokenSchema = tokenSchema.extend({ token: z.string().meta({ description: 'Показывается один раз' }) });
