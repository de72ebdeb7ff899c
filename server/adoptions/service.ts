/**
 * Adoptions («Внедрили у себя»): a signed-in person reports that their organisation uses a published practice of
 * another organisation; a moderator confirms or declines it; the reporter may withdraw it. Until confirmed only the
 * reporter and moderators see a report. Confirming and withdrawing a confirmed report re-index the practice (search
 * sorts and filters by adoptions) and confirming tells the practice's authors.
 */
import { hasRole, type Caller } from '../access/policy.js';
import type { ReceivedFile } from '../attachments/receive.js';
import type { BlobStore } from '../attachments/storage.js';
import type { SessionUser } from '../auth/service.js';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { AppError, validationError } from '../errors.js';
import type { NotificationService } from '../notifications/service.js';
import type { OrganizationService } from '../organizations/service.js';
import * as practiceRepo from '../practices/repository.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchDocument, SearchEngine } from '../../search/port.js';
import { adoptionConfirmedMessage, adoptionDecidedMessage } from './messages.js';
import * as repo from './repository.js';
import type { ReportInput } from './schemas.js';

export interface AdoptionDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  organizations: Pick<OrganizationService, 'get'>;
  notifications: Pick<NotificationService, 'notify'>;
  engine: Pick<SearchEngine, 'index' | 'remove'>;
  /** The practice's search document as the database now holds it (read on the transaction's connection). */
  loadDocument: (id: number) => SearchDocument | undefined;
  /** Where a report's file is kept: the attachments' store. */
  store: Pick<BlobStore, 'commit' | 'discard' | 'exclusive'>;
  /** Called when a practice's confirmed adoptions change (the statistics and the map count them). */
  onConfirmedChanged?: () => void;
  now?: () => Date;
}

export const QUEUE_PAGE_SIZE = 20;

/** Where a report's file is downloaded. */
export const adoptionFileUrl = (id: number) => `/api/v1/adoptions/${id}/file`;

/** Moderators decide, and administrators (the route gate admits them as staff). */
const decides = (caller: Caller): boolean => hasRole(caller, 'moderator') || hasRole(caller, 'admin');

export function createAdoptionService({
  db,
  vocabularies,
  organizations,
  notifications,
  engine,
  loadDocument,
  store,
  onConfirmedChanged = () => {},
  now = () => new Date(),
}: AdoptionDeps) {
  const municipalityLabel = (code: string) => vocabularies.label('municipalities', code) ?? code;

  /** A listed report as the API and pages show it. */
  function present(a: repo.ListedAdoption) {
    return {
      id: a.id,
      organization: { id: a.organizationId, name: a.organizationName, municipality: a.municipality },
      municipalityLabel: municipalityLabel(a.municipality),
      since: a.since,
      adapted: a.adapted,
      results: a.results,
      practiceId: a.practiceId,
      registryNumber: a.registryNumber,
      practiceTitle: a.practiceTitle,
      reporterName: a.reporterName,
      status: a.status,
      decisionReason: a.decisionReason,
      decidedAt: a.decidedAt,
      createdAt: a.createdAt,
      file:
        a.fileName === null
          ? null
          : { name: a.fileName, size: a.fileSize ?? 0, contentType: a.fileMime, url: adoptionFileUrl(a.id) },
    };
  }

  /** The published practice and its version, or PRACTICE_NOT_FOUND for anything the public cannot see. */
  function publicPractice(tx: Tx | Db, practiceId: number) {
    const practice = practiceRepo.findPractice(tx, practiceId);
    if (!practice || practice.publishedVersionId === null || practice.withdrawnAt !== null)
      throw new AppError('PRACTICE_NOT_FOUND');
    const version = practiceRepo.findVersion(tx, practice.publishedVersionId)!;
    return { practice, version };
  }

  /** The practice's search document follows its confirmed adoptions. */
  function reindex(tx: Tx, practiceId: number): void {
    const doc = loadDocument(practiceId);
    if (doc) engine.index(tx, doc);
    onConfirmedChanged();
  }

  /** A report its reporter or a moderator may see; anyone else is told it does not exist. */
  function visible(tx: Tx | Db, caller: Caller, id: number): repo.AdoptionRow {
    const row = repo.findAdoption(tx, id);
    const mayRead = row && (decides(caller) || (caller?.kind === 'user' && caller.id === row.reportedBy));
    if (!row || !mayRead) throw new AppError('ADOPTION_NOT_FOUND');
    return row;
  }

  function listed(tx: Tx | Db, id: number) {
    return present(repo.findListed(tx, id)!);
  }

  /** What a report must be: of a public practice, by a listed organisation other than the authors', not repeated. */
  function checkReport(tx: Tx | Db, practiceId: number, input: ReportInput) {
    const { version } = publicPractice(tx, practiceId);
    let organization;
    try {
      organization = organizations.get(input.organizationId);
    } catch {
      throw validationError([{ field: 'organizationId', message: 'Такой организации нет в справочнике' }]);
    }
    if (organization.id === version.organizationId)
      throw validationError(
        [
          {
            field: 'organizationId',
            message: 'Это организация авторов практики: внедрение сообщает другая организация',
          },
        ],
        'Внедрение сообщает другая организация, не авторы практики',
      );
    const live = repo.findLive(tx, practiceId, organization.id);
    if (live)
      throw new AppError(
        'ADOPTION_NOT_ALLOWED',
        live.status === 'confirmed'
          ? 'Внедрение этой практики в этой организации уже подтверждено'
          : 'Сообщение о внедрении этой практики в этой организации уже ждёт модератора',
      );
    return organization;
  }

  function insertReport(tx: Tx, user: SessionUser, practiceId: number, input: ReportInput, file?: ReceivedFile) {
    const organization = checkReport(tx, practiceId, input);
    const row = repo.insertAdoption(tx, {
      practiceId,
      organizationId: organization.id,
      reportedBy: user.id,
      since: input.since,
      adapted: input.adapted,
      results: input.results,
      ...(file
        ? {
            fileName: file.name,
            fileSha256: file.temp.sha256,
            fileSize: file.temp.size,
            fileMime: file.kind.contentType,
          }
        : {}),
    });
    return listed(tx, row.id);
  }

  return {
    /**
     * Reports that the reporter's organisation uses a published practice; it waits for a moderator. A checked file
     * (`receiveChecked`) is kept with it: the report is checked before the bytes are kept, so a refused one keeps
     * nothing, and the bytes are in place before the row that names them is written.
     */
    async report(user: SessionUser, practiceId: number, input: ReportInput, file?: ReceivedFile) {
      if (!file) return writeTransaction(db, (tx) => insertReport(tx, user, practiceId, input));
      try {
        checkReport(db, practiceId, input);
      } catch (error) {
        await store.discard([file.temp]);
        throw error;
      }
      return store.exclusive(async () => {
        try {
          await store.commit(file.temp);
        } catch (error) {
          await store.discard([file.temp]);
          throw error;
        }
        return writeTransaction(db, (tx) => insertReport(tx, user, practiceId, input, file));
      });
    },

    /**
     * A report's file for whoever may see the report: anyone once it is confirmed on a public practice, before that
     * its reporter and moderators; ADOPTION_NOT_FOUND otherwise (or when it has no file).
     */
    fileFor(caller: Caller, id: number) {
      const row = repo.findAdoption(db, id);
      if (!row?.fileSha256 || !row.fileName) throw new AppError('ADOPTION_NOT_FOUND');
      const practice = practiceRepo.findPractice(db, row.practiceId);
      const shown =
        row.status === 'confirmed' && practice?.publishedVersionId !== null && practice?.withdrawnAt === null;
      if (!shown) visible(db, caller, id);
      return {
        name: row.fileName,
        sha256: row.fileSha256,
        mime: row.fileMime ?? 'application/octet-stream',
        public: shown,
      };
    },

    /** A practice's confirmed adoptions, with how many organisations and municipalities they are in. */
    ofPractice(practiceId: number) {
      const items = repo.confirmedOf(db, practiceId).map(present);
      return {
        organizations: new Set(items.map((a) => a.organization.id)).size,
        municipalities: new Set(items.map((a) => a.organization.municipality)).size,
        items,
      };
    },

    /** The public list of a published practice's confirmed adoptions (PRACTICE_NOT_FOUND otherwise). */
    publicOf(practiceId: number) {
      publicPractice(db, practiceId);
      return this.ofPractice(practiceId);
    },

    /** One report, for its reporter or a moderator. */
    get(caller: Caller, id: number) {
      visible(db, caller, id);
      return listed(db, id);
    },

    /** The moderators' queue: reports waiting for a decision, the oldest first. */
    queue(page: number) {
      const { items, total } = repo.pending(db, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE);
      return { items: items.map(present), total };
    },

    /** How many reports wait: the workspace's link to the queue shows it. */
    pendingCount: () => repo.pending(db, 1, 0).total,

    /** The reporter's own reports in every status. */
    mine(userId: number) {
      return repo.reportedBy(db, userId).map(present);
    },

    /** A moderator confirms or declines a waiting report; declining needs a reason the reporter will read. */
    decide(caller: SessionUser, id: number, action: 'confirm' | 'decline', reason: string) {
      if (!decides(caller)) throw new AppError('FORBIDDEN', 'Сообщения о внедрении подтверждают модераторы');
      if (action === 'decline' && !reason.trim())
        throw validationError([{ field: 'reason', message: 'Напишите причину: её прочитает сообщивший' }]);
      return writeTransaction(db, (tx) => {
        visible(tx, caller, id);
        const moved = repo.moveAdoption(tx, id, ['pending'], {
          status: action === 'confirm' ? 'confirmed' : 'declined',
          decisionReason: reason.trim() || null,
          decidedBy: caller.id,
          decidedAt: now().toISOString(),
        });
        if (!moved)
          throw new AppError('ADOPTION_NOT_ALLOWED', 'Решение по этому сообщению уже принято или его отозвали');
        const shown = listed(tx, id);
        const title = shown.practiceTitle ?? '';
        notifications.notify(
          tx,
          [moved.reportedBy],
          adoptionDecidedMessage(moved.practiceId, title, action === 'confirm', reason),
        );
        if (action === 'confirm') {
          const practice = practiceRepo.findPractice(tx, moved.practiceId)!;
          const authors = authorAccounts(tx, practice).filter((a) => a !== moved.reportedBy);
          notifications.notify(tx, authors, adoptionConfirmedMessage(moved.practiceId, title, shown.organization.name));
          reindex(tx, moved.practiceId);
        }
        return shown;
      });
    },

    /** The reporter takes back their report, waiting or confirmed; a confirmed one leaves the practice's list. */
    withdraw(caller: SessionUser, id: number) {
      return writeTransaction(db, (tx) => {
        const row = visible(tx, caller, id);
        if (row.reportedBy !== caller.id) throw new AppError('FORBIDDEN', 'Отозвать сообщение может только сообщивший');
        const moved = repo.moveAdoption(tx, id, ['pending', 'confirmed'], {
          status: 'withdrawn',
          withdrawnAt: now().toISOString(),
        });
        if (!moved) throw new AppError('ADOPTION_NOT_ALLOWED', 'Это сообщение уже отозвано или отклонено');
        if (row.status === 'confirmed') reindex(tx, row.practiceId);
        return listed(tx, id);
      });
    },
  };
}

/** Accounts of the practice's authors: its creator and the authors of its public version named with an account. */
function authorAccounts(tx: Tx, practice: practiceRepo.PracticeRow): number[] {
  const version = practiceRepo.findVersion(tx, practice.publishedVersionId ?? practice.latestVersionId ?? 0);
  const linked = version
    ? practiceRepo.loadVersionDetails(tx, version).authors.flatMap((a) => (a.userId === null ? [] : [a.userId]))
    : [];
  return [...new Set([...(practice.createdBy === null ? [] : [practice.createdBy]), ...linked])];
}

export type AdoptionService = ReturnType<typeof createAdoptionService>;
