import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../server/app.js';
import { recordAdminAction, adminHistoryPage, SYSTEM_ACTOR } from '../../../server/history/admin.js';
import { call, signUp, tempDir, testConfig } from '../../helper.js';

let app: App;
const data = tempDir('bank-admin-home-');
beforeAll(async () => {
  app = await buildApp(testConfig({ DATA_DIR: data.dir }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  data.remove();
});

describe('the admin area', () => {
  it('shows an administrator the sections the bank has, and links the area from the header', async () => {
    const admin = await signUp(app, { roles: ['admin'] });
    const res = await call(app, admin, 'GET', '/admin');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Администрирование</h1>');
    expect(res.body).toContain('href="/admin/users"');
    expect(res.body).toContain('>Администрирование</a>');
  });

  it('refuses an author with a Russian page and hides the header link from them', async () => {
    const author = await signUp(app);
    const res = await call(app, author, 'GET', '/admin');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('только администраторам');
    const home = await call(app, author, 'GET', '/');
    expect(home.body).not.toContain('href="/admin"');
  });

  it('sends a visitor to sign in first', async () => {
    const res = await call(app, null, 'GET', '/admin', undefined, { accept: 'text/html' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin');
  });
});

describe('the admin history', () => {
  it('keeps every action newest first and refuses to rewrite one', () => {
    const db = app.bank.db;
    recordAdminAction(db, SYSTEM_ACTOR, { action: 'backup.taken', targetType: 'backup', summary: 'Копия 1' });
    recordAdminAction(db, SYSTEM_ACTOR, { action: 'backup.taken', targetType: 'backup', summary: 'Копия 2' });
    const [newest, older] = adminHistoryPage(db, { targetType: 'backup', limit: 2 });
    expect([newest?.summary, older?.summary]).toEqual(['Копия 2', 'Копия 1']);
    expect(adminHistoryPage(db, { targetType: 'backup', before: newest!.id, limit: 5 }).map((r) => r.summary)).toEqual([
      'Копия 1',
    ]);
    expect(() => db.$client.prepare("UPDATE admin_history SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM admin_history').run()).toThrow(/append-only/);
  });
});
