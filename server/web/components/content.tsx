/** Pieces of content: tables, tags, chips for chosen filters, and notices. */
import type { ComponentChildren, VNode } from 'preact';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ComponentChildren;
  /** The column that names the row is a row header for screen readers. */
  rowHeader?: boolean;
}

/**
 * A data table with a caption. On a phone each row becomes a card whose cells carry their column's name
 * (`data-label`, drawn by site.css), so nothing needs scrolling sideways; wider screens get the plain table.
 */
export function Table<Row>({ caption, columns, rows }: { caption: string; columns: Column<Row>[]; rows: Row[] }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((c) =>
                c.rowHeader ? <th scope="row">{c.cell(row)}</th> : <td data-label={c.header}>{c.cell(row)}</td>,
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Terms as a real list, so a screen reader reads them one by one instead of as one run-together word. */
export function Tags({ items, label }: { items: string[]; label?: string }): VNode | null {
  if (items.length === 0) return null;
  return (
    <ul class="tags" aria-label={label}>
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}

export interface Chip {
  /** What the chip says, e.g. «Дошкольное образование». */
  label: string;
  /** What kind of filter it is, for a screen reader: «Уровень образования». */
  group: string;
  /** The current address without this one value. */
  removeHref: string;
}

/** Chosen filters, each a link that removes it in one click. */
export function Chips({ items, clearHref }: { items: Chip[]; clearHref?: string }): VNode | null {
  if (items.length === 0) return null;
  return (
    <div class="chosen">
      <h2 class="visually-hidden">Выбранные фильтры</h2>
      <ul class="chips">
        {items.map((chip) => (
          <li>
            <a href={chip.removeHref}>
              <span class="visually-hidden">Убрать фильтр «{chip.group}»: </span>
              {chip.label}
              <span class="remove" aria-hidden="true">
                ×
              </span>
            </a>
          </li>
        ))}
        {clearHref && items.length > 1 ? (
          <li>
            <a href={clearHref}>Сбросить все</a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

export type NoticeKind = 'info' | 'warning' | 'error' | 'success';

/** A boxed message; errors and warnings are announced (`role="alert"` / `status`). */
export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: NoticeKind;
  title?: string;
  children: ComponentChildren;
}) {
  return (
    <div
      class={kind === 'info' ? 'notice' : `notice ${kind}`}
      role={kind === 'error' ? 'alert' : kind === 'info' ? undefined : 'status'}
    >
      {title ? <h2>{title}</h2> : null}
      {children}
    </div>
  );
}
