import { z } from 'zod';
import { ORGANIZATION_STATUSES } from '../db/schema.js';
import { plainLine } from '../shared/schemas.js';
import { innProblem } from './inn.js';

const line = (max: number) => plainLine(max, 1);

export const organizationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    shortName: z.string().nullable(),
    type: z.string().meta({ description: 'Код из справочника organizationTypes' }),
    municipality: z.string().meta({ description: 'Код из справочника municipalities' }),
    inn: z.string().nullable(),
    status: z
      .enum(ORGANIZATION_STATUSES)
      .meta({ description: 'new — добавлена автором и ждёт подтверждения администратором; confirmed — в справочнике' }),
  })
  .meta({ id: 'Organization' });

/** Where a merged organisation went: its id answers 301 with the kept one's address. */
export const movedOrganizationSchema = z.object({
  movedTo: z.number().int().meta({ description: 'Идентификатор организации, с которой эту объединили' }),
  location: z.string(),
  message: z.string(),
});

/** An INN: 10 digits (a legal entity) or 12 (a person), its check digits right. */
export const innField = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = innProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

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
  inn: innField.optional(),
});
