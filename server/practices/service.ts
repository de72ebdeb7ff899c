/**
 * Drafts of practices and who may see what. Authors keep drafts over several days; the public sees only
 * published versions; every write checks the revision the writer read (ETag / If-Match).
 */
import type { SessionUser } from '../auth/service.js';
import type { Db, DbOrTx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import type { PracticeState } from '../db/schema.js';
import { AppError } from '../errors.js';
import { appendHistory, historyOf } from '../history/repository.js';
import { toOrganization, type OrganizationService } from '../organizations/service.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import {
  changedFields,
  checkReferences,
  contentOf,
  EMPTY_CONTENT,
  mergeContent,
  missingForPublication,
  versionColumns,
  writeChildren,
  type PracticeContent,
} from './content.js';
import * as repo from './repository.js';
import { editableLatest, isOwnerOf, seesSubmitted, visibleVersion, type Caller } from '../access/policy.js';
import { checkIfMatch, etagOf, loadPractice } from './lookup.js';
import type { CoauthorService } from './coauthors.js';
import type { PracticeInput } from './schemas.js';

/** States in which the author may edit the latest version. */
export const EDITABLE_STATES: readonly PracticeState[] = ['draft', 'changes_requested'];

export interface PracticeView extends PracticeContent {
  id: number;
  versionNo: number;
  state: PracticeState;
  revision: number;
  registryNumber: string | null;
  organization: ReturnType<typeof toOrganization> | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
}

export function toView(practice: repo.PracticeRow, details: repo.VersionDetails): PracticeView {
  const v = details.version;
  return {
    id: practice.id,
    versionNo: v.versionNo,
    state: v.state,
    revision: v.revision,
    registryNumber: practice.registryNumber,
    ...contentOf(details),
    organization: details.organization ? toOrganization(details.organization) : null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    submittedAt: v.submittedAt,
    publishedAt: v.publishedAt,
  };
}

/** What the public sees: the same practice, without links to user accounts. */
export function toPublicView(practice: repo.PracticeRow, details: repo.VersionDetails): PracticeView {
  const view = toView(practice, details);
  return { ...view, authors: view.authors.map((a) => ({ ...a, userId: null })) };
}

const actorName = (user: SessionUser) => user.fullName;

export interface PracticeServiceDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  organizations: Pick<OrganizationService, 'usable'>;
  coauthors: Pick<CoauthorService, 'keepOwnLinks'>;
}

export function createPracticeService({ db, vocabularies, organizations, coauthors }: PracticeServiceDeps) {
  const load = (id: number) => loadPractice(db, id);
  const visible = (practice: repo.PracticeRow, caller: Caller) => visibleVersion(db, practice, caller);

  const ownedLatest = (practice: repo.PracticeRow, user: SessionUser) => editableLatest(db, practice, user);

  return {
    /** Starts a draft; the author is the first co-author unless the input names the authors. */
    create(user: SessionUser, input: PracticeInput & { title: string }) {
      const content = mergeContent(
        {
          ...EMPTY_CONTENT,
          title: input.title,
          organizationId: user.organizationId,
          authors: [{ fullName: user.fullName, position: user.position ?? '', userId: user.id }],
        },
        input,
      );
      const id = writeTransaction(db, (tx) => {
        checkReferences(tx, content, vocabularies, (t, org) => organizations.usable(t, org, user.id));
        const practice = repo.insertPractice(tx, { createdBy: user.id });
        const linked = coauthors.keepOwnLinks(user, content);
        const version = repo.insertVersion(tx, {
          practiceId: practice.id,
          versionNo: 1,
          state: 'draft',
          ...versionColumns(linked),
        });
        writeChildren(tx, version.id, linked, true);
        repo.updatePractice(tx, practice.id, { latestVersionId: version.id });
        appendHistory(tx, {
          practiceId: practice.id,
          versionNo: 1,
          actorUserId: user.id,
          actorName: actorName(user),
          action: 'create',
          toState: 'draft',
        });
        return practice.id;
      });
      return this.get(user, id);
    },

    get(caller: Caller, id: number) {
      const practice = load(id);
      const version = visible(practice, caller);
      const privileged = isOwnerOf(db, practice, caller) || seesSubmitted(caller);
      const details = repo.loadVersionDetails(db, version);
      return {
        practice: privileged ? toView(practice, details) : toPublicView(practice, details),
        etag: etagOf(version),
      };
    },

    /**
     * The latest version as its authors' editor shows it: whether it may be edited now, and what it still lacks
     * before submission (the same check the submit transition makes). 404 / 403 for anyone but its authors.
     */
    forEditing(user: SessionUser, id: number) {
      const practice = load(id);
      const latest = ownedLatest(practice, user);
      const details = repo.loadVersionDetails(db, latest);
      return {
        practice: toView(practice, details),
        etag: etagOf(latest),
        editable: EDITABLE_STATES.includes(latest.state),
        missing: missingForPublication(contentOf(details)),
      };
    },

    /** Changes fields of an editable version; `ifMatch` must name the revision the author read. */
    update(user: SessionUser, id: number, ifMatch: string | undefined, input: PracticeInput) {
      writeTransaction(db, (tx) => {
        const practice = load(id);
        const latest = ownedLatest(practice, user);
        checkIfMatch(latest, ifMatch, true);
        if (!EDITABLE_STATES.includes(latest.state)) throw new AppError('PRACTICE_NOT_EDITABLE');
        const before = contentOf(repo.loadVersionDetails(tx, latest));
        // The organisation the draft already names stays allowed (a co-author's own «новая» one included).
        const usable = (t: DbOrTx, org: number) =>
          org === before.organizationId || organizations.usable(t, org, user.id);
        checkReferences(tx, mergeContent(before, input), vocabularies, usable, before);
        const after = coauthors.keepOwnLinks(user, mergeContent(before, input), before);
        const changed = changedFields(before, after);
        if (changed.length === 0) return;
        repo.updateVersion(tx, latest.id, versionColumns(after));
        writeChildren(tx, latest.id, after);
        appendHistory(tx, {
          practiceId: id,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: actorName(user),
          action: 'edit',
          fromState: latest.state,
          toState: latest.state,
          details: { fields: changed },
        });
      });
      return this.get(user, id);
    },

    /**
     * Deletes a draft that was never published; for a published practice, discards the draft of its new version.
     * Its history stays.
     */
    remove(user: SessionUser, id: number, ifMatch: string | undefined): void {
      writeTransaction(db, (tx) => {
        const practice = load(id);
        const latest = ownedLatest(practice, user);
        checkIfMatch(latest, ifMatch, true);
        // A draft, or a rejected new version of a published practice (so the authors can start over).
        const discardable =
          latest.state === 'draft' ||
          (latest.state === 'rejected' &&
            practice.publishedVersionId !== null &&
            latest.id !== practice.publishedVersionId);
        if (!discardable) throw new AppError('PRACTICE_NOT_EDITABLE', 'Удалить можно только черновик');
        const entry = {
          practiceId: id,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: actorName(user),
          fromState: latest.state,
        };
        if (practice.publishedVersionId === null) {
          repo.deletePractice(tx, id);
          appendHistory(tx, { ...entry, action: 'delete' });
        } else {
          repo.deleteVersion(tx, latest.id);
          repo.updatePractice(tx, id, { latestVersionId: practice.publishedVersionId });
          appendHistory(tx, { ...entry, action: 'discard_version' });
        }
      });
    },

    listMine(user: SessionUser, page: number, perPage: number) {
      const { items, total } = repo.listOwnedBy(db, user.id, perPage, (page - 1) * perPage);
      return { items: withPublishedVersionNo(items), total, page, perPage };
    },

    listPublished(page: number, perPage: number) {
      const { items, total } = repo.listPublished(db, perPage, (page - 1) * perPage);
      return { items: withPublishedVersionNo(items), total, page, perPage };
    },

    /**
     * The audit trail: all of it for the practice's authors; for moderators, what concerns versions that reached
     * them (never an author's unsubmitted draft).
     */
    history(caller: Caller, id: number) {
      const practice = load(id);
      if (isOwnerOf(db, practice, caller)) return historyOf(db, id);
      const shown = visible(practice, caller);
      if (!caller) throw new AppError('AUTH_REQUIRED');
      if (!seesSubmitted(caller)) throw new AppError('FORBIDDEN');
      return historyOf(db, id).filter((entry) => entry.versionNo === null || entry.versionNo <= shown.versionNo);
    },
  };

  function withPublishedVersionNo<T extends { publishedVersionId: number | null }>(items: T[]) {
    const numbers = repo.versionNumbers(
      db,
      items.flatMap((i) => (i.publishedVersionId === null ? [] : [i.publishedVersionId])),
    );
    return items.map(({ publishedVersionId, ...rest }) => ({
      ...rest,
      publishedVersionNo: publishedVersionId === null ? null : (numbers.get(publishedVersionId) ?? null),
    }));
  }
}

export type PracticeService = ReturnType<typeof createPracticeService>;
