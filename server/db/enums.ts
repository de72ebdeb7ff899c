/**
 * The closed lists the bank's columns take their values from, apart from the tables that use them
 * (`schema.ts`): roles, states, decisions, scopes. The vocabularies' names come from the practice model.
 */
export { PRACTICE_VOCABULARIES, VOCABULARIES } from '../model/vocabularies.js';
export type { PracticeVocabulary, VocabularyName } from '../model/vocabularies.js';

/** `curator`: a methodical association's curator who keeps collections («подборки») of published practices. */
export const ROLES = ['author', 'moderator', 'admin', 'curator'] as const;
export type Role = (typeof ROLES)[number];

export const PRACTICE_STATES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'rejected',
  'published',
  'superseded',
  'withdrawn',
] as const;
export type PracticeState = (typeof PRACTICE_STATES)[number];

export const REVIEW_DECISIONS = ['approve', 'request_changes', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The rubric (each criterion scored 0–3) is declared with its descriptions in the model. */
export { RUBRIC } from '../model/rubric.js';
export type { RubricScores } from '../model/rubric.js';

export const TOKEN_SCOPES = ['read', 'moderate'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ATTACHMENT_KINDS = ['file', 'link'] as const;
/** pending: waiting for the extractor; done; failed (kept, marked); none: nothing to extract (images, media, links). */
export const EXTRACTION_STATES = ['pending', 'done', 'failed', 'none'] as const;

export const EMAIL_STATUSES = ['none', 'pending', 'sent', 'failed'] as const;

/** An organisation an author added is `new` until an admin confirms it (or merges it into an existing one). */
export const ORGANIZATION_STATUSES = ['confirmed', 'new'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** How high an innovation platform was established: by the federal ministry, the region or a municipality. */
export const PLATFORM_LEVELS = ['federal', 'regional', 'municipal'] as const;
export type PlatformLevel = (typeof PLATFORM_LEVELS)[number];

/**
 * An innovation platform's status as the region's orders word it: it works, it finished its programme, or its
 * status was withdrawn before the term («статус прекращён досрочно»).
 */
export const PLATFORM_STATUSES = ['active', 'completed', 'terminated'] as const;
export type PlatformStatus = (typeof PLATFORM_STATUSES)[number];

/** A platform's file: the order that established it, or a yearly report. */
export const PLATFORM_FILE_KINDS = ['order', 'report'] as const;
