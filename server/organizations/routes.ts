import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, PUBLIC_READ } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import { errorResponses, idParam } from '../shared/http.js';
import { newOrganizationBody, organizationList, organizationQuery, organizationSchema } from './schemas.js';
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
    async (request) => organizations.list(request.query),
  );

  app.get(
    '/organizations/:id',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Организация',
        params: idParam,
        response: { 200: organizationSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => organizations.get(request.params.id),
  );

  app.post(
    '/organizations',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Добавить организацию в справочник (или получить уже добавленную с тем же названием)',
        body: newOrganizationBody,
        response: { 200: organizationSchema, 201: organizationSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { organization, created } = organizations.create(request.body);
      return reply.code(created ? 201 : 200).send(organization);
    },
  );
};
