/** Tables and pagination shared by the organisation, directory and municipality pages. */
import type { ListedPractice } from '../../registry/repository.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';

/** A school's table of its practices: what it copies into a report. On a phone rows become cards (pages.css). */
export function PracticeTable({
  items,
  vocabularies,
  caption,
}: {
  items: ListedPractice[];
  vocabularies: VocabularyCatalogue;
  caption: string;
}) {
  return (
    <div class="table-scroll">
      <table class="listing">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">№ в реестре</th>
            <th scope="col">Название</th>
            <th scope="col">Авторы</th>
            <th scope="col">Год</th>
            <th scope="col">Уровень образования</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr>
              <td data-label="№">{p.registryNumber}</td>
              <td>
                <a href={`/practices/${p.registryNumber}`}>{p.title}</a>
              </td>
              <td data-label="Авторы">{p.authors.join(', ')}</td>
              <td data-label="Год">{p.publishedAt?.slice(0, 4) ?? ''}</td>
              <td data-label="Уровень">{p.levels.map((l) => vocabularies.label('levels', l) ?? l).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next and the page numbers around the current one; every link keeps the other parameters. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return (
    <nav aria-label="Страницы">
      <ul class="pager">
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              ← Назад
            </a>
          </li>
        ) : null}
        {around.map((n) =>
          n === page ? (
            <li>
              <a href={href(n)} aria-current="page">
                <strong>{n}</strong>
              </a>
            </li>
          ) : (
            <li>
              <a href={href(n)}>
                <span class="visually-hidden">Страница </span>
                {n}
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

/** A query string of the non-empty parameters, for links that keep a view. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
