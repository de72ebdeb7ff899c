import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { confirmationToken, signUp, tempDir, testConfig } from '../helper.js';
import { FORM, FormBrowser as Browser, sessionOf } from './form-browser.js';

let app: App;
const data = tempDir('bank-account-pages-');
beforeAll(async () => {
  app = await buildApp(testConfig({ DATA_DIR: data.dir, SIGN_IN_MAX_FAILURES: '3' }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  data.remove();
});

const GOOD = 'липа клён берёза';

describe('registration page', () => {
  it('registers an author, who is signed in by the link from the letter with what they typed kept', async () => {
    const browser = new Browser(app);
    const org = app.bank.services.organizations.create({
      name: 'МБОУ «Средняя школа № 7»',
      type: 'school',
      municipality: 'smolensk',
    }).organization.id;
    const form = await browser.get('/register?next=/account');
    expect(form.body).toContain('Не меньше 10 знаков');
    expect(form.body).toContain('МБОУ «Средняя школа № 7»');
    const res = await browser.submit('/register?next=/account', {
      email: 'Reg@School.test',
      fullName: 'Соколова Мария Ивановна',
      position: 'учитель истории',
      organizationId: String(org),
      password: GOOD,
      next: '/account',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/register/sent');
    expect(sessionOf(res)).toBeUndefined();
    const sent = await browser.get('/register/sent');
    expect(sent.body).toContain('Проверьте почту: мы отправили письмо на reg@school.test');
    const confirmed = await browser.submit(`/confirm-email/${confirmationToken(app, 'reg@school.test')}`, {});
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/my');
    expect(sessionOf(confirmed)).toBeDefined();
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('reg@school.test');
    expect(account.body).toContain('value="учитель истории"');
    expect(account.body).toMatch(new RegExp(`value="${org}" selected`));
  });

  it.each([
    ['email', { email: 'не адрес' }, 'Введите корректный адрес'],
    ['email', { email: '  ' }, 'Введите адрес электронной почты'],
    ['fullName', { fullName: 'А' }, 'Укажите ФИО'],
    ['position', { position: 'д'.repeat(201) }, 'Не длиннее 200'],
    ['organizationId', { organizationId: '999999' }, 'Такой организации нет'],
    ['password', { password: 'короткий' }, 'не меньше 10 знаков'],
    ['password', { password: 'password12' }, 'слишком распространён'],
    ['password', { password: 'QWERTYUIOP' }, 'слишком распространён'],
    ['password', { password: '1234567890' }, 'слишком распространён'],
    ['password', { email: 'same-as@school.test', password: 'same-as@school.test' }, 'не должен совпадать с адресом'],
    ['password', { fullName: 'Петров Пётр Петрович', password: 'петров пётр петрович' }, 'не должен совпадать с ФИО'],
  ])('shows a wrong %s beside the field and keeps what was typed, never the password', async (field, bad, message) => {
    const browser = new Browser(app);
    const fields = {
      email: `bad-${field}-${Math.random()}@school.test`,
      fullName: 'Кузнецова Ольга',
      position: 'воспитатель',
      organizationId: '',
      password: GOOD,
      ...bad,
    };
    const res = await browser.submit('/register', fields);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Проверьте, пожалуйста, форму');
    expect(res.body).toContain(`href="#${field}"`);
    expect(res.body).toContain(`id="${field}-error"`);
    expect(res.body).toContain(message);
    expect(res.body).toContain(`value="${fields.fullName}"`);
    expect(res.body).not.toMatch(/id="password"[^>]*value=/);
    expect(sessionOf(res)).toBeUndefined();
  });

  it('answers a taken address as a new one, never saying it is taken', async () => {
    const taken = await signUp(app);
    const res = await new Browser(app).submit('/register', { email: taken.email, fullName: 'Двойник', password: GOOD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/register/sent');
    expect(sessionOf(res)).toBeUndefined();
    expect(res.body).not.toContain('уже зарегистрирован');
  });
});

describe('sign-in page', () => {
  it('signs in, returns to next and keeps next inside the bank', async () => {
    const teacher = await signUp(app);
    const browser = new Browser(app);
    const res = await browser.submit('/login?next=/account', {
      email: teacher.email,
      password: 'correct horse battery',
      next: '/account',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    const evil = await new Browser(app).submit('/login', {
      email: teacher.email,
      password: 'correct horse battery',
      next: '//evil.example/x',
    });
    // Not the address given: the person's own practices, where a teacher who just signed in goes by default.
    expect(evil.headers.location).toBe('/my');
  });

  it.each([
    ['email', { email: '' }, 'Введите адрес электронной почты'],
    ['password', { password: '' }, 'Введите пароль'],
    ['email', { password: 'wrong password' }, 'Неверный адрес электронной почты или пароль'],
  ])('shows a wrong %s beside the field and keeps the address', async (field, bad, message) => {
    const teacher = await signUp(app);
    const res = await new Browser(app).submit('/login', { email: teacher.email, password: 'x', ...bad });
    expect([400, 401]).toContain(res.statusCode);
    expect(res.body).toContain(`id="${field}-error"`);
    expect(res.body).toContain(message);
    if (!('email' in bad)) expect(res.body).toContain(`value="${teacher.email}"`);
    expect(sessionOf(res)).toBeUndefined();
  });

  it('pauses an account after repeated failures with the time to retry, while a colleague at the same address signs in', async () => {
    const victim = await signUp(app);
    const colleague = await signUp(app);
    const browser = new Browser(app);
    for (let i = 0; i < 2; i += 1)
      expect((await browser.submit('/login', { email: victim.email, password: `guess number ${i}` })).statusCode).toBe(
        401,
      );
    const third = await browser.submit('/login', { email: victim.email, password: 'guess number 3' });
    expect(third.statusCode).toBe(429);
    expect(third.body).toMatch(/приостановлен.*Попробуйте снова после \d\d:\d\d по московскому времени/);
    // Even the right password waits for the pause to end; the API says the same words.
    const right = await browser.submit('/login', { email: victim.email, password: 'correct horse battery' });
    expect(right.statusCode).toBe(429);
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: victim.email, password: 'correct horse battery' },
    });
    expect(api.statusCode).toBe(429);
    expect(api.json().code).toBe('SIGN_IN_PAUSED');
    expect(right.body).toContain(api.json().message.split(':')[0]);
    const other = await browser.submit('/login', { email: colleague.email, password: 'correct horse battery' });
    expect(other.statusCode).toBe(303);
  });
});

describe('CSRF on every account form', () => {
  it.each([
    ['/login', false],
    ['/register', false],
    ['/password-reset', false],
    ['/password-reset/abcdefghijklmnopqrstuvwxyz012345', false],
    ['/confirm-email/abcdefghijklmnopqrstuvwxyz012345', false],
    ['/account/confirm-email', true],
    ['/account', true],
    ['/account/password', true],
    ['/account/sessions', true],
    ['/logout', true],
    ['/admin/users/1/one-time-password', true],
  ])('refuses a post to %s without the form token', async (url, signedIn) => {
    const client = signedIn ? await signUp(app, { roles: ['admin'] }) : undefined;
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, ...(client ? { cookie: client.cookie } : { cookie: 'pb_form=x' }) },
      payload: 'email=a%40b.c&password=whatever',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('обновите страницу');
  });
});
