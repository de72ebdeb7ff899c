/**
 * What a new password must not be: one of the most common passwords (a list an attacker tries first), or the
 * person's own e-mail or name. Length is the schema's rule; these need the list or the person, so the service
 * checks them for registration, a change and a reset alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../shared/paths.js';

/** The rules as the forms explain them before a person types. */
export const PASSWORD_RULES =
  'Не меньше 10 знаков, кроме пробелов. Нельзя: распространённые пароли вроде «1234567890» или «qwertyuiop», ' +
  'ваш адрес почты или ФИО. Удобно взять три-четыре слова через пробел.';

/** Lower-case, without spaces: «Password 12» is as weak as «password12». */
const fold = (value: string) => value.normalize('NFC').toLowerCase().replace(/\s+/g, '');

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(path.join(projectRoot, 'server', 'auth', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map(fold),
  );
  return common;
}

/** Whether the password is on the list of the 10,000 most common ones (case and spaces ignored). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(fold(password));
}

/** The Russian reason a new password is refused, or undefined when it will do. */
export function passwordProblem(password: string, person: { email: string; fullName?: string }): string | undefined {
  if (isCommonPassword(password)) return 'Этот пароль слишком распространён, его подберут первым. Придумайте другой';
  const folded = fold(password);
  const email = fold(person.email);
  const local = email.split('@')[0] ?? '';
  if (folded === email || (local.length >= 4 && folded === local)) return 'Пароль не должен совпадать с адресом почты';
  if (person.fullName && folded === fold(person.fullName)) return 'Пароль не должен совпадать с ФИО';
  return undefined;
}
