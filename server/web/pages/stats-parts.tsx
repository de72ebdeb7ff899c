/**
 * What `/stats` and `/admin/stats` share: one section per statistics table — its chart, the same numbers as a
 * table beside it, and its downloads — and the downloads themselves: CSV through `csvLines` and XLSX through
 * `writeXlsx`, like every table the bank writes.
 */
import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { csvLines } from '../../exports/csv.js';
import { writeXlsx } from '../../exports/xlsx.js';
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

/** The files a statistics table downloads as. */
export const STATS_FORMATS = ['csv', 'xlsx'] as const;
export type StatsFormat = (typeof STATS_FORMATS)[number];

/** One table as a chart of its first numeric column beside the table, with its downloads. */
export function StatsSection({
  name,
  table,
  href,
  level = 2,
}: {
  name: string;
  table: StatsTable;
  /** The table's address as a file of `format`. */
  href: (format: StatsFormat) => string;
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
        Скачать таблицу «{table.title}»:{' '}
        <a href={href('xlsx')} download>
          Excel (XLSX)
        </a>
        ,{' '}
        <a href={href('csv')} download>
          CSV
        </a>
      </p>
    </section>
  );
}

const CONTENT_TYPES: Record<StatsFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A table as a download named `bank-stats-<name>.<format>`: numbers stay numbers in the spreadsheet. */
export function sendStatsTable(
  reply: FastifyReply,
  name: string,
  table: StatsTable,
  format: StatsFormat,
): FastifyReply {
  reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="bank-stats-${name}.${format}"`)
    .header('cache-control', 'private, no-cache');
  if (format === 'csv') return reply.send(Readable.from(csvLines(table.header, table.rows)));
  const body = new PassThrough();
  const columns = table.header.map((_, i) => ({
    type: table.rows.some((r) => typeof r[i] === 'number') ? ('number' as const) : ('text' as const),
  }));
  // A table of a few hundred rows is written before the first byte goes out; a failure still ends the download.
  writeXlsx({ title: table.title, header: table.header, rows: table.rows, columns }, body).catch((error: unknown) =>
    body.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return reply.send(body);
}
