/**
 * The whole bank as one Fastify instance: `buildApp(config)` opens the database, wires the services and
 * registers every route. It reads no environment and listens on nothing; `main.ts` does that.
 */
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import authPlugin from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import { AppError } from './errors.js';
import { healthRoutes } from './health/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import errorHandler from './plugins/error-handler.js';
import swagger from './plugins/swagger.js';
import { practiceRoutes } from './practices/routes.js';
import { registryRoutes } from './registry/routes.js';
import { vocabularyRoutes } from './vocabularies/routes.js';
import { searchRoutes } from './search/routes.js';
import { createServices, type Services } from './services.js';

// Validation messages people read are Russian.
z.config(z.locales.ru());

/** Largest JSON body accepted: a practice with every section full is about 300 KB of Cyrillic UTF-8. */
export const BODY_LIMIT = 1024 * 1024;

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const db = openDatabase(config.databasePath);
  const services = createServices(config, db, app.log);
  // The command-line tools and tests reach the services the routes use, never a second copy.
  app.decorate('bank', { db, services });
  app.addHook('onClose', async () => {
    await services.engine.close();
    services.registry.flushViews();
    db.$client.close();
  });
  await services.engine.start();
  await bootstrap({ config, db, auth: services.auth, importer: services.importer, log: app.log });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  const https = config.baseUrl.startsWith('https:');
  // HSTS and upgrade-insecure-requests only make sense behind TLS; on a plain-http intranet host they break the site.
  await app.register(helmet, {
    global: true,
    hsts: https,
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: https ? [] : null } },
  });
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => new AppError('RATE_LIMITED') });
  await app.register(swagger, { baseUrl: config.baseUrl });
  await app.register(authPlugin, { auth: services.auth, secureCookies: https });

  await app.register(healthRoutes, { db, engine: services.engine });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { auth: services.auth, organizations: services.organizations, loginRateLimit: config.loginRateLimit });
      await api.register(vocabularyRoutes, { vocabularies: services.vocabularies });
      await api.register(organizationRoutes, { organizations: services.organizations });
      await api.register(practiceRoutes, { practices: services.practices });
      await api.register(registryRoutes, { registry: services.registry });
      await api.register(searchRoutes, { search: services.search });
    },
    { prefix: '/api/v1' },
  );
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    bank: { db: Db; services: Services };
  }
}
