/** The table of practices shared by the organisation page, and links that keep a view's parameters. */
import type { ListedPractice } from '../../registry/repository.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { Table } from '../components/content.js';

/** A school's table of its practices: what it copies into a report. */
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
    <Table
      caption={caption}
      rows={items}
      columns={[
        { header: '№ в реестре', cell: (p) => <span class="nowrap">{p.registryNumber}</span> },
        { header: 'Название', rowHeader: true, cell: (p) => <a href={`/practices/${p.registryNumber}`}>{p.title}</a> },
        { header: 'Авторы', cell: (p) => p.authors.join(', ') },
        { header: 'Год', cell: (p) => p.publishedAt?.slice(0, 4) ?? '' },
        {
          header: 'Уровень образования',
          cell: (p) => p.levels.map((l) => vocabularies.label('levels', l) ?? l).join(', '),
        },
      ]}
    />
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
