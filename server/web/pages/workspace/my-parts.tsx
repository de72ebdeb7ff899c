/** Pieces of «Мои практики»: one practice with its state in words and its next step, and the invitations. */
import type { ComponentChildren } from 'preact';
import { Button, ButtonLink, PostForm } from '../../components/forms.js';
import { formatDate } from '../../format.js';
import { practiceRoute } from './my-access.js';
import { WORKSPACE } from './paths.js';
import { shortened, type MyPractice } from './my-list.js';

/** Where «Начать новую версию» posts. */
export const NEW_VERSION = practiceRoute('/my/practices/:id/new-version');
/** Where an invitation is accepted or declined. */
export const INVITATION = practiceRoute('/my/invitations/:id');

const publicPage = (number: string) => `/practices/${number}`;

/** The state in words and what the authors can do about it. */
interface Step {
  status: string;
  tone: 'todo' | 'waiting' | 'done' | 'stopped';
  detail?: ComponentChildren;
  action?: ComponentChildren;
}

function NewVersionForm({ p, csrf }: { p: MyPractice; csrf: string }) {
  return (
    <PostForm action={NEW_VERSION.at(p.id)} csrf={csrf} class="inline-form">
      <input type="hidden" name="etag" value={p.etag} />
      <Button variant="secondary" aria-describedby={`practice-${p.id}-title`}>
        Начать новую версию
      </Button>
    </PostForm>
  );
}

function CitationBlock({ p }: { p: MyPractice }) {
  if (!p.citation || !p.registryNumber) return null;
  return (
    <div class="my-citation">
      <p class="citation" id={`citation-${p.id}`}>
        {p.citation}
      </p>
      <p class="copy-row">
        <button type="button" class="button secondary copy-citation" data-copy={`citation-${p.id}`} hidden>
          Скопировать ссылку для цитирования
        </button>
        <span class="copy-status" role="status" aria-live="polite"></span>
      </p>
    </div>
  );
}

function OnSite({ p }: { p: MyPractice }) {
  return p.registryNumber ? (
    <p>
      На сайте — опубликованная версия:{' '}
      <a href={publicPage(p.registryNumber)}>страница практики № {p.registryNumber}</a>
    </p>
  ) : null;
}

function stepOf(p: MyPractice, csrf: string): Step {
  const edit = (label: string) => <ButtonLink href={WORKSPACE.practice(p.id)}>{label}</ButtonLink>;
  const comment = p.reviewComment ? (
    <p class="review-comment">
      <span class="label">Комментарий рецензента:</span> {shortened(p.reviewComment)}
    </p>
  ) : null;
  if (p.withdrawal)
    return {
      status: `Снята с публикации ${formatDate(p.withdrawal.at)}`,
      tone: 'stopped',
      detail: (
        <>
          <p>Причина: {p.withdrawal.reason || 'не указана'}</p>
          {p.registryNumber ? (
            <p>
              <a href={publicPage(p.registryNumber)}>Страница практики № {p.registryNumber}</a> сообщает о снятии.
            </p>
          ) : null}
        </>
      ),
    };
  switch (p.state) {
    case 'draft':
      return p.onSite
        ? {
            status: `Новая версия ${p.versionNo} — черновик`,
            tone: 'todo',
            detail: <OnSite p={p} />,
            action: edit('Дописать новую версию'),
          }
        : {
            status: 'Черновик',
            tone: 'todo',
            detail: <p>Допишите разделы и отправьте практику на рассмотрение.</p>,
            action: edit('Дописать'),
          };
    case 'changes_requested':
      return {
        status: 'Возвращена на доработку',
        tone: 'todo',
        detail: comment,
        action: edit('Исправить по замечаниям'),
      };
    case 'submitted':
      return {
        status: 'Ждёт рецензента',
        tone: 'waiting',
        detail: (
          <p>
            Отправлена {formatDate(p.submittedAt)} — рецензент СОИРО возьмёт её в работу, о решении придёт уведомление.
          </p>
        ),
      };
    case 'in_review':
      return {
        status: `На рассмотрении с ${formatDate(p.claimedAt ?? p.updatedAt)}`,
        tone: 'waiting',
        detail: <p>Рецензент читает практику; пока он не решит, изменить её нельзя.</p>,
      };
    case 'published':
      return {
        status: `Опубликована № ${p.registryNumber ?? ''}`,
        tone: 'done',
        detail: (
          <>
            <p>
              <a href={publicPage(p.registryNumber ?? '')}>Открыть страницу практики</a>
            </p>
            <CitationBlock p={p} />
          </>
        ),
        action: <NewVersionForm p={p} csrf={csrf} />,
      };
    case 'rejected':
      return p.onSite
        ? {
            status: `Новая версия ${p.versionNo} отклонена`,
            tone: 'stopped',
            detail: (
              <>
                {comment}
                <OnSite p={p} />
              </>
            ),
            action: <NewVersionForm p={p} csrf={csrf} />,
          }
        : { status: 'Отклонена', tone: 'stopped', detail: comment ?? <p>Рецензент не указал причину.</p> };
    default:
      return { status: 'Заменена новой версией', tone: 'done' };
  }
}

/** One practice of the list: its title, its state in words, and what to do next. */
export function PracticeCard({ p, csrf }: { p: MyPractice; csrf: string }) {
  const step = stepOf(p, csrf);
  return (
    <li class={`my-practice tone-${step.tone}`}>
      <h3 id={`practice-${p.id}-title`}>
        <a href={WORKSPACE.practice(p.id)}>{p.title}</a>
      </h3>
      <p class="my-state">
        <strong>{step.status}</strong>
        <span class="meta">
          {p.versionNo > 1 ? ` · версия ${p.versionNo}` : ''} · изменена {formatDate(p.updatedAt)}
        </span>
      </p>
      {step.detail}
      {step.action ? <div class="my-actions">{step.action}</div> : null}
    </li>
  );
}

export interface Invitation {
  practiceId: number;
  title: string;
  invitedBy: string;
  createdAt: string;
}

/** Invitations to co-author, each with «Принять» and «Отказаться». */
export function Invitations({ items, csrf }: { items: Invitation[]; csrf: string }) {
  if (items.length === 0) return null;
  return (
    <section class="invitations" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Приглашения в соавторы</h2>
      <ul>
        {items.map((i) => (
          <li>
            <p>
              {i.invitedBy || 'Автор практики'} приглашает вас в соавторы практики «{i.title}» (
              {formatDate(i.createdAt)}). Соавтор может вместе с автором дописывать и исправлять практику.
            </p>
            <PostForm action={INVITATION.at(i.practiceId)} csrf={csrf} class="inline-form">
              <Button name="answer" value="accept">
                Принять приглашение
              </Button>{' '}
              <Button name="answer" value="decline" variant="secondary">
                Отказаться
              </Button>
            </PostForm>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What a first-time teacher sees instead of an empty list. */
export function EmptyState() {
  return (
    <div class="notice my-empty">
      <h2>У вас пока нет практик</h2>
      <p>Здесь будут практики, которые вы описываете сами или вместе с коллегами. Как опубликовать свою:</p>
      <ol>
        <li>Нажмите «Новая практика» и напишите её название — остальное можно дописать позже.</li>
        <li>Заполните разделы. Черновик сохраняется сам: можно вернуться к нему в другой вечер.</li>
        <li>Прикрепите материалы (конспекты, презентации, фото) и пригласите соавторов.</li>
        <li>
          Отправьте практику на рассмотрение. После одобрения рецензентом СОИРО она получит номер в реестре и появится
          на сайте.
        </li>
      </ol>
    </div>
  );
}
