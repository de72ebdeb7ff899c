/**
 * The review page's body: where the practice stands (and «Взять на рассмотрение» when nobody has it), then two
 * columns — what changed since the last review and the practice itself on one side, the rubric and the decision
 * on the other (stacked on a phone) — and the practice's history.
 */
import type { AttachmentView } from '../../../attachments/service.js';
import type { HistoryRow } from '../../../history/repository.js';
import type { ModerationService } from '../../../moderation/service.js';
import { STATE_LABELS } from '../../../moderation/transitions.js';
import type { PracticeView } from '../../../practices/service.js';
import type { VocabularyCatalogue } from '../../../vocabularies/service.js';
import { Button, PostForm } from '../../components/forms.js';
import { Breadcrumbs } from '../../components/navigation.js';
import type { FormErrors, FormFields } from '../../forms.js';
import { PracticeBody } from '../practice-body.js';
import { ChangesDiff, type DiffNames } from './diff.js';
import { waitingText } from './moderation-queue.js';
import { WORKSPACE } from './paths.js';
import { DecisionForm } from './review-form.js';
import { formatDateTime } from '../../format.js';
import { EarlierReviews, History } from './review-history.js';

type Moderation = ModerationService;

/** Everything the page shows, read through the services as the moderator may see it. */
export interface ReviewData {
  desk: ReturnType<Moderation['desk']>;
  practice: PracticeView;
  materials: AttachmentView[];
  changes: ReturnType<Moderation['changes']>;
  reviews: ReturnType<Moderation['reviews']>;
  history: HistoryRow[];
}

export interface Reviewer {
  id: number;
  admin: boolean;
  /** Holds the moderator role: admins see the desk and release claims, moderators review. */
  moderates: boolean;
  csrf: string;
}

/** A form that posts one action (claim, release) back to this page. */
function ActionButton({
  id,
  action,
  etag,
  csrf,
  label,
  variant,
}: {
  id: number;
  action: 'claim' | 'release';
  etag: string;
  csrf: string;
  label: string;
  variant: 'primary' | 'secondary';
}) {
  return (
    <PostForm action={`${WORKSPACE.review(id)}/${action}`} csrf={csrf} class="inline-form">
      <input type="hidden" name="etag" value={etag} />
      <input type="hidden" name="back" value={WORKSPACE.review(id)} />
      <Button variant={variant}>{label}</Button>
    </PostForm>
  );
}

/** Where the practice stands on the desk, and the one action that moves it on from here. */
function Status({ data, me, error }: { data: ReviewData; me: Reviewer; error?: string | undefined }) {
  const { desk } = data;
  const mine = desk.claimedBy?.id === me.id;
  const since = desk.claimedAt ? ` с ${formatDateTime(desk.claimedAt)}` : '';
  return (
    <div class={error ? 'review-status notice error' : 'review-status notice'}>
      <p>
        <strong>{`Практика ${STATE_LABELS[desk.state]}`}</strong>
        {desk.submittedAt && (desk.state === 'submitted' || desk.state === 'in_review')
          ? ` · отправлена ${formatDateTime(desk.submittedAt)}, ${waitingText(desk.waitingDays)}`
          : ''}
      </p>
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      {desk.state === 'submitted' && me.moderates ? (
        <>
          <p>Практику ещё никто не взял. Возьмите её, чтобы оценить и принять решение.</p>
          <ActionButton
            id={desk.id}
            action="claim"
            etag={desk.etag}
            csrf={me.csrf}
            label="Взять на рассмотрение"
            variant="primary"
          />
        </>
      ) : null}
      {desk.state === 'in_review' ? (
        <>
          <p>{mine ? `Вы рассматриваете практику${since}.` : `Рассматривает ${desk.claimedBy?.name ?? ''}${since}.`}</p>
          {mine || me.admin ? (
            <ActionButton
              id={desk.id}
              action="release"
              etag={desk.etag}
              csrf={me.csrf}
              label="Вернуть в очередь"
              variant="secondary"
            />
          ) : null}
        </>
      ) : null}
      {desk.registryNumber && (desk.state === 'published' || desk.withdrawn) ? (
        <p>
          Публичная страница: <a href={`/practices/${desk.registryNumber}`}>№ {desk.registryNumber}</a>
          {desk.state === 'published' && !desk.withdrawn ? ' (там же её можно снять с публикации)' : ''}
        </p>
      ) : null}
    </div>
  );
}

function Changes({ changes, names }: { changes: ReviewData['changes']; names: DiffNames }) {
  return (
    <section aria-labelledby="changes" class="review-changes">
      <h2 id="changes">Что изменилось с прошлой рецензии</h2>
      {changes.sinceReviewId === null ? (
        <p class="meta">Практику рецензируют впервые: сравнивать не с чем.</p>
      ) : changes.fields.length === 0 ? (
        <p class="meta">С рецензии версии {changes.sinceVersionNo} ничего не изменилось.</p>
      ) : (
        <>
          <p class="meta">
            По сравнению с тем, что видел рецензент версии {changes.sinceVersionNo}: добавленное подчёркнуто и выделено
            зелёным, удалённое зачёркнуто и выделено красным.
          </p>
          <ChangesDiff fields={changes.fields} names={names} />
        </>
      )}
    </section>
  );
}

/** The whole review page's body. */
export function ReviewView({
  data,
  me,
  names,
  vocabularies,
  form,
  statusError,
}: {
  data: ReviewData;
  me: Reviewer;
  names: DiffNames;
  vocabularies: VocabularyCatalogue;
  form?: { errors: FormErrors; values: FormFields } | undefined;
  statusError?: string | undefined;
}) {
  const { desk, practice } = data;
  const deciding = desk.state === 'in_review' && desk.claimedBy?.id === me.id;
  return (
    <div class="review-page">
      <Breadcrumbs items={[{ label: 'Очередь модерации', href: WORKSPACE.moderation }, { label: practice.title }]} />
      <h1>{practice.title}</h1>
      <p class="meta">
        Версия {desk.versionNo}
        {practice.organization ? ` · ${practice.organization.name}` : ''}
      </p>
      <Status data={data} me={me} error={statusError ?? (deciding ? undefined : form?.errors._form)} />
      {deciding ? (
        <p class="skip-to-rubric">
          <a href="#rubric">Перейти к оценке и решению</a>
        </p>
      ) : null}
      <div class="review-layout">
        <div class="review-practice">
          <Changes changes={data.changes} names={names} />
          <section aria-labelledby="practice-text" class="practice">
            <h2 id="practice-text" class="review-section-title">
              Текст практики
            </h2>
            <PracticeBody practice={practice} vocabularies={vocabularies} materials={data.materials} />
          </section>
        </div>
        <aside class="review-panel" aria-label="Рецензия">
          {deciding ? (
            <DecisionForm id={desk.id} etag={desk.etag} csrf={me.csrf} errors={form?.errors} values={form?.values} />
          ) : (
            <p class="meta">
              {desk.state === 'submitted' || desk.state === 'in_review'
                ? 'Оценить практику и принять решение может модератор, который взял её на рассмотрение.'
                : 'Решение по этой версии уже принято; история — ниже.'}
            </p>
          )}
          <EarlierReviews reviews={data.reviews} />
        </aside>
      </div>
      <History entries={data.history} />
    </div>
  );
}
