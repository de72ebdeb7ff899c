/** The admin import's pieces: the upload form, the preview of every record with its mappings, and the report. */
import { VOCABULARY_MODEL } from '../../../model/vocabularies.js';
import { SECTION_MODEL, SECTIONS } from '../../../model/practice.js';
import type { Candidate, MatchKind } from '../../../importer/matcher.js';
import { AS_KEYWORD } from '../../../importer/resolve.js';
import type { Decision } from '../../../importer/run.js';
import type { ImportRecordReport, ImportReport } from '../../../importer/service.js';
import { Button, PostForm } from '../../components/forms.js';
import { Notice } from '../../components/content.js';
import { count, PRACTICES } from '../../format.js';
import { UploadField } from '../../uploads.js';
import { ADMIN } from './paths.js';

/** Addresses of one upload's pages. */
export const IMPORT = {
  preview: (id: string) => `${ADMIN.imports}/${id}`,
  report: (id: string) => `${ADMIN.imports}/${id}/report`,
};

const RECORDS = { one: 'запись', few: 'записи', many: 'записей' };

const KIND_LABELS: Record<string, string> = {
  exact: 'точно',
  synonym: 'синоним',
  mapped: 'выбрано',
  near: 'предложено',
  unknown: 'неизвестно',
  keyword: 'ключевое слово',
};

/** The upload form; `error` is what was wrong with the last file. */
export function UploadForm({ csrf, maxMb, error }: { csrf: string; maxMb: number; error?: string | undefined }) {
  return (
    <PostForm action={ADMIN.imports} csrf={csrf} multipart class="import-upload">
      <UploadField
        label="Файл с практиками"
        hint={`XLSX, CSV (UTF-8 или Windows-1251, разделитель «;» или «,») или JSON, до ${maxMb} МБ. В первой строке таблицы — заголовки: Название, Аннотация, Уровень образования, Предмет, Технологии, Направления, Ключевые слова, Организация, Муниципалитет, Авторы, Должности, Год начала, Дата публикации, Номер в реестре. Несколько значений в ячейке разделяйте «;», «,» или переносом строки.`}
        accept=".xlsx,.csv,.json,.txt"
        error={error}
      />
      <p>Сначала банк покажет, как прочитана каждая запись; ничего не будет записано, пока вы не подтвердите импорт.</p>
      <Button>Загрузить и проверить</Button>
    </PostForm>
  );
}

function Totals({ report }: { report: ImportReport }) {
  const verb = report.dryRun ? 'Будут добавлены' : 'Добавлены';
  return (
    <ul class="import-totals">
      <li>Всего: {count(report.total, RECORDS)}</li>
      <li>
        {verb}: {count(report.created, PRACTICES)}
      </li>
      <li>Уже есть в банке: {report.duplicates}</li>
      <li>С ошибками: {report.failed}</li>
      <li>С замечаниями: {report.withWarnings}</li>
      <li>Новых организаций: {report.organizationsCreated}</li>
    </ul>
  );
}

/** A value the preview asks about, with what the bank itself made of it (before any choice). */
export interface PreviewDecision extends Decision {
  origin: MatchKind;
}

/** One select per value that needs a decision, with the closest terms first and every active term after. */
function DecisionRow({ decision, index, choices }: { decision: PreviewDecision; index: number; choices: Candidate[] }) {
  const id = `map-${index}`;
  const selected = decision.kind === 'keyword' ? AS_KEYWORD : (decision.code ?? '');
  const closest = new Set((decision.candidates ?? []).map((c) => c.code));
  const title = VOCABULARY_MODEL[decision.vocabulary].title;
  const option = (c: Candidate) => (
    <option value={c.code} selected={c.code === selected}>
      {c.label}
    </option>
  );
  return (
    <li class={`decision kind-${decision.kind}`}>
      <input type="hidden" name={`value-${index}`} value={`${decision.vocabulary}:${decision.value}`} />
      <label for={id}>
        «{decision.value}»{' '}
        <span class="hint">
          — {title.toLowerCase()}, записей: {decision.records}
        </span>
      </label>
      <span class="hint">
        {decision.origin === 'near'
          ? 'Похожее написание: проверьте предложенный термин'
          : decision.origin === 'unknown'
            ? 'В справочнике такого нет'
            : 'Выбрано вами'}
      </span>
      <select id={id} name={id}>
        <option value="" selected={selected === ''}>
          — не сопоставлять (запись не будет импортирована) —
        </option>
        {decision.vocabulary === 'technologies' ? (
          <option value={AS_KEYWORD} selected={selected === AS_KEYWORD}>
            Оставить ключевым словом
          </option>
        ) : null}
        {closest.size > 0 ? <optgroup label="Ближайшие">{decision.candidates!.map(option)}</optgroup> : null}
        <optgroup label={`Все термины: ${title.toLowerCase()}`}>
          {choices.filter((c) => !closest.has(c.code)).map(option)}
        </optgroup>
      </select>
    </li>
  );
}

/** The form that confirms mappings and starts the import. */
export function DecisionsForm({
  id,
  csrf,
  decisions,
  choices,
  keyword,
  importable,
}: {
  id: string;
  csrf: string;
  decisions: PreviewDecision[];
  choices: (d: Decision) => Candidate[];
  keyword: boolean;
  importable: number;
}) {
  return (
    <PostForm action={IMPORT.preview(id)} csrf={csrf} class="import-decisions">
      {decisions.length > 0 ? (
        <fieldset>
          <legend>Сопоставьте значения, которых нет в справочниках</legend>
          <p class="hint">Выбор применяется ко всем записям с этим значением.</p>
          <ol class="decisions">
            {decisions.map((d, i) => (
              <DecisionRow decision={d} index={i} choices={choices(d)} />
            ))}
          </ol>
        </fieldset>
      ) : (
        <p>Все значения справочников распознаны.</p>
      )}
      <div class="field checkbox">
        <input type="checkbox" id="keyword" name="keyword" value="1" checked={keyword} />
        <label for="keyword">Неизвестные технологии оставлять ключевыми словами (с предупреждением)</label>
      </div>
      <div class="import-actions">
        <Button name="intent" value="preview" variant="secondary">
          Применить и проверить снова
        </Button>{' '}
        <Button name="intent" value="import" disabled={importable === 0}>
          Импортировать {count(importable, PRACTICES)}
        </Button>
      </div>
    </PostForm>
  );
}

const STATUS_TEXT: Record<ImportRecordReport['status'], string> = {
  valid: 'Будет добавлена',
  created: 'Добавлена',
  duplicate: 'Уже есть в банке',
  failed: 'Не импортируется',
};

/** Empty description sections as one line: every row of a register has them. */
function warningLines(record: ImportRecordReport): string[] {
  const sections = new Set<string>(SECTIONS);
  const empty = (record.warnings ?? []).filter((w) => sections.has(w.field));
  const other = (record.warnings ?? []).filter((w) => !sections.has(w.field)).map((w) => w.message);
  if (empty.length === 0) return other;
  const titles = empty.map((w) => `«${SECTION_MODEL[w.field as (typeof SECTIONS)[number]].title}»`);
  return [...other, `Не заполнены разделы: ${titles.join(', ')}`];
}

/** One record as the preview or the report shows it. */
export function RecordItem({ record, dryRun }: { record: ImportRecordReport; dryRun: boolean }) {
  const where = record.row === undefined ? `Запись ${record.index}` : `Строка ${record.row}`;
  return (
    <li class={`import-record status-${record.status}`}>
      <h3>
        {where}: {record.title || 'без названия'}
      </h3>
      <p class="import-status">
        <strong>{STATUS_TEXT[record.status]}</strong>
        {record.registryNumber ? (
          <>
            {' '}
            — <a href={`/practices/${record.registryNumber}`}>{record.registryNumber}</a>
          </>
        ) : null}
        {record.organization
          ? `. Организация: ${record.organization.name} (${record.organization.status === 'existing' ? 'из справочника' : dryRun ? 'новая, будет добавлена в справочник' : 'новая, добавлена в справочник'})`
          : null}
      </p>
      {record.errors?.length ? (
        <ul class="import-errors">
          {record.errors.map((e) => (
            <li>{e.message}</li>
          ))}
        </ul>
      ) : null}
      {warningLines(record).length > 0 ? (
        <ul class="import-warnings">
          {warningLines(record).map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      ) : null}
      {record.matches?.length ? (
        <ul class="import-matches">
          {record.matches.map((m) => (
            <li>
              «{m.value}» → {m.label && m.kind !== 'keyword' ? `«${m.label}»` : '—'}{' '}
              <span class={`kind kind-${m.kind}`}>{KIND_LABELS[m.kind]}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The summary and every record, failed ones first. */
export function ReportBody({ report }: { report: ImportReport }) {
  const order = { failed: 0, valid: 1, created: 1, duplicate: 2 } as const;
  const records = [...report.records].sort((a, b) => order[a.status] - order[b.status] || a.index - b.index);
  return (
    <>
      <Totals report={report} />
      {report.fileWarnings.length > 0 ? (
        <Notice kind="warning">
          <ul>
            {report.fileWarnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <h2>Записи</h2>
      <ul class="import-records">
        {records.map((r) => (
          <RecordItem record={r} dryRun={report.dryRun} />
        ))}
      </ul>
    </>
  );
}
