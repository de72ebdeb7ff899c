/**
 * What a notification says and where it leads, written once for the bell's page and the e-mail: the stored
 * subject and body are built here when the change happens, and the page a notification concerns is worked out
 * from its kind and practice when it is read (so a link always follows the pages the bank has now).
 */
import { WORKSPACE } from '../web/pages/workspace/paths.js';

/** What a stored notification is: its `kind` names the event, `practiceId` the practice it concerns. */
export interface Message {
  kind: string;
  practiceId: number | null;
  subject: string;
  body: string;
}

/** The kinds the bank writes; another kind (an old row) still gets a sensible link. */
export type NotificationKind =
  | 'submitted'
  | 'resubmitted'
  | 'approve'
  | 'request_changes'
  | 'reject'
  | 'withdraw'
  | 'coauthor_invite'
  | 'question_asked';

/** The public page of a published practice: the address every citation gives. */
export const publicPracticePath = (registryNumber: string) => `/practices/${registryNumber}`;

/** Where a notification leads and what the person does there. */
export interface Target {
  /** A path of this bank (never from input): the page the notification concerns. */
  path: string;
  /** The link's words on the page and in the e-mail: «Исправить практику». */
  action: string;
  /** One sentence for the e-mail: what to do next. */
  next: string;
}

/** The page a notification concerns, for its addressee, from its kind, practice and (for a published one) number. */
export function targetOf(n: { kind: string; practiceId: number | null; registryNumber?: string | null }): Target {
  const id = n.practiceId;
  if (n.kind === 'coauthor_invite')
    return {
      path: WORKSPACE.my,
      action: 'Ответить на приглашение',
      next: 'Примите приглашение на странице «Мои практики» — после этого практика появится в вашем списке и вы сможете её редактировать.',
    };
  if (n.kind === 'question_asked')
    return {
      path: WORKSPACE.questions,
      action: 'Ответить на вопрос',
      next: 'Ответьте в разделе «Вопросы к моим практикам»: ответ уйдёт письмом из банка, ваш адрес не будет виден.',
    };
  if (id === null)
    return {
      path: WORKSPACE.notifications,
      action: 'Открыть уведомления',
      next: 'Подробности — в ваших уведомлениях.',
    };
  switch (n.kind) {
    case 'submitted':
    case 'resubmitted':
      return {
        path: WORKSPACE.review(id),
        action: 'Открыть на рецензирование',
        next: 'Возьмите практику на рассмотрение в разделе «Модерация», если её ещё не взял другой рецензент.',
      };
    case 'request_changes':
      return {
        path: WORKSPACE.practice(id),
        action: 'Исправить практику',
        next: 'Откройте практику, исправьте её по замечаниям рецензента и снова отправьте на рассмотрение.',
      };
    case 'reject':
      return {
        path: WORKSPACE.practice(id),
        action: 'Посмотреть решение',
        next: 'Комментарий рецензента виден на странице практики. С вопросами можно обратиться в СОИРО.',
      };
    case 'approve':
      return n.registryNumber
        ? {
            path: publicPracticePath(n.registryNumber),
            action: 'Открыть страницу практики',
            next: 'Ссылку на страницу практики и готовую библиографическую ссылку можно указать в портфолио и отчётах.',
          }
        : {
            path: WORKSPACE.practice(id),
            action: 'Открыть практику',
            next: 'Практика доступна в разделе «Мои практики».',
          };
    case 'withdraw':
      return n.registryNumber
        ? {
            path: publicPracticePath(n.registryNumber),
            action: 'Открыть страницу практики',
            next: 'На странице практики указана причина. Чтобы вернуть практику в банк, начните её новую версию в разделе «Мои практики».',
          }
        : { path: WORKSPACE.my, action: 'Открыть «Мои практики»', next: 'Подробности — в разделе «Мои практики».' };
    default:
      return { path: WORKSPACE.practice(id), action: 'Открыть практику', next: 'Подробности — на странице практики.' };
  }
}

const quoted = (title: string) => `«${title.trim() || 'Без названия'}»`;
const commentLine = (label: string, comment: string) => (comment.trim() ? `\n\n${label}: ${comment.trim()}` : '');

/** A practice sent to the reviewers: the first time, again after changes, or a new version of a published one. */
export function submittedMessage(
  practiceId: number,
  title: string,
  authorName: string,
  how: 'first' | 'again' | 'new_version',
): Message {
  const subject =
    how === 'again'
      ? `Практика ${quoted(title)} доработана и снова ждёт рецензента`
      : how === 'new_version'
        ? `Новая версия практики ${quoted(title)} ждёт рецензента`
        : `Новая практика ждёт рецензента: ${quoted(title)}`;
  const did =
    how === 'again'
      ? 'исправил(а) практику по замечаниям и снова отправил(а) её'
      : how === 'new_version'
        ? 'отправил(а) новую версию практики'
        : 'отправил(а) практику';
  return {
    kind: how === 'again' ? 'resubmitted' : 'submitted',
    practiceId,
    subject,
    body: `${authorName} ${did} ${quoted(title)} на рассмотрение.`,
  };
}

/** A reviewer's decision or a withdrawal, told to the practice's authors. */
export function decisionMessage(
  action: 'approve' | 'request_changes' | 'reject' | 'withdraw',
  practiceId: number,
  title: string,
  comment: string,
  registryNumber: string | null,
): Message {
  const base = { kind: action, practiceId };
  switch (action) {
    case 'approve':
      return {
        ...base,
        subject: registryNumber
          ? `Практика ${quoted(title)} опубликована под № ${registryNumber}`
          : `Практика ${quoted(title)} опубликована`,
        body:
          `Рецензент одобрил вашу практику ${quoted(title)}, и она опубликована в банке` +
          (registryNumber ? ` под номером ${registryNumber} в реестре.` : '.') +
          commentLine('Комментарий рецензента', comment),
      };
    case 'request_changes':
      return {
        ...base,
        subject: `Рецензент вернул практику ${quoted(title)} на доработку`,
        body:
          `Рецензент прочитал практику ${quoted(title)} и просит её доработать.` +
          commentLine('Комментарий рецензента', comment),
      };
    case 'reject':
      return {
        ...base,
        subject: `Рецензент отклонил практику ${quoted(title)}`,
        body: `Практика ${quoted(title)} не будет опубликована.` + commentLine('Комментарий рецензента', comment),
      };
    case 'withdraw':
      return {
        ...base,
        subject: `Практика ${quoted(title)} снята с публикации`,
        body:
          `Практика ${quoted(title)}${registryNumber ? ` (№ ${registryNumber})` : ''} больше не показывается в поиске; ` +
          'её страница сохранена и говорит, что практика снята.' +
          commentLine('Причина', comment),
      };
  }
}

/** An invitation to co-author a practice. */
export function coauthorInviteMessage(practiceId: number, title: string, inviterName: string): Message {
  return {
    kind: 'coauthor_invite',
    practiceId,
    subject: `Вас пригласили в соавторы практики ${quoted(title)}`,
    body: `${inviterName} указал(а) вас соавтором практики ${quoted(title)}. Примите приглашение, чтобы вместе редактировать её.`,
  };
}
