/**
 * The letters of subscriptions: the confirmation link and the weekly digest. Every letter carries a link that
 * unsubscribes in one click and the RFC 8058 headers, so a mail client's «Отписаться» button works without a visit.
 */
import { SIGNATURE, type Letter } from '../notifications/mailer.js';

/** Pages of subscription letters: the token is the whole credential, so these paths never need signing in. */
export const SUBSCRIPTION_PATHS = {
  confirm: (token: string) => `/subscriptions/confirm/${token}`,
  unsubscribe: (token: string) => `/unsubscribe/${token}`,
} as const;

/** The List-Unsubscribe pair (RFC 2369, RFC 8058): the client POSTs `List-Unsubscribe=One-Click` to the link. */
export const unsubscribeHeaders = (link: string): Record<string, string> => ({
  'List-Unsubscribe': `<${link}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

const footer = (unsubscribeLink: string) =>
  `Отписаться от писем по этому поиску (одним нажатием, входить не нужно):\n${unsubscribeLink}\n\n${SIGNATURE}`;

/** The letter that asks to confirm a subscription; `what` is the search in words. */
export function confirmationLetter(to: string, what: string, confirmLink: string, unsubscribeLink: string): Letter {
  return {
    to,
    subject: 'Подтвердите подписку на новые практики',
    text:
      `Здравствуйте!\n\nС этим адресом оформили подписку на новые практики банка инновационных практик Смоленской ` +
      `области по поиску: ${what}.\n\nЧтобы раз в неделю получать письмо о новых практиках по этому поиску, ` +
      `подтвердите подписку:\n${confirmLink}\n\nСсылка действует 48 часов. Если вы не подписывались, ничего не ` +
      `делайте: без подтверждения писем не будет.\n\n${footer(unsubscribeLink)}`,
    headers: unsubscribeHeaders(unsubscribeLink),
  };
}

/** One practice of a digest. */
export interface DigestItem {
  title: string;
  organization: string | null;
  permalink: string;
}

/** The weekly letter: the practices published since the last one that match the search. */
export function digestLetter(
  to: string,
  what: string,
  items: DigestItem[],
  more: number,
  searchLink: string,
  unsubscribeLink: string,
): Letter {
  const list = items
    .map(
      (item, i) =>
        `${i + 1}. ${item.title}${item.organization ? `\n   ${item.organization}` : ''}\n   ${item.permalink}`,
    )
    .join('\n\n');
  const total = items.length + more;
  return {
    to,
    subject: `Новые практики по вашему поиску: ${total}`,
    text:
      `Здравствуйте!\n\nЗа прошедшую неделю в банке инновационных практик Смоленской области опубликованы новые ` +
      `практики по вашему поиску (${what}):\n\n${list}\n\n` +
      (more > 0 ? `И ещё ${more} — все они на странице поиска:\n` : 'Все практики по этому поиску:\n') +
      `${searchLink}\n\n${footer(unsubscribeLink)}`,
    headers: unsubscribeHeaders(unsubscribeLink),
  };
}
