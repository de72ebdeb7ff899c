/**
 * The admin history (`/admin/history`): what administrators did, newest first, filtered by the kind of thing acted
 * on (and one thing, from an account's or organisation's page); «Ранее» pages on by the last id shown.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HISTORY_TARGETS, historyQuery } from '../../../admin/schemas.js';
import type { Db } from '../../../db/client.js';
import { adminHistoryPage } from '../../../history/admin.js';
import { sendPage } from '../../render.js';
import { formatDateTime } from '../workspace/account-forms.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const PER_PAGE = 50;
const targetLabel = (type: string) => (HISTORY_TARGETS as Record<string, string>)[type] ?? type;

export const adminHistoryPages: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    ADMIN.history,
    { config: ADMINS_ONLY, schema: { hide: true, querystring: historyQuery.omit({ limit: true }) } },
    async (request, reply) => {
      const { targetType, targetId, before } = request.query;
      // One more than shown: whether an older page exists.
      const rows = adminHistoryPage(db, { targetType, targetId, before, limit: PER_PAGE + 1 });
      const shown = rows.slice(0, PER_PAGE);
      const older =
        rows.length > PER_PAGE
          ? `${ADMIN.history}?${new URLSearchParams({
              ...(targetType ? { targetType } : {}),
              ...(targetId ? { targetId } : {}),
              before: String(shown.at(-1)!.id),
            })}`
          : undefined;
      return sendPage(
        request,
        reply,
        { head: adminStyles, title: 'Журнал администрирования' },
        <div class="admin">
          <h1>Журнал администрирования</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.history} />
          <form method="get" action={ADMIN.history} class="admin-search">
            <label for="targetType">Что меняли</label>
            <select id="targetType" name="targetType">
              <option value="">Всё</option>
              {Object.entries(HISTORY_TARGETS).map(([value, label]) => (
                <option value={value} selected={value === targetType}>
                  {label}
                </option>
              ))}
            </select>
            <button class="button" type="submit">
              Показать
            </button>
          </form>
          {targetId && targetType ? (
            <p>
              Показаны записи об одном объекте ({targetLabel(targetType).toLowerCase()}, № {targetId}).{' '}
              <a href={`${ADMIN.history}?targetType=${encodeURIComponent(targetType)}`}>Показать все</a>
            </p>
          ) : null}
          {shown.length === 0 ? (
            <p>{before ? 'Более ранних записей нет.' : 'Записей пока нет.'}</p>
          ) : (
            <ol class="admin-history">
              {shown.map((entry) => (
                <li>
                  <p>{entry.summary}</p>
                  <p class="hint">
                    <time datetime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time> · {entry.actorName} ·{' '}
                    {targetLabel(entry.targetType)}
                  </p>
                </li>
              ))}
            </ol>
          )}
          {older ? (
            <p>
              <a href={older}>Ранее</a>
            </p>
          ) : null}
        </div>,
      );
    },
  );
};
