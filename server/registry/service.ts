/** Published practices by their permanent registry number, with permalinks and a ready citation. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { practices, practiceVersions } from '../db/schema.js';
import { AppError } from '../errors.js';
import * as repo from '../practices/repository.js';
import { toView } from '../practices/service.js';
import { formatCitation } from './citation.js';
import { parseRegistryNumber } from './numbers.js';

/** States of a version that was published at some point and stays readable by its number. */
const EVER_PUBLISHED = ['published', 'superseded', 'withdrawn'] as const;

export function createRegistryService(db: Db, baseUrl: string, now: () => Date = () => new Date()) {
  const permalink = (number: string, versionNo?: number) => `${baseUrl}/practices/${number}${versionNo ? `/v${versionNo}` : ''}`;

  function find(number: string): repo.PracticeRow {
    const practice = parseRegistryNumber(number) ? repo.findPracticeByRegistryNumber(db, number) : undefined;
    if (!practice || practice.registryNumber === null || practice.publishedVersionId === null) throw new AppError('REGISTRY_NUMBER_NOT_FOUND');
    return practice;
  }

  function publishedVersions(practiceId: number) {
    return db
      .select({ versionNo: practiceVersions.versionNo, publishedAt: practiceVersions.publishedAt })
      .from(practiceVersions)
      .where(and(eq(practiceVersions.practiceId, practiceId), inArray(practiceVersions.state, [...EVER_PUBLISHED])))
      .orderBy(asc(practiceVersions.versionNo))
      .all();
  }

  function entry(practice: repo.PracticeRow, version: repo.VersionRow) {
    const number = practice.registryNumber!;
    const current = version.id === practice.publishedVersionId;
    const versions = publishedVersions(practice.id).map((v) => ({ ...v, permalink: permalink(number, v.versionNo) }));
    const base = {
      registryNumber: number,
      versionNo: version.versionNo,
      versionLabel: version.versionNo > 1 ? `${number}/v${version.versionNo}` : number,
      current,
      permalink: permalink(number),
      versionPermalink: permalink(number, version.versionNo),
      versions,
    };
    if (practice.withdrawnAt !== null) {
      return { ...base, status: 'withdrawn' as const, title: version.title, withdrawal: { at: practice.withdrawnAt, reason: practice.withdrawnReason ?? '' }, citation: null, practice: null };
    }
    const details = repo.loadVersionDetails(db, version);
    const year = Number((version.publishedAt ?? now().toISOString()).slice(0, 4));
    const citation = formatCitation({
      title: version.title,
      authors: details.authors.map((a) => a.fullName),
      year,
      url: current ? permalink(number) : permalink(number, version.versionNo),
      now: now(),
    });
    return { ...base, status: 'published' as const, title: version.title, withdrawal: null, citation, practice: toView(practice, details) };
  }

  return {
    /** The current published version by its number; counts a view. */
    get(number: string) {
      const practice = find(number);
      const version = repo.findVersion(db, practice.publishedVersionId!)!;
      if (practice.withdrawnAt === null) {
        db.update(practices).set({ viewCount: sql`${practices.viewCount} + 1` }).where(eq(practices.id, practice.id)).run();
      }
      return entry(practice, version);
    },

    /** One published version by its number, which stays readable after newer versions. */
    getVersion(number: string, versionNo: number) {
      const practice = find(number);
      const version = repo.findVersionByNumber(db, practice.id, versionNo);
      if (!version || !(EVER_PUBLISHED as readonly string[]).includes(version.state)) throw new AppError('VERSION_NOT_FOUND');
      return entry(practice, version);
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
