/** Wires the services over one database: used by the app and by the command-line tools alike. */
import type { FastifyBaseLogger } from 'fastify';
import { buildSynonyms, createSearchEngine } from '../search/index.js';
import { createAuthService } from './auth/service.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { createAttachmentService } from './attachments/service.js';
import { BlobStore } from './attachments/storage.js';
import { createAttachmentWorker, type AttachmentWorker } from './attachments/worker.js';
import { createImporter } from './importer/service.js';
import { createModerationService } from './moderation/service.js';
import { createNotificationService } from './notifications/service.js';
import { createOrganizationService } from './organizations/service.js';
import { findPractice } from './practices/repository.js';
import { createCoauthorService } from './practices/coauthors.js';
import { createPracticeService } from './practices/service.js';
import { createRegistryService } from './registry/service.js';
import { loadSearchDocument } from './search/documents.js';
import { createSearchService } from './search/service.js';
import { createTokenService } from './tokens/service.js';
import { loadVocabularies } from './vocabularies/service.js';
import nodemailer from 'nodemailer';

export function createServices(config: Config, db: Db, log?: FastifyBaseLogger) {
  const vocabularies = loadVocabularies(db);
  const synonyms = buildSynonyms(vocabularies);
  const loadDocument = (id: number) => {
    const practice = findPractice(db, id);
    return practice ? loadSearchDocument(db, practice, vocabularies) : undefined;
  };
  const engine = createSearchEngine(config, db, synonyms, loadDocument, log);
  const organizations = createOrganizationService(db, vocabularies);
  const auth = createAuthService(db);
  const registry = createRegistryService({ db, baseUrl: config.baseUrl, engine, ...(log ? { log } : {}) });
  const importer = createImporter({ db, vocabularies, organizations, search: engine });
  const notifications = createNotificationService({
    db,
    transport: config.smtp ? nodemailer.createTransport(config.smtp.url) : undefined,
    from: config.smtp?.from,
    baseUrl: config.baseUrl,
    ...(log ? { log } : {}),
  });
  const coauthors = createCoauthorService(db, notifications);
  const practices = createPracticeService({ db, vocabularies, organizations, coauthors });
  const store = new BlobStore(config.dataDir);
  const attachmentWorkerRef: { current?: AttachmentWorker } = {};
  const attachments = createAttachmentService({
    db,
    store,
    limits: config.attachments,
    onNewWork: () => attachmentWorkerRef.current?.schedule(0),
  });
  const attachmentWorker = createAttachmentWorker({
    db,
    store,
    engine,
    vocabularies,
    isReferenced: (sha) => attachments.isReferenced(sha),
    ...(log ? { log } : {}),
  });
  attachmentWorkerRef.current = attachmentWorker;
  const moderation = createModerationService({ db, vocabularies, engine, notifications, baseUrl: config.baseUrl });
  const tokens = createTokenService(db);
  const search = createSearchService({
    db,
    engine,
    vocabularies,
    synonyms,
    baseUrl: config.baseUrl,
    cacheSize: config.searchCacheSize,
  });
  return {
    vocabularies,
    synonyms,
    engine,
    organizations,
    auth,
    practices,
    registry,
    importer,
    search,
    notifications,
    moderation,
    tokens,
    coauthors,
    store,
    attachments,
    attachmentWorker,
    loadDocument,
  };
}

export type Services = ReturnType<typeof createServices>;
