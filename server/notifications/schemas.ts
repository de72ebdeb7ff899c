/** The HTTP contract of a person's notifications. */
import { z } from 'zod';

export const notificationList = z.object({
  unread: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      practiceId: z.number().int().nullable(),
      subject: z.string(),
      body: z.string(),
      createdAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});

export const notificationQuery = z.object({
  unread: z.enum(['1', 'true']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});

export const markReadBody = z
  .strictObject({ ids: z.array(z.number().int().positive()).min(1).max(500).optional() })
  .optional();
