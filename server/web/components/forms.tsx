/** Form pieces: a field with its label, hint and error (GOV.UK's order: label, hint, error, control), and buttons. */
import type { ButtonHTMLAttributes, ComponentChildren, VNode } from 'preact';

/** The attributes a control needs to be tied to its label, hint and error. */
export interface ControlAttributes {
  id: string;
  name: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

export interface FieldProps {
  /** The control's id; the hint and error get `<id>-hint` and `<id>-error`. */
  id: string;
  name: string;
  label: string;
  hint?: string;
  /** The Russian error message for this field, repeated beside it as in the error summary. */
  error?: string;
  type?: 'text' | 'search' | 'email' | 'password' | 'number' | 'url';
  value?: string | number;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  rows?: number;
  /** A control of its own (a select, a list of checkboxes); it must spread the attributes it is given. */
  control?: (attributes: ControlAttributes) => VNode;
}

/** A labelled form field; without `control` it is a text input (or a textarea with `multiline`). */
export function Field({
  id,
  name,
  label,
  hint,
  error,
  type = 'text',
  value,
  required,
  autocomplete,
  multiline,
  rows,
  control,
}: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attributes: ControlAttributes = {
    id,
    name,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(error ? { 'aria-invalid': 'true' as const } : {}),
  };
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Ошибка: </span>
          {error}
        </span>
      ) : null}
      {control ? (
        control(attributes)
      ) : multiline ? (
        <textarea {...attributes} rows={rows ?? 6} required={required}>
          {value}
        </textarea>
      ) : (
        <input
          {...attributes}
          // preact ties each input type to the ARIA roles it allows; all of these are plain text boxes.
          {...({ type } as { type: 'text' })}
          value={value}
          required={required}
          autocomplete={autocomplete}
        />
      )}
    </div>
  );
}

type ButtonVariant = 'primary' | 'secondary' | 'warning';
const buttonClass = (variant: ButtonVariant) => (variant === 'primary' ? 'button' : `button ${variant}`);

/** A button named by what it does («Отправить на рассмотрение», not «OK»). */
export function Button({
  children,
  variant = 'primary',
  type = 'submit',
  ...rest
}: { children: ComponentChildren; variant?: ButtonVariant; type?: 'submit' | 'button' } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'type' | 'class'
>) {
  return (
    <button {...rest} type={type} class={buttonClass(variant)}>
      {children}
    </button>
  );
}

/** A link that looks like a button: for actions that are only navigation. */
export function ButtonLink({
  href,
  children,
  variant = 'primary',
}: {
  href: string;
  children: ComponentChildren;
  variant?: ButtonVariant;
}) {
  return (
    <a href={href} class={buttonClass(variant)}>
      {children}
    </a>
  );
}

/**
 * A form that posts to the bank: `method="post"` and the hidden CSRF field every page form carries. A form with
 * files posts `multipart/form-data`, whose token rides in the action's query (the file is streamed, its fields
 * are not parsed before the handler runs).
 */
export function PostForm({
  action,
  csrf,
  multipart = false,
  children,
  ...rest
}: {
  action: string;
  /** `app.formToken(request, reply)` */
  csrf: string;
  multipart?: boolean;
  children: ComponentChildren;
  id?: string;
  class?: string;
  novalidate?: boolean;
  'aria-label'?: string;
}) {
  const target = multipart ? `${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrf)}` : action;
  return (
    <form method="post" action={target} {...(multipart ? { enctype: 'multipart/form-data' } : {})} {...rest}>
      {multipart ? null : <input type="hidden" name="_csrf" value={csrf} />}
      {children}
    </form>
  );
}

/**
 * The list of what is wrong, at the top of a form that came back (GOV.UK's error summary): each item links to
 * its field, and the page's title gets «Ошибка: » so a screen reader hears it first.
 */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Проверьте, пожалуйста, форму</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field in labels ? <a href={`#${field}`}>{`${labels[field]}: ${message}`}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}
