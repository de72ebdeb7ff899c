import { describe, expect, it } from 'vitest';
import { stripMarkdown } from '../../search/analysis/normalize.js';
import { markdownProblem } from '../../server/practices/markdown.js';

// A line break at the end changes nothing Markdown shows, but takes the text past the plain-text shortcut: the
// lexer's reading of the same text is what the shortcut must give.
const viaLexer = (text: string) => stripMarkdown(`${text}\n`);

describe('plain annotations skip the Markdown lexer without changing what it would say', () => {
  const plain = [
    'Опыт применения на занятиях и в режимных моментах, запись 1.',
    'Слово  два   три ',
    'А (скобки) «кавычки» "ещё" \'и\' № 5, 50% — тире – и-дефис/слэш; вопрос?',
    'Практика www.example.ru и так далее',
  ];

  it('indexes a plain line as the lexer reads it', () => {
    for (const text of plain) expect(stripMarkdown(text)).toBe(viaLexer(text));
    expect(stripMarkdown('')).toBe('');
  });

  it('still reads markup through the lexer', () => {
    expect(stripMarkdown('**Цель**: развитие речи')).toBe('Цель: развитие речи');
    expect(stripMarkdown('# Заголовок')).toBe('Заголовок');
  });

  it('finds nothing to refuse in plain text and still refuses HTML, images and unsafe links', () => {
    for (const text of plain) expect(markdownProblem(text)).toBeUndefined();
    expect(markdownProblem('Смотрите <b>здесь</b>')).toMatch(/HTML/);
    expect(markdownProblem('![фото](https://example.ru/a.png)')).toMatch(/Изображения/);
    expect(markdownProblem('[ссылка](javascript:alert(1))')).toMatch(/Ссылки/);
    expect(markdownProblem('Файл на ftp://example.ru/plan.doc')).toMatch(/Ссылки/);
    expect(markdownProblem('Пишите на xmpp:metod@example.ru')).toMatch(/Ссылки/);
  });
});
