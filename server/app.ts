/**
 * The whole bank as one Fastify instance: `buildApp(config)` opens the database, wires the services and
 * registers every route. It reads no environment and listens on nothing; `main.ts` does that.
 */
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/routes.js';
import { adoptionRoutes } from './adoptions/routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import authPlugin from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import { AppError } from './errors.js';
import { oaiRoutes } from './oai/routes.js';
import { healthRoutes } from './health/routes.js';
import metricsRoutes from './metrics/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import { platformRoutes } from './platforms/routes.js';
import errorHandler from './plugins/error-handler.js';
import { frameworkError, parserError } from './plugins/early-errors.js';
import { helmetOptions, securityHeaders } from './plugins/security-headers.js';
import swagger from './plugins/swagger.js';
import { practiceRoutes } from './practices/routes.js';
import { registryRoutes } from './registry/routes.js';
import { vocabularyAdminRoutes } from './vocabularies/admin-routes.js';
import { vocabularyRoutes } from './vocabularies/routes.js';
import { moderationRoutes } from './moderation/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { importRoutes } from './importer/routes.js';
import accessPlugin from './access/routes.js';
import { searchRoutes } from './search-api/routes.js';
import { suggestRoutes } from './search-api/suggest-routes.js';
import { questionRoutes } from './questions/routes.js';
import { subscriptionRoutes } from './subscriptions/routes.js';
import { exportRoutes } from './exports/routes.js';
import { collectionRoutes } from './collections/routes.js';
import { startSearch, type SearchStart } from './search-api/rebuild.js';
import { useRussianMessages } from './shared/zod-russian.js';
import { webRoutes } from './web/routes.js';
import { createServices, type Services } from './services.js';

useRussianMessages();

/** Largest JSON body accepted: a practice with every section full is about 300 KB of Cyrillic UTF-8. */
const BODY_LIMIT = 1024 * 1024;

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const https = config.baseUrl.startsWith('https:');
  const headers = securityHeaders(https);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // Fastify gives a plugin 10 s to load before it aborts the start. On a busy two-core school server (and in the
    // crash test at load 20) loading the OpenAPI plugins alone took longer, and the bank refused to start at all:
    // a slow start is better than none.
    pluginTimeout: 120_000,
    requestTimeout: config.timeouts.requestMs,
    connectionTimeout: config.timeouts.idleMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    // Node checks the request and header deadlines on this interval; a short deadline needs a short interval.
    http: {
      headersTimeout: config.timeouts.headersMs,
      connectionsCheckingInterval: Math.min(30_000, config.timeouts.headersMs),
    },
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A number is a hop count: the client is the address that many hops from the socket, read from the right of
    // X-Forwarded-For. Fastify 5.12 itself ignores a plain number (fails closed), hence the function. A list names
    // the proxies.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing (a malformed URL, a parameter over maxParamLength) get the common shape and the
    // security headers too: helmet's onRequest hook never runs for them.
    frameworkErrors: (error, request, reply) =>
      frameworkError(error, request, reply as unknown as FastifyReply, headers),
    // Errors of the HTTP parser itself (oversized headers or URL, garbage): a minimal answer, then the socket closes.
    clientErrorHandler: (error, socket) => parserError(error, socket, headers),
  }).withTypeProvider<ZodTypeProvider>();
  // Fastify's own JSON parser (with __proto__ and constructor.prototype keys dropped, as the options above say),
  // except that an empty body means "no body": many clients send Content-Type on a bodyless DELETE.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (request, body, done) => {
    const text = String(body);
    return text.trim() === '' ? done(null, undefined) : parseJson(request, text, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const db = openDatabase(config.databasePath);
  const services = createServices(config, db, app.log);
  // The command-line tools and tests reach the services the routes use, never a second copy.
  app.decorate('bank', { db, services });
  const search: { started?: SearchStart } = {};
  app.addHook('onClose', async () => {
    // Jobs first: they may still write to the search engine and the database. Running ones are given back.
    services.attachmentWorker.close();
    await services.searchPool?.close();
    await services.backups.close();
    await services.jobs.close();
    await search.started?.stop(); // a rebuild still running after an upgrade
    await services.suggestions.stop(); // titles still being read for suggestions
    await services.engine.close();
    services.registry.flushViews();
    db.$client.close();
  });
  search.started = await startSearch(services.engine, db, services.vocabularies, app.log);
  void services.suggestions.start(); // a large bank's titles are read in the background
  await services.store.init();
  services.jobs.start(); // whatever was pending when the bank stopped runs now
  services.digests.start();
  services.attachmentWorker.startSweeping();
  await services.backups.start();
  const oneTimeAdmin = await bootstrap({
    config,
    db,
    auth: services.auth,
    importer: services.importer,
    attachmentImport: services.attachmentImport,
    platforms: services.platforms,
    vocabularies: services.vocabularies,
    log: app.log,
  });
  app.decorate('oneTimeAdmin', oneTimeAdmin);
  // After the demo catalogue or first import: each worker reads the bank once as it will be served.
  services.searchPool?.start();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler, { headers });
  await app.register(helmet, helmetOptions(https));
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => new AppError('RATE_LIMITED') });
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: {
      fileSize: config.attachments.maxFileBytes,
      files: config.attachments.maxFiles,
      parts: config.attachments.maxFiles + 5,
      fields: 5,
      fieldSize: 1024,
    },
  });
  // Page forms post `application/x-www-form-urlencoded` so they work without JavaScript; fields repeat for lists.
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // Before any route: a route that declares no access is refused at registration.
  await app.register(accessPlugin);
  await app.register(swagger, { baseUrl: config.baseUrl });
  // Before the auth plugin: the scraper's bearer is the metrics token, not an API token.
  if (services.metrics && config.metricsToken)
    await app.register(metricsRoutes, { metrics: services.metrics, token: config.metricsToken });
  await app.register(authPlugin, { auth: services.auth, tokens: services.tokens, secureCookies: https });

  await app.register(healthRoutes, { db, engine: services.engine });
  await app.register(oaiRoutes, { oai: services.oai });
  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        auth: services.auth,
        registration: services.registration,
        confirmation: services.confirmation,
        passwordReset: services.passwordReset,
        organizations: services.organizations,
        loginRateLimit: config.loginRateLimit,
      });
      await api.register(vocabularyRoutes, { vocabularies: services.vocabularies });
      await api.register(vocabularyAdminRoutes, {
        vocabularies: services.vocabularies,
        vocabularyAdmin: services.vocabularyAdmin,
      });
      await api.register(organizationRoutes, { organizations: services.organizations });
      await api.register(practiceRoutes, { practices: services.practices, coauthors: services.coauthors });
      await api.register(registryRoutes, { registry: services.registry });
      await api.register(searchRoutes, { search: services.search });
      await api.register(suggestRoutes, { suggestions: services.suggestions });
      await api.register(exportRoutes, { exports: services.outputs.exports });
      await api.register(collectionRoutes, { collections: services.collections, exports: services.outputs.exports });
      await api.register(attachmentRoutes, {
        attachments: services.attachments,
        store: services.store,
        limits: config.attachments,
      });
      await api.register(moderationRoutes, { moderation: services.moderation });
      await api.register(notificationRoutes, { notifications: services.notifications });
      await api.register(tokenRoutes, { tokens: services.tokens });
      await api.register(adminRoutes, { db, ...services });
      await api.register(platformRoutes, {
        platforms: services.platforms,
        files: services.platformFiles,
        store: services.store,
      });
      await api.register(importRoutes, { importer: services.importer, vocabularies: services.vocabularies, config });
      const rateLimitPerMinute = config.loginRateLimit;
      await api.register(subscriptionRoutes, { subscriptions: services.subscriptions, rateLimitPerMinute });
      await api.register(questionRoutes, { questions: services.questions, rateLimitPerMinute });
      await api.register(adoptionRoutes, {
        adoptions: services.adoptions,
        store: services.store,
        limits: config.attachments,
      });
    },
    { prefix: '/api/v1' },
  );
  // Each page declares who may see it, like every API route: a personal page added later is closed until it says.
  await app.register(webRoutes, { db, services, config });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    bank: { db: Db; services: Services };
    /** The first administrator's one-time password, when this start issued one. */
    oneTimeAdmin: { email: string; password: string } | undefined;
  }
}
