/** What pages show of adoptions: the practice page's section, a month in words, a report's status in words. */
import type { AdoptionService } from '../../../adoptions/service.js';
import type { AdoptionStatus } from '../../../db/schema.js';
import { ButtonLink } from '../../components/forms.js';
import { formatSize } from '../workspace/materials-rules.js';
import { count, plural, ORGANIZATIONS, type Forms } from '../../format.js';

export type PracticeAdoptions = ReturnType<AdoptionService['ofPractice']>;
export type AdoptionReport = PracticeAdoptions['items'][number];

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** `2025-09` as «с сентября 2025 г.». */
export const sinceText = (since: string) =>
  `с ${MONTHS_GENITIVE[Number(since.slice(5, 7)) - 1] ?? ''} ${since.slice(0, 4)} г.`;

/** Where a report stands, in words a teacher reads. */
export const STATUS_TEXT: Record<AdoptionStatus, string> = {
  pending: 'ждёт проверки модератором',
  confirmed: 'подтверждено',
  declined: 'отклонено',
  withdrawn: 'отозвано',
};

/** The address of the report form for a published practice. */
export const adoptFormPath = (number: string) => `/practices/${number}/adopt`;

const IN_MUNICIPALITIES: Forms = { one: 'муниципалитете', few: 'муниципалитетах', many: 'муниципалитетах' };

/** «Практику внедрили 3 организации в 2 муниципалитетах» (1: «внедрила … в 1 муниципалитете»). */
export function adoptionSummaryText(organizations: number, municipalities: number): string {
  const verb = plural(organizations, { one: 'внедрила', few: 'внедрили', many: 'внедрили' });
  return `Практику ${verb} ${count(organizations, ORGANIZATIONS)} в ${municipalities} ${plural(municipalities, IN_MUNICIPALITIES)}`;
}

/** What was reported — organisation, since when, what was adapted, results — as every list of adoptions shows it. */
export function ReportBody({ item }: { item: AdoptionReport }) {
  return (
    <>
      <p>
        <strong>{item.organization.name}</strong>
        <span class="meta">
          {' '}
          — {item.municipalityLabel}, {sinceText(item.since)}
        </span>
      </p>
      <p>
        <span class="adoption-label">Что изменили: </span>
        {item.adapted}
      </p>
      <p>
        <span class="adoption-label">Результаты: </span>
        {item.results}
      </p>
      {item.file ? (
        <p>
          <span class="adoption-label">Файл: </span>
          <a href={item.file.url}>{item.file.name}</a> <span class="meta">({formatSize(item.file.size)})</span>
        </p>
      ) : null}
    </>
  );
}

/**
 * The practice page's «Внедрения»: how many organisations in how many municipalities use the practice, who they are,
 * and «Внедрили у себя» for a signed-in person (a visitor is asked to sign in first).
 */
export function AdoptionsSection({
  adoptions,
  number,
  signedIn,
}: {
  adoptions: PracticeAdoptions;
  number: string;
  signedIn: boolean;
}) {
  const form = adoptFormPath(number);
  return (
    <section class="adoptions" aria-labelledby="adoptions-title">
      <h2 id="adoptions-title">Внедрения</h2>
      <p>
        {adoptions.organizations === 0
          ? 'Пока ни одна организация не сообщила, что внедрила эту практику.'
          : `${adoptionSummaryText(adoptions.organizations, adoptions.municipalities)}.`}
      </p>
      {adoptions.items.length > 0 ? (
        <ul class="adoption-list">
          {adoptions.items.map((item) => (
            <li>
              <ReportBody item={item} />
            </li>
          ))}
        </ul>
      ) : null}
      {signedIn ? (
        <p>
          <ButtonLink href={form} variant="secondary">
            Внедрили у себя
          </ButtonLink>
        </p>
      ) : (
        <p>
          Ваша организация работает по этой практике?{' '}
          <a href={`/login?next=${encodeURIComponent(form)}`}>Войдите, чтобы сообщить о внедрении</a>
        </p>
      )}
    </section>
  );
}
