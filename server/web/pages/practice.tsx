/**
 * The permalink of a practice, `/practices/67-YYYY-NNNN` and its versions `/vN` (also `/v/N`, as in the API):
 * the address every citation gives. A withdrawn practice keeps its page, which says when and why.
 */
import { stripMarkdown } from '../../../search/analysis/normalize.js';
import { PUBLIC_READ } from '../../access/routes.js';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AttachmentService } from '../../attachments/service.js';
import type { Db } from '../../db/client.js';
import { SECTIONS, SECTION_TITLES } from '../../model/practice.js';
import { renderMarkdown as markdown } from '../../practices/markdown.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL, type PracticeVocabulary } from '../../model/vocabularies.js';
import type { RegistryService } from '../../registry/service.js';
import { similarPractices } from '../../registry/similar.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { asset } from '../assets.js';
import { formatDate, isoDate } from '../format.js';
import { qrSvg } from '../qr.js';
import { Raw, sendPage } from '../render.js';
import { jsonLdText, openGraph, practiceJsonLd } from '../structured-data.js';
import { PLAYER_ORIGINS } from '../video.js';
import { Citation, Materials, QrCode, Similar, TermList, Versions } from './practice-parts.js';

type Entry = ReturnType<RegistryService['get']>;

export interface PracticePageOptions {
  db: Db;
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  vocabularies: VocabularyCatalogue;
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
  { db, attachments, registry, vocabularies },
) => {
  const labels = (vocabulary: PracticeVocabulary, codes: string[]) =>
    codes.map((c) => vocabularies.label(vocabulary, c) ?? c);

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

  function Published({ entry }: { entry: Entry }) {
    const p = entry.practice!;
    const org = p.organization;
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
        <dl class="facts">
          <div>
            <dt>{p.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
            <dd>
              <ul class="authors">
                {p.authors.map((a) => (
                  <li>
                    {a.fullName}
                    {a.position ? <span class="meta">, {a.position}</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          {org ? (
            <div>
              <dt>Организация</dt>
              <dd>
                <a href={`/organizations/${org.id}`}>{org.name}</a>
              </dd>
            </div>
          ) : null}
          {org ? (
            <div>
              <dt>{VOCABULARY_MODEL.municipalities.singular}</dt>
              <dd>
                <a href={`/municipalities/${org.municipality}`}>
                  {vocabularies.label('municipalities', org.municipality) ?? org.municipality}
                </a>
              </dd>
            </div>
          ) : null}
          {p.startedYear ? (
            <div>
              <dt>Реализуется с</dt>
              <dd>{p.startedYear} года</dd>
            </div>
          ) : null}
        </dl>
        <dl class="terms">
          {PRACTICE_VOCABULARIES.map((v) => (
            <TermList title={VOCABULARY_MODEL[v].title} items={labels(v, p[v])} />
          ))}
          <TermList title="Ключевые слова" items={p.keywords} />
        </dl>
        <h2>Аннотация</h2>
        <Raw html={markdown(p.summary)} class="prose" />
        {SECTIONS.map((key) =>
          p[key].trim() ? (
            <>
              <h2>{SECTION_TITLES[key]}</h2>
              <Raw html={markdown(p[key])} class="prose" />
            </>
          ) : null,
        )}
        <Materials items={attachments.ofPublicVersion(p.id, entry.versionNo)} />
        <Citation text={entry.citation!} />
        <QrCode number={entry.registryNumber} permalink={entry.current ? entry.permalink : entry.versionPermalink} />
        <Versions versions={entry.versions} shown={entry.versionNo} inForce={inForce} />
        <Similar items={similarPractices(db, p)} />
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
      </>
    );
  }

  const show = (request: Parameters<typeof sendPage>[0], reply: Parameters<typeof sendPage>[1], entry: Entry) =>
    sendPage(
      request,
      reply,
      { title: entry.title, head: head(entry), scripts: entry.practice ? ['practice.js'] : [] },
      entry.practice ? <Published entry={entry} /> : <Withdrawn entry={entry} />,
    );

  app.get(
    '/practices/:number',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam }, onSend: allowPlayers },
    async (request, reply) =>
      show(request, reply, registry.get(request.params.number, { countView: request.method === 'GET' })),
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
