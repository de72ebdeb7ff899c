/**
 * The one layout every page shares: a skip link, the header (the bank's name, a search box, «Войти» or the
 * signed-in person), the page itself in `<main>`, and the footer. Styles and scripts are files, never inline.
 */
import type { ComponentChildren, VNode } from 'preact';
import { asset } from './assets.js';
import { count, type Forms } from './format.js';
import { ADMIN } from './pages/admin/paths.js';
import { WORKSPACE } from './pages/workspace/paths.js';

export const SITE_NAME = 'Банк инновационных практик Смоленской области';

/** What the layout needs to know about the page it wraps. */
export interface LayoutProps {
  /** The page's own title; the bank's name is added after it. */
  title: string;
  description?: string;
  /** The signed-in person, or null for a visitor. */
  user: MenuUser | null;
  /** Which of the header's links lead somewhere on this bank. */
  links: MenuLinks;
  /** A one-line notice left by the form that led here («Черновик сохранён»). */
  notice?: string | undefined;
  /** The query to keep in the header's search box; `false` hides the box (the search page has its own). */
  query?: string | false;
  /** Extra `<head>` content: OpenGraph tags, JSON-LD, a canonical link. */
  head?: ComponentChildren;
  /** Static scripts (names under `server/web/static/`) the page enhances itself with. */
  scripts?: string[];
  children: ComponentChildren;
}

/**
 * The search box: a plain GET form to `/`, so it works without JavaScript. `inForm` renders only the box, for a
 * page whose own form (with filters) already wraps it — forms cannot nest.
 */
export function SearchBox({
  query = '',
  id = 'site-search',
  inForm = false,
}: {
  query?: string;
  id?: string;
  inForm?: boolean;
}) {
  const Wrapper = inForm ? 'div' : 'form';
  return (
    <Wrapper class="search" role="search" {...(inForm ? {} : { action: '/', method: 'get' })}>
      <label class="visually-hidden" for={id}>
        Поиск практик
      </label>
      <input id={id} name="q" type="search" value={query} maxLength={200} placeholder="ТРИЗ, ДОУ, робототехника…" />
      <button class="button" type="submit">
        Найти
      </button>
    </Wrapper>
  );
}

/** The signed-in person as the header shows them; `csrf` lets the sign-out button post. */
export interface MenuUser {
  fullName: string;
  roles: readonly string[];
  csrf: string;
  /** Their unread notifications, for the bell. */
  unread: number;
  /** Set while their address is not confirmed: where the letter went and the page to come back to. */
  confirm?: { email: string; here: string } | undefined;
}

/** Every page reminds a person whose address is not confirmed why they cannot write yet, and offers a new letter. */
function ConfirmBanner({ email, here, csrf }: { email: string; here: string; csrf: string }) {
  return (
    <div class="notice warning" id="confirm-banner">
      <p>
        <strong>Подтвердите адрес: письмо отправлено на {email}.</strong> Откройте ссылку из него — до этого можно
        читать, но нельзя создавать и изменять практики.
      </p>
      <form method="post" action={WORKSPACE.confirmResend}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={here} />
        <button class="button secondary" type="submit">
          Отправить письмо ещё раз
        </button>
      </form>
    </div>
  );
}

/** What the header links to; a link appears once the bank has the page behind it. */
export interface MenuLinks {
  signIn: boolean;
  signOut: boolean;
  my: boolean;
  moderation: boolean;
  /** The keepers' desk of collections. */
  curation?: boolean;
  admin: boolean;
  notifications: boolean;
}

const UNREAD: Forms = { one: 'непрочитанное', few: 'непрочитанных', many: 'непрочитанных' };

/** «Уведомления: 3 непрочитанных» — the bell's name for a screen reader, the count in words it reads well. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Уведомления: ${count(unread, UNREAD)}` : 'Уведомления: новых нет';
}

/** The bell: always in sight (a phone too), the count as a badge; its accessible name says the count in words. */
function Bell({ unread }: { unread: number }) {
  return (
    <a class={unread > 0 ? 'bell has-unread' : 'bell'} href={WORKSPACE.notifications}>
      <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 2.5a6 6 0 0 0-6 6v3.3l-1.8 3.1A1.1 1.1 0 0 0 5.2 16.5h13.6a1.1 1.1 0 0 0 1-1.6L18 11.8V8.5a6 6 0 0 0-6-6Zm-2.6 15.5a2.7 2.7 0 0 0 5.2 0Z"
        />
      </svg>
      <span class="bell-word" aria-hidden="true">
        Уведомления
      </span>
      {unread > 0 ? (
        <span class="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
      <span class="visually-hidden">{bellLabel(unread)}</span>
    </a>
  );
}

/** The person's links, the same list in the wide header and in the phone's «Меню». */
function PersonalLinks({ user, links }: { user: MenuUser; links: MenuLinks }) {
  return (
    <>
      {links.my ? (
        <li>
          <a href={WORKSPACE.my}>Мои практики</a>
        </li>
      ) : null}
      {links.moderation && user.roles.some((role) => role === 'moderator' || role === 'admin') ? (
        <li>
          <a href={WORKSPACE.moderation}>Модерация</a>
        </li>
      ) : null}
      {links.curation && user.roles.some((role) => role === 'curator' || role === 'moderator') ? (
        <li>
          <a href={WORKSPACE.curation}>Подборки</a>
        </li>
      ) : null}
      {links.admin && user.roles.includes('admin') ? (
        <li>
          <a href={ADMIN.home}>Администрирование</a>
        </li>
      ) : null}
      <li>
        <a class="person" href={WORKSPACE.account} title={user.fullName}>
          {user.fullName}
        </a>
      </li>
      {links.signOut ? (
        <li>
          <form method="post" action="/logout">
            <input type="hidden" name="_csrf" value={user.csrf} />
            <button class="link-button" type="submit">
              Выйти
            </button>
          </form>
        </li>
      ) : null}
    </>
  );
}

/**
 * The signed-in person's menu. A wide screen shows the links in a row; a phone shows the bell and «Меню», a
 * `<details>` that opens without JavaScript. The list is written twice and CSS shows one (the other is
 * `display: none`, so neither a screen reader nor Tab meets it twice): a closed `<details>` cannot be opened by
 * CSS on a wide screen in every browser a school has.
 */
function UserMenu({ user, links }: { user: MenuUser | null; links: MenuLinks }) {
  if (!user)
    return links.signIn ? (
      <ul class="user-menu">
        <li>
          <a href={WORKSPACE.login}>Войти</a>
        </li>
      </ul>
    ) : null;
  return (
    <nav class="user-nav" aria-label="Личное меню">
      {links.notifications ? <Bell unread={user.unread} /> : null}
      <ul class="user-menu menu-wide">
        <PersonalLinks user={user} links={links} />
      </ul>
      <details class="menu-narrow">
        <summary>Меню</summary>
        <ul class="user-menu">
          <PersonalLinks user={user} links={links} />
        </ul>
      </details>
    </nav>
  );
}

/** The whole document for a page. */
export function Layout({
  title,
  description,
  user,
  links,
  notice,
  query = '',
  head,
  scripts = [],
  children,
}: LayoutProps): VNode {
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${SITE_NAME}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={asset('site.css')} />
        <link rel="stylesheet" href={asset('print.css')} media="print" />
        {head}
        {scripts.map((name) => (
          <script src={asset(name)} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Перейти к содержанию
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="/">
              <img src={asset('favicon.svg')} alt="" width={32} height={32} />
              <span>{SITE_NAME}</span>
            </a>
            {query === false ? null : <SearchBox query={query} />}
            <UserMenu user={user} links={links} />
          </div>
        </header>
        <main id="main" tabindex={-1} class="wrap">
          {user?.confirm ? <ConfirmBanner {...user.confirm} csrf={user.csrf} /> : null}
          {notice ? (
            <div class="notice success" role="status">
              <p>{notice}</p>
            </div>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {SITE_NAME} — открытый реестр педагогических практик. Его ведёт ГАУ ДПО «Смоленский областной институт
              развития образования» (СОИРО): практики публикуются после экспертизы, у каждой есть постоянный номер в
              реестре и готовая библиографическая ссылка.
            </p>
            <ul>
              <li>
                <a href="/">Поиск практик</a>
              </li>
              <li>
                <a href="/collections">Подборки практик</a>
              </li>
              <li>
                <a href="/stats">Статистика</a>
              </li>
              <li>
                <a href="/map">Карта области</a>
              </li>
              <li>
                <a href="/docs">API для разработчиков</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
