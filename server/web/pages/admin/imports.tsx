/**
 * The admin area's import (`/admin/imports`): upload a register → a preview of every record with how each value
 * was read, a select per value the bank is unsure of (applied to every record holding it) → «Импортировать» →
 * the per-record report. Nothing is written before the confirmation; the file stays on the server between the
 * steps (see importer/uploads.ts). The rules, the matching and the report are the command line's own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { loadImportFile } from '../../../importer/files.js';
import { buildMappings } from '../../../importer/mapping.js';
import { createTermMatcher } from '../../../importer/matcher.js';
import { AS_KEYWORD, type Mappings } from '../../../importer/resolve.js';
import { decisionsOf, importFile } from '../../../importer/run.js';
import { createImportUploads } from '../../../importer/uploads.js';
import type { VocabularyName } from '../../../model/vocabularies.js';
import { asset } from '../../assets.js';
import { formFields, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { pendingUpload, receiveUpload } from '../../uploads.js';
import type { WebRoutesOptions } from '../../routes.js';
import { ADMINS_ONLY } from './home.js';
import { DecisionsForm, IMPORT, ReportBody, UploadForm } from './imports-parts.js';
import { MAPPED_VOCABULARIES } from '../../../importer/mapping.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const head = [adminStyles, <link rel="stylesheet" href={asset('admin-imports.css')} />];
const idParams = z.object({ id: z.string().max(64) });

/** The refusals of an upload shown beside the form, with their status. */

export const adminImportPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services, config }) => {
  const uploads = createImportUploads(config.dataDir, config.imports.keepMs);
  const { importer, vocabularies } = services;
  const maxMb = Math.round(config.imports.maxFileBytes / 1048576);

  function uploadPage(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
    return sendPage(
      request,
      reply,
      { head, title: `${error ? 'Ошибка: ' : ''}Импорт практик` },
      <div class="admin">
        <h1>Импорт практик</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.imports} />
        <UploadForm csrf={app.formToken(request, reply)} maxMb={maxMb} error={error} />
      </div>,
      status,
    );
  }

  const pending = (id: string) => pendingUpload(uploads, id);

  /** The near spellings of a file's values, as the mappings the preview proposes at first. */
  async function proposals(file: string): Promise<Mappings> {
    const matcher = createTermMatcher(vocabularies);
    const { data } = await loadImportFile(file);
    const mappings: Mappings = new Map();
    const list = Array.isArray(data) ? data : ((data as { practices?: unknown[] }).practices ?? []);
    for (const record of list) {
      if (typeof record !== 'object' || record === null) continue;
      for (const vocabulary of MAPPED_VOCABULARIES) {
        const field = vocabulary === 'municipalities' ? 'municipality' : vocabulary;
        const raw = (record as Record<string, unknown>)[field];
        for (const value of (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string')) {
          const match = matcher.match(vocabulary, value);
          if (match.kind !== 'near' || !match.code) continue;
          if (!mappings.has(vocabulary)) mappings.set(vocabulary, new Map());
          mappings.get(vocabulary)!.set(value, match.code);
        }
      }
    }
    return rekey(mappings);
  }

  /** Mappings keyed as the matcher looks them up (folded values), built through the same checks as `--map`. */
  function rekey(mappings: Mappings): Mappings {
    const entries = [...mappings].flatMap(([vocabulary, pairs]) =>
      [...pairs].map(([value, target]) => ({ vocabulary, value, target })),
    );
    return buildMappings(entries, vocabularies);
  }

  /** The choices the preview's form posted: `value-N` = «vocabulary:value», `map-N` = a code, a keyword or nothing. */
  function postedChoices(body: unknown): { mappings: Mappings; keyword: boolean } {
    const fields = formFields(body);
    const mappings: Mappings = new Map();
    for (const [name, raw] of Object.entries(fields)) {
      const n = /^value-(\d{1,4})$/.exec(name)?.[1];
      const target = fields[`map-${n}`];
      if (n === undefined || typeof raw !== 'string' || typeof target !== 'string' || target === '') continue;
      const split = raw.indexOf(':');
      const vocabulary = raw.slice(0, split) as VocabularyName;
      if (!MAPPED_VOCABULARIES.includes(vocabulary))
        throw new AppError('BAD_REQUEST', 'Неизвестный справочник в форме');
      if (!mappings.has(vocabulary)) mappings.set(vocabulary, new Map());
      mappings.get(vocabulary)!.set(raw.slice(split + 1), target === AS_KEYWORD ? AS_KEYWORD : target);
    }
    return { mappings: rekey(mappings), keyword: fields.keyword === '1' };
  }

  async function previewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    mappings: Mappings,
    keyword: boolean,
  ) {
    const upload = await pending(id);
    const user = requireUser(request);
    const report = await importFile(importer, upload.path, {
      dryRun: true,
      source: upload.meta.name,
      actor: { userId: user.id, name: user.fullName },
      mappings,
      unknownAsKeyword: keyword,
    });
    const matcher = createTermMatcher(vocabularies);
    // A value decided by the form is shown with what the bank itself made of it, so the decision can be changed.
    const decisions = decisionsOf(report).map((d) => {
      if (d.kind !== 'mapped' && d.kind !== 'keyword') return { ...d, origin: d.kind };
      const own = matcher.match(d.vocabulary, d.value);
      return { ...d, candidates: own.candidates, origin: own.kind };
    });
    return sendPage(
      request,
      reply,
      { head, title: `Проверка импорта — ${upload.meta.name}` },
      <div class="admin">
        <h1>Проверка импорта</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.imports} />
        <p>
          Файл «{upload.meta.name}». Пока ничего не записано: проверьте, как прочитана каждая запись, и подтвердите
          импорт. <a href={ADMIN.imports}>Загрузить другой файл</a>
        </p>
        <DecisionsForm
          id={id}
          csrf={app.formToken(request, reply)}
          decisions={decisions}
          choices={(d) => matcher.choices(d.vocabulary)}
          keyword={keyword}
          importable={report.created}
        />
        <ReportBody report={report} />
      </div>,
    );
  }

  app.get(ADMIN.imports, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) =>
    uploadPage(request, reply),
  );

  app.post(ADMIN.imports, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) => {
    const limits = { maxBytes: config.imports.maxFileBytes, userId: requireUser(request).id };
    const received = await receiveUpload(request, uploads, limits, loadImportFile);
    if ('refusal' in received) return uploadPage(request, reply, received.refusal, received.status);
    return reply.redirect(IMPORT.preview(received.id), 303);
  });

  app.get(
    `${ADMIN.imports}/:id`,
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const upload = await pending(request.params.id);
      return previewPage(request, reply, request.params.id, await proposals(upload.path), false);
    },
  );

  app.post(
    `${ADMIN.imports}/:id`,
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const { mappings, keyword } = postedChoices(request.body);
      if (formFields(request.body).intent !== 'import') return previewPage(request, reply, id, mappings, keyword);
      const upload = await pending(id);
      const user = requireUser(request);
      const report = await importFile(importer, upload.path, {
        dryRun: false,
        source: upload.meta.name,
        actor: { userId: user.id, name: user.fullName },
        mappings,
        unknownAsKeyword: keyword,
      });
      await uploads.finish(id, { ...report, name: upload.meta.name });
      return redirectWithNotice(
        reply,
        IMPORT.report(id),
        `Импорт завершён: добавлено ${report.created}, уже были ${report.duplicates}, с ошибками ${report.failed}`,
      );
    },
  );

  app.get(
    `${ADMIN.imports}/:id/report`,
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const report = await uploads.report(request.params.id);
      if (!report) throw new AppError('NOT_FOUND', 'Отчёт об импорте не найден или устарел');
      return sendPage(
        request,
        reply,
        { head, title: `Отчёт об импорте — ${report.name}` },
        <div class="admin">
          <h1>Отчёт об импорте</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.imports} />
          <p>
            Файл «{report.name}». <a href={ADMIN.imports}>Импортировать ещё один файл</a>
          </p>
          <ReportBody report={report} />
        </div>,
      );
    },
  );
};
