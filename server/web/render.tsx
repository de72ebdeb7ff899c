/**
 * How a page route answers: `sendPage(request, reply, props, body)` wraps `body` in the layout with the
 * signed-in person and the header's links taken from the request, renders it to a string and sends it as HTML.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { takeNotice } from './forms.js';
import { Layout, type LayoutProps } from './layout.js';

/** Everything the layout takes except what the request already tells (the user, the links, the notice). */
export type PageProps = Omit<LayoutProps, 'user' | 'links' | 'notice' | 'children'>;

/** The full HTML document of a page; `notice` is the one-line message a form's redirect left for it. */
export function renderPage(
  request: FastifyRequest,
  props: PageProps,
  body: ComponentChildren,
  notice?: string,
): string {
  const session = request.session;
  // A link appears once the bank has the page behind it: a link that leads to «page not found» helps nobody.
  const has = (url: string, method: 'GET' | 'POST' = 'GET') => request.server.hasRoute({ method, url });
  const links = {
    signIn: has('/login'),
    signOut: has('/logout', 'POST'),
    my: has('/my'),
    moderation: has('/moderation'),
    curation: has('/curation'),
    admin: has('/admin'),
    notifications: has('/notifications'),
  };
  const user = session
    ? {
        fullName: session.user.fullName,
        roles: session.user.roles,
        csrf: session.csrfToken,
        // One query on a partial index of unread rows (notifications_unread), for the bell on every page.
        unread: links.notifications ? request.server.bank.services.notifications.unreadCount(session.user.id) : 0,
        confirm: session.user.emailConfirmed ? undefined : { email: session.user.email, here: request.url },
      }
    : null;
  return (
    '<!doctype html>' +
    render(
      <Layout {...props} user={user} links={links} notice={notice}>
        {body}
      </Layout>,
    )
  );
}

/** Sends a page with `status` (200 unless said); pages are never cached by shared caches: they may name the user. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  props: PageProps,
  body: ComponentChildren,
  status = 200,
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .send(renderPage(request, props, body, takeNotice(request, reply)));
}

/**
 * HTML that is already safe (escaped highlights, sanitised Markdown) placed as it is. The only way around
 * escaping, so a reviewer can find every use.
 */
export function Raw({
  html,
  as: Tag = 'div',
  class: className,
}: {
  html: string;
  as?: 'div' | 'span' | 'p';
  class?: string;
}) {
  return <Tag class={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
