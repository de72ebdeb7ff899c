/**
 * The admin area's menu, on every admin page: links, not script-driven tabs. A section is listed once the bank
 * has its page, like the header's links: a link to «page not found» helps nobody.
 */
import type { FastifyRequest } from 'fastify';
import { asset } from '../../assets.js';
import { ADMIN_SECTIONS, type AdminSection } from './paths.js';

/** The sections whose pages this bank serves. */
export function availableSections(request: FastifyRequest): AdminSection[] {
  return ADMIN_SECTIONS.filter(({ href }) => request.server.hasRoute({ method: 'GET', url: href }));
}

/** The admin pages' own styles, for the layout's `head`. */
export const adminStyles = <link rel="stylesheet" href={asset('admin.css')} />;

/** The menu with the current section marked; `current` is the section's address. */
export function AdminNav({ sections, current }: { sections: AdminSection[]; current?: string }) {
  return (
    <nav class="admin-nav" aria-label="Разделы администрирования">
      <ul>
        {sections.map(({ href, label }) => (
          <li>
            <a href={href} {...(href === current ? { 'aria-current': 'page' as const } : {})}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
