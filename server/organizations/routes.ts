import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, PUBLIC_READ } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import { errorResponses, idParam } from '../shared/http.js';
import {
  movedOrganizationSchema,
  newOrganizationBody,
  organizationList,
  organizationQuery,
  organizationSchema,
} from './schemas.js';
import type { OrganizationService } from './service.js';

export const organizationRoutes: FastifyPluginAsyncZod<{ organizations: OrganizationService }> = async (
  app,
  { organizations },
) => {
  const tags = ['Организации'];

  app.get(
    '/organizations',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Справочник организаций: поиск по названию, фильтр по муниципалитету',
        querystring: organizationQuery,
        response: { 200: organizationList, ...errorResponses(400) },
      },
    },
    async (request) =>
      organizations.list(request.query, request.principal?.kind === 'user' ? request.principal.id : undefined),
  );

  app.get(
    '/organizations/:id',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Организация',
        description: 'Организация, объединённая с другой, отвечает 301 с адресом той, что осталась.',
        params: idParam,
        response: { 200: organizationSchema, 301: movedOrganizationSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const found = organizations.lookup(request.params.id);
      if ('organization' in found) return found.organization;
      const location = `/api/v1/organizations/${found.movedTo}`;
      return reply
        .code(301)
        .header('location', location)
        .send({ movedTo: found.movedTo, location, message: 'Организация объединена с другой записью справочника' });
    },
  );

  app.post(
    '/organizations',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Добавить организацию в справочник (или получить уже добавленную с тем же названием)',
        description:
          'Новая организация сразу доступна добавившему её автору, а в справочнике и списках других людей появится ' +
          'после подтверждения администратором.',
        body: newOrganizationBody,
        response: { 200: organizationSchema, 201: organizationSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { organization, created } = organizations.create({ ...request.body, addedBy: user.id });
      return reply.code(created ? 201 : 200).send(organization);
    },
  );
};
