/**
 * What `/stats` and `/admin/stats` share: one section per statistics table — its chart, the same numbers as a
 * table beside it, and its CSV — and the CSV answer itself (through `csvLines`, like every CSV of the bank).
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { csvLines } from '../../exports/csv.js';
import type { StatsTable } from '../../stats/tables.js';
import { asset } from '../assets.js';
import { BarChart } from '../components/bar-chart.js';
import { Table, type Column } from '../components/content.js';
import { formatNumber } from '../format.js';

const MONTHS = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** A cell as a person reads it: «2026-11» as «ноя 2026», numbers with Russian grouping. */
function shown(value: string | number): string {
  if (typeof value === 'number') return formatNumber(value);
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  return month ? `${MONTHS[Number(month[2]) - 1]} ${month[1]}` : value;
}

/** What the chart shows, in words, for a screen reader that meets the image before the table. */
function describe(table: StatsTable, value: string): string {
  const rows = table.rows.filter((r) => typeof r[1] === 'number');
  const top = rows.reduce<(string | number)[] | undefined>(
    (best, r) => (!best || r[1]! > best[1]! ? r : best),
    undefined,
  );
  const most = top && Number(top[1]) > 0 ? ` Больше всего — ${shown(top[0]!)}: ${shown(top[1]!)}.` : '';
  return `Столбчатая диаграмма «${value}», строк: ${rows.length}.${most} Все числа — в таблице рядом.`;
}

/** The pages' own styles. */
export const statsStyles = <link rel="stylesheet" href={asset('stats.css')} />;

/** One table as a chart of its first numeric column beside the table, with its CSV link. */
export function StatsSection({
  name,
  table,
  csvHref,
  level = 2,
}: {
  name: string;
  table: StatsTable;
  csvHref: string;
  /** The heading's level: 3 where the page groups its tables under h2s. */
  level?: 2 | 3;
}) {
  const headingId = `stat-${name}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  const columns: Column<(string | number)[]>[] = table.header.map((header, i) => ({
    header,
    cell: (row) => shown(row[i] ?? ''),
    ...(i === 0 ? { rowHeader: true } : {}),
  }));
  return (
    <section class="stats-section" aria-labelledby={headingId}>
      <Heading id={headingId}>{table.title}</Heading>
      {table.note ? <p class="hint">{table.note}</p> : null}
      {table.rows.length === 0 ? (
        <p>Данных пока нет.</p>
      ) : (
        <div class="stats-pair">
          <figure class="stats-chart">
            <BarChart
              id={`chart-${name}`}
              title={table.title}
              description={describe(table, table.header[1] ?? '')}
              bars={table.rows.map((r) => ({ label: shown(r[0] ?? ''), value: Number(r[1] ?? 0) }))}
            />
          </figure>
          <div class="stats-table">
            <Table caption={table.title} columns={columns} rows={table.rows} />
          </div>
        </div>
      )}
      <p class="stats-download">
        <a href={csvHref} download>
          Скачать таблицу «{table.title}» (CSV)
        </a>
      </p>
    </section>
  );
}

/** A table as a CSV download named `bank-stats-<name>.csv`. */
export function sendStatsCsv(reply: FastifyReply, name: string, table: StatsTable): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="bank-stats-${name}.csv"`)
    .header('cache-control', 'private, no-cache')
    .send(Readable.from(csvLines(table.header, table.rows)));
}
