/** The admins' API over the vocabularies (`/api/v1/admin/vocabularies/…`): each route maps to one service call. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/service.js';
import type { AdminActor } from '../history/admin.js';
import { VOCABULARIES, VOCABULARY_MODEL } from '../model/vocabularies.js';
import { errorResponses } from '../shared/http.js';
import { termsCanComeAndGo, type VocabularyAdmin } from './admin.js';
import { termSchema } from './routes.js';
import type { VocabularyCatalogue } from './service.js';

const tags = ['Администрирование'];
/** Administrators with their session only: vocabularies are not changed by tokens. */
const adminsOnly = access(['admin'], [], 'Справочники меняют только администраторы');

/** Generous bounds against abuse; the service checks the real limits with Russian messages. */
const text = z.string().max(2000);
const vocabularyParam = z.object({ vocabulary: z.enum(VOCABULARIES) });
const termParams = vocabularyParam.extend({ code: z.string().min(1).max(200) });
const synonymParams = termParams.extend({ synonym: z.string().min(1).max(2000) });
const termResponse = { 200: termSchema, ...errorResponses(400, 401, 403, 404, 409) };

const vocabularyListSchema = z.object({
  items: z.array(
    z.object({
      vocabulary: z.enum(VOCABULARIES),
      title: z.string(),
      /** Whether terms may be added and retired (municipalities and organisation types: only renamed). */
      termsCanComeAndGo: z.boolean(),
      terms: z.array(termSchema),
    }),
  ),
});

/** The person an admin action is recorded under. */
export const actorOf = (user: SessionUser): AdminActor => ({ userId: user.id, name: user.fullName });

export const vocabularyAdminRoutes: FastifyPluginAsyncZod<{
  vocabularies: VocabularyCatalogue;
  vocabularyAdmin: VocabularyAdmin;
}> = async (app, { vocabularies, vocabularyAdmin: admin }) => {
  app.get(
    '/admin/vocabularies',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Справочники с выведенными терминами',
        response: { 200: vocabularyListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireUser(request);
      return {
        items: VOCABULARIES.map((v) => ({
          vocabulary: v,
          title: VOCABULARY_MODEL[v].title,
          termsCanComeAndGo: termsCanComeAndGo(v),
          terms: vocabularies.terms(v),
        })),
      };
    },
  );

  app.post(
    '/admin/vocabularies/:vocabulary/terms',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Добавить термин (код — заданный или из названия транслитерацией; потом не меняется)',
        params: vocabularyParam,
        body: z.object({ label: text, code: z.string().max(200).optional() }),
        response: { 201: termSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      return reply.code(201).send(await admin.addTerm(actor, request.params.vocabulary, request.body));
    },
  );

  app.patch(
    '/admin/vocabularies/:vocabulary/terms/:code',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Переименовать термин (код не меняется)',
        params: termParams,
        body: z.object({ label: text }),
        response: termResponse,
      },
    },
    async (request) => {
      const { vocabulary, code } = request.params;
      return admin.renameTerm(actorOf(requireUser(request)), vocabulary, code, request.body.label);
    },
  );

  app.post(
    '/admin/vocabularies/:vocabulary/terms/:code/synonyms',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Добавить синоним термина',
        params: termParams,
        body: z.object({ synonym: text }),
        response: termResponse,
      },
    },
    async (request) => {
      const { vocabulary, code } = request.params;
      return admin.addSynonym(actorOf(requireUser(request)), vocabulary, code, request.body.synonym);
    },
  );

  app.delete(
    '/admin/vocabularies/:vocabulary/terms/:code/synonyms/:synonym',
    {
      config: adminsOnly,
      schema: { tags, summary: 'Удалить синоним термина', params: synonymParams, response: termResponse },
    },
    async (request) => {
      const { vocabulary, code, synonym } = request.params;
      return admin.removeSynonym(actorOf(requireUser(request)), vocabulary, code, synonym);
    },
  );

  app.post(
    '/admin/vocabularies/:vocabulary/terms/:code/retire',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Вывести термин из употребления (остаётся у прежних практик)',
        params: termParams,
        response: termResponse,
      },
    },
    async (request) => {
      const { vocabulary, code } = request.params;
      return admin.retireTerm(actorOf(requireUser(request)), vocabulary, code);
    },
  );

  app.post(
    '/admin/vocabularies/:vocabulary/terms/:code/restore',
    {
      config: adminsOnly,
      schema: { tags, summary: 'Вернуть выведенный термин', params: termParams, response: termResponse },
    },
    async (request) => {
      const { vocabulary, code } = request.params;
      return admin.restoreTerm(actorOf(requireUser(request)), vocabulary, code);
    },
  );
};
