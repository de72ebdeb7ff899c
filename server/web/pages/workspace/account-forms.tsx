/**
 * Pieces the account pages share: the service's field errors as a form's errors, the organisation picker, a
 * person's device named in words, and the plugin options every account page family takes.
 */
import type { FastifyRequest } from 'fastify';
import { PASSWORD_RULES } from '../../../auth/password-rules.js';
import { z } from 'zod';
import { email } from '../../../auth/schemas.js';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import { AppError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { asset } from '../../assets.js';
import type { FormErrors } from '../../forms.js';
import { Field, type ControlAttributes } from '../../components/forms.js';

/** What each workspace page plugin gets from `server/web/routes.ts`. */
export interface WorkspacePageOptions {
  db: Db;
  services: Services;
  config: Config;
}

/**
 * A service's refusal as a form's errors: a validation error's details beside their fields, any other known
 * error (wrong password, a paused account) on `field`. Anything else is not the person's doing and is rethrown.
 */
export function errorsFrom(error: unknown, field: string, known: readonly string[]): FormErrors {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'VALIDATION_FAILED' && error.details?.length) {
    const errors: FormErrors = {};
    for (const detail of error.details) errors[detail.field] ??= detail.message;
    return errors;
  }
  if (known.includes(error.code)) return { [field]: error.message };
  throw error;
}

/** The account pages' own styles, for the layout's `head`. */
export const accountStyles = <link rel="stylesheet" href={asset('account.css')} />;

/** The API's e-mail rule, with its own words for a field left empty. */
export const filledEmail = z.string().trim().min(1, 'Введите адрес электронной почты').pipe(email);

/** Where a person goes after signing in when no page asked for it: their practices, or their account. */
export function homeOf(request: FastifyRequest): string {
  return request.server.hasRoute({ method: 'GET', url: '/my' }) ? '/my' : '/account';
}

/** The organisations of the directory grouped by municipality, as the picker lists them. */
export interface OrganizationGroup {
  municipality: string;
  items: { id: number; name: string }[];
}

/** Confirmed entries, and the new ones `viewerId` added themselves (others' await an admin). */
export function organizationGroups(services: Services, viewerId?: number): OrganizationGroup[] {
  const { items } = services.organizations.list({ limit: 100_000, offset: 0 }, viewerId);
  const groups = new Map<string, OrganizationGroup>();
  for (const o of items) {
    const municipality = services.vocabularies.label('municipalities', o.municipality) ?? o.municipality;
    const group = groups.get(municipality) ?? { municipality, items: [] };
    group.items.push({ id: o.id, name: o.shortName ?? o.name });
    groups.set(municipality, group);
  }
  return [...groups.values()].sort((a, b) => a.municipality.localeCompare(b.municipality, 'ru'));
}

/**
 * The organisation picker: a plain `<select>` grouped by municipality (typing the first letters jumps to a
 * name, with or without JavaScript); «Выберу позже» leaves it empty.
 */
export function organizationSelect(groups: OrganizationGroup[], selected: string | undefined) {
  return (attributes: ControlAttributes) => (
    <select {...attributes}>
      <option value="">Выберу позже</option>
      {groups.map((group) => (
        <optgroup label={group.municipality}>
          {group.items.map((o) => (
            <option value={String(o.id)} selected={selected === String(o.id)}>
              {o.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

const BROWSERS: [RegExp, string][] = [
  [/YaBrowser\//, 'Яндекс Браузер'],
  [/Edg\//, 'Microsoft Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\/|node|undici|python/i, 'программа'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

/** «Chrome на Windows» from a User-Agent string; «неизвестное устройство» when it says nothing we know. */
export function deviceInWords(userAgent: string | null): string {
  if (!userAgent) return 'Неизвестное устройство';
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} на ${system}`;
  return browser ?? system ?? 'Неизвестное устройство';
}

const DATE_TIME = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Moscow',
});

/** «3 марта, 14:05» (Moscow time, as the region lives). */
export function formatDateTime(iso: string | null): string {
  return iso ? DATE_TIME.format(new Date(iso)) : '';
}

/** The new password and its repetition: the password change and the reset link ask for it the same way. */
export const newPasswordFields = {
  newPassword: z
    .string()
    .max(256, 'Пароль не длиннее 256 символов')
    .refine((p) => p.replace(/\s/g, '').length >= 10, 'Пароль должен содержать не меньше 10 знаков, кроме пробелов'),
  newPasswordAgain: z.string().max(256),
};

/** `schema` with the check that the new password was typed the same way twice, reported beside the second field. */
export const samePasswordTwice = <T extends z.ZodType<{ newPassword: string; newPasswordAgain: string }>>(schema: T) =>
  schema.refine((form) => form.newPassword === form.newPasswordAgain, {
    path: ['newPasswordAgain'],
    message: 'Пароли не совпадают: введите новый пароль ещё раз так же',
  });

export const NEW_PASSWORD_LABELS = { newPassword: 'Новый пароль', newPasswordAgain: 'Новый пароль ещё раз' };

/** The two new-password fields with the rules as the first one's hint. */
export function NewPasswordInputs({ errors }: { errors: FormErrors }) {
  return (
    <>
      <Field
        id="newPassword"
        name="newPassword"
        type="password"
        label={NEW_PASSWORD_LABELS.newPassword}
        hint={PASSWORD_RULES}
        error={errors.newPassword}
        autocomplete="new-password"
      />
      <Field
        id="newPasswordAgain"
        name="newPasswordAgain"
        type="password"
        label={NEW_PASSWORD_LABELS.newPasswordAgain}
        error={errors.newPasswordAgain}
        autocomplete="new-password"
      />
    </>
  );
}
