/**
 * Pages for people. This file only assembles them: compression and static assets for the whole web scope, then
 * one plugin per page family, each in its own file under `pages/`. The API stays the contract for programs;
 * pages only present what its services serve.
 */
import compress from '@fastify/compress';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AttachmentService } from '../attachments/service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createOrganizationProfiles } from '../organizations/profiles.js';
import type { RegistryService } from '../registry/service.js';
import type { SearchService } from '../search-api/service.js';
import type { Services } from '../services.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { assetRoutes } from './assets.js';
import { municipalityPages } from './pages/municipality.js';
import { organizationPages } from './pages/organizations.js';
import { practicePages } from './pages/practice.js';
import { searchPage } from './pages/search.js';
import { editorPages } from './pages/workspace/editor.js';

/** What the public pages read. */
export interface PublicPagesOptions {
  db: Db;
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  search: SearchService;
  vocabularies: VocabularyCatalogue;
}

/** The whole bank: the workspace's pages (accounts, editor, moderation) reach the services they act through. */
export interface WebRoutesOptions {
  db: Db;
  services: Services;
  config: Config;
}

export const webRoutes: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services }) => {
  const options: PublicPagesOptions = {
    db,
    attachments: services.attachments,
    registry: services.registry,
    search: services.search,
    vocabularies: services.vocabularies,
  };
  // Registered here, compression covers pages and assets only: the API's file downloads answer ranges as they are.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(assetRoutes);
  await app.register(searchPage, options);
  await app.register(practicePages, options);
  const profiles = createOrganizationProfiles(options);
  await app.register(organizationPages, { profiles, vocabularies: options.vocabularies });
  await app.register(municipalityPages, { profiles });
  await app.register(editorPages, { services });
};
