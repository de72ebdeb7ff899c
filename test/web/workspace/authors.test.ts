import { describe, expect, it } from 'vitest';
import { AUTHORS } from '../../../server/web/pages/workspace/authors.js';
import { WORKSPACE } from '../../../server/web/pages/workspace/paths.js';
import { call, rows, signUp, useApp } from '../../helper.js';
import { page, people, post, practiceIn } from './world.js';

describe('a practice’s authors page', () => {
  const app = useApp();

  async function draft(title: string) {
    const { author, moderator } = await people(app());
    return { author, moderator, id: await practiceIn(app(), author, moderator, 'draft', title) };
  }

  it('lists the authors in order, names who submits, and says what an invitation does', async () => {
    const { author, id } = await draft('Практика с авторами');
    await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      {
        authors: [
          { fullName: 'Смирнова Ольга Викторовна', position: 'воспитатель', userId: author.userId },
          { fullName: 'Петров Игорь Сергеевич', position: 'музыкальный руководитель' },
        ],
      },
      { 'if-match': (await call(app(), author, 'GET', `/api/v1/practices/${id}`)).headers.etag as string },
    );
    const res = await page(app(), author, WORKSPACE.authors(id));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('aria-current="page">Авторы</a>');
    const list = res.body.slice(res.body.indexOf('id="author-list"'));
    expect(list.indexOf('Смирнова Ольга Викторовна')).toBeLessThan(list.indexOf('Петров Игорь Сергеевич'));
    expect(list).toContain('подаёт практику');
    expect(list).toContain('без аккаунта в банке');
    expect(res.body).toContain('предложит зарегистрироваться с этим адресом');
  });

  it('invites a colleague by e-mail, shows the invitation waiting, and revokes it', async () => {
    const { author, id } = await draft('Практика для приглашения');
    const colleague = await signUp(app(), { fullName: 'Кузнецова Мария Игоревна', position: 'учитель-логопед' });
    const sent = await post(app(), author, `/my/practices/${id}/authors/invite`, {
      email: colleague.email.toUpperCase(),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(WORKSPACE.authors(id));
    const shown = await page(app(), author, WORKSPACE.authors(id));
    expect(shown.body).toContain('Приглашения, ждущие ответа');
    expect(shown.body).toContain(colleague.email);
    // Neither the page nor the authors list tells whose address it is (or whether it has an account).
    expect(shown.body).not.toContain('Кузнецова Мария Игоревна');
    const authors = (await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json().authors;
    expect(authors.map((a: { fullName: string }) => a.fullName)).not.toContain('Кузнецова Мария Игоревна');
    // The colleague is told.
    const inbox = await call(app(), colleague, 'GET', '/api/v1/coauthor-invites');
    expect(inbox.json().items).toEqual([
      expect.objectContaining({
        practiceId: id,
        title: 'Практика для приглашения',
        invitedBy: 'Смирнова Ольга Викторовна',
      }),
    ]);
    const again = await post(app(), author, `/my/practices/${id}/authors/invite`, { email: colleague.email });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Приглашение на этот адрес уже отправлено');
    const [waiting] = (await call(app(), author, 'GET', `/api/v1/practices/${id}/coauthor-invites`)).json().items;
    const revoked = await post(app(), author, `/my/practices/${id}/authors/revoke`, { inviteId: String(waiting.id) });
    expect(revoked.statusCode).toBe(303);
    expect((await call(app(), colleague, 'GET', '/api/v1/coauthor-invites')).json().items).toEqual([]);
    const after = (await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json().authors;
    expect(after.map((a: { fullName: string }) => a.fullName)).not.toContain('Кузнецова Мария Игоревна');
  });

  it('refuses a bad address, one’s own address and a present co-author', async () => {
    const { author, id } = await draft('Практика для отказов в приглашении');
    const invitesBefore = rows(app(), 'coauthor_invites');
    const cases: [string, string][] = [
      ['', 'Введите адрес электронной почты коллеги'],
      ['мария@', 'Адрес должен быть похож на name@school.ru'],
      [author.email, 'Это ваш адрес: вы уже среди авторов практики'],
    ];
    for (const [email, message] of cases) {
      const res = await post(app(), author, `/my/practices/${id}/authors/invite`, { email });
      expect(res.statusCode, email).toBe(400);
      expect(res.body, email).toContain(message);
      expect(res.body).toContain('href="#email"');
      if (email) expect(res.body).toContain(`value="${email}"`);
    }
    expect(rows(app(), 'coauthor_invites')).toBe(invitesBefore);
    // The API answers the same in its own shape.
    const api = await call(app(), author, 'POST', `/api/v1/practices/${id}/coauthor-invites`, { email: author.email });
    expect(api.statusCode).toBe(400);
    expect(api.json().details).toEqual([{ field: 'email', message: 'Это ваш адрес: вы уже среди авторов практики' }]);
    // A colleague who accepted is an author already.
    const colleague = await signUp(app());
    await call(app(), author, 'POST', `/api/v1/practices/${id}/coauthor-invites`, { email: colleague.email });
    await call(app(), colleague, 'POST', `/api/v1/practices/${id}/coauthorship`, { accept: true });
    const present = await post(app(), author, `/my/practices/${id}/authors/invite`, { email: colleague.email });
    expect(present.body).toContain('Этот коллега уже среди авторов практики');
    // …and sees the authors page as one of them.
    expect((await page(app(), colleague, WORKSPACE.authors(id))).body).toContain('соавтор с аккаунтом в банке');
  });

  it('lets nobody but the authors see or invite, only while the practice is editable, and never without the token', async () => {
    const { author, moderator, id } = await draft('Черновик чужой практики');
    const stranger = await signUp(app());
    expect((await page(app(), stranger, WORKSPACE.authors(id))).statusCode).toBe(404);
    const invite = await post(app(), stranger, `/my/practices/${id}/authors/invite`, { email: author.email });
    expect(invite.statusCode).toBe(404);
    const noToken = await post(app(), author, `/my/practices/${id}/authors/invite`, { email: stranger.email }, false);
    expect(noToken.statusCode).toBe(403);
    const submitted = await practiceIn(app(), author, moderator, 'submitted', 'Практика на рассмотрении');
    const locked = await page(app(), author, WORKSPACE.authors(submitted));
    expect(locked.body).toContain('материалы и авторов менять нельзя');
    expect(locked.body).not.toContain('id="invite-form"');
    const refused = await post(app(), author, `/my/practices/${submitted}/authors/invite`, { email: stranger.email });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('материалы и авторов менять нельзя');
    expect((await call(app(), stranger, 'GET', '/api/v1/coauthor-invites')).json().items).toEqual([]);
  });

  it('asks a colleague who declined once again, and lets the API revoke an invitation', async () => {
    const { author, id } = await draft('Практика для повторного приглашения');
    const colleague = await signUp(app());
    const invite = () =>
      call(app(), author, 'POST', `/api/v1/practices/${id}/coauthor-invites`, { email: colleague.email });
    expect((await invite()).statusCode).toBe(201);
    await call(app(), colleague, 'POST', `/api/v1/practices/${id}/coauthorship`, { accept: false });
    expect((await call(app(), colleague, 'GET', '/api/v1/coauthor-invites')).json().items).toEqual([]);
    expect((await invite()).statusCode).toBe(201);
    const waiting = await call(app(), author, 'GET', `/api/v1/practices/${id}/coauthor-invites`);
    expect(waiting.json().items).toEqual([
      { id: expect.any(Number), email: colleague.email, createdAt: expect.any(String) },
    ]);
    const inviteId = waiting.json().items[0].id;
    const revoked = await call(app(), author, 'DELETE', `/api/v1/practices/${id}/coauthor-invites/${inviteId}`);
    expect(revoked.statusCode).toBe(204);
    const twice = await call(app(), author, 'DELETE', `/api/v1/practices/${id}/coauthor-invites/${inviteId}`);
    expect(twice.json().code).toBe('INVITATION_NOT_FOUND');
    // Another author's invitations are not for a stranger to read.
    const stranger = await signUp(app());
    expect((await call(app(), stranger, 'GET', `/api/v1/practices/${id}/coauthor-invites`)).statusCode).toBe(404);
  });

  it('posts to the page the workspace’s addresses name', () => {
    expect(AUTHORS.at(3)).toBe(WORKSPACE.authors(3));
  });
});
