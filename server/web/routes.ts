/**
 * Pages for people. This file only assembles them: compression and static assets for the whole web scope, then
 * one plugin per page family, each in its own file under `pages/`. The API stays the contract for programs;
 * pages only present what its services serve.
 */
import compress from '@fastify/compress';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdoptionService } from '../adoptions/service.js';
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
import { certificatePages } from './pages/certificate.js';
import { searchPage } from './pages/search.js';
import { accountPages } from './pages/workspace/account.js';
import { adminUserPages } from './pages/admin/users.js';
import { adminTokenPages } from './pages/admin/tokens.js';
import { adminOrganizationPages } from './pages/admin/organizations.js';
import { adminHistoryPages } from './pages/admin/history.js';
import { adminHomePage } from './pages/admin/home.js';
import { adminVocabularyPages } from './pages/admin/vocabularies.js';
import { adminSituationPages } from './pages/admin/situations.js';
import { adminStatsPage } from './pages/admin/stats.js';
import { statsPages } from './pages/stats.js';
import { mapPages } from './pages/map.js';
import { adminBackupsPage } from './pages/admin/backups.js';
import { adminImportPages } from './pages/admin/imports.js';
import { passwordResetPages } from './pages/workspace/password-reset.js';
import { signInPages } from './pages/workspace/sign-in.js';
import { confirmEmailPages } from './pages/workspace/confirm-email.js';
import { authorsPages } from './pages/workspace/authors.js';
import { materialsPages } from './pages/workspace/materials.js';
import { myPages } from './pages/workspace/my.js';
import { moderationPages } from './pages/workspace/moderation.js';
import { withdrawalPages } from './pages/workspace/withdrawal.js';
import { notificationPages } from './pages/workspace/notifications.js';
import { editorPages } from './pages/workspace/editor.js';
import { outputPages } from './pages/outputs.js';
import { subscriptionPages } from './pages/subscriptions.js';
import { questionPages } from './pages/questions.js';
import { subscriptionWorkspacePages } from './pages/workspace/subscriptions.js';
import { questionWorkspacePages } from './pages/workspace/questions.js';
import { adoptionReportPages } from './pages/adoptions/report.js';
import { adoptionWorkspacePages } from './pages/workspace/adoptions.js';
import { collectionPages } from './pages/collections.js';
import { curationPages } from './pages/workspace/curation.js';
import { platformPublicPages } from './pages/platforms/public.js';
import { platformManagePages } from './pages/platforms/manage.js';
import { platformImportPages } from './pages/platforms/import.js';

/** What the public pages read. */
export interface PublicPagesOptions {
  db: Db;
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  search: SearchService;
  vocabularies: VocabularyCatalogue;
  questions: Pick<Services['questions'], 'canAsk'>;
  adoptions: Pick<AdoptionService, 'ofPractice'>;
}

/** The whole bank: the workspace's pages (accounts, editor, moderation) reach the services they act through. */
export interface WebRoutesOptions {
  db: Db;
  services: Services;
  config: Config;
}

export const webRoutes: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services, config }) => {
  const options: PublicPagesOptions = {
    db,
    attachments: services.attachments,
    registry: services.registry,
    search: services.search,
    vocabularies: services.vocabularies,
    questions: services.questions,
    adoptions: services.adoptions,
  };
  // Registered here, compression covers pages and assets only: the API's file downloads answer ranges as they are.
  // A page (the search page is ~50 KB) is compressed in one call: the stream path costs ~3 ms more per page, and on
  // a two-core host the plugin's default ceiling for one-call compression is 8 KB.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, syncThreshold: 128 * 1024 });
  await app.register(assetRoutes);
  await app.register(searchPage, options);
  await app.register(practicePages, options);
  await app.register(certificatePages, options);
  const profiles = createOrganizationProfiles(options);
  await app.register(organizationPages, { profiles, vocabularies: options.vocabularies });
  await app.register(municipalityPages, { profiles });
  await app.register(signInPages, { db, services, config });
  await app.register(accountPages, { db, services, config });
  await app.register(passwordResetPages, { db, services, config });
  await app.register(confirmEmailPages, { db, services, config });
  await app.register(adminHomePage);
  await app.register(adminVocabularyPages, { db, services });
  await app.register(adminSituationPages, { services });
  await app.register(adminUserPages, { services });
  await app.register(adminTokenPages, { services });
  await app.register(adminOrganizationPages, { services });
  await app.register(adminHistoryPages, { db });
  await app.register(statsPages, { stats: services.stats });
  await app.register(mapPages, { stats: services.stats, vocabularies: services.vocabularies });
  await app.register(adminStatsPage, { stats: services.stats });
  await app.register(adminBackupsPage, { services });
  await app.register(adminImportPages, { db, services, config });
  await app.register(myPages, { db, services, config });
  await app.register(materialsPages, { db, services, config });
  await app.register(authorsPages, { db, services, config });
  await app.register(moderationPages, { db, services, config });
  await app.register(withdrawalPages, { db, services, config });
  await app.register(notificationPages, { services });
  await app.register(editorPages, { services });
  await app.register(outputPages, { db, services, config });
  await app.register(subscriptionPages, { db, services, config });
  await app.register(questionPages, { db, services, config });
  await app.register(subscriptionWorkspacePages, { db, services, config });
  await app.register(questionWorkspacePages, { db, services, config });
  await app.register(adoptionReportPages, { db, services, config });
  await app.register(adoptionWorkspacePages, { db, services, config });
  await app.register(collectionPages, { services, config });
  await app.register(curationPages, { db, services, config });
  await app.register(platformPublicPages, { platforms: services.platforms, vocabularies: services.vocabularies });
  await app.register(platformManagePages, { db, services, config });
  await app.register(platformImportPages, { db, services, config });
};
