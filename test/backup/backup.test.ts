import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { BackupRefused } from '../../server/backup/manifest.js';
import { restoreBackup } from '../../server/backup/restore.js';
import { createBackupService } from '../../server/backup/service.js';
import { takeSnapshot } from '../../server/backup/snapshot.js';
import { SYSTEM_ACTOR } from '../../server/history/admin.js';
import { allSearchDocuments } from '../../server/search-api/documents.js';
import { call, rows, signUp, tempDir, testConfig, type Client } from '../helper.js';
import { act, completeDraft, draftBy } from '../moderation/fixtures.js';
import { makePdf, multipart } from '../support/files.js';
import { silentLogger } from '../support/logger.js';

const scratch = tempDir('bank-backup-');
const dataDir = path.join(scratch.dir, 'data');
const backupDir = path.join(scratch.dir, 'scheduled');
let app: App;
let practiceId: number;
let registryNumber: string;
let fileUrl: string;
const pdf = makePdf([['Mnemotekhnika plan zanyatiy']]);

/** A bank over a database file (a backup reads a real file) with one published practice and its PDF. */
beforeAll(async () => {
  const config = testConfig({ DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_KEEP: '2' });
  app = await buildApp({ ...config, databasePath: path.join(dataDir, 'bank.db') });
  await app.ready();
  const { author, id } = await completeDraft(app);
  const { body, contentType } = multipart([{ name: 'План.pdf', data: pdf }]);
  const uploaded = await app.inject({
    method: 'POST',
    url: `/api/v1/practices/${id}/attachments`,
    payload: body,
    headers: { 'content-type': contentType, cookie: author.cookie, 'x-csrf-token': author.csrf },
  });
  expect(uploaded.statusCode).toBe(201);
  fileUrl = uploaded.json().items[0].url;
  const moderator = await signUp(app, { roles: ['moderator'] });
  await act(app, author, id, 'submit');
  await act(app, moderator, id, 'claim');
  expect((await act(app, moderator, id, 'approve')).statusCode).toBe(200);
  // The file's text and preview are made in the background: finished now, so the bank stays still while compared.
  await app.bank.services.jobs.drain();
  practiceId = id;
  registryNumber = (await call(app, null, 'GET', `/api/v1/practices/${id}`)).json().registryNumber;
  expect(registryNumber).toMatch(/^67-\d{4}-\d{4}$/);
});
afterAll(async () => {
  await app.close();
  scratch.remove();
});

/** Counters a read bumps (views, downloads) are left out: reading the bank to compare it must not differ it. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'views' && key !== 'downloads')
        .map(([key, v]) => [key, stable(v)]),
    );
  return value;
}

/** What several public endpoints answer: the practice list, a practice, search, its files and a file's bytes. */
async function answers(bank: App) {
  const json = async (url: string) => {
    const res = await call(bank, null, 'GET', url);
    expect(res.statusCode, url).toBe(200);
    return stable(res.json());
  };
  const file = await call(bank, null, 'GET', fileUrl);
  return {
    list: await json('/api/v1/search?sort=newest'),
    practice: await json(`/api/v1/practices/${practiceId}`),
    registry: await json(`/api/v1/registry/${registryNumber}`),
    search: await json('/api/v1/search?q=мнемотехники'),
    attachments: await json(`/api/v1/practices/${practiceId}/attachments`),
    file: { status: file.statusCode, type: file.headers['content-type'], bytes: file.rawPayload.toString('base64') },
  };
}

async function restoredBank(dir: string): Promise<App> {
  const config = testConfig({ DATA_DIR: dir });
  const bank = await buildApp({ ...config, databasePath: path.join(dir, 'bank.db') });
  await bank.ready();
  // What `npm run restore` does after copying: the search index is rebuilt from the database.
  const { engine, vocabularies } = bank.bank.services;
  await engine.reindex(allSearchDocuments(bank.bank.db, vocabularies));
  return bank;
}

/** A directory's entries; none when it does not exist yet (the first backup creates it). */
const listed = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

const quietBackup = async (name: string) => {
  const dir = path.join(scratch.dir, name);
  await takeSnapshot(app.bank.db, app.bank.services.store, dir);
  return dir;
};

describe('backup and restore', () => {
  it('restores a backup taken while writes run to a bank that answers the same', async () => {
    const before = await answers(app);
    const writer: Client = await signUp(app);
    const draftsAtStart = rows(app, 'practices');
    const events: string[] = [];
    let done = false;
    const taking = takeSnapshot(app.bank.db, app.bank.services.store, path.join(scratch.dir, 'live'), {
      pagesPerStep: 2,
      onProgress: () => void events.push('step'),
    }).finally(() => (done = true));
    let n = 0;
    while (!done) {
      n += 1;
      await draftBy(app, writer, `Черновик, написанный во время копирования ${n}`);
      events.push('write');
    }
    const manifest = await taking;
    // The writes really ran between the backup's steps, not before or after it.
    expect(events.join(' ')).toMatch(/step.*write.*step/);
    const draftsAtEnd = rows(app, 'practices');
    expect(draftsAtEnd).toBeGreaterThan(draftsAtStart);

    const target = path.join(scratch.dir, 'restored');
    await restoreBackup(path.join(scratch.dir, 'live'), target);
    const restored = await restoredBank(target);
    try {
      expect(await answers(restored)).toEqual(before);
      const sqlite = restored.bank.db.$client;
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      // A moment of the live bank: some of the drafts written meanwhile, each whole.
      const kept = rows(restored, 'practices');
      expect(kept).toBeGreaterThanOrEqual(draftsAtStart);
      expect(kept).toBeLessThanOrEqual(draftsAtEnd);
      // The PDF (and its preview, once made) and nothing else.
      expect(manifest.files.length).toBeGreaterThanOrEqual(1);
      expect(manifest.migration.count).toBeGreaterThan(20);
      const prefixes = [...new Set(manifest.files.map((f) => f.path.split('/')[1]))].sort();
      expect(readdirSync(path.join(target, 'files')).sort()).toEqual(prefixes);
    } finally {
      await restored.close();
    }
  });

  describe('refuses a damaged or incomplete backup, writing nothing', () => {
    let good: string;
    beforeAll(async () => {
      good = await quietBackup('good');
    });
    const damaged = (name: string, harm: (dir: string, manifest: { files: { path: string }[] }) => void) => {
      const dir = path.join(scratch.dir, name);
      cpSync(good, dir, { recursive: true });
      harm(dir, JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
      return dir;
    };
    const refused = async (dir: string, reason: RegExp) => {
      const target = path.join(scratch.dir, `${path.basename(dir)}-target`);
      const error = await restoreBackup(dir, target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupRefused);
      expect((error as Error).message).toMatch(reason);
      expect(readdirSync(scratch.dir)).not.toContain(path.basename(target));
    };

    it('one byte changed in a file', () =>
      refused(
        damaged('flipped', (dir, m) => {
          const file = path.join(dir, m.files[0]!.path);
          const bytes = readFileSync(file);
          bytes[100] = bytes[100]! ^ 0xff;
          writeFileSync(file, bytes);
        }),
        /содержимое повреждено/,
      ));
    it('one byte changed in the database', () =>
      refused(
        damaged('flipped-db', (dir) => {
          const file = path.join(dir, 'bank.db');
          const bytes = readFileSync(file);
          bytes[5000] = bytes[5000]! ^ 0x01;
          writeFileSync(file, bytes);
        }),
        /bank\.db: содержимое повреждено/,
      ));
    it('a file missing', () =>
      refused(
        damaged('missing', (dir, m) => rmSync(path.join(dir, m.files[0]!.path))),
        /файла нет/,
      ));
    it('the manifest edited', () =>
      refused(
        damaged('edited', (dir) => {
          const file = path.join(dir, 'manifest.json');
          writeFileSync(file, readFileSync(file, 'utf8').replace(/"takenAt": "\d{4}/, '"takenAt": "1999'));
        }),
        /manifest\.json изменён/,
      ));
    it('the manifest missing (an unfinished backup)', () =>
      refused(
        damaged('unfinished', (dir) => rmSync(path.join(dir, 'manifest.json'))),
        /нет manifest\.json/,
      ));
    it('a file left out of the manifest and the backup alike', () =>
      refused(
        damaged('left-out', (dir, m) => {
          rmSync(path.join(dir, m.files[0]!.path));
          const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
          manifest.files = [];
          writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
        }),
        /manifest\.json изменён/,
      ));

    it('into a data directory that is not empty', async () => {
      const target = path.join(scratch.dir, 'occupied');
      cpSync(good, target, { recursive: true });
      const before = readdirSync(target).sort();
      await expect(restoreBackup(good, target)).rejects.toThrow(/не пуст/);
      expect(readdirSync(target).sort()).toEqual(before);
    });
  });

  it('keeps exactly the newest BACKUP_KEEP backups and records each in the admin history', async () => {
    let t = new Date('2026-11-30T03:00:00Z').getTime();
    const dir = path.join(scratch.dir, 'kept');
    const backups = createBackupService({
      db: app.bank.db,
      store: app.bank.services.store,
      settings: { dir, everyMs: undefined, keep: 2 },
      log: silentLogger,
      now: () => new Date(t),
    });
    const history = rows(app, 'admin_history');
    for (let i = 0; i < 4; i++) {
      await backups.takeNow(SYSTEM_ACTOR);
      t += 60 * 60_000;
    }
    expect(readdirSync(dir).sort()).toEqual(['bank-20261130-050000', 'bank-20261130-060000']);
    expect((await backups.list()).map((b) => b.name)).toEqual(['bank-20261130-060000', 'bank-20261130-050000']);
    expect(rows(app, 'admin_history')).toBe(history + 4);
    const last = app.bank.db.$client
      .prepare(
        "SELECT actor_name, action, target_type, summary FROM admin_history WHERE action = 'backup.taken' ORDER BY id DESC",
      )
      .get() as Record<string, string>;
    expect(last).toMatchObject({ actor_name: 'Система', target_type: 'backup' });
    expect(last.summary).toMatch(/^Резервная копия bank-20261130-060000: \d+ файл/);
  });

  it('stops the sweep while a backup holds the files', async () => {
    const release = await app.bank.services.store.holdSweep();
    try {
      expect(await app.bank.services.store.sweep(() => false, Date.now() + 10 * 60 * 60_000)).toBe(0);
    } finally {
      await release();
    }
  });
});

describe('/admin/backups', () => {
  it('shows the last backup, the schedule in words and the kept backups to an admin, and takes one on request', async () => {
    const admin = await signUp(app, { roles: ['admin'] });
    const empty = await call(app, admin, 'GET', '/admin/backups', undefined, { accept: 'text/html' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Копий ещё нет');
    expect(empty.body).toContain('хранятся 2 последних');
    expect(empty.body).toContain('Сделать копию сейчас');
    const form = new URLSearchParams({ _csrf: admin.csrf }).toString();
    const taken = await app.inject({
      method: 'POST',
      url: '/admin/backups',
      payload: form,
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': admin.csrf,
      },
    });
    expect(taken.statusCode).toBe(303);
    const names = listed(backupDir);
    expect(names).toHaveLength(1);
    const page = await call(app, admin, 'GET', '/admin/backups', undefined, { accept: 'text/html' });
    expect(page.body).toContain(names[0]);
    expect(page.body).toContain(path.join(backupDir, names[0]!));
    expect(page.body).not.toContain('Копий ещё нет');
  });

  it('refuses non-admins with 403 and takes no backup for them', async () => {
    const author = await signUp(app);
    const before = listed(backupDir);
    const history = rows(app, 'admin_history');
    expect((await call(app, author, 'GET', '/admin/backups')).statusCode).toBe(403);
    const res = await app.inject({
      method: 'POST',
      url: '/admin/backups',
      payload: '',
      headers: {
        cookie: author.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': author.csrf,
      },
    });
    expect(res.statusCode).toBe(403);
    expect(listed(backupDir)).toEqual(before);
    expect(rows(app, 'admin_history')).toBe(history);
  });
});

describe('the backup database copy', () => {
  it('is a single self-contained file (no WAL beside it)', async () => {
    const dir = await quietBackup('self-contained');
    const sqlite = new Database(path.join(dir, 'bank.db'), { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('delete');
    sqlite.close();
    expect(readdirSync(dir).sort()).toEqual(['bank.db', 'files', 'manifest.json']);
  });
});
