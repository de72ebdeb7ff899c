/** Pieces the platforms' pages share: the filters form, the list's table and the facts of one platform. */
import { VOCABULARY_MODEL } from '../../../model/vocabularies.js';
import { LEVEL_LABELS, PLATFORM_LEVELS, PLATFORM_STATUSES, STATUS_LABELS } from '../../../platforms/model.js';
import type { PlatformSummary } from '../../../platforms/service.js';
import { Table } from '../../components/content.js';
import { PLATFORMS } from './paths.js';

/** «2023–2026», «с 2024». */
export const periodOf = (p: { yearFrom: number; yearTo: number | null }) =>
  p.yearTo === null ? `с ${p.yearFrom}` : p.yearFrom === p.yearTo ? String(p.yearFrom) : `${p.yearFrom}–${p.yearTo}`;

export interface PlatformFilterValues {
  q?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  municipality?: string | undefined;
}

/** The list's filters: a GET form, so it works without JavaScript and its address can be shared. */
export function PlatformFilters({
  values,
  municipalities,
}: {
  values: PlatformFilterValues;
  municipalities: { value: string; label: string }[];
}) {
  return (
    <form class="filters" action={PLATFORMS.list} method="get" role="search" aria-label="Поиск площадок">
      <div>
        <label for="platform-q">Слова темы или организации</label>
        <input id="platform-q" name="q" type="search" value={values.q ?? ''} maxLength={200} />
      </div>
      <div>
        <label for="platform-level">Уровень</label>
        <select id="platform-level" name="level">
          <option value="">Все</option>
          {PLATFORM_LEVELS.map((l) => (
            <option value={l} selected={l === values.level}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="platform-status">Статус</label>
        <select id="platform-status" name="status">
          <option value="">Все</option>
          {PLATFORM_STATUSES.map((s) => (
            <option value={s} selected={s === values.status}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="platform-municipality">{VOCABULARY_MODEL.municipalities.singular}</label>
        <select id="platform-municipality" name="municipality">
          <option value="">Все</option>
          {municipalities.map((m) => (
            <option value={m.value} selected={m.value === values.municipality}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <button class="button" type="submit">
        Найти
      </button>
    </form>
  );
}

/** Platforms as a table: on a phone each row becomes a card. */
export function PlatformTable({ items, caption }: { items: PlatformSummary[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={items}
      columns={[
        { header: 'Тема', rowHeader: true, cell: (p) => <a href={PLATFORMS.one(p.id)}>{p.theme}</a> },
        {
          header: 'Организация',
          cell: (p) => (
            <a href={`/organizations/${p.organization.id}`}>{p.organization.shortName ?? p.organization.name}</a>
          ),
        },
        { header: VOCABULARY_MODEL.municipalities.singular, cell: (p) => p.organization.municipalityLabel },
        { header: 'Уровень', cell: (p) => p.levelLabel },
        { header: 'Период', cell: (p) => <span class="nowrap">{periodOf(p)}</span> },
        { header: 'Статус', cell: (p) => p.statusLabel },
        { header: 'Практик', cell: (p) => p.practiceCount },
      ]}
    />
  );
}

/** «Практика площадки «…»» on a practice's page, for each platform it belongs to. */
export function PlatformLine({ platforms }: { platforms: { id: number; theme: string }[] }) {
  if (platforms.length === 0) return null;
  return (
    <p class="platform-line">
      {platforms.map((p, i) => (
        <>
          {i > 0 ? <br /> : null}
          Практика площадки <a href={PLATFORMS.one(p.id)}>«{p.theme}»</a>
        </>
      ))}
    </p>
  );
}

/** The organisation page's section: its innovation platforms, when it has any. */
export function OrganizationPlatforms({ items }: { items: PlatformSummary[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h2>Инновационные площадки</h2>
      <ul>
        {items.map((p) => (
          <li>
            <a href={PLATFORMS.one(p.id)}>{p.theme}</a>{' '}
            <span class="meta">
              {p.levelLabel.toLowerCase()} площадка, {periodOf(p)}, {p.statusLabel.toLowerCase()}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
