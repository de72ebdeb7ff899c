/** What the bank tells about adoptions: the authors when one is confirmed, the reporter of a decision. */
import type { Message, Target } from '../notifications/messages.js';

export const ADOPTION_KINDS = { confirmed: 'adoption_confirmed', decided: 'adoption_decided' } as const;

/** The reporter's list of their reports. */
export const MY_ADOPTIONS_PATH = '/my/adoptions';

const quoted = (title: string) => `«${title.trim() || 'Без названия'}»`;

/** To the practice's authors: another organisation confirmed it uses their practice. */
export function adoptionConfirmedMessage(practiceId: number, title: string, organization: string): Message {
  return {
    kind: ADOPTION_KINDS.confirmed,
    practiceId,
    subject: `Вашу практику ${quoted(title)} внедрили: ${organization}`,
    body: `${organization} сообщает, что использует вашу практику ${quoted(title)}; модератор подтвердил сообщение. Оно показано на странице практики в списке внедрений.`,
  };
}

/** To the reporter: the moderator confirmed or declined their report. */
export function adoptionDecidedMessage(practiceId: number, title: string, confirmed: boolean, reason: string): Message {
  return {
    kind: ADOPTION_KINDS.decided,
    practiceId,
    subject: confirmed
      ? `Сообщение о внедрении практики ${quoted(title)} подтверждено`
      : `Сообщение о внедрении практики ${quoted(title)} отклонено`,
    body:
      (confirmed
        ? `Модератор подтвердил ваше сообщение о внедрении практики ${quoted(title)}: оно показано на странице практики.`
        : `Модератор отклонил ваше сообщение о внедрении практики ${quoted(title)}.`) +
      (reason.trim() ? `\n\nКомментарий модератора: ${reason.trim()}` : ''),
  };
}

/** Where an adoption notification leads: the practice's public page, or the reporter's list. */
export function adoptionTarget(kind: string, registryNumber: string | null | undefined): Target | undefined {
  if (kind === ADOPTION_KINDS.confirmed && registryNumber)
    return {
      path: `/practices/${registryNumber}`,
      action: 'Открыть страницу практики',
      next: 'Список организаций, внедривших практику, — на её странице.',
    };
  if (kind === ADOPTION_KINDS.decided)
    return {
      path: MY_ADOPTIONS_PATH,
      action: 'Открыть мои сообщения о внедрении',
      next: 'Все ваши сообщения о внедрении и их состояние — на странице «Мои внедрения».',
    };
  return undefined;
}
