/**
 * The regional map (`/map`): the 27 municipalities as a tile cartogram shaded by published practices or confirmed
 * adoptions, in numbers or per 1,000 pupils — a switch of plain links, so it works without JavaScript — with its
 * legend, the same figures as a table for screen readers and copying, and that table as CSV and XLSX through the
 * statistics' writers. The figures are the statistics' own tables (`/stats`), so the two never disagree.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../../access/routes.js';
import {
  classOf,
  MAP_SCALES,
  MAP_SHOWS,
  mapRows,
  mapTable,
  shadeClasses,
  valueOf,
  type MapRow,
  type MapScale,
  type MapShow,
  type ShadeClass,
} from '../../map/figures.js';
import { loadPupils, type PupilFigures } from '../../map/pupils.js';
import type { StatsService } from '../../stats/service.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { asset } from '../assets.js';
import { Table, type Column } from '../components/content.js';
import { TileMap, type MapTile } from '../components/tile-map.js';
import { formatNumber, plural, type Forms } from '../format.js';
import { sendPage } from '../render.js';
import { sendStatsTable, STATS_FORMATS, statsStyles, type StatsFormat } from './stats-parts.js';

/** The map's addresses. */
export const MAP = {
  page: '/map',
  file: (format: StatsFormat) => `/map/table.${format}`,
} as const;

const query = z.object({
  show: z
    .enum(MAP_SHOWS, { error: 'на карте можно показать практики (practices) или внедрения (adoptions)' })
    .default('practices'),
  scale: z
    .enum(MAP_SCALES, { error: 'считать можно всего (total) или на 1 000 обучающихся (per-1000)' })
    .default('total'),
});

/** The map's address for a choice; the defaults are left out so `/map` stays the one address of the first view. */
function mapHref(show: MapShow, scale: MapScale): string {
  const params = new URLSearchParams();
  if (show !== 'practices') params.set('show', show);
  if (scale !== 'total') params.set('scale', scale);
  const search = params.toString();
  return search ? `${MAP.page}?${search}` : MAP.page;
}

const SHOWN: Record<MapShow, { title: string; forms: Forms }> = {
  practices: {
    title: 'Опубликованные практики',
    forms: { one: 'опубликованная практика', few: 'опубликованные практики', many: 'опубликованных практик' },
  },
  adoptions: {
    title: 'Подтверждённые внедрения',
    forms: { one: 'подтверждённое внедрение', few: 'подтверждённых внедрения', many: 'подтверждённых внедрений' },
  },
};

/** Which palette shade each of `n` classes takes: spread over the five, so three classes are still far apart. */
const shadeIndex = (i: number, n: number) => (n <= 1 ? 0 : Math.round((i * 4) / (n - 1)));

/** What a tile's link says: «Вяземский район: 12 опубликованных практик» or «… на 1 000 обучающихся». */
function tileTitle(row: MapRow, value: number | null, show: MapShow, scale: MapScale): string {
  if (value === null) return `${row.label}: нет данных о числе обучающихся`;
  if (scale === 'total') return `${row.label}: ${formatNumber(value)} ${plural(value, SHOWN[show].forms)}`;
  return `${row.label}: ${formatNumber(value)} ${show === 'practices' ? 'практик' : 'внедрений'} на 1 000 обучающихся`;
}

/** A class of the legend in words: «0», «1–3», «0,12–0,4». */
const range = (c: ShadeClass) =>
  c.from === c.to ? formatNumber(c.to) : `${formatNumber(c.from)}–${formatNumber(c.to)}`;

function Switch({ show, scale }: { show: MapShow; scale: MapScale }) {
  const option = (href: string, current: boolean, text: string) => (
    <li>
      <a href={href} {...(current ? { 'aria-current': 'true' as const } : {})}>
        {text}
      </a>
    </li>
  );
  return (
    <nav class="map-switch" aria-label="Что показать на карте">
      <div class="map-switch-group">
        <span class="map-switch-label" id="map-show">
          Показать
        </span>
        <ul aria-labelledby="map-show">
          {option(mapHref('practices', scale), show === 'practices', 'Практики')}
          {option(mapHref('adoptions', scale), show === 'adoptions', 'Внедрения')}
        </ul>
      </div>
      <div class="map-switch-group">
        <span class="map-switch-label" id="map-scale">
          Считать
        </span>
        <ul aria-labelledby="map-scale">
          {option(mapHref(show, 'total'), scale === 'total', 'Всего')}
          {option(mapHref(show, 'per-1000'), scale === 'per-1000', 'На 1 000 обучающихся')}
        </ul>
      </div>
    </nav>
  );
}

function Legend({ classes, noData, caption }: { classes: ShadeClass[]; noData: boolean; caption: string }) {
  return (
    <div class="map-legend">
      <p class="map-legend-caption" id="map-legend-caption">
        {caption}
      </p>
      <ul aria-labelledby="map-legend-caption">
        {classes.map((c, i) => (
          <li>
            <span class={`swatch shade-${shadeIndex(i, classes.length)}`} aria-hidden="true" />
            {range(c)}
          </li>
        ))}
        {noData ? (
          <li>
            <span class="swatch no-data" aria-hidden="true" />
            нет данных
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function PupilsNote({ pupils }: { pupils: PupilFigures }) {
  return (
    <p class="map-note">
      {pupils.estimate
        ? `Число обучающихся и воспитанников (${pupils.year} год), по которому считается «на 1 000», — не официальные данные. ${pupils.source}`
        : `Число обучающихся и воспитанников: ${pupils.source}, ${pupils.year} год.`}
    </p>
  );
}

export const mapPages: FastifyPluginAsyncZod<{ stats: StatsService; vocabularies: VocabularyCatalogue }> = async (
  app,
  { stats, vocabularies },
) => {
  const pupils = loadPupils(vocabularies.terms('municipalities').map((t) => t.code));
  const rows = () =>
    mapRows(stats.table('municipalities'), stats.table('adoptions-municipalities'), pupils, (label) =>
      vocabularies.resolve('municipalities', label),
    );

  app.get(MAP.page, { config: PUBLIC_READ, schema: { hide: true, querystring: query } }, async (request, reply) => {
    const { show, scale } = request.query;
    const all = rows();
    const table = mapTable(all);
    const values = all.map((row) => valueOf(row, show, scale));
    const classes = shadeClasses(
      values.filter((v): v is number => v !== null),
      scale === 'total' ? 0 : 2,
    );
    const tiles: MapTile[] = all.flatMap((row, i) => {
      if (row.code === undefined) return [];
      const value = values[i]!;
      const shade = value === null ? 0 : shadeIndex(classOf(value, classes), classes.length);
      return [
        {
          code: row.code,
          href: `/municipalities/${row.code}`,
          title: tileTitle(row, value, show, scale),
          value,
          shade,
        },
      ];
    });
    const what = scale === 'total' ? SHOWN[show].title : `${SHOWN[show].title} на 1 000 обучающихся`;
    const columns: Column<(string | number)[]>[] = table.header.map((header, i) => ({
      header,
      cell: (r) => {
        const cell = r[i] ?? '';
        if (i === 0) {
          const code = all.find((row) => row.label === cell)?.code;
          return code ? <a href={`/municipalities/${code}`}>{cell}</a> : cell;
        }
        return typeof cell === 'number' ? formatNumber(cell) : cell;
      },
      ...(i === 0 ? { rowHeader: true } : {}),
    }));
    return sendPage(
      request,
      reply,
      {
        title: 'Карта практик и внедрений',
        head: (
          <>
            {statsStyles}
            <link rel="stylesheet" href={asset('map.css')} />
          </>
        ),
        description: 'Карта Смоленской области: сколько практик опубликовано и где их внедрили, по муниципалитетам',
      },
      <div class="map-page">
        <h1>Карта практик и внедрений</h1>
        <p class="lead">
          Где опубликованы практики и где их внедрили у себя — по 27 муниципальным образованиям Смоленской области.
          Нажмите на муниципалитет, чтобы открыть его практики и организации.
        </p>
        <Switch show={show} scale={scale} />
        <figure class="map-figure">
          <TileMap tiles={tiles} label={`Карта Смоленской области: ${what.toLowerCase()} по муниципалитетам`} />
          <figcaption>
            <Legend classes={classes} noData={values.includes(null)} caption={what} />
          </figcaption>
        </figure>
        <PupilsNote pupils={pupils} />
        <section class="map-table" aria-labelledby="map-table-title">
          <h2 id="map-table-title">{table.title}</h2>
          {table.note ? <p class="hint">{table.note}</p> : null}
          <div class="stats-table">
            <Table caption={table.title} columns={columns} rows={table.rows} />
          </div>
          <p class="stats-download">
            Скачать таблицу:{' '}
            <a href={MAP.file('xlsx')} download>
              Excel (XLSX)
            </a>
            ,{' '}
            <a href={MAP.file('csv')} download>
              CSV
            </a>
            . Те же числа по отдельности — в <a href="/stats">статистике банка</a>.
          </p>
        </section>
      </div>,
    );
  });

  for (const format of STATS_FORMATS)
    app.get(MAP.file(format), { config: PUBLIC_READ, schema: { hide: true } }, async (_request, reply) =>
      sendStatsTable(reply, 'map', mapTable(rows()), format),
    );
};
