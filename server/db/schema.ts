/**
 * The bank's tables. Rows are described here; what crosses HTTP is described by each domain's `schemas.ts`.
 * Timestamps are ISO-8601 strings in UTC: SQLite has no date type and strings sort and read well.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SECTIONS, sectionColumnName, type Section } from '../model/practice.js';
import type { SituationArea } from '../model/situations.js';
import {
  ATTACHMENT_KINDS,
  EXTRACTION_STATES,
  PRACTICE_STATES,
  PRACTICE_VOCABULARIES,
  REVIEW_DECISIONS,
  ROLES,
  TOKEN_SCOPES,
  VOCABULARIES,
  EMAIL_STATUSES,
  ORGANIZATION_STATUSES,
  PLATFORM_FILE_KINDS,
  PLATFORM_LEVELS,
  PLATFORM_STATUSES,
  type RubricScores,
} from './enums.js';

// The lists columns take values from live in `enums.ts`; re-exported so `../db/schema.js` keeps offering them.
export * from './enums.js';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

const sectionColumn = <K extends string>(name: K) => text(name).notNull().default('');
/** One Markdown column per section of the practice model, named in snake_case. */
const sectionColumns = Object.fromEntries(SECTIONS.map((s) => [s, sectionColumn(sectionColumnName(s))])) as {
  [K in Section]: ReturnType<typeof sectionColumn<string>>;
};

export const vocabularyTerms = sqliteTable(
  'vocabulary_terms',
  {
    vocabulary: text('vocabulary', { enum: VOCABULARIES }).notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    synonyms: text('synonyms', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    sortOrder: integer('sort_order').notNull().default(0),
    /** When an admin retired the term: kept on practices that carry it, no longer offered for new choices. */
    retiredAt: text('retired_at'),
  },
  (t) => [primaryKey({ columns: [t.vocabulary, t.code] })],
);

/**
 * The situational thesaurus: everyday phrases («дерётся», «скучно на уроке») leading one way to the concepts
 * practices use. Seeded from `fixtures/situations.json` by `fixture_key` (its first phrase, folded), so a start-up
 * adds only the entries the bank lacks; an entry an admin removes keeps its row (`removed_at`) and never returns.
 */
export const situationEntries = sqliteTable('situation_entries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fixtureKey: text('fixture_key').unique(),
  area: text('area').$type<SituationArea>().notNull(),
  phrases: text('phrases', { mode: 'json' }).$type<string[]>().notNull(),
  concepts: text('concepts', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
  removedAt: text('removed_at'),
});

export const organizations = sqliteTable(
  'organizations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** Lower-cased, ё-folded, whitespace-collapsed name: how duplicates are recognised. */
    nameKey: text('name_key').notNull(),
    shortName: text('short_name'),
    /** The short name folded like name_key: imports that name an organisation by its short name find it. */
    shortNameKey: text('short_name_key'),
    /** Folded name and short name together: what the directory's `q` matches. */
    searchText: text('search_text').notNull(),
    type: text('type').notNull(),
    municipality: text('municipality').notNull(),
    inn: text('inn'),
    /** The postal address, as an admin keeps it in the directory. */
    address: text('address'),
    /** Set when an admin merged this entry into another; merged entries are hidden from the directory. */
    mergedIntoId: integer('merged_into_id'),
    /**
     * `new` for an entry an author added: usable at once by them, kept out of the public directory and of other
     * people's pickers until an admin confirms it (a spam channel otherwise). Imports and the seed are `confirmed`.
     */
    status: text('status', { enum: ORGANIZATION_STATUSES }).notNull().default('confirmed'),
    /** The account that added the entry (authors' additions); null for imports and the seed. */
    addedBy: integer('added_by'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('organizations_name_key_municipality').on(t.nameKey, t.municipality),
    index('organizations_short_name_key').on(t.shortNameKey, t.municipality),
    index('organizations_municipality').on(t.municipality),
    index('organizations_status').on(t.status),
  ],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  fullName: text('full_name').notNull(),
  position: text('position'),
  organizationId: integer('organization_id').references(() => organizations.id),
  /** A one-time password was issued (first admin, reset): every write but a password change is refused. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  disabledAt: text('disabled_at'),
  /** When the person last signed in with a password: the admins' page of an account shows it. */
  lastSignInAt: text('last_sign_in_at'),
  createdAt: text('created_at').notNull().default(now),
  /** When the owner opened the confirmation link; until then the account may read but not write. */
  emailConfirmedAt: text('email_confirmed_at'),
});

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedAt: text('granted_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** sha256 of the cookie's token: a leaked database does not hand out live sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull().default(now),
    expiresAt: text('expires_at').notNull(),
    userAgent: text('user_agent'),
    /** When the session was last used, refreshed at most every few minutes (for the list of one's sessions). */
    lastSeenAt: text('last_seen_at'),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

/** A link to set a new password, sent by e-mail: only a sha256 of its token is kept; one live link per person. */
export const passwordResetTokens = sqliteTable('password_reset_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: text('expires_at').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

/**
 * Links that confirm an account's address: only the token's sha256 is kept; one live link per account, spent on use.
 */
export const emailConfirmations = sqliteTable('email_confirmations', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: text('expires_at').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

export const AUTH_ATTEMPT_KINDS = ['login', 'register', 'reset', 'confirm'] as const;

/**
 * Failed sign-ins, registrations and reset requests, kept in the database so a restart does not forget them:
 * an account's failures pause its sign-in, an address's only slow it down (a school shares one address).
 */
export const authAttempts = sqliteTable(
  'auth_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: AUTH_ATTEMPT_KINDS }).notNull(),
    /** The e-mail tried (lower-case), or null when the attempt names none. */
    account: text('account'),
    address: text('address').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('auth_attempts_account').on(t.account, t.at), index('auth_attempts_address').on(t.address, t.at)],
);

/** The practice as an identity: its registry number, permalink and counters. Its content lives in versions. */
export const practices = sqliteTable(
  'practices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdBy: integer('created_by').references(() => users.id),
    registryNumber: text('registry_number').unique(),
    /** The version the public sees; null until the first publication. */
    publishedVersionId: integer('published_version_id'),
    /** The newest version: the one authors edit and moderators review. */
    latestVersionId: integer('latest_version_id'),
    withdrawnAt: text('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    viewCount: integer('view_count').notNull().default(0),
    /**
     * When the public record last changed: the publication of its current version, or its withdrawal. Kept by
     * triggers (migration 0025), so every path that publishes or withdraws keeps it; harvesters list by it.
     */
    publicUpdatedAt: text('public_updated_at'),
    /** Identifies an imported record so that importing the same file twice creates nothing new. */
    importKey: text('import_key').unique(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('practices_created_by').on(t.createdBy), index('practices_public_updated').on(t.publicUpdatedAt, t.id)],
);

export const practiceVersions = sqliteTable(
  'practice_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    versionNo: integer('version_no').notNull(),
    state: text('state', { enum: PRACTICE_STATES }).notNull().default('draft'),
    /** Bumped by every write: the ETag that optimistic concurrency compares. */
    revision: integer('revision').notNull().default(1),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    ...sectionColumns,
    keywords: text('keywords', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    organizationId: integer('organization_id').references(() => organizations.id),
    startedYear: integer('started_year'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    submittedAt: text('submitted_at'),
    publishedAt: text('published_at'),
    /** The moderator reviewing this version (state in_review). */
    claimedBy: integer('claimed_by').references(() => users.id),
    claimedAt: text('claimed_at'),
  },
  (t) => [
    uniqueIndex('practice_versions_practice_version').on(t.practiceId, t.versionNo),
    index('practice_versions_state').on(t.state),
    // An organisation's page lists its practices; without this it reads every version of the bank.
    index('practice_versions_organization').on(t.organizationId),
    // Statistics count public versions from this index alone: a version's row holds its whole text, and reading
    // 100,000 of them took seconds.
    index('practice_versions_public')
      .on(t.practiceId, t.organizationId, t.publishedAt)
      .where(sql`state = 'published'`),
  ],
);

/** Level, subject, technology and direction codes of a version: one row per code, so facets are plain GROUP BYs. */
export const practiceTerms = sqliteTable(
  'practice_terms',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => practiceVersions.id, { onDelete: 'cascade' }),
    vocabulary: text('vocabulary', { enum: PRACTICE_VOCABULARIES }).notNull(),
    code: text('code').notNull(),
    /** The term's place in the version's list for its vocabulary (0-based), as the authors ordered them. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.vocabulary, t.code] }),
    index('practice_terms_code').on(t.vocabulary, t.code),
  ],
);

export const practiceAuthors = sqliteTable(
  'practice_authors',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => practiceVersions.id, { onDelete: 'cascade' }),
    /** The author's place in the list (0-based). Not `position`: in the API that is an author's job title. */
    ordinal: integer('ordinal').notNull(),
    fullName: text('full_name').notNull(),
    jobTitle: text('job_title').notNull(),
    userId: integer('user_id').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.ordinal] }), index('practice_authors_user').on(t.userId)],
);

/** The last sequence number handed out per year: registry numbers are gap-free within a year and never reused. */
export const registryCounters = sqliteTable('registry_counters', {
  year: integer('year').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

/**
 * The audit trail. Append-only: triggers (migration `history_append_only`) refuse UPDATE and DELETE,
 * and there is deliberately no foreign key, so a deleted draft keeps its trail.
 */
export const practiceHistory = sqliteTable(
  'practice_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id').notNull(),
    versionNo: integer('version_no'),
    actorUserId: integer('actor_user_id'),
    /** Who acted, as shown to people: kept even if the account goes away. */
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    comment: text('comment'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('practice_history_practice').on(t.practiceId, t.id)],
);

/** A moderator's review of one version: rubric, comment to the authors, internal note, decision. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    versionNo: integer('version_no').notNull(),
    reviewerId: integer('reviewer_id').references(() => users.id),
    reviewerName: text('reviewer_name').notNull(),
    /** Null for a decision taken through /transitions, without the rubric: it still leaves its snapshot. */
    scores: text('scores', { mode: 'json' }).$type<RubricScores>(),
    decision: text('decision', { enum: REVIEW_DECISIONS }).notNull(),
    /** Addressed to the authors. */
    comment: text('comment').notNull().default(''),
    /** For moderators only: authors never see it. */
    internalNote: text('internal_note').notNull().default(''),
    /** The reviewed content, so a resubmission can show the reviewer what changed since. */
    snapshot: text('snapshot', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('reviews_practice').on(t.practiceId, t.id)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    practiceId: integer('practice_id'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull().default(now),
    readAt: text('read_at'),
    /** none: no e-mail wanted or no SMTP; pending: to send; sent; failed after every retry. */
    emailStatus: text('email_status', { enum: EMAIL_STATUSES }).notNull().default('none'),
    /** Failed sends so far and the last error: the retries themselves are jobs (queue `email`). */
    emailAttempts: integer('email_attempts').notNull().default(0),
    emailError: text('email_error'),
  },
  // The header counts a person's unread ones on every page: the partial index holds only those.
  (t) => [
    index('notifications_user').on(t.userId, t.id),
    index('notifications_unread')
      .on(t.userId)
      .where(sql`read_at IS NULL`),
  ],
);

/** Bearer tokens for integrations: only a sha256 is kept; revoked tokens stay listed. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scope: text('scope', { enum: TOKEN_SCOPES }).notNull(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: text('created_at').notNull().default(now),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

/**
 * An author named another person's account as a co-author. The link takes effect only when that person accepts:
 * a co-author owns the practice, so nobody becomes one without saying so.
 */
export const coauthorInvites = sqliteTable(
  'coauthor_invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    /** The address invited (lower-case): the invitation waits for an account that confirms it. */
    email: text('email'),
    /** The account the invitation reached: set at once for a confirmed address, or when its owner confirms it. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The name the invited account had when it was reached (empty while the invitation waits for an account). */
    fullName: text('full_name').notNull(),
    invitedBy: integer('invited_by').references(() => users.id),
    createdAt: text('created_at').notNull().default(now),
    answeredAt: text('answered_at'),
    accepted: integer('accepted', { mode: 'boolean' }),
  },
  (t) => [
    uniqueIndex('coauthor_invites_practice_user').on(t.practiceId, t.userId),
    uniqueIndex('coauthor_invites_practice_email').on(t.practiceId, t.email),
  ],
);

/**
 * Files and external links of a version. File bytes live on disk, content-addressed by sha256, so an identical
 * file is stored once; a new version copies the rows, not the bytes.
 */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    versionId: integer('version_id')
      .notNull()
      .references(() => practiceVersions.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    /** Display name: sanitised, no path parts, control or bidi characters. */
    name: text('name').notNull(),
    sha256: text('sha256'),
    size: integer('size').notNull().default(0),
    mime: text('mime'),
    ext: text('ext'),
    url: text('url'),
    provider: text('provider'),
    textStatus: text('text_status', { enum: EXTRACTION_STATES }).notNull().default('none'),
    text: text('text'),
    textError: text('text_error'),
    previewSha: text('preview_sha'),
    previewStatus: text('preview_status', { enum: EXTRACTION_STATES }).notNull().default('none'),
    downloads: integer('downloads').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('attachments_version').on(t.versionId),
    index('attachments_sha').on(t.sha256),
    index('attachments_pending').on(t.textStatus, t.previewStatus),
  ],
);

export const JOB_QUEUES = ['email', 'attachment', 'search', 'mail', 'digest'] as const;
export type JobQueue = (typeof JOB_QUEUES)[number];
export const JOB_STATES = ['pending', 'running', 'dead'] as const;

/**
 * Background work, written in the same transaction as the change that asks for it (see `server/jobs/`). A job that
 * succeeds is deleted; one that fails every attempt stays as `dead` for a person to look at.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    queue: text('queue', { enum: JOB_QUEUES }).notNull(),
    /** What the work is about (a notification, a file's sha256, a practice): one waiting job per key. */
    key: text('key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: JOB_STATES }).notNull().default('pending'),
    /** Attempts started, counted before the work runs: a job that kills the process still counts. */
    attempts: integer('attempts').notNull().default(0),
    /** Milliseconds since the epoch: not run before this. */
    runAt: integer('run_at').notNull().default(0),
    /** Who runs it and until when: a job whose lease ran out belonged to a process that died, and runs again. */
    leaseId: text('lease_id'),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('jobs_due').on(t.queue, t.status, t.runAt),
    uniqueIndex('jobs_waiting_key')
      .on(t.queue, t.key)
      .where(sql`status = 'pending'`),
  ],
);

/**
 * What administrators did (accounts, tokens, the directory, vocabularies, imports, backups), append-only like the
 * practices' history: triggers refuse UPDATE and DELETE. `summary` is the Russian line the admin area shows.
 */
export const adminHistory = sqliteTable(
  'admin_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorUserId: integer('actor_user_id'),
    /** Who acted, as shown to people («Система» for scheduled work): kept even if the account goes away. */
    actorName: text('actor_name').notNull(),
    /** A dotted code: `user.role_granted`, `organization.merged`, `vocabulary.term_added`, `backup.taken`… */
    action: text('action').notNull(),
    /** What was acted on: `user`, `token`, `organization`, `vocabulary_term`, `import`, `backup`… */
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('admin_history_target').on(t.targetType, t.targetId, t.id)],
);

/**
 * Views of a practice per day (Moscow time, `YYYY-MM-DD`): each visitor counted once a day, bots never (see
 * `server/stats/visits.ts`). `practices.view_count` keeps the total that `sort=views` reads.
 */
export const practiceViewsDaily = sqliteTable(
  'practice_views_daily',
  {
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  // (day, views) covers the by-month sums: statistics read the index, not the table.
  (t) => [primaryKey({ columns: [t.practiceId, t.day] }), index('practice_views_daily_day').on(t.day, t.views)],
);

/** Downloads of a file per day, counted like views; `attachments.downloads` keeps the file's total. */
export const attachmentDownloadsDaily = sqliteTable(
  'attachment_downloads_daily',
  {
    attachmentId: integer('attachment_id')
      .notNull()
      .references(() => attachments.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    downloads: integer('downloads').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.attachmentId, t.day] }),
    index('attachment_downloads_daily_day').on(t.day, t.downloads),
  ],
);

/**
 * Subscriptions of an e-mail address to a search (issue 15 item 5): confirmed by a link, cancelled by a link in
 * every letter. A cancelled row is kept (`cancelledAt`) so the daily limits still count it. `digestedUntil` is the
 * watermark: the weekly digest tells of practices first published after it and moves it in the transaction that
 * queues the letter, so neither a restart nor a failure sends twice or loses a week.
 */
export const searchSubscriptions = sqliteTable(
  'search_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Lower-case. */
    email: text('email').notNull(),
    /** The search's query and filters (never its page or sort), as the search API takes them. */
    query: text('query', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The same selection as a canonical query string: one live subscription per address and search. */
    queryKey: text('query_key').notNull(),
    createdAt: text('created_at').notNull(),
    confirmedAt: text('confirmed_at'),
    digestedUntil: text('digested_until'),
    cancelledAt: text('cancelled_at'),
  },
  (t) => [
    index('search_subscriptions_email').on(t.email, t.createdAt),
    uniqueIndex('search_subscriptions_live')
      .on(t.email, t.queryKey)
      .where(sql`cancelled_at IS NULL`),
  ],
);

export const SUBSCRIPTION_TOKEN_PURPOSES = ['confirm', 'unsubscribe'] as const;

/** Links of subscription letters: only the token's sha256 is kept; a confirmation link expires, an unsubscribe one not. */
export const subscriptionTokens = sqliteTable(
  'subscription_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => searchSubscriptions.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: SUBSCRIPTION_TOKEN_PURPOSES }).notNull(),
    expiresAt: text('expires_at'),
    /** Who asked for a confirmation letter: the daily limits count letters per address and per IP. */
    ip: text('ip'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('subscription_tokens_subscription').on(t.subscriptionId),
    index('subscription_tokens_ip').on(t.ip, t.createdAt),
  ],
);

/**
 * Questions to a practice's authors sent through the bank (issue 15 item 6): the asker's address is kept for the
 * answer only and never shown to the authors; the answer leaves by the bank's mail.
 */
export const practiceQuestions = sqliteTable(
  'practice_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    askerUserId: integer('asker_user_id').references(() => users.id, { onDelete: 'set null' }),
    askerName: text('asker_name').notNull(),
    askerEmail: text('asker_email').notNull(),
    /** Whom the daily limit counts: `account:<id>`, or `ip:<address>|<email>` for a visitor. */
    senderKey: text('sender_key').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    answer: text('answer'),
    answeredAt: text('answered_at'),
    answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('practice_questions_practice').on(t.practiceId, t.id),
    index('practice_questions_sender').on(t.senderKey, t.createdAt),
  ],
);

/** A person's choice to get a kind of notification by e-mail too (the bell always has it); no row means yes. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    email: integer('email', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** What an adoption report is: waiting for a moderator, confirmed, declined, or withdrawn by its reporter. */
export const ADOPTION_STATUSES = ['pending', 'confirmed', 'declined', 'withdrawn'] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];

/**
 * «Внедрили у себя»: another organisation reports that it uses a published practice. Only confirmed reports are
 * public; a pending one is seen by its reporter and moderators. One live report (pending or confirmed) per
 * practice and organisation.
 */
export const adoptions = sqliteTable(
  'adoptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    reportedBy: integer('reported_by')
      .notNull()
      .references(() => users.id),
    /** Since when the organisation uses it: `YYYY-MM`. */
    since: text('since').notNull(),
    adapted: text('adapted').notNull(),
    results: text('results').notNull(),
    status: text('status', { enum: ADOPTION_STATUSES }).notNull().default('pending'),
    /** The moderator's reason for declining (required then), or a note on confirming. */
    decisionReason: text('decision_reason'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    withdrawnAt: text('withdrawn_at'),
    /** The optional file of the report (a plan, a photo), kept in the attachments' store by its sha256. */
    fileName: text('file_name'),
    fileSha256: text('file_sha256'),
    fileSize: integer('file_size'),
    fileMime: text('file_mime'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('adoptions_practice').on(t.practiceId, t.status),
    index('adoptions_file').on(t.fileSha256),
    index('adoptions_status').on(t.status, t.id),
    index('adoptions_reporter').on(t.reportedBy),
    uniqueIndex('adoptions_live')
      .on(t.practiceId, t.organizationId)
      .where(sql`status IN ('pending', 'confirmed')`),
  ],
);

/**
 * Collections («подборки»): curated, ordered lists of published practices that curators and moderators keep — a
 * subject's best practices, a forum's materials. A collection is a draft (seen by its keepers only) until
 * `published_at` is set; its address `/collections/:slug` never changes once made.
 */
export const collections = sqliteTable(
  'collections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    /** The cover text: a short lead shown under the title and in the list. */
    lead: text('lead').notNull().default(''),
    description: text('description').notNull().default(''),
    /** The event whose materials the collection holds (a forum, «педагогические чтения»), if any. */
    eventName: text('event_name'),
    /** `YYYY-MM-DD`. */
    eventDate: text('event_date'),
    eventPlace: text('event_place'),
    publishedAt: text('published_at'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('collections_published').on(t.publishedAt)],
);

/** A practice in a collection, at its place in the collection's order, with the curator's note. */
export const collectionItems = sqliteTable(
  'collection_items',
  {
    collectionId: integer('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    note: text('note').notNull().default(''),
    addedAt: text('added_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.practiceId] }), index('collection_items_practice').on(t.practiceId)],
);

/**
 * Innovation platforms (инновационные площадки): an organisation working on a theme under an order of the ministry,
 * the region or a municipality. Kept by moderators and admins; every change is in admin_history.
 */
export const platforms = sqliteTable(
  'platforms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    theme: text('theme').notNull(),
    /** The theme folded like organisation names (foldKey): what the list's theme words match. */
    themeKey: text('theme_key').notNull(),
    level: text('level', { enum: PLATFORM_LEVELS }).notNull(),
    status: text('status', { enum: PLATFORM_STATUSES }).notNull().default('active'),
    yearFrom: integer('year_from').notNull(),
    yearTo: integer('year_to'),
    orderNumber: text('order_number').notNull(),
    /** `YYYY-MM-DD`. */
    orderDate: text('order_date').notNull(),
    orderIssuer: text('order_issuer').notNull(),
    description: text('description').notNull().default(''),
    /** Loaded with the demo catalogue: its page says so. */
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    // One platform per organisation, theme and start: importing the same register twice adds nothing.
    uniqueIndex('platforms_identity').on(t.organizationId, t.themeKey, t.yearFrom),
    index('platforms_level_status').on(t.level, t.status),
  ],
);

/** Published practices of the bank that a platform produced, chosen by registry number. */
export const platformPractices = sqliteTable(
  'platform_practices',
  {
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    practiceId: integer('practice_id')
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    addedAt: text('added_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.practiceId] }), index('platform_practices_practice').on(t.practiceId)],
);

/** A platform's files (its order, its yearly reports): bytes in the attachments' content-addressed store. */
export const platformFiles = sqliteTable(
  'platform_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: PLATFORM_FILE_KINDS }).notNull(),
    /** The report's year; null for the order. */
    year: integer('year'),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mime: text('mime').notNull(),
    ext: text('ext').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('platform_files_platform').on(t.platformId, t.kind, t.year), index('platform_files_sha').on(t.sha256)],
);
