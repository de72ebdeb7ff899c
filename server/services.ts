/** Wires the services over one database: used by the app and by the command-line tools alike. */
import type { FastifyBaseLogger } from 'fastify';
import { MeilisearchEngine } from '../search/meilisearch/engine.js';
import { buildSituations, buildSynonyms, createBankSearchEngine } from './search-api/engine.js';
import { createEmailConfirmation } from './auth/confirmation.js';
import { createRegistration } from './auth/registration.js';
import { createAdminDirectory } from './admin/directory.js';
import { createAdminUsers } from './admin/users.js';
import { createPasswordReset } from './auth/reset.js';
import { createPasswords } from './auth/password.js';
import { createAuthService } from './auth/service.js';
import { createThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { referencesBlob as adoptionFileReferenced } from './adoptions/repository.js';
import { createAdoptionService } from './adoptions/service.js';
import { createAttachmentImport } from './attachments/import.js';
import { createAttachmentService } from './attachments/service.js';
import { BlobStore } from './attachments/storage.js';
import { createAttachmentWorker, enqueueAttachmentWork } from './attachments/worker.js';
import { createBackupService } from './backup/service.js';
import { createImporter } from './importer/service.js';
import { createOutputs } from './exports/outputs.js';
import { createJobRunner } from './jobs/runner.js';
import { registerSearchSync, searchSyncScheduler } from './jobs/search-sync.js';
import { createModerationService } from './moderation/service.js';
import { createMailer } from './notifications/mailer.js';
import { createNotificationService, SMTP_TIMEOUTS } from './notifications/service.js';
import { createOrganizationService } from './organizations/service.js';
import { createCoauthorService } from './practices/coauthors.js';
import { createPracticeService } from './practices/service.js';
import { createRegistryService } from './registry/service.js';
import { readSearchDocument } from './search-api/documents.js';
import { plainText } from './search-api/plain-text.js';
import { createSearchService } from './search-api/service.js';
import { createSearchPool } from './search-api/pool/pool.js';
import { createSuggestions, followIndexWrites } from './search-api/suggestions.js';
import { createMetrics } from './metrics/metrics.js';
import { createStatsService } from './stats/service.js';
import { createVisitLedger } from './stats/visits.js';
import { createTokenService } from './tokens/service.js';
import { createVocabularyAdmin } from './vocabularies/admin.js';
import { loadVocabularies } from './vocabularies/service.js';
import type { SituationEntry } from '../search/analysis/situations.js';
import { loadSituationEntries } from './vocabularies/situations.js';
import { createSituationAdmin } from './vocabularies/situations-admin.js';
import { createOaiService } from './oai/service.js';
import { createQuestionService } from './questions/service.js';
import { createDigests } from './subscriptions/digest.js';
import { createSubscriptionService } from './subscriptions/service.js';
import type { FollowedSearch } from './subscriptions/selection.js';
import { createCollectionService } from './collections/service.js';
import { createPlatformFiles } from './platforms/files.js';
import { createPlatformService } from './platforms/service.js';
import nodemailer from 'nodemailer';

/** Every service over `db`; background work is registered with `jobs`, which the caller starts (the server does). */
export function createServices(config: Config, db: Db, log: FastifyBaseLogger) {
  const jobs = createJobRunner({ db, log });
  const vocabularies = loadVocabularies(db);
  const synonyms = buildSynonyms(vocabularies);
  // The situational thesaurus as the bank keeps it (seeded from its fixture, extended by admins): search expands
  // everyday questions with it, and an admin's change rebuilds it in place (onSituationsChanged below).
  const situations = buildSituations(() => loadSituationEntries(db));
  const loadDocument = (id: number) => readSearchDocument(db, id, vocabularies);
  const suggestions = createSuggestions({ db, vocabularies, log });
  const engine = followIndexWrites(
    createBankSearchEngine(config, db, synonyms, loadDocument, searchSyncScheduler(db, jobs), log, situations),
    suggestions,
  );
  if (engine instanceof MeilisearchEngine) registerSearchSync(jobs, engine);
  const organizations = createOrganizationService(db, vocabularies);
  const throttle = createThrottle(db, config.signIn);
  const auth = createAuthService(db, {
    throttle,
    sessionIdleMs: config.sessionIdleMs,
    passwords: createPasswords(config.passwordCost),
  });
  // One SMTP connection pool for notifications and reset letters.
  const transport = config.smtp ? nodemailer.createTransport({ url: config.smtp.url, ...SMTP_TIMEOUTS }) : undefined;
  const mailer = createMailer({
    jobs,
    transport,
    from: config.smtp?.from,
    production: config.env === 'production',
    log,
  });
  const confirmation = createEmailConfirmation({ db, mailer, baseUrl: config.baseUrl, throttle });
  const registration = createRegistration({ db, auth, confirmation, mailer, baseUrl: config.baseUrl, throttle });
  const passwordReset = createPasswordReset({
    db,
    auth,
    mailer,
    baseUrl: config.baseUrl,
    throttle,
    confirmAddress: confirmation.markConfirmed,
  });
  // One ledger of today's visitors for views and downloads alike; its salt lives in memory only.
  const visits = createVisitLedger({
    onFull: (day) => log.warn({ day }, 'visit ledger full: no more visitors counted today'),
  });
  const registry = createRegistryService({ db, baseUrl: config.baseUrl, engine, visits, ...(log ? { log } : {}) });
  const oai = createOaiService({ db, vocabularies, baseUrl: config.baseUrl, contactEmail: contactEmail(config) });
  const importer = createImporter({ db, vocabularies, organizations, search: engine });
  const notifications = createNotificationService({
    db,
    jobs,
    transport,
    from: config.smtp?.from,
    baseUrl: config.baseUrl,
  });
  const coauthors = createCoauthorService({
    db,
    notifications,
    mailer,
    baseUrl: config.baseUrl,
    invitesPerDay: config.invitesPerDay,
  });
  confirmation.whenConfirmed(coauthors.reachAccount);
  const practices = createPracticeService({ db, vocabularies, organizations, coauthors });
  const store = new BlobStore(config.dataDir);
  const attachments = createAttachmentService({
    db,
    store,
    limits: config.attachments,
    onNewWork: (tx, rows) => enqueueAttachmentWork(jobs, tx, rows),
    visits,
  });
  const platforms = createPlatformService({ db, vocabularies });
  const platformFiles = createPlatformFiles({ db, store, limits: config.attachments });
  const attachmentImport = createAttachmentImport({
    db,
    store,
    onNewWork: (tx, rows) => enqueueAttachmentWork(jobs, tx, rows),
  });
  const attachmentWorker = createAttachmentWorker({
    db,
    store,
    engine,
    vocabularies,
    // Platforms' orders and reports and adoption reports' files live in the same store: the sweep keeps them too.
    isReferenced: (sha) =>
      attachments.isReferenced(sha) || platforms.isReferenced(sha) || adoptionFileReferenced(db, sha),
    log,
  });
  attachmentWorker.register(jobs);
  const moderation = createModerationService({ db, vocabularies, engine, notifications });
  const tokens = createTokenService(db);
  const adminUsers = createAdminUsers({ db, passwordReset, auth });
  const adminDirectory = createAdminDirectory({ db, vocabularies, engine });
  // Metrics exist only when they are scraped (METRICS_TOKEN): otherwise nothing is measured at all.
  const metrics = config.metricsToken ? createMetrics(db) : undefined;
  // Searches answered on worker threads (SEARCH_WORKERS), started by the app; the answer cache stays here.
  const searchPool = createSearchPool(config, engine, log);
  const searchService = createSearchService({
    db,
    engine,
    vocabularies,
    synonyms,
    situations,
    baseUrl: config.baseUrl,
    cacheSize: config.searchCacheSize,
    documentOf: (id) => readSearchDocument(db, id, vocabularies, plainText),
    ...(searchPool && { answer: (query, inThread) => searchPool.search(query, inThread) }),
  });
  const vocabularyAdmin = createVocabularyAdmin({ db, vocabularies, synonyms, engine });
  // After an admin's change the query side's index is rebuilt in place, then cached answers go and Meilisearch's
  // one-way synonyms follow (synonymsChanged re-sends the settings built from the same index).
  const onSituationsChanged = async (entries: SituationEntry[]) => {
    situations.rebuild(entries);
    await engine.synonymsChanged();
  };
  const situationAdmin = createSituationAdmin({ db, onSituationsChanged });
  const search = metrics ? { ...searchService, search: metrics.timedSearch(searchService.search) } : searchService;
  const outputs = createOutputs({ db, search, vocabularies, baseUrl: config.baseUrl });
  const stats = createStatsService({ db, vocabularies });
  const adoptions = createAdoptionService({
    db,
    vocabularies,
    organizations,
    notifications,
    engine,
    loadDocument,
    store,
    // A methodist who confirms an adoption sees it on /stats and /map at once, not when the tables next expire.
    onConfirmedChanged: () => stats.forget(),
  });
  const backups = createBackupService({ db, store, settings: config.backup, log });
  // Issue 15: subscriptions to searches with their weekly digest, and questions to the authors.
  const describeSearch = (query: FollowedSearch) => outputs.selections.describe({ kind: 'search', query });
  const subscriptions = createSubscriptionService({
    db,
    mailer,
    baseUrl: config.baseUrl,
    limits: config.subscriptions,
    describe: describeSearch,
    validate: (query) => search.search({ ...query, page: 1, perPage: 1 }),
  });
  const digests = createDigests({
    db,
    jobs,
    mailer,
    subscriptions,
    matching: (query) => search.allIds({ ...query, sort: 'newest', page: 1, perPage: 1 }),
    loadRecords: outputs.loadRecords,
    describe: describeSearch,
    schedule: { weekday: config.subscriptions.digestWeekday, hour: config.subscriptions.digestHour },
    baseUrl: config.baseUrl,
    log,
  });
  const questions = createQuestionService({
    db,
    notifications,
    mailer,
    baseUrl: config.baseUrl,
    perDay: config.questionsPerDay,
    log,
  });
  const collections = createCollectionService({ db });
  return {
    subscriptions,
    digests,
    questions,
    jobs,
    backups,
    vocabularies,
    vocabularyAdmin,
    situationAdmin,
    synonyms,
    situations,
    engine,
    organizations,
    auth,
    throttle,
    mailer,
    confirmation,
    registration,
    passwordReset,
    practices,
    registry,
    oai,
    importer,
    search,
    searchPool,
    suggestions,
    notifications,
    moderation,
    tokens,
    adminUsers,
    adminDirectory,
    coauthors,
    store,
    attachments,
    attachmentImport,
    attachmentWorker,
    loadDocument,
    stats,
    metrics,
    outputs,
    adoptions,
    collections,
    platforms,
    platformFiles,
  };
}

export type Services = ReturnType<typeof createServices>;

/** Where a harvester writes about the repository: the administrator, else the letters' sender, else the host. */
function contactEmail(config: Config): string {
  const sender = /[^\s<>]+@[^\s<>]+/.exec(config.smtp?.from ?? '')?.[0];
  return config.admin?.email ?? sender ?? `bank@${new URL(config.baseUrl).hostname}`;
}
