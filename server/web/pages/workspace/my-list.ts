/**
 * What «Мои практики» shows of each practice: its latest version's state, the dates and the words that say what
 * happens next, gathered from the services the API uses (practices, moderation's reviews, the registry).
 */
import type { SessionUser } from '../../../auth/service.js';
import type { Db } from '../../../db/client.js';
import type { PracticeState } from '../../../db/schema.js';
import { etagOf } from '../../../practices/lookup.js';
import * as repo from '../../../practices/repository.js';
import type { Services } from '../../../services.js';

/** One practice as /my lists it. */
export interface MyPractice {
  id: number;
  title: string;
  versionNo: number;
  state: PracticeState;
  updatedAt: string;
  submittedAt: string | null;
  claimedAt: string | null;
  /** The registry number once the practice was ever published. */
  registryNumber: string | null;
  /** A published version is on the public site (not withdrawn). */
  onSite: boolean;
  withdrawal: { at: string; reason: string } | null;
  /** The ready citation of the published version (null unless it is on the site). */
  citation: string | null;
  /** The reviewer's comment on the latest version's last decision (changes requested, rejected). */
  reviewComment: string | null;
  /** The ETag of the version the author reads: what «Начать новую версию» names. */
  etag: string;
}

export const MY_PER_PAGE = 20;

/** A page of the author's practices (as author or accepted co-author), newest activity first. */
export function myPractices(
  db: Db,
  services: Pick<Services, 'practices' | 'moderation' | 'registry'>,
  user: SessionUser,
  page: number,
) {
  const list = services.practices.listMine(user, page, MY_PER_PAGE);
  const items = list.items.flatMap((item): MyPractice[] => {
    const practice = repo.findPractice(db, item.id);
    const latest = practice?.latestVersionId ? repo.findVersion(db, practice.latestVersionId) : undefined;
    if (!practice || !latest) return [];
    const decision = services.moderation
      .reviews(user, item.id)
      .filter((r) => r.versionNo === latest.versionNo)
      .at(-1);
    const onSite = practice.publishedVersionId !== null && practice.withdrawnAt === null;
    return [
      {
        id: item.id,
        title: item.title,
        versionNo: item.versionNo,
        state: item.state,
        updatedAt: item.updatedAt,
        submittedAt: latest.submittedAt,
        claimedAt: latest.claimedAt,
        registryNumber: practice.registryNumber,
        onSite,
        withdrawal:
          practice.withdrawnAt === null ? null : { at: practice.withdrawnAt, reason: practice.withdrawnReason ?? '' },
        citation:
          onSite && practice.registryNumber
            ? services.registry.get(practice.registryNumber, { countView: false }).citation
            : null,
        reviewComment: decision && decision.comment ? decision.comment : null,
        etag: etagOf(latest),
      },
    ];
  });
  return { items, total: list.total, pages: Math.max(1, Math.ceil(list.total / MY_PER_PAGE)) };
}

/** A long comment cut at a word near `limit` characters, for the list (the editor shows it whole). */
export function shortened(text: string, limit = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:—-]+$/, '')}…`;
}
