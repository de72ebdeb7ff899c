/**
 * `/admin/backups`: the last backup (when, size, where, how many files), the schedule and retention in words, the
 * kept backups, and «Сделать копию сейчас». Restoring is a command-line job on a stopped bank (docs/operations-backup.md).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../../auth/plugin.js';
import type { KeptBackup } from '../../../backup/service.js';
import type { Config } from '../../../config.js';
import type { Services } from '../../../services.js';
import { Button, PostForm } from '../../components/forms.js';
import { formatDateTime } from '../../format.js';
import { redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { ADMINS_ONLY } from './home.js';
import { ADMIN } from './paths.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';

const megabytes = (bytes: number) =>
  `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;

/** «каждые 6 ч», «каждые 24 ч», «каждые 30 мин»: the schedule as an administrator reads it. */
function every(ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 2 * 86_400_000) return `каждые ${ms / 86_400_000} дн.`;
  if (ms % 3_600_000 === 0) return `каждые ${ms / 3_600_000} ч`;
  return `каждые ${Math.round(ms / 60_000)} мин`;
}

function Schedule({ settings }: { settings: Config['backup'] }) {
  if (!settings.dir)
    return (
      <p>
        Каталог для копий не задан (переменная <code>BACKUP_DIR</code>): банк сам копий не делает. Копию можно сделать
        командой <code>npm run backup -- КАТАЛОГ</code>.
      </p>
    );
  return (
    <p>
      Копии пишутся в <code>{settings.dir}</code>;{' '}
      {settings.everyMs
        ? `по расписанию — ${every(settings.everyMs)}`
        : 'по расписанию не делаются (BACKUP_EVERY не задан)'}
      ; хранятся {settings.keep} последних, более старые удаляются.
    </p>
  );
}

function Last({ backup }: { backup: KeptBackup | undefined }) {
  if (!backup) return <p>Копий ещё нет.</p>;
  return (
    <dl class="backup-last">
      <dt>Когда</dt>
      <dd>{formatDateTime(backup.takenAt)}</dd>
      <dt>Размер</dt>
      <dd>{megabytes(backup.totalBytes)}</dd>
      <dt>Файлов</dt>
      <dd>{backup.files}</dd>
      <dt>Где</dt>
      <dd>
        <code>{backup.dir}</code>
      </dd>
    </dl>
  );
}

export const adminBackupsPage: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { backups } = services;

  app.get(ADMIN.backups, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) => {
    const kept = await backups.list();
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      { head: adminStyles, title: 'Резервные копии' },
      <div class="admin">
        <h1>Резервные копии</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.backups} />
        <h2>Последняя копия</h2>
        <Last backup={kept[0]} />
        <h2>Расписание</h2>
        <Schedule settings={backups.settings} />
        {backups.settings.dir ? (
          <PostForm action={ADMIN.backups} csrf={csrf}>
            <Button>Сделать копию сейчас</Button>
          </PostForm>
        ) : null}
        <h2>Хранящиеся копии</h2>
        {kept.length === 0 ? (
          <p>Нет ни одной.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Копия</th>
                <th scope="col">Когда</th>
                <th scope="col">Размер</th>
                <th scope="col">Файлов</th>
              </tr>
            </thead>
            <tbody>
              {kept.map((b) => (
                <tr>
                  <td>
                    <code>{b.name}</code>
                  </td>
                  <td>{formatDateTime(b.takenAt)}</td>
                  <td>{megabytes(b.totalBytes)}</td>
                  <td>{b.files}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="hint">
          Как восстановить банк из копии, написано в <code>docs/operations-backup.md</code>.
        </p>
      </div>,
    );
  });

  app.post(ADMIN.backups, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    if (!backups.settings.dir)
      return redirectWithNotice(reply, ADMIN.backups, 'Копию сделать нельзя: не задан каталог BACKUP_DIR');
    const backup = await backups.takeNow({ userId: user.id, name: user.fullName });
    return redirectWithNotice(
      reply,
      ADMIN.backups,
      `Копия ${backup.name} сделана: ${megabytes(backup.totalBytes)}, файлов: ${backup.files}`,
    );
  });
};
