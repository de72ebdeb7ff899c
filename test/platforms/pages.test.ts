/** The platforms' pages: the public list and page, the organisation and practice pages, and the keepers' forms. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, rows, useApp } from '../helper.js';
import { makePdf } from '../support/files.js';
import { importPractice } from '../support/published.js';
import { makePlatform, makeWorld, postFile, postForm, type PlatformWorld } from './world.js';

const app = useApp();
let world: PlatformWorld;

beforeAll(async () => {
  world = await makeWorld(app());
});

const validForm = (overrides: Record<string, string> = {}) => ({
  organization: 'МБДОУ Детский сад №80 "Гнёздышко"',
  theme: 'Ранняя профориентация дошкольников',
  level: 'municipal',
  status: 'active',
  yearFrom: '2025',
  yearTo: '2027',
  orderNumber: '15-п',
  orderDate: '2025-01-20',
  orderIssuer: 'Управление образования Администрации города Смоленска',
  description: '',
  ...overrides,
});

describe('the public pages', () => {
  it('lists platforms with filters that work without JavaScript, and pages through them', async () => {
    const active = makePlatform(app(), world.organizationId, { theme: 'Музейная педагогика в детском саду' });
    makePlatform(app(), world.organizationId, { theme: 'Шахматы в детском саду', status: 'completed' });
    const page = await call(app(), null, 'GET', '/platforms?q=музейная&status=active&municipality=smolensk');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form class="filters" action="/platforms" method="get"');
    expect(page.body).toContain(`href="/platforms/${active.id}"`);
    expect(page.body).not.toContain('Шахматы в детском саду');
    expect(page.body).toContain('Найдено: 1 площадка');
    const completed = await call(app(), null, 'GET', '/platforms?status=completed');
    expect(completed.body).toContain('Шахматы в детском саду');
    expect(completed.body).not.toContain('Музейная педагогика');
    for (let i = 0; i < 21; i += 1) makePlatform(app(), world.organizationId, { theme: `Площадка для страниц ${i}` });
    const second = await call(app(), null, 'GET', '/platforms?q=страниц&page=2');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Найдено: 21 площадка');
    expect((await call(app(), null, 'GET', '/platforms?q=страниц&page=9')).statusCode).toBe(404);
    expect((await call(app(), null, 'GET', '/platforms?level=galactic')).statusCode).toBe(400);
  });

  it('shows a platform with its organisation, order, practices and reports, and links both ways', async () => {
    const practice = importPractice(app());
    const platform = makePlatform(app(), world.organizationId, { theme: 'Детский сад — территория здоровья' });
    app().bank.services.platforms.update({ userId: null, name: 'Тест' }, platform.id, {
      addPractices: [practice.number],
    });
    const page = await call(app(), null, 'GET', `/platforms/${platform.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/organizations/${world.organizationId}"`);
    expect(page.body).toContain('от 30 августа 2024 г., Министерство образования и науки Смоленской области');
    expect(page.body).toContain(`href="/practices/${practice.number}"`);
    expect(page.body).toContain('Отчёты площадки ещё не загружены');
    expect(page.body).not.toContain('Изменить площадку');

    const org = await call(app(), null, 'GET', `/organizations/${world.organizationId}`);
    expect(org.body).toContain('<h2>Инновационные площадки</h2>');
    expect(org.body).toContain(`href="/platforms/${platform.id}"`);
    const practicePage = await call(app(), null, 'GET', `/practices/${practice.number}`);
    expect(practicePage.body).toContain('Практика площадки');
    expect(practicePage.body).toContain('Детский сад — территория здоровья');
    expect((await call(app(), null, 'GET', '/platforms/999999')).statusCode).toBe(404);
  });
});

describe('the keepers’ forms', () => {
  it('refuses a teacher every form and writes nothing', async () => {
    const before = rows(app(), 'platforms');
    const platform = makePlatform(app(), world.organizationId);
    expect((await call(app(), world.teacher, 'GET', '/platforms/new')).statusCode).toBe(403);
    const post = await postForm(app(), world.teacher, '/platforms/new', validForm());
    expect(post.statusCode).toBe(403);
    const edit = await postForm(
      app(),
      world.teacher,
      `/platforms/${platform.id}/edit`,
      validForm({ status: 'terminated' }),
    );
    expect(edit.statusCode).toBe(403);
    expect((await call(app(), world.teacher, 'GET', '/platforms/import')).statusCode).toBe(403);
    expect(rows(app(), 'platforms')).toBe(before + 1);
    expect(app().bank.services.platforms.get(platform.id).status).toBe('active');
    expect((await call(app(), null, 'GET', '/platforms/new')).statusCode).toBe(401);
  });

  it('adds a platform from the form, finding the organisation by a loosely written name', async () => {
    const history = rows(app(), 'admin_history');
    const res = await postForm(app(), world.moderator, '/platforms/new', validForm());
    expect(res.statusCode).toBe(303);
    const id = Number(/\/platforms\/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const platform = app().bank.services.platforms.get(id);
    expect(platform).toMatchObject({ level: 'municipal', yearTo: 2027 });
    expect(platform.organization.id).toBe(world.organizationId);
    expect(rows(app(), 'admin_history')).toBe(history + 1);
  });

  it('answers bad input with the form, Russian errors beside the fields, and nothing written', async () => {
    const before = rows(app(), 'platforms');
    const res = await postForm(
      app(),
      world.moderator,
      '/platforms/new',
      validForm({ organization: 'Школа, которой нет', yearFrom: '2027', yearTo: '2025', orderDate: '2025-02-30' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Проверьте, пожалуйста, форму');
    expect(res.body).toContain('Год окончания не может быть раньше года начала');
    expect(res.body).toContain('Такой даты нет в календаре');
    const unknown = await postForm(
      app(),
      world.moderator,
      '/platforms/new',
      validForm({ organization: 'Школа, которой нет', theme: 'Новая тема' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Организации «Школа, которой нет» нет в справочнике');
    expect(rows(app(), 'platforms')).toBe(before);
  });

  it('changes the status from the edit form and records it in admin_history', async () => {
    const platform = makePlatform(app(), world.organizationId);
    const edit = await call(app(), world.admin, 'GET', `/platforms/${platform.id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Сохранить изменения');
    const res = await postForm(app(), world.admin, `/platforms/${platform.id}/edit`, {
      ...validForm({ status: 'terminated' }),
      theme: platform.theme,
    });
    expect(res.statusCode).toBe(303);
    expect(app().bank.services.platforms.get(platform.id).statusLabel).toBe('Статус прекращён досрочно');
    const last = app()
      .bank.db.$client.prepare(`SELECT action, summary FROM admin_history WHERE target_id = ? ORDER BY id DESC LIMIT 1`)
      .get(String(platform.id)) as { action: string; summary: string };
    expect(last.action).toBe('platform.status_changed');
    expect(last.summary).toContain('статус «Статус прекращён досрочно»');
  });

  it('links practices by registry number or by words of the title, and refuses an unknown number', async () => {
    const practice = importPractice(app(), { title: 'Лэпбук в математическом развитии дошкольников' });
    const platform = makePlatform(app(), world.organizationId);
    const url = `/platforms/${platform.id}/practices`;
    const found = await postForm(app(), world.moderator, url, { intent: 'add', number: 'лэпбук математическом' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(practice.number);
    const added = await postForm(app(), world.moderator, url, { intent: 'add', number: practice.number });
    expect(added.statusCode).toBe(303);
    expect(
      app()
        .bank.services.platforms.get(platform.id)
        .practices.map((p) => p.id),
    ).toEqual([practice.id]);
    const wrong = await postForm(app(), world.moderator, url, { intent: 'add', number: '67-1999-0001' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Опубликованной практики с номером «67-1999-0001» в реестре нет');
    const removed = await postForm(app(), world.moderator, url, { intent: 'remove', number: practice.number });
    expect(removed.statusCode).toBe(303);
    expect(app().bank.services.platforms.get(platform.id).practices).toEqual([]);
  });

  it('takes a yearly report and the order, checks them as attachments, and serves them like attachments', async () => {
    const platform = makePlatform(app(), world.organizationId);
    const url = `/platforms/${platform.id}/files`;
    const pdf = makePdf([['Отчёт инновационной площадки за 2025 год']]);
    const ok = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'report', year: '2025' },
      { name: 'Отчёт 2025.pdf', data: pdf },
    );
    expect(ok.statusCode).toBe(303);
    const order = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'order', year: '' },
      { name: 'Приказ.pdf', data: pdf },
    );
    expect(order.statusCode).toBe(303);
    const files = app().bank.services.platforms.get(platform.id).files;
    expect(files.map((f) => [f.kind, f.year])).toEqual([
      ['order', null],
      ['report', 2025],
    ]);
    const download = await call(app(), null, 'GET', files[1]!.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-security-policy']).toContain("script-src 'none'");
    expect(download.headers['content-disposition']).toContain('inline');
    const page = await call(app(), null, 'GET', `/platforms/${platform.id}`);
    expect(page.body).toContain('2025 год');
    expect(page.body).toContain('текст приказа');

    const before = rows(app(), 'platform_files');
    const polyglot = Buffer.concat([Buffer.from('%PDF-1.4\n<html><script>alert(1)</script>\n'), pdf]);
    const refused = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'report', year: '2025' },
      { name: 'отчёт.pdf', data: polyglot },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('HTML-разметку');
    const exe = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'report', year: '2025' },
      { name: 'отчёт.exe', data: 'MZ' },
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.body).toContain('Файлы «.exe» не принимаются');
    const liar = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'report', year: '2025' },
      { name: 'отчёт.docx', data: pdf },
    );
    expect(liar.statusCode).toBe(400);
    const noYear = await postFile(
      app(),
      world.moderator,
      url,
      { kind: 'report', year: 'прошлый' },
      { name: 'отчёт.pdf', data: pdf },
    );
    expect(noYear.statusCode).toBe(400);
    expect(noYear.body).toContain('Укажите год отчёта');
    const byTeacher = await postFile(
      app(),
      world.teacher,
      url,
      { kind: 'report', year: '2025' },
      { name: 'отчёт.pdf', data: pdf },
    );
    expect(byTeacher.statusCode).toBe(403);
    expect(rows(app(), 'platform_files')).toBe(before);
    // The attachments' sweep asks before it deletes stored bytes: those of a platform's file are kept.
    const sha = (
      app().bank.db.$client.prepare('SELECT sha256 FROM platform_files WHERE platform_id = ?').get(platform.id) as {
        sha256: string;
      }
    ).sha256;
    expect(app().bank.services.platforms.isReferenced(sha)).toBe(true);
    expect(app().bank.services.platforms.isReferenced('0'.repeat(64))).toBe(false);
  });
});
