import { z } from 'zod';
import { plainLine } from '../shared/schemas.js';

const line = (max: number) => plainLine(max, 1);

export const organizationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    shortName: z.string().nullable(),
    type: z.string().meta({ description: 'Код из справочника organizationTypes' }),
    municipality: z.string().meta({ description: 'Код из справочника municipalities' }),
    inn: z.string().nullable(),
  })
  .meta({ id: 'Organization' });

export const organizationQuery = z.object({
  q: z.string().max(200).optional(),
  municipality: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const organizationList = z.object({ items: z.array(organizationSchema), total: z.number().int() });

export const newOrganizationBody = z.object({
  name: line(500),
  shortName: line(200).optional(),
  type: z.string().max(64),
  municipality: z.string().max(64),
  inn: z
    .string()
    .regex(/^(\d{10}|\d{12})$/, 'ИНН состоит из 10 или 12 цифр')
    .optional(),
});
