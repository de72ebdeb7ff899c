/**
 * The regional map as a tile cartogram the bank draws itself: one square per municipality, placed roughly where it
 * lies in Smolensk region (Велиж in the north-west, Гагарин in the north-east, Ершичи in the south), so a person
 * finds their district without a map from elsewhere. The SVG has a viewBox and scales to any width: on a wide screen
 * each tile carries the town's name, on a phone (stats-like `.wide`/`.narrow` text, switched by map.css) a
 * three-letter abbreviation; every tile is a link named by its `<title>`: the whole name with its figure.
 */
import { formatNumber } from '../format.js';

/** Where a municipality's tile stands (column, row) and what it is called on it. */
interface TilePlace {
  col: number;
  row: number;
  /** The name on a wide screen, one or two lines. */
  name: [string] | [string, string];
  /** The abbreviation on a phone. */
  abbr: string;
}

/** The cartogram: seven columns west to east, six rows north to south. */
const TILES: Record<string, TilePlace> = {
  velizhsky: { col: 0, row: 0, name: ['Велиж'], abbr: 'ВЕЛ' },
  demidovsky: { col: 1, row: 0, name: ['Демидов'], abbr: 'ДЕМ' },
  dukhovshchinsky: { col: 2, row: 0, name: ['Духовщина'], abbr: 'ДУХ' },
  'kholm-zhirkovsky': { col: 3, row: 0, name: ['Холм-', 'Жирковский'], abbr: 'ХЖР' },
  sychevsky: { col: 4, row: 0, name: ['Сычёвка'], abbr: 'СЫЧ' },
  novoduginsky: { col: 5, row: 0, name: ['Новодугино'], abbr: 'НОВ' },
  gagarinsky: { col: 6, row: 0, name: ['Гагарин'], abbr: 'ГАГ' },
  rudnyansky: { col: 0, row: 1, name: ['Рудня'], abbr: 'РУД' },
  smolensky: { col: 1, row: 1, name: ['Смоленский', 'район'], abbr: 'СМР' },
  kardymovsky: { col: 2, row: 1, name: ['Кардымово'], abbr: 'КАР' },
  yartsevsky: { col: 3, row: 1, name: ['Ярцево'], abbr: 'ЯРЦ' },
  safonovsky: { col: 4, row: 1, name: ['Сафоново'], abbr: 'САФ' },
  vyazemsky: { col: 5, row: 1, name: ['Вязьма'], abbr: 'ВЯЗ' },
  temkinsky: { col: 6, row: 1, name: ['Тёмкино'], abbr: 'ТЁМ' },
  krasninsky: { col: 0, row: 2, name: ['Красный'], abbr: 'КРА' },
  smolensk: { col: 1, row: 2, name: ['Смоленск'], abbr: 'СМЛ' },
  glinkovsky: { col: 3, row: 2, name: ['Глинка'], abbr: 'ГЛИ' },
  dorogobuzhsky: { col: 4, row: 2, name: ['Дорогобуж'], abbr: 'ДОР' },
  ugransky: { col: 5, row: 2, name: ['Угра'], abbr: 'УГР' },
  khislavichsky: { col: 0, row: 3, name: ['Хиславичи'], abbr: 'ХИС' },
  monastyrshchinsky: { col: 1, row: 3, name: ['Монастыр-', 'щина'], abbr: 'МОН' },
  pochinkovsky: { col: 2, row: 3, name: ['Починок'], abbr: 'ПОЧ' },
  yelninsky: { col: 3, row: 3, name: ['Ельня'], abbr: 'ЕЛЬ' },
  shumyachsky: { col: 1, row: 4, name: ['Шумячи'], abbr: 'ШУМ' },
  roslavlsky: { col: 2, row: 4, name: ['Рославль'], abbr: 'РОС' },
  desnogorsk: { col: 3, row: 4, name: ['Десногорск'], abbr: 'ДЕС' },
  yershichsky: { col: 2, row: 5, name: ['Ершичи'], abbr: 'ЕРШ' },
};

/** A tile is wider than tall: «Дорогобуж» and «Десногорск» fit on one line. */
const CELL_W = 112;
const CELL_H = 100;
const TILE_W = 106;
const TILE_H = 94;
const COLS = 7;
const ROWS = 6;

/** One tile as the map draws it. */
export interface MapTile {
  code: string;
  href: string;
  /** The whole name with the figure, for the link's accessible name. */
  title: string;
  /** The figure; null draws «нет данных». */
  value: number | null;
  /** The shade class 0 (palest) to 4; ignored for no value. */
  shade: number;
}

/** The map of the tiles whose codes have a place; `label` names the map for assistive technology. */
export function TileMap({ tiles, label }: { tiles: MapTile[]; label: string }) {
  const placed = tiles
    .filter((t) => TILES[t.code])
    .sort((a, b) => TILES[a.code]!.row - TILES[b.code]!.row || TILES[a.code]!.col - TILES[b.code]!.col);
  return (
    <svg
      class="tile-map"
      viewBox={`0 0 ${COLS * CELL_W} ${ROWS * CELL_H}`}
      role="group"
      aria-label={label}
      xmlns="http://www.w3.org/2000/svg"
    >
      <defs>
        <pattern id="map-no-data" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect class="no-data-ground" width="10" height="10" />
          <line class="no-data-hatch" x1="0" y1="0" x2="0" y2="10" />
        </pattern>
      </defs>
      {placed.map((tile) => {
        const place = TILES[tile.code]!;
        const x = place.col * CELL_W + (CELL_W - TILE_W) / 2;
        const y = place.row * CELL_H + (CELL_H - TILE_H) / 2;
        const cx = x + TILE_W / 2;
        const shade = tile.value === null ? 'no-data' : `shade-${tile.shade}`;
        const figure = tile.value === null ? '—' : formatNumber(tile.value);
        const [first, second] = place.name;
        return (
          // The link's name is its <title> (SVG's own naming, before its text): the whole name and figure, where
          // an aria-label would differ from the abbreviation a phone shows.
          <a href={tile.href} class={`tile ${shade}`}>
            <title>{tile.title}</title>
            <rect x={x} y={y} width={TILE_W} height={TILE_H} rx="10" />
            <text class="wide name" x={cx} y={y + (second ? 28 : 36)} text-anchor="middle">
              {first}
              {second ? (
                <tspan x={cx} dy="16">
                  {second}
                </tspan>
              ) : null}
            </text>
            <text class="wide figure" x={cx} y={y + 76} text-anchor="middle">
              {figure}
            </text>
            <text class="narrow abbr" x={cx} y={y + 40} text-anchor="middle">
              {place.abbr}
            </text>
            <text class="narrow figure" x={cx} y={y + 78} text-anchor="middle">
              {figure}
            </text>
          </a>
        );
      })}
    </svg>
  );
}
