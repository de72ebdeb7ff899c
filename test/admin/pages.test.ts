import { describe, expect, it } from 'vitest';
import { rows, signUp, useApp } from '../helper.js';

const HTML = { accept: 'text/html' };
const FORM = { ...HTML, 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('admin pages', () => {
  const app = useApp();
  const page = async (url: string, cookie?: string) =>
    app().inject({ url, headers: { ...HTML, ...(cookie ? { cookie } : {}) } });
  const post = async (url: string, client: { cookie: string; csrf: string }, fields: Record<string, string> = {}) =>
    app().inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: client.cookie },
      payload: form({ _csrf: client.csrf, ...fields }),
    });

  it('shows every section to an admin with the menu, and refuses others with a Russian page', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const teacher = await signUp(app());
    for (const url of [
      '/admin/users',
      `/admin/users/${teacher.userId}`,
      '/admin/tokens',
      '/admin/organizations',
      '/admin/history',
    ]) {
      const res = await page(url, admin.cookie);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('aria-label="Разделы администрирования"');
      const refused = await page(url, teacher.cookie);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.body).toContain('только администраторам');
    }
  });

  it('lists likely duplicates on the directory page and refuses a wrong INN beside its field', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const { organizations } = app().bank.services;
    const kept = organizations.create({
      name: 'МБДОУ «Детский сад № 7 «Ромашка»»',
      type: 'preschool',
      municipality: 'smolensk',
    });
    organizations.create({
      name: 'МБДОУ детский сад №7 Ромашка г. Смоленска',
      type: 'preschool',
      municipality: 'smolensk',
    });
    const list = await page('/admin/organizations', admin.cookie);
    expect(list.body).toContain('Похоже на дубли');
    const id = kept.organization.id;
    const history = rows(app(), 'admin_history');
    const bad = await post(`/admin/organizations/${id}`, admin, {
      name: 'МБДОУ «Детский сад № 7 «Ромашка»»',
      shortName: '',
      type: 'preschool',
      municipality: 'smolensk',
      inn: '6731000343',
      address: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="inn-error"');
    expect(bad.body).toContain('контрольной цифры');
    expect(rows(app(), 'admin_history')).toBe(history);
    const good = await post(`/admin/organizations/${id}`, admin, {
      name: 'МБДОУ «Детский сад № 7 «Ромашка»»',
      shortName: 'Д/с № 7',
      type: 'preschool',
      municipality: 'smolensk',
      inn: '6731000342',
      address: 'г. Смоленск, ул. Ленина, 1',
    });
    expect(good.statusCode).toBe(303);
    expect(organizations.get(id).inn).toBe('6731000342');
  });

  it('shows a new token once, in the notice, and revokes it', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const issued = await post('/admin/tokens', admin, { name: 'Сайт управления образования', scope: 'moderate' });
    expect(issued.statusCode).toBe(303);
    const notice = issued.cookies.find((c) => c.name === 'pb_notice')!;
    const shown = await page('/admin/tokens', `${admin.cookie}; pb_notice=${notice.value}`);
    const token = /pb_[A-Za-z0-9_-]{20,}/.exec(shown.body)?.[0];
    expect(token).toBeDefined();
    expect((await page('/admin/tokens', admin.cookie)).body).not.toContain(token);
    const empty = await post('/admin/tokens', admin, { name: '', scope: 'moderate' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="name-error"');
    const id = app().bank.services.tokens.list()[0]!.id;
    expect((await post(`/admin/tokens/${id}/revoke`, admin)).statusCode).toBe(303);
    expect(app().bank.services.tokens.list()[0]!.revokedAt).not.toBeNull();
  });

  it('comes back with the reason when the last admin would lose the role', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const roles = (id: number) => app().bank.services.adminUsers.account(id).roles;
    const others = app()
      .bank.services.auth.listAccounts()
      .filter((u) => u.roles.includes('admin') && u.id !== admin.userId);
    for (const other of others) await post(`/admin/users/${other.id}/roles`, admin, { role: 'admin', grant: '0' });
    const refused = await post(`/admin/users/${admin.userId}/roles`, admin, { role: 'admin', grant: '0' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('хотя бы один администратор');
    expect(roles(admin.userId)).toContain('admin');
    const bad = await post(`/admin/users/${admin.userId}/roles`, admin, { role: 'king', grant: '1' });
    expect(bad.statusCode).toBe(400);
    for (const other of others) await post(`/admin/users/${other.id}/roles`, admin, { role: 'admin', grant: '1' });
  });
});
