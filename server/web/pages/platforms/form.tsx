/** The platform's form (create and edit): fields in the order of the order itself, errors beside each field. */
import { z } from 'zod';
import {
  FIRST_YEAR,
  LAST_YEAR,
  LEVEL_LABELS,
  PLATFORM_LEVELS,
  PLATFORM_STATUSES,
  STATUS_LABELS,
} from '../../../platforms/model.js';
import { isoDay } from '../../../platforms/schemas.js';
import { plainLine } from '../../../shared/schemas.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import type { FormErrors, FormFields } from '../../forms.js';

const yearField = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}$/, `${what}: четыре цифры, например 2024`)
    .transform(Number)
    .refine((y) => y >= FIRST_YEAR && y <= LAST_YEAR, `${what}: от ${FIRST_YEAR} до ${LAST_YEAR}`);

/** What the form posts, as text; the organisation is found in the directory by the handler. */
export const platformForm = z
  .object({
    organization: plainLine(500, 1, 'Укажите организацию: её название из справочника или ИНН'),
    theme: plainLine(500, 3, 'Укажите тему площадки (не короче 3 символов)'),
    level: z.enum(PLATFORM_LEVELS, { error: 'Выберите уровень площадки' }),
    status: z.enum(PLATFORM_STATUSES, { error: 'Выберите статус площадки' }),
    yearFrom: yearField('Год начала'),
    yearTo: z.union([z.literal('').transform(() => null), yearField('Год окончания')]),
    orderNumber: plainLine(100, 1, 'Укажите номер приказа'),
    orderDate: z.string().trim().min(1, 'Укажите дату приказа').pipe(isoDay),
    orderIssuer: plainLine(300, 1, 'Укажите, кто издал приказ'),
    description: plainLine(2000).default(''),
  })
  .refine((v) => v.yearTo === null || v.yearTo >= v.yearFrom, {
    message: 'Год окончания не может быть раньше года начала',
    path: ['yearTo'],
  });

export const FORM_LABELS: Record<string, string> = {
  organization: 'Организация',
  theme: 'Тема',
  level: 'Уровень',
  status: 'Статус',
  yearFrom: 'Год начала',
  yearTo: 'Год окончания',
  orderNumber: 'Номер приказа',
  orderDate: 'Дата приказа',
  orderIssuer: 'Кто издал приказ',
  description: 'Кратко о площадке',
};

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function Choice({
  name,
  label,
  options,
  values,
  errors,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  values: FormFields;
  errors: FormErrors;
}) {
  return (
    <Field
      id={name}
      name={name}
      label={label}
      error={errors[name]}
      control={(attributes) => (
        <select {...attributes}>
          <option value="">Выберите…</option>
          {options.map((o) => (
            <option value={o.value} selected={o.value === text(values[name])}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** The whole form; `action` is where it posts, `submit` names its button. */
export function PlatformForm({
  action,
  csrf,
  values,
  errors,
  submit,
}: {
  action: string;
  csrf: string;
  values: FormFields;
  errors: FormErrors;
  submit: string;
}) {
  const field = (name: string) => ({
    id: name,
    name,
    label: FORM_LABELS[name]!,
    error: errors[name],
    value: text(values[name]),
  });
  return (
    <PostForm action={action} csrf={csrf} novalidate>
      <ErrorSummary errors={errors} labels={FORM_LABELS} />
      <Field {...field('organization')} hint="Полное или краткое название из справочника организаций, или ИНН" />
      <Field {...field('theme')} multiline rows={3} hint="Как в приказе о присвоении статуса" />
      <Choice
        name="level"
        label="Уровень"
        options={PLATFORM_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
        values={values}
        errors={errors}
      />
      <Choice
        name="status"
        label="Статус"
        options={PLATFORM_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
        values={values}
        errors={errors}
      />
      <Field {...field('yearFrom')} hint="Например, 2024" />
      <Field {...field('yearTo')} hint="Оставьте пустым, если срок не указан в приказе" />
      <Field {...field('orderNumber')} hint="Например, 752-ОД" />
      <Field
        {...field('orderDate')}
        hint="ГГГГ-ММ-ДД, например 2024-08-30"
        control={(attributes) => <input {...attributes} type="date" value={text(values.orderDate)} />}
      />
      <Field {...field('orderIssuer')} hint="Например, Министерство образования и науки Смоленской области" />
      <Field {...field('description')} multiline rows={4} hint="Необязательно: что площадка делает, с кем работает" />
      <Button>{submit}</Button>
    </PostForm>
  );
}
