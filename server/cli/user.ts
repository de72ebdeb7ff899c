/**
 * npm run user -- create EMAIL --name "ФИО" [--password P] [--role moderator] [--role admin] [--position "…"]
 * npm run user -- grant EMAIL ROLE  ·  revoke EMAIL ROLE  ·  password EMAIL [--password P]  ·  confirm EMAIL  ·  list
 * Without --password a random one-time password is generated and printed; it must be changed at first login.
 * Accounts made here are confirmed; `confirm` confirms a registered address by hand (a bank without SMTP_URL).
 */
import { parseArgs } from 'node:util';
import { registerBody } from '../auth/schemas.js';
import { oneTimePassword } from '../auth/service.js';
import { writeTransaction } from '../db/client.js';
import { ROLES, type Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { openBank, runWhenMain, type ToolIo } from './context.js';

const USAGE = `Использование:
  npm run user -- create EMAIL --name "ФИО" [--position "должность"] [--password ПАРОЛЬ] [--role moderator|admin]...
  npm run user -- grant EMAIL author|moderator|admin
  npm run user -- revoke EMAIL author|moderator|admin
  npm run user -- password EMAIL [--password ПАРОЛЬ]
  npm run user -- confirm EMAIL   (подтвердить адрес, если письмо не дошло)
  npm run user -- list`;

const isRole = (value: string | undefined): value is Role => (ROLES as readonly string[]).includes(value ?? '');

/** Creates and changes accounts (see the usage above); exit code 0, 1 when refused, 2 on a usage error. */
export async function runUser(args: string[], io: ToolIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      position: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, email, role] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const bank = openBank(io.env);
  const { auth } = bank.services;
  try {
    switch (command) {
      case 'list':
        for (const u of auth.listAccounts()) io.out(`${u.id}\t${u.email}\t${u.fullName}\t${u.roles.join(',')}`);
        return 0;
      case 'create': {
        const roles = values.role ?? [];
        const badRole = roles.find((r) => !isRole(r));
        if (!email || !values.name || badRole) {
          io.err(badRole ? `Неизвестная роль «${badRole}»: ${ROLES.join(', ')}` : USAGE);
          return 2;
        }
        const input = registerBody.safeParse({
          email,
          password: values.password ?? oneTimePassword(),
          fullName: values.name,
          position: values.position,
        });
        if (!input.success) {
          for (const issue of input.error.issues) io.err(`${issue.path.join('.')}: ${issue.message}`);
          return 2;
        }
        const { password } = input.data;
        const user = await auth.createUser({
          ...input.data,
          roles: roles as Role[],
          mustChangePassword: !values.password,
        });
        io.out(`Создан пользователь ${user.email} (${user.roles.join(', ')})`);
        if (!values.password) io.out(`Одноразовый пароль: ${password} — его нужно сменить при первом входе`);
        return 0;
      }
      case 'grant':
      case 'revoke': {
        if (!email || !isRole(role)) {
          io.err(USAGE);
          return 2;
        }
        auth.setRole(email, role, command === 'grant');
        io.out(`${email}: роль ${role} ${command === 'grant' ? 'выдана' : 'отозвана'}`);
        return 0;
      }
      case 'password': {
        if (!email) {
          io.err(USAGE);
          return 2;
        }
        const password = values.password ?? oneTimePassword();
        const check = registerBody.shape.password.safeParse(password);
        if (!check.success) {
          io.err(check.error.issues[0]?.message ?? USAGE);
          return 2;
        }
        await auth.resetPassword(email, password, !values.password);
        io.out(values.password ? `Пароль ${email} изменён` : `Одноразовый пароль для ${email}: ${password}`);
        return 0;
      }
      case 'confirm': {
        const user = email ? auth.findUserByEmail(email) : undefined;
        if (!email || !user) {
          io.err(email ? `Пользователь ${email} не найден` : USAGE);
          return email ? 1 : 2;
        }
        const { confirmation } = bank.services;
        writeTransaction(bank.db, (tx) => confirmation.markConfirmed(tx, user.id));
        io.out(`${user.email}: адрес подтверждён`);
        return 0;
      }
      default:
        io.err(`Неизвестная команда «${command}»\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof AppError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    bank.close();
  }
}

await runWhenMain(import.meta.url, runUser);
