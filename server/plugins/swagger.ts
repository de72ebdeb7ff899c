/** The OpenAPI document, generated from the routes' zod schemas and browsable at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { declareScopeAccess, PUBLIC_READ } from '../access/routes.js';

async function swaggerPlugin(app: FastifyInstance, { baseUrl }: { baseUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Банк инновационных практик Смоленской области — API',
        description:
          'Публичный API v1. Ошибки всегда имеют вид `{statusCode, code, error, message, details?}`. ' +
          'Изменяющие запросы с cookie-сессией передают `x-csrf-token` из ответа `/auth/login` или `/auth/me`.',
        version: '1.0.0',
      },
      servers: [{ url: baseUrl }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'pb_session',
            description: 'Сессия, которую ставит /api/v1/auth/login (при работе по https — `__Host-pb_session`)',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'csrfToken из ответа /api/v1/auth/login или /api/v1/auth/me',
          },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(async (docs) => {
    // The documentation is public, to people and integrations alike.
    declareScopeAccess(docs, PUBLIC_READ.access);
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Swagger UI's own policy asks browsers to upgrade to https, which leaves the page blank on a plain-http host.
      transformStaticCSP: (header) => header.replace(/;?\s*upgrade-insecure-requests;?/g, ';').replace(/;;+/g, ';'),
      uiConfig: { docExpansion: 'list', deepLinking: true },
    });
  });
}

export default fp(swaggerPlugin, { name: 'swagger' });
