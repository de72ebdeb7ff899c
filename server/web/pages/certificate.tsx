/**
 * What a teacher takes away from the bank: the certificate of inclusion (`/practices/:number/certificate.pdf`),
 * the page its QR code opens to verify it (`/practices/:number/certificate`), which says so plainly when the
 * practice was withdrawn later, and the practice as a page for printing (`/practices/:number/print`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { render } from 'preact-render-to-string';
import { z } from 'zod';
import { PUBLIC_READ } from '../../access/routes.js';
import type { AttachmentService } from '../../attachments/service.js';
import { certificatePdf } from '../../certificates/pdf.js';
import { AppError } from '../../errors.js';
import type { RegistryService } from '../../registry/service.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { asset } from '../assets.js';
import { formatDate, isoDate } from '../format.js';
import { SITE_NAME } from '../layout.js';
import { sendPage } from '../render.js';
import { PracticeBody } from './practice-body.js';
import { Citation } from './practice-parts.js';

type Entry = ReturnType<RegistryService['get']>;

export interface CertificatePageOptions {
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  vocabularies: VocabularyCatalogue;
  now?: () => Date;
}

const numberParam = z.object({ number: z.string().max(40) });

/** The certificate's address and the verification page's, for links and the QR code. */
export const certificatePaths = (number: string) => ({
  pdf: `/practices/${number}/certificate.pdf`,
  verify: `/practices/${number}/certificate`,
  print: `/practices/${number}/print`,
});

/** When the practice entered the bank: the publication of its first version. */
const includedAt = (entry: Entry) => entry.versions[0]?.publishedAt ?? null;

export const certificatePages: FastifyPluginAsyncZod<CertificatePageOptions> = async (
  app,
  { attachments, registry, vocabularies, now = () => new Date() },
) => {
  app.get(
    '/practices/:number/certificate.pdf',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const entry = registry.get(request.params.number, { countView: false });
      const p = entry.practice;
      // A withdrawn practice is no longer in the bank: no new certificate says it is.
      if (!p) throw new AppError('REGISTRY_NUMBER_NOT_FOUND', 'Практика снята с публикации: свидетельство не выдаётся');
      const last = entry.versions.at(-1);
      const pdf = await certificatePdf({
        registryNumber: entry.registryNumber,
        title: p.title,
        authors: p.authors.map((a) => a.fullName),
        organization: p.organization?.name ?? null,
        municipality: p.organization
          ? (vocabularies.label('municipalities', p.organization.municipality) ?? null)
          : null,
        includedOn: formatDate(includedAt(entry)),
        currentVersion:
          entry.versions.length > 1 && last ? `версия ${last.versionNo} от ${formatDate(last.publishedAt)}` : null,
        citation: entry.citation ?? '',
        verifyUrl: `${entry.permalink}/certificate`,
        issuedOn: formatDate(now()),
        bankName: SITE_NAME,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="certificate-${entry.registryNumber}.pdf"`)
        .header('cache-control', 'no-cache')
        .send(pdf);
    },
  );

  app.get(
    '/practices/:number/certificate',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const entry = registry.get(request.params.number, { countView: false });
      const paths = certificatePaths(entry.registryNumber);
      const included = includedAt(entry);
      return sendPage(
        request,
        reply,
        { title: `Проверка свидетельства ${entry.registryNumber}`, head: <meta name="robots" content="noindex" /> },
        <article class="certificate-check">
          <h1>Проверка свидетельства о включении практики в банк</h1>
          {entry.withdrawal ? (
            <div class="notice warning" role="status">
              <p>
                <strong>Свидетельство больше не действует.</strong> Практика № {entry.registryNumber} была включена в
                банк {formatDate(included)}, но {formatDate(entry.withdrawal.at)} снята с публикации.
              </p>
              <p>Причина: {entry.withdrawal.reason || 'не указана'}</p>
            </div>
          ) : (
            <div class="notice success" role="status">
              <p>
                <strong>Свидетельство подлинное.</strong> Практика № {entry.registryNumber} включена в{' '}
                {SITE_NAME.replace('Банк', 'банк')}{' '}
                <time datetime={isoDate(included ?? '')}>{formatDate(included)}</time> и опубликована сейчас.
              </p>
            </div>
          )}
          <dl class="facts">
            <dt>Название</dt>
            <dd>
              <a href={entry.permalink}>{entry.title}</a>
            </dd>
            {entry.practice ? (
              <>
                <dt>{entry.practice.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
                <dd>{entry.practice.authors.map((a) => a.fullName).join(', ')}</dd>
                <dt>Организация</dt>
                <dd>{entry.practice.organization?.name ?? '—'}</dd>
              </>
            ) : null}
            <dt>Регистрационный номер</dt>
            <dd>{entry.registryNumber}</dd>
          </dl>
          {entry.practice ? (
            <p>
              <a class="button" href={paths.pdf}>
                Скачать свидетельство (PDF)
              </a>
            </p>
          ) : null}
        </article>,
      );
    },
  );

  app.get(
    '/practices/:number/print',
    { config: PUBLIC_READ, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const entry = registry.get(request.params.number, { countView: false });
      const p = entry.practice;
      if (!p) return reply.redirect(entry.permalink, 303);
      // A page of its own, without the site's header and menus, styled for paper on screen too: it works without
      // JavaScript, and the browser's «Печать» prints exactly what is shown.
      const html = render(
        <html lang="ru">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta name="robots" content="noindex" />
            <title>{`${p.title} — версия для печати`}</title>
            <link rel="canonical" href={entry.permalink} />
            <link rel="stylesheet" href={asset('site.css')} />
            <link rel="stylesheet" href={asset('pages.css')} />
            <link rel="stylesheet" href={asset('print.css')} />
          </head>
          <body class="print-page">
            <main class="wrap">
              <article class="practice">
                <p class="meta">{SITE_NAME}</p>
                <h1>{p.title}</h1>
                <p class="meta">
                  № {entry.versionLabel}
                  {p.publishedAt ? ` · опубликовано ${formatDate(p.publishedAt)}` : ''} · {entry.permalink}
                </p>
                <PracticeBody
                  practice={p}
                  vocabularies={vocabularies}
                  materials={attachments.ofPublicVersion(p.id, entry.versionNo)}
                />
                <Citation text={entry.citation!} number={entry.registryNumber} />
              </article>
            </main>
          </body>
        </html>,
      );
      return reply.type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
    },
  );
};
