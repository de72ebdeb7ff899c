/**
 * The reviewers' queue as a page: filters in a GET form (a shareable address, the API's own parameter names) with
 * how many practices each value would show, then the practices oldest first, each with «Взять» or «Вернуть в
 * очередь» as a one-button form.
 */
import type { z } from 'zod';
import type { ModerationService } from '../../../moderation/service.js';
import type { queueQuery } from '../../../moderation/schemas.js';
import { WAITING_DAYS } from '../../../moderation/queue.js';
import { QUEUE_STATES, STATE_LABELS } from '../../../moderation/transitions.js';
import { VOCABULARY_MODEL } from '../../../model/vocabularies.js';
import type { VocabularyCatalogue } from '../../../vocabularies/service.js';
import { Button, PostForm } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count, formatDate, formatNumber, isoDate, PRACTICES, plural } from '../../format.js';
import { WORKSPACE } from './paths.js';

export type QueueQuery = z.output<typeof queueQuery>;
type Queue = ReturnType<ModerationService['queue']>;
type Item = Queue['items'][number];

const DAYS = { one: 'день', few: 'дня', many: 'дней' };

/** «ждёт 12 дней», «ждёт со вчера», «ждёт с сегодняшнего дня». */
export function waitingText(days: number | null): string {
  if (days === null) return 'не отправлена';
  if (days === 0) return 'ждёт с сегодняшнего дня';
  if (days === 1) return 'ждёт со вчера';
  return `ждёт ${formatNumber(days)} ${plural(days, DAYS)}`;
}

/** The address of the queue with `query` (default values left out, so the address stays short). */
export function queueHref(query: Partial<QueueQuery>): string {
  const params = new URLSearchParams();
  for (const s of query.state ?? []) params.append('state', s);
  for (const l of query.level ?? []) params.append('level', l);
  for (const m of query.municipality ?? []) params.append('municipality', m);
  if (query.organizationId !== undefined) params.set('organizationId', String(query.organizationId));
  if (query.claimed) params.set('claimed', query.claimed);
  if (query.waitingDays !== undefined) params.set('waitingDays', String(query.waitingDays));
  if (query.page && query.page > 1) params.set('page', String(query.page));
  if (query.perPage && query.perPage !== 20) params.set('perPage', String(query.perPage));
  const search = params.toString();
  return search ? `${WORKSPACE.moderation}?${search}` : WORKSPACE.moderation;
}

interface Option {
  value: string;
  label: string;
  n?: number | undefined;
}

/** A select that says how many practices each choice would show; the first option is «all». */
function FilterSelect({
  name,
  label,
  all,
  options,
  chosen,
}: {
  name: string;
  label: string;
  all: string;
  options: Option[];
  chosen: string | undefined;
}) {
  return (
    <div class="queue-filter">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.n === undefined ? o.label : `${o.label} (${formatNumber(o.n)})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({
  query,
  queue,
  vocabularies,
}: {
  query: QueueQuery;
  queue: Queue;
  vocabularies: VocabularyCatalogue;
}) {
  const f = queue.facets;
  const states = query.state ?? ['submitted', 'in_review'];
  const chosen = [
    query.level?.length,
    query.municipality?.length,
    query.organizationId,
    query.claimed,
    query.waitingDays,
  ].filter((v) => v !== undefined && v !== 0).length;
  // Values with nothing behind them are left out, except the one chosen: the lists stay short.
  const terms = (vocabulary: 'levels' | 'municipalities', counts: Record<string, number>, chosen?: string) =>
    vocabularies
      .terms(vocabulary)
      .filter((t) => (counts[t.code] ?? 0) > 0 || t.code === chosen)
      .map((t) => ({ value: t.code, label: t.label, n: counts[t.code] ?? 0 }));
  return (
    <form id="queue-filters" class="queue-filters" method="get" action={WORKSPACE.moderation}>
      <details class="queue-filters-box" open>
        <summary>
          <h2>Фильтры очереди</h2>
          {chosen > 0 ? <span class="meta"> (выбрано: {chosen})</span> : null}
        </summary>
        <fieldset class="queue-states">
          <legend>Состояние</legend>
          <ul>
            {QUEUE_STATES.map((s) => (
              <li>
                <label>
                  <input type="checkbox" name="state" value={s} checked={states.includes(s)} />
                  {` ${STATE_LABELS[s]} `}
                  <span class="count">({formatNumber(f.state[s] ?? 0)})</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="queue-selects">
          <FilterSelect
            name="level"
            label={VOCABULARY_MODEL.levels.singular}
            all="Все уровни"
            options={terms('levels', f.level, query.level?.[0])}
            chosen={query.level?.[0]}
          />
          <FilterSelect
            name="municipality"
            label={VOCABULARY_MODEL.municipalities.singular}
            all="Все муниципалитеты"
            options={terms('municipalities', f.municipality, query.municipality?.[0])}
            chosen={query.municipality?.[0]}
          />
          <FilterSelect
            name="organizationId"
            label="Организация"
            all="Все организации"
            options={f.organization.map((o) => ({ value: String(o.id), label: o.name, n: o.n }))}
            chosen={query.organizationId === undefined ? undefined : String(query.organizationId)}
          />
          <FilterSelect
            name="claimed"
            label="Кто взял"
            all="Неважно"
            options={[
              { value: 'me', label: 'Взятые мной', n: f.claimed.me },
              { value: 'any', label: 'Взятые кем-либо', n: f.claimed.any },
              { value: 'none', label: 'Никем не взятые', n: f.claimed.none },
            ]}
            chosen={query.claimed}
          />
          <FilterSelect
            name="waitingDays"
            label="Сколько ждёт"
            all="Сколько угодно"
            options={WAITING_DAYS.map((d) => ({
              value: String(d),
              label: `${d} ${plural(d, DAYS)} и дольше`,
              n: f.waitingDays[String(d)] ?? 0,
            }))}
            chosen={query.waitingDays === undefined ? undefined : String(query.waitingDays)}
          />
        </div>
        <p class="queue-apply">
          <Button>Показать</Button> <a href={WORKSPACE.moderation}>Сбросить фильтры</a>
          <span class="hint js-only" hidden>
            {' '}
            Список обновляется сразу, как только вы меняете фильтр.
          </span>
        </p>
      </details>
    </form>
  );
}

export interface QueueRowActions {
  csrf: string;
  me: number;
  admin: boolean;
  moderates: boolean;
  /** The current address, where a claim or release comes back to. */
  back: string;
  /** A refusal to show beside one practice's button (its claim came too late, say). */
  errors: Record<number, string>;
  /** The same refusal at the top, naming the practice: its row may have left this view of the queue. */
  refusal?: { title: string; message: string } | undefined;
}

function RowAction({ item, actions }: { item: Item; actions: QueueRowActions }) {
  const mine = item.claimedBy?.id === actions.me;
  const action =
    item.state === 'submitted' && actions.moderates
      ? 'claim'
      : item.state === 'in_review' && (mine || actions.admin)
        ? 'release'
        : undefined;
  const error = actions.errors[item.id];
  return (
    <div class="queue-action">
      {error ? (
        <p class="error-message" id={`claim-error-${item.id}`}>
          <span class="visually-hidden">Ошибка: </span>
          {error}
        </p>
      ) : null}
      {action ? (
        <PostForm action={`${WORKSPACE.review(item.id)}/${action}`} csrf={actions.csrf}>
          <input type="hidden" name="etag" value={item.etag} />
          <input type="hidden" name="back" value={actions.back} />
          <Button
            variant={action === 'claim' ? 'primary' : 'secondary'}
            {...(error ? { 'aria-describedby': `claim-error-${item.id}` } : {})}
          >
            {action === 'claim' ? 'Взять' : 'Вернуть в очередь'}
            <span class="visually-hidden">{`: «${item.title}»`}</span>
          </Button>
        </PostForm>
      ) : null}
    </div>
  );
}

function Row({
  item,
  actions,
  vocabularies,
}: {
  item: Item;
  actions: QueueRowActions;
  vocabularies: VocabularyCatalogue;
}) {
  const org = item.organization;
  return (
    <li class="queue-item" id={`practice-${item.id}`}>
      <div class="queue-main">
        <h3>
          <a href={WORKSPACE.review(item.id)}>{item.title}</a>
        </h3>
        <p class="meta">
          {org
            ? `${org.name} · ${vocabularies.label('municipalities', org.municipality) ?? org.municipality}`
            : 'Организация не указана'}
          {item.versionNo > 1 ? ` · версия ${item.versionNo}` : ''}
        </p>
        <p class="queue-status">
          <span class={`state state-${item.state}`}>{STATE_LABELS[item.state]}</span>
          {item.submittedAt ? (
            <>
              {' · '}
              <strong>{waitingText(item.waitingDays)}</strong>
              {' (с '}
              <time datetime={isoDate(item.submittedAt)}>{formatDate(item.submittedAt)}</time>)
            </>
          ) : null}
          {' · '}
          {item.claimedBy
            ? item.claimedBy.id === actions.me
              ? 'взята вами'
              : `взял(а) ${item.claimedBy.name}`
            : 'никто не взял'}
        </p>
      </div>
      <RowAction item={item} actions={actions} />
    </li>
  );
}

/** The whole queue page's body. */
export function QueueView({
  query,
  queue,
  vocabularies,
  actions,
  adoptionsWaiting,
}: {
  query: QueueQuery;
  queue: Queue;
  vocabularies: VocabularyCatalogue;
  actions: QueueRowActions;
  /** Adoption reports waiting for a moderator: their own light queue, linked from here. */
  adoptionsWaiting?: number | undefined;
}) {
  const pages = Math.max(1, Math.ceil(queue.total / query.perPage));
  return (
    <div class="moderation-queue">
      <h1>Очередь модерации</h1>
      <p class="lead">
        Практики ждут экспертизы СОИРО; сначала те, что ждут дольше. Возьмите практику на рассмотрение, оцените по
        критериям и примите решение.
      </p>
      {adoptionsWaiting === undefined ? null : (
        <p>
          <a href="/moderation/adoptions">Сообщения о внедрении практик</a>
          {adoptionsWaiting > 0 ? ` — ждут решения: ${adoptionsWaiting}` : ' — новых нет'}
        </p>
      )}
      {actions.refusal ? (
        <div class="notice error" role="alert">
          <p>
            <strong>«{actions.refusal.title}»</strong>: {actions.refusal.message}
          </p>
        </div>
      ) : null}
      <Filters query={query} queue={queue} vocabularies={vocabularies} />
      <h2 id="queue-title" aria-live="polite">
        {queue.total === 0 ? 'Нет практик с такими условиями' : `Найдено: ${count(queue.total, PRACTICES)}`}
      </h2>
      {queue.items.length > 0 ? (
        <ol class="queue" aria-labelledby="queue-title">
          {queue.items.map((item) => (
            <Row item={item} actions={actions} vocabularies={vocabularies} />
          ))}
        </ol>
      ) : null}
      <Pagination
        page={query.page}
        pages={pages}
        href={(page) => queueHref({ ...query, page })}
        label="Страницы очереди"
      />
    </div>
  );
}
