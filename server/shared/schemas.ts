/** zod helpers for text people type: NFC-normalised, trimmed, bounded, free of control and bidi characters. */
import { z } from 'zod';
import { markdownProblem } from '../practices/markdown.js';
import { FORBIDDEN_CHARACTERS } from './text.js';

const honest = (s: string) => !FORBIDDEN_CHARACTERS.test(s);
const HONEST_MESSAGE = 'Текст содержит недопустимые управляющие символы';

/** A single line of text (a name, a title), at most `max` characters, at least `min`. */
export function plainLine(max: number, min = 0, minMessage = 'Заполните поле') {
  const base = z.string().normalize('NFC').trim().max(max, `Не длиннее ${max} символов`);
  return (min > 0 ? base.min(min, minMessage) : base).refine(honest, HONEST_MESSAGE);
}

/** Markdown without raw HTML, remote images or unsafe links. */
export function markdownText(max: number) {
  return z
    .string()
    .normalize('NFC')
    .trim()
    .max(max, `Не длиннее ${max} символов`)
    .refine(honest, HONEST_MESSAGE)
    .superRefine((text, ctx) => {
      const problem = markdownProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
