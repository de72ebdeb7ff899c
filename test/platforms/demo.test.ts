/** The demo catalogue's innovation platforms: present on a fresh start, marked as demo, linked to demo practices. */
import { describe, expect, it } from 'vitest';
import { call, useApp } from '../helper.js';

describe('the demo platforms', () => {
  const app = useApp({ DEMO_DATA: 'true' });

  it('are added with the demo catalogue, each marked as demo and linked to its practices', async () => {
    const list = (await call(app(), null, 'GET', '/api/v1/platforms?perPage=100')).json();
    expect(list.total).toBe(5);
    expect(list.items.every((p: { demo: boolean }) => p.demo)).toBe(true);
    expect(new Set(list.items.map((p: { level: string }) => p.level))).toEqual(
      new Set(['federal', 'regional', 'municipal']),
    );
    expect(list.items.every((p: { practiceCount: number }) => p.practiceCount >= 1)).toBe(true);
    const page = await call(app(), null, 'GET', `/platforms/${list.items[0].id}`);
    expect(page.body).toContain('Демонстрационная запись');
    const history = app()
      .bank.db.$client.prepare(
        `SELECT count(*) AS n FROM admin_history WHERE action = 'platform.created' AND actor_name = 'Демонстрационный каталог'`,
      )
      .get() as { n: number };
    expect(history.n).toBe(5);
  });
});
