/**
 * Conversational filler of long questions («как же всё-таки быть, прямо вечно дерётся, помогите»): words that say
 * how a person feels or asks, not what about. They are dropped from a query (never from the index) so they neither
 * narrow the matches nor weigh in the ranking. Question words of the stop list («как», «что») are dropped already.
 */
import { normalize, words } from './normalize.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stopwords.js';

/** Words that never name a topic in a question to the bank, normalised (ё as е). */
const FILLER_WORDS: ReadonlySet<string> = new Set(
  `таки вечно прямо прям помогите помоги подскажите подскажи посоветуйте посоветуй поделитесь пожалуйста очень
  постоянно просто вообще никак снова почему бывает хочу хотим хочется знаю знаем реально буквально типа вроде сильно
  ужасно слишком совершенно абсолютно дико жутко нормально срочно часто мои моих моим наш наши наша наше нашего нашей
  наших нашим нашем ищу ищем подходит подходят какую каждый каждую каждом хочет хотят туда сюда всем идти других
  другие другим другими никто сказал сказала сказали говорят`
    .split(/\s+/)
    .filter(Boolean),
);

/** Verbs that are filler only after a question word: «что делать», «как быть» (but «делать поделки» keeps it). */
const AFTER_QUESTION: ReadonlySet<string> = new Set(['делать', 'быть', 'сделать', 'поступить', 'справиться']);
const QUESTION_WORDS: ReadonlySet<string> = new Set(['что', 'как', 'чем']);

/**
 * The words of a normalised query without its filler; unchanged when nothing else would remain (a query of filler
 * alone is still searched as typed).
 */
export function withoutFiller(words: readonly string[]): string[] {
  const kept = words.filter(
    (word, i) => !FILLER_WORDS.has(word) && !(AFTER_QUESTION.has(word) && QUESTION_WORDS.has(words[i - 1] ?? '')),
  );
  return kept.length > 0 ? kept : [...words];
}

/** The words of a query part that count: filler and stop words out; filler stays only if nothing else would. */
export function informativeWords(normalizedWords: readonly string[]): string[] {
  const kept = withoutFiller(normalizedWords).filter((w) => !STOP_WORDS.has(w));
  return kept.length > 0 ? kept : normalizedWords.filter((w) => !STOP_WORDS.has(w));
}

/** A phrase's stems as a query would hold them: what the situational thesaurus matches against. */
export function phraseStems(phrase: string): string[] {
  return informativeWords(words(normalize(phrase))).map(stem);
}
