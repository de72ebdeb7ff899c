/** What authors and askers read about a question: the notification and the answer's letter, no one's address. */
import { SIGNATURE, type Letter } from '../notifications/mailer.js';
import type { Message } from '../notifications/messages.js';

const quoted = (title: string) => `«${title.trim() || 'Без названия'}»`;

/** The authors' notification of a new question (kind `question_asked`). */
export function questionMessage(practiceId: number, title: string, askerName: string, question: string): Message {
  return {
    kind: 'question_asked',
    practiceId,
    subject: `Вопрос о практике ${quoted(title)}`,
    body:
      `${askerName} задаёт вопрос о вашей практике ${quoted(title)}:\n\n${question}\n\n` +
      'Ответ придёт автору вопроса письмом из банка; ваш адрес он не увидит.',
  };
}

/** The answer, mailed to the asker by the bank. */
export function answerLetter(input: {
  to: string;
  askerName: string;
  title: string;
  permalink: string;
  question: string;
  answer: string;
  answererName: string;
}): Letter {
  return {
    to: input.to,
    subject: `Ответ на ваш вопрос о практике ${quoted(input.title)}`,
    text:
      `Здравствуйте, ${input.askerName}!\n\nВы спрашивали авторов практики ${quoted(input.title)}:\n\n` +
      `${input.question}\n\nОтвечает ${input.answererName}:\n\n${input.answer}\n\n` +
      `Страница практики: ${input.permalink}\nЧтобы задать ещё вопрос, воспользуйтесь формой «Задать вопрос автору» ` +
      `на этой странице: отвечать на это письмо не нужно, оно отправлено автоматически.\n\n${SIGNATURE}`,
  };
}
