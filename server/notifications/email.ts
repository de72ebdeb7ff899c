/**
 * The e-mail a notification becomes: its subject, its text, what to do next and an absolute link (from BASE_URL)
 * to the page the person uses — the same page the bell's list links to, never an API address.
 */
import { WORKSPACE } from '../web/pages/workspace/paths.js';
import { targetOf } from './messages.js';

/** What an e-mail is made from: the stored notification, its addressee, and the practice's number if published. */
export interface EmailSource {
  kind: string;
  practiceId: number | null;
  registryNumber: string | null;
  subject: string;
  body: string;
  fullName: string;
}

/** A plain-text letter (old school mail clients show it as it is). */
export interface Email {
  subject: string;
  text: string;
}

/** The letter for one notification; `baseUrl` has no trailing slash (config.baseUrl). */
export function composeEmail(n: EmailSource, baseUrl: string): Email {
  const target = targetOf(n);
  const text = [
    `Здравствуйте, ${n.fullName}!`,
    n.body,
    target.next,
    `${target.action}: ${baseUrl}${target.path}` +
      (target.path.startsWith('/practices/') ? '' : '\n(если вы ещё не вошли, сайт сначала попросит войти)'),
    `Все уведомления: ${baseUrl}${WORKSPACE.notifications}`,
    [
      '—',
      'Банк инновационных практик Смоленской области',
      'Это письмо отправлено автоматически, отвечать на него не нужно.',
    ].join('\n'),
  ]
    .filter(Boolean)
    .join('\n\n');
  return { subject: n.subject, text };
}
