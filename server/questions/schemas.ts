/** The HTTP contract of questions to a practice's authors; the page's form is parsed by the same schema. */
import { z } from 'zod';

/** Links one question may carry: a question with many links is an advertisement. */
export const MAX_LINKS = 2;
const LINK = /(https?:\/\/|www\.)/gi;

export const linkCount = (text: string) => text.match(LINK)?.length ?? 0;

export const askBody = z.object({
  name: z.string().trim().min(2, 'Укажите, как к вам обращаться').max(120, 'Имя — не длиннее 120 символов'),
  email: z
    .string()
    .trim()
    .max(254, 'Адрес не длиннее 254 символов')
    .pipe(z.email('Укажите адрес электронной почты, например ivanova@school.ru')),
  question: z
    .string()
    .trim()
    .min(10, 'Напишите вопрос: хотя бы 10 символов')
    .max(2000, 'Вопрос — не длиннее 2000 символов')
    .refine((text) => linkCount(text) <= MAX_LINKS, `В вопросе может быть не больше ${MAX_LINKS} ссылок`),
  /** The honeypot: hidden from people, filled in by robots. */
  website: z.string().max(500).optional(),
});
export type AskInput = z.output<typeof askBody>;

export const answerBody = z.object({
  answer: z.string().trim().min(2, 'Напишите ответ').max(5000, 'Ответ — не длиннее 5000 символов'),
});

export const questionView = z.object({
  id: z.number().int(),
  practiceId: z.number().int(),
  registryNumber: z.string().nullable(),
  practiceTitle: z.string(),
  askerName: z.string(),
  question: z.string(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type QuestionView = z.output<typeof questionView>;

export const askAccepted = z.object({ status: z.literal('sent') });
