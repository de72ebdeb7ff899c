/** The admin area's first page (`/admin`): its sections, each with a line on what an administrator does there. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access } from '../../../access/routes.js';
import { sendPage } from '../../render.js';
import { ADMIN } from './paths.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';

/** Every admin page's access: administrators only, no token. */
export const ADMINS_ONLY = access(['admin'], [], 'Этот раздел доступен только администраторам');

export const adminHomePage: FastifyPluginAsyncZod = async (app) => {
  app.get(ADMIN.home, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) => {
    const sections = availableSections(request);
    return sendPage(
      request,
      reply,
      { head: adminStyles, title: 'Администрирование' },
      <div class="admin">
        <h1>Администрирование</h1>
        <AdminNav sections={sections} current={ADMIN.home} />
        <ul class="admin-sections">
          {sections.map(({ href, label, hint }) => (
            <li>
              <a href={href}>{label}</a>
              <p class="hint">{hint}</p>
            </li>
          ))}
        </ul>
      </div>,
    );
  });
};
