import { describe, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { call, completePractice, makeOrganization, rows, signUp, useApp, type Client } from '../helper.js';

const getApp = useApp();

const HTML = { accept: 'text/html' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/** A urlencoded body; a list value repeats its name, as checkboxes do. */
function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
}

const page = (app: App, who: Client, url: string) => app.inject({ url, headers: { ...HTML, cookie: who.cookie } });

const post = (app: App, who: Client, url: string, fields: Record<string, string | string[]>, csrf = true) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: who.cookie },
    payload: encode({ ...(csrf ? { _csrf: who.csrf } : {}), ...fields }),
  });

/** What the editor's form would post for a practice as the API returns it. */
function formOf(practice: Record<string, unknown>, etag: string, changes: Record<string, string | string[]> = {}) {
  const fields: Record<string, string | string[]> = { etag };
  for (const key of ['title', 'summary', 'relevance', 'goals', 'content', 'results', 'replication'])
    fields[key] = String(practice[key] ?? '');
  for (const key of ['levels', 'subjects', 'technologies', 'directions']) fields[key] = practice[key] as string[];
  fields.keywords = (practice.keywords as string[]).join(', ');
  fields.organizationId = practice.organizationId === null ? '' : String(practice.organizationId);
  fields.startedYear = practice.startedYear === null ? '' : String(practice.startedYear);
  return { ...fields, ...changes };
}

async function draft(app: App, who: Client, body: Record<string, unknown> = {}) {
  const res = await call(app, who, 'POST', '/api/v1/practices', { title: 'Мнемотаблицы в старшей группе', ...body });
  expect(res.statusCode).toBe(201);
  return { id: res.json().id as number, etag: res.headers.etag as string, practice: res.json() };
}

async function current(app: App, who: Client, id: number) {
  const res = await call(app, who, 'GET', `/api/v1/practices/${id}`);
  return { practice: res.json(), etag: res.headers.etag as string };
}

describe('the new-practice form', () => {
  it('creates a draft with the title and the chosen organisation and opens its editor', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const org = makeOrganization(app, 'МБОУ «Гусинская СШ»');
    const form = await page(app, teacher, '/my/practices/new?orgq=Гусинская');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${org}"`);
    const res = await post(app, teacher, '/my/practices/new', {
      title: 'Шахматы в начальной школе',
      organizationId: String(org),
      intent: 'create',
    });
    expect(res.statusCode).toBe(303);
    const id = Number(/\/my\/practices\/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const { practice } = await current(app, teacher, id);
    expect(practice).toMatchObject({ title: 'Шахматы в начальной школе', organizationId: org, state: 'draft' });
  });

  it('keeps what was typed and says what is wrong beside the title, creating nothing', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const before = rows(app, 'practices');
    const res = await post(app, teacher, '/my/practices/new', { title: 'Ш', intent: 'create' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="title-error"');
    expect(res.body).toContain('value="Ш"');
    expect(rows(app, 'practices')).toBe(before);
  });

  it('refuses a post without the form token', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const before = rows(app, 'practices');
    const res = await post(app, teacher, '/my/practices/new', { title: 'Шахматы в школе', intent: 'create' }, false);
    expect(res.statusCode).toBe(403);
    expect(rows(app, 'practices')).toBe(before);
  });

  it('adds a missing organisation to the directory and selects it', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const res = await post(app, teacher, '/my/practices/new', {
      title: 'Шахматы в школе',
      intent: 'add-org',
      newOrgName: 'МБОУ «Новая школа деревни Ольша»',
      newOrgType: 'school',
      newOrgMunicipality: 'smolensky',
    });
    expect(res.statusCode).toBe(303);
    const org = Number(new URL(res.headers.location as string, 'http://x').searchParams.get('org'));
    expect(app.bank.services.organizations.get(org).name).toBe('МБОУ «Новая школа деревни Ольша»');
  });
});

describe('the practice editor', () => {
  it('answers a Russian 404 for a practice that does not exist and for a stranger’s draft', async () => {
    const app = getApp();
    const [teacher, stranger] = [await signUp(app), await signUp(app)];
    const missing = await page(app, teacher, '/my/practices/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Практика не найдена');
    const { id } = await draft(app, teacher);
    const foreign = await page(app, stranger, `/my/practices/${id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Мнемотаблицы');
  });

  it('shows every field of the model with its hint, grouped, and the checklist with links to the fields', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id } = await draft(app, teacher);
    const res = await page(app, teacher, `/my/practices/${id}`);
    expect(res.statusCode).toBe(200);
    for (const id of ['title', 'summary', 'relevance', 'goals', 'content', 'results', 'replication', 'keywords'])
      expect(res.body).toContain(`id="${id}-hint"`);
    for (const group of ['О практике', 'Описание практики', 'Для поиска']) expect(res.body).toContain(group);
    expect(res.body).toContain('data-search="образовательная робототехника робототехника');
    expect(res.body).toContain('<a href="#relevance">Заполните раздел «Актуальность»</a>');
    expect(res.body).toMatch(/<button[^>]*id="submit-practice"[^>]*disabled/);
  });

  it('saves a plain form post and answers 303 with a notice', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    const res = await post(
      app,
      teacher,
      `/my/practices/${id}`,
      formOf(practice, etag, { relevance: 'Дети стесняются отвечать.', levels: ['preschool'], intent: 'save' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/my/practices/${id}`);
    const saved = (await current(app, teacher, id)).practice;
    expect(saved.relevance).toBe('Дети стесняются отвечать.');
    expect(saved.levels).toEqual(['preschool']);
  });

  it('refuses a save without the form token and changes nothing', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    const res = await post(app, teacher, `/my/practices/${id}`, formOf(practice, etag, { relevance: 'Новое' }), false);
    expect(res.statusCode).toBe(403);
    expect((await current(app, teacher, id)).practice.relevance).toBe('');
  });

  it('puts each wrong value’s message beside its field and keeps what was typed', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    const res = await post(
      app,
      teacher,
      `/my/practices/${id}`,
      formOf(practice, etag, {
        startedYear: 'двадцать второй',
        relevance: 'Текст <script>alert(1)</script>',
        goals: 'Цель — развить речь',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="startedYear-error"');
    expect(res.body).toContain('Год — четыре цифры');
    expect(res.body).toContain('id="relevance-error"');
    expect(res.body).toContain('HTML-разметка не допускается');
    expect(res.body).toContain('Цель — развить речь');
    expect(res.body).toContain('value="двадцать второй"');
    expect(res.body).toContain('<a href="#startedYear">');
    expect((await current(app, teacher, id)).practice.goals).toBe('');
  });

  it('shows both texts when a co-author saved meanwhile, saves nothing, and saves the text the author keeps', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    // Someone else's save (the same account in another tab stands in for a co-author) moves the version on.
    const other = await call(
      app,
      teacher,
      'PATCH',
      `/api/v1/practices/${id}`,
      { goals: 'Текст соавтора' },
      {
        'if-match': etag,
      },
    );
    expect(other.statusCode).toBe(200);
    const stale = await post(app, teacher, `/my/practices/${id}`, formOf(practice, etag, { goals: 'Мой текст' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Соавтор изменил практику');
    expect(stale.body).toContain('Ваш текст');
    expect(stale.body).toContain('Текст соавтора');
    expect(stale.body).toContain('name="keep-goals"');
    expect((await current(app, teacher, id)).practice.goals).toBe('Текст соавтора');
    const fresh = /name="etag" value="([^"]+)"/.exec(stale.body)![1]!.replace(/&quot;/g, '"');
    const unchosen = await post(app, teacher, `/my/practices/${id}`, {
      ...formOf(practice, fresh, { goals: 'Мой текст' }),
      conflicts: 'goals',
    });
    expect(unchosen.statusCode).toBe(400);
    expect((await current(app, teacher, id)).practice.goals).toBe('Текст соавтора');
    const kept = await post(app, teacher, `/my/practices/${id}`, {
      ...formOf(practice, fresh, { goals: 'Мой текст' }),
      conflicts: 'goals',
      'keep-goals': 'mine',
    });
    expect(kept.statusCode).toBe(303);
    expect((await current(app, teacher, id)).practice.goals).toBe('Мой текст');
  });

  it('refuses to submit an incomplete practice and shows what is missing', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    const res = await post(app, teacher, `/my/practices/${id}/submit`, formOf(practice, etag, { intent: 'submit' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Заполните раздел «Результативность»');
    expect(res.body).toContain('Укажите хотя бы один уровень образования');
    expect((await current(app, teacher, id)).practice.state).toBe('draft');
  });

  it('saves and submits a complete practice through plain posts, then shows it is waiting for review', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const org = makeOrganization(app);
    const { results: _results, ...almost } = completePractice(org);
    const { id, etag, practice } = await draft(app, teacher, almost);
    const res = await post(
      app,
      teacher,
      `/my/practices/${id}/submit`,
      formOf(practice, etag, { results: 'Стало лучше: 9 детей из 15.', intent: 'submit' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/my');
    expect((await current(app, teacher, id)).practice.state).toBe('submitted');
    const after = await page(app, teacher, `/my/practices/${id}`);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('на модерации');
    expect(after.body).not.toContain('id="editor"');
  });

  it('renders a preview of the saved section with the site’s Markdown renderer, without JavaScript', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id, etag, practice } = await draft(app, teacher);
    const res = await post(
      app,
      teacher,
      `/my/practices/${id}`,
      formOf(practice, etag, { relevance: '**Важно** сейчас', intent: 'preview:relevance' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/my/practices/${id}?preview=relevance#relevance-preview`);
    const shown = await page(app, teacher, `/my/practices/${id}?preview=relevance`);
    expect(shown.body).toContain('<strong>Важно</strong> сейчас');
  });

  it('finds organisations through a GET of the editor and adds a missing one', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const org = makeOrganization(app, 'МБДОУ «Детский сад «Колокольчик» д. Печерск»');
    const { id, etag, practice } = await draft(app, teacher);
    const search = await post(
      app,
      teacher,
      `/my/practices/${id}`,
      formOf(practice, etag, { intent: 'org-search', orgq: 'колокольчик' }),
    );
    expect(search.statusCode).toBe(303);
    const found = await page(app, teacher, search.headers.location as string);
    expect(found.body).toContain(`id="organization-${org}"`);
    const fresh = (await current(app, teacher, id)).etag;
    const added = await post(
      app,
      teacher,
      `/my/practices/${id}`,
      formOf(practice, fresh, {
        intent: 'add-org',
        newOrgName: 'МБОУ «Печерская СШ»',
        newOrgType: 'school',
        newOrgMunicipality: 'smolensky',
      }),
    );
    expect(added.statusCode).toBe(303);
    expect((await current(app, teacher, id)).practice.organization.name).toBe('МБОУ «Печерская СШ»');
  });
});

describe('a practice after review', () => {
  async function reviewed(app: App, decision: 'approve' | 'request_changes') {
    const teacher = await signUp(app);
    const reviewer = await signUp(app, { roles: ['moderator'] });
    const { id } = await draft(app, teacher, completePractice(makeOrganization(app)));
    let { etag } = await current(app, teacher, id);
    const act = async (who: Client, body: Record<string, unknown>, path = 'transitions') => {
      const res = await call(app, who, 'POST', `/api/v1/practices/${id}/${path}`, body, { 'if-match': etag });
      expect(res.statusCode, res.body).toBeLessThan(300);
      etag = res.headers.etag as string;
    };
    await act(teacher, { action: 'submit' });
    await act(reviewer, { action: 'claim' });
    await act(
      reviewer,
      {
        decision,
        scores: { relevance: 1, novelty: 2, effectiveness: 3, replicability: 2, quality: 2 },
        comment: 'Опишите, как вы проверяли результаты.',
        internalNote: 'Сильная практика, но без цифр',
      },
      'reviews',
    );
    return { teacher, id };
  }

  it('shows the reviewer’s comment at the top and each score beside the section it judges, never the note', async () => {
    const app = getApp();
    const { teacher, id } = await reviewed(app, 'request_changes');
    const res = await page(app, teacher, `/my/practices/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Практику вернули на доработку');
    expect(res.body).toContain('Опишите, как вы проверяли результаты.');
    expect(res.body).toMatch(/id="relevance-review">Эксперт оценил «Актуальность» на 1 из 3/);
    expect(res.body).toMatch(/id="results-review">Эксперт оценил «Результативность» на 3 из 3/);
    expect(res.body).not.toContain('Сильная практика');
    expect(res.body).toContain('id="editor"');
  });

  it('answers a published practice with its state and a way on instead of the editor, and a stranger with 403', async () => {
    const app = getApp();
    const { teacher, id } = await reviewed(app, 'approve');
    const res = await page(app, teacher, `/my/practices/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('опубликована');
    expect(res.body).toContain('начните новую версию');
    expect(res.body).not.toContain('id="editor"');
    const stranger = await signUp(app);
    const foreign = await page(app, stranger, `/my/practices/${id}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).toContain('Изменять практику могут только её авторы');
    const { etag, practice } = await current(app, teacher, id);
    const posted = await post(app, teacher, `/my/practices/${id}`, formOf(practice, etag, { goals: 'Новое' }));
    expect(posted.statusCode).toBe(409);
    expect((await current(app, teacher, id)).practice.goals).toBe(practice.goals);
  });
});

describe('the API behind the editor', () => {
  it('tells what is missing with the same check as the submission, and previews Markdown as the site shows it', async () => {
    const app = getApp();
    const teacher = await signUp(app);
    const { id } = await draft(app, teacher);
    const ready = await call(app, teacher, 'GET', `/api/v1/practices/${id}/readiness`);
    expect(ready.statusCode).toBe(200);
    expect(ready.json().complete).toBe(false);
    expect(ready.json().missing).toContainEqual({ field: 'relevance', message: 'Заполните раздел «Актуальность»' });
    const preview = await call(app, teacher, 'POST', '/api/v1/practices/preview', {
      text: '- один\n- [два](https://example.org)',
    });
    expect(preview.json().html).toContain(
      '<li><a rel="nofollow ugc noopener noreferrer" href="https://example.org">два</a>',
    );
    const refused = await call(app, teacher, 'POST', '/api/v1/practices/preview', {
      text: '<img src=x onerror=alert(1)>',
    });
    expect(refused.json()).toEqual({ html: '', problem: 'HTML-разметка не допускается, используйте Markdown' });
    const stranger = await signUp(app);
    expect((await call(app, stranger, 'GET', `/api/v1/practices/${id}/readiness`)).statusCode).toBe(404);
  });
});
