/** Ways around: breadcrumbs and numbered pagination. */
import type { VNode } from 'preact';

export interface Crumb {
  label: string;
  /** Absent for the current page, which is the last crumb. */
  href?: string;
}

/** «Главная › Организации › Лицей № 1»: where the page sits. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Вы здесь">
      <ol>
        {items.map((item) => (
          <li>{item.href ? <a href={item.href}>{item.label}</a> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * The page numbers worth showing: the first, the last, and two either side of the current one, with `null`
 * where numbers are left out. `pageWindow(7, 20)` → 1 … 5 6 7 8 9 … 20.
 */
export function pageWindow(page: number, pages: number, around = 2): (number | null)[] {
  const shown = new Set([1, pages]);
  for (let p = page - around; p <= page + around; p += 1) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) out.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) out.push(null);
    out.push(p);
  });
  return out;
}

export interface PaginationProps {
  page: number;
  pages: number;
  /** The address of a page: it must keep every other parameter of the current view. */
  href: (page: number) => string;
  label?: string;
}

/** «Назад 1 … 4 5 6 … 12 Дальше»; nothing when everything fits on one page. */
export function Pagination({ page, pages, href, label = 'Страницы результатов' }: PaginationProps): VNode | null {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={label}>
      <ul>
        {page > 1 && page <= pages ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              ← Назад
            </a>
          </li>
        ) : null}
        {pageWindow(Math.min(page, pages), pages).map((p) =>
          p === null ? (
            <li>
              <span aria-hidden="true">…</span>
            </li>
          ) : (
            <li>
              <a href={href(p)} aria-current={p === page ? 'page' : undefined}>
                <span class="visually-hidden">Страница </span>
                {p}
              </a>
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              Дальше →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
