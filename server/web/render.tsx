/**
 * How a page route answers: `sendPage(request, reply, props, body)` wraps `body` in the layout with the
 * signed-in person taken from the request, renders it to a string and sends it as HTML.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { Layout, type LayoutProps } from './layout.js';

/** Everything the layout takes except what the request already tells (the user) and the body. */
export type PageProps = Omit<LayoutProps, 'user' | 'signIn' | 'children'>;

/** The full HTML document of a page. */
export function renderPage(request: FastifyRequest, props: PageProps, body: ComponentChildren): string {
  const user = request.session?.user ?? null;
  // «Войти» appears once the bank has a sign-in page: a link that leads to «page not found» helps nobody.
  const signIn = request.server.hasRoute({ method: 'GET', url: '/login' });
  return (
    '<!doctype html>' +
    render(
      <Layout {...props} user={user} signIn={signIn}>
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
    .send(renderPage(request, props, body));
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
