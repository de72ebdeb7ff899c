/**
 * The permalink of a practice, `/practices/67-YYYY-NNNN` and its versions `/vN` (also `/v/N`, as in the API):
 * the address every citation gives. A withdrawn practice keeps its page, which says when and why.
 */
import { stripMarkdown } from '../../../search/analysis/normalize.js';
import { PUBLIC_READ } from '../../access/routes.js';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdoptionService } from '../../adoptions/service.js';
import type { AttachmentService } from '../../attachments/service.js';
import type { Db } from '../../db/client.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../../model/vocabularies.js';
import type { RegistryService } from '../../registry/service.js';
import { similarPractices } from '../../registry/similar.js';
import { publishedCollectionsOf } from '../../collections/repository.js';
import { InCollections } from './collections.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { visitorOf } from '../../stats/visits.js';
import { asset } from '../assets.js';
import { formatDate, isoDate } from '../format.js';
import { qrSvg } from '../qr.js';
import { sendPage } from '../render.js';
import { AskAuthorForm } from './questions.js';
import type { QuestionService } from '../../questions/service.js';
import { jsonLdText, openGraph, practiceJsonLd } from '../structured-data.js';
import { PLAYER_ORIGINS } from '../video.js';
import { PracticeBody, termLabels } from './practice-body.js';
import { Citation, QrCode, Similar, Versions } from './practice-parts.js';
import { platformsOfPractice } from '../../platforms/repository.js';
import { PlatformLine } from './platforms/parts.js';
import { certificatePaths } from './certificate.js';
import { AdoptionsSection } from './adoptions/parts.js';
import { Withdrawal, withdrawalFor, type WithdrawalProps } from './workspace/withdrawal.js';

type Entry = ReturnType<RegistryService['get']>;

export interface PracticePageOptions {
  db: Db;
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  vocabularies: VocabularyCatalogue;
  /** Whether a question to the authors reaches anyone: the form «Задать вопрос автору» shows only then. */
  questions: Pick<QuestionService, 'canAsk'>;
  adoptions: Pick<AdoptionService, 'ofPractice'>;
}

const numberParam = z.object({ number: z.string().max(40) });
const versionParams = numberParam.extend({
  n: z.coerce.number({ error: 'Номер версии — целое число' }).int().min(1, 'Версии нумеруются с 1').max(10_000),
});

/**
 * The video players may be framed on a practice page only: the site's policy (whatever it is) gets a
 * `frame-src` for the players' hosts added, and nothing else changes.
 */
const allowPlayers = async (_request: unknown, reply: FastifyReply) => {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string' && !/(^|;)\s*frame-src/.test(policy))
    reply.header('content-security-policy', `${policy};frame-src ${PLAYER_ORIGINS.join(' ')}`);
};

export const practicePages: FastifyPluginAsyncZod<PracticePageOptions> = async (
  app,
  { db, attachments, registry, vocabularies, questions, adoptions },
) => {
  const labels = (vocabulary: PracticeVocabulary, codes: string[]) => termLabels(vocabularies, vocabulary, codes);

  function Withdrawn({ entry }: { entry: Entry }) {
    return (
      <article class="practice">
        <h1>{entry.title}</h1>
        <p class="meta">№ {entry.versionLabel}</p>
        <div class="notice warning" role="note">
          <p>
            <strong>Практика снята с публикации</strong>
            {/* «… 30 ноября 2026 г.» already ends with a full stop. */}
            {entry.withdrawal ? ` ${formatDate(entry.withdrawal.at)}` : '.'}
          </p>
          <p>Причина: {entry.withdrawal?.reason || 'не указана'}</p>
          <p>Постоянная ссылка сохраняется, чтобы прежние ссылки на практику не вели в пустоту.</p>
        </div>
        <Versions versions={entry.versions} shown={entry.versionNo} inForce={-1} />
      </article>
    );
  }

  function Published({
    entry,
    withdrawal,
    ask,
    signedIn,
  }: {
    entry: Entry;
    withdrawal?: WithdrawalProps | undefined;
    ask?: { csrf: string; name?: string; email?: string } | undefined;
    signedIn: boolean;
  }) {
    const p = entry.practice!;
    const inForce = entry.versions.at(-1)?.versionNo ?? entry.versionNo;
    return (
      <article class="practice">
        {entry.current ? null : (
          <div class="notice" role="note">
            Это версия {entry.versionNo}. <a href={entry.permalink}>Открыть действующую версию</a>
          </div>
        )}
        <h1>{p.title}</h1>
        <p class="meta">
          № {entry.versionLabel}
          {p.publishedAt ? (
            <>
              {' · опубликовано '}
              <time datetime={isoDate(p.publishedAt)}>{formatDate(p.publishedAt)}</time>
            </>
          ) : null}
        </p>
        {withdrawal ? <Withdrawal {...withdrawal} /> : null}
        <PlatformLine platforms={platformsOfPractice(db, p.id)} />
        <PracticeBody
          practice={p}
          vocabularies={vocabularies}
          materials={attachments.ofPublicVersion(p.id, entry.versionNo)}
        />
        {entry.current ? (
          <AdoptionsSection adoptions={adoptions.ofPractice(p.id)} number={entry.registryNumber} signedIn={signedIn} />
        ) : null}
        <Citation text={entry.citation!} number={entry.registryNumber} />
        <TakeAway number={entry.registryNumber} />
        <QrCode number={entry.registryNumber} permalink={entry.current ? entry.permalink : entry.versionPermalink} />
        <Versions versions={entry.versions} shown={entry.versionNo} inForce={inForce} />
        <Similar items={similarPractices(db, p)} />
        <InCollections items={publishedCollectionsOf(db, p.id)} />
        {ask ? (
          <AskAuthorForm
            number={entry.registryNumber}
            csrf={ask.csrf}
            values={{ name: ask.name ?? '', email: ask.email ?? '' }}
          />
        ) : null}
        <p class="meta data-link">
          <a href={`/api/v1/registry/${entry.registryNumber}${entry.current ? '' : `/v/${entry.versionNo}`}`}>
            Данные практики в формате JSON
          </a>
        </p>
      </article>
    );
  }

  function head(entry: Entry) {
    const p = entry.practice;
    const url = entry.current ? entry.permalink : entry.versionPermalink;
    if (!p) return <link rel="canonical" href={url} />;
    const org = p.organization;
    const summary = stripMarkdown(p.summary).replace(/\s+/g, ' ').trim();
    const og = openGraph({ title: p.title, description: summary, url });
    const jsonLd = practiceJsonLd({
      title: p.title,
      summary,
      permalink: url,
      registryNumber: entry.registryNumber,
      authors: p.authors,
      organization: org?.name ?? null,
      publishedAt: p.publishedAt,
      levels: labels('levels', p.levels),
      // Every vocabulary but the level (educationalLevel above) says what the practice is about.
      about: [...PRACTICE_VOCABULARIES.filter((v) => v !== 'levels').flatMap((v) => labels(v, p[v])), ...p.keywords],
    });
    return (
      <>
        <link rel="canonical" href={url} />
        {og.properties.map(([property, content]) => (
          <meta property={property} content={content} />
        ))}
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(jsonLd) }} />
        <link rel="stylesheet" href={asset('pages.css')} />
        <link rel="stylesheet" href={asset('subscriptions.css')} />
      </>
    );
  }

  const show = (request: Parameters<typeof sendPage>[0], reply: Parameters<typeof sendPage>[1], entry: Entry) =>
    sendPage(
      request,
      reply,
      { title: entry.title, head: head(entry), scripts: entry.practice ? ['clipboard.js', 'practice.js'] : [] },
      entry.practice ? (
        <Published
          entry={entry}
          signedIn={request.session !== undefined && request.session !== null}
          withdrawal={
            entry.current ? withdrawalFor(db, request, reply, entry.practice.id, entry.registryNumber) : undefined
          }
          ask={
            entry.current && questions.canAsk(entry.registryNumber)
              ? {
                  csrf: app.formToken(request, reply),
                  ...(request.session
                    ? { name: request.session.user.fullName, email: request.session.user.email }
                    : {}),
                }
              : undefined
          }
        />
      ) : (
        <Withdrawn entry={entry} />
      ),
    );

  app.get(
    '/practices/:number',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam }, onSend: allowPlayers },
    async (request, reply) =>
      show(
        request,
        reply,
        registry.get(
          request.params.number,
          request.method === 'GET' ? { countView: true, visitor: visitorOf(request) } : { countView: false },
        ),
      ),
  );

  // Both /practices/67-2026-0042/v2 (the permalink) and /practices/67-2026-0042/v/2 (as in the API) open a version.
  for (const url of ['/practices/:number/v/:n', '/practices/:number/v:n']) {
    app.get(
      url,
      { config: PUBLIC_READ, schema: { hide: true, params: versionParams }, onSend: allowPlayers },
      async (request, reply) => show(request, reply, registry.getVersion(request.params.number, request.params.n)),
    );
  }

  app.get(
    '/practices/:number/qr.svg',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const entry = registry.get(request.params.number, { countView: false });
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .send(await qrSvg(entry.permalink));
    },
  );
};

/** What a reader takes away besides the citation: the certificate for certification, and a page to print. */
function TakeAway({ number }: { number: string }) {
  const paths = certificatePaths(number);
  return (
    <ul class="take-away">
      <li>
        <a href={paths.pdf}>Свидетельство о включении в банк (PDF)</a>
        <span class="hint"> — для аттестации; QR-код на нём ведёт на страницу проверки</span>
      </li>
      <li>
        <a href={paths.print}>Версия для печати</a>
      </li>
    </ul>
  );
}
