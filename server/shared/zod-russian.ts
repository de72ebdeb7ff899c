/**
 * Validation messages people read are Russian. zod's Russian locale still names types in English
 * («ожидалось string»); these say it the way a person would.
 */
import { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: 'текст',
  number: 'число',
  int: 'целое число',
  boolean: 'да или нет',
  array: 'список',
  object: 'объект',
  date: 'дата',
  null: 'пустое значение',
  undefined: 'значение',
};

let configured = false;

/** Sets the Russian messages once for the whole process. */
export function useRussianMessages(): void {
  if (configured) return;
  configured = true;
  const locale = z.locales.ru();
  z.config({
    ...locale,
    customError: (issue) => {
      if (issue.code === 'invalid_type') {
        if (issue.input === undefined) return 'Обязательное поле';
        return `Ожидается ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
      }
      if (issue.code === 'invalid_value' && 'values' in issue)
        return `Допустимые значения: ${issue.values.map(String).join(', ')}`;
      if (issue.code === 'too_small' && (issue.origin === 'number' || issue.origin === 'int'))
        return `Не меньше ${String(issue.minimum)}`;
      if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int'))
        return `Не больше ${String(issue.maximum)}`;
      if (issue.code === 'invalid_union') return 'Недопустимое значение';
      if (issue.code === 'too_small' && issue.origin === 'string') return `Не короче ${String(issue.minimum)} символов`;
      if (issue.code === 'too_big' && issue.origin === 'string') return `Не длиннее ${String(issue.maximum)} символов`;
      if (issue.code === 'too_small' && issue.origin === 'array') return `Не меньше ${String(issue.minimum)} значений`;
      if (issue.code === 'too_big' && issue.origin === 'array') return `Не больше ${String(issue.maximum)} значений`;
      return undefined;
    },
  });
}
