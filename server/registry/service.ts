/** Published practices by their permanent registry number, with permalinks and a ready citation. */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { AppError } from '../errors.js';
import * as repo from '../practices/repository.js';
import { toPublicView } from '../practices/service.js';
import type { SearchEngine } from '../../search/port.js';
import { formatCitation } from './citation.js';
import { parseRegistryNumber, publicationYear } from './numbers.js';
import { addViews, EVER_PUBLISHED, publishedVersions } from './repository.js';
import type { Visitor, VisitLedger } from '../stats/visits.js';

/** Views are counted in memory and written in one transaction every few seconds: a read must not cost an fsync. */
const FLUSH_VIEWS_MS = 5_000;

export interface RegistryDeps {
  db: Db;
  baseUrl: string;
  engine: Pick<SearchEngine, 'viewed'>;
  /** Decides whether a view is a visitor's first of the day (and which day). */
  visits: VisitLedger;
  now?: () => Date;
  log?: Pick<FastifyBaseLogger, 'error'>;
}

export function createRegistryService({ db, baseUrl, engine, visits, now = () => new Date(), log }: RegistryDeps) {
  const permalink = (number: string, versionNo?: number) =>
    `${baseUrl}/practices/${number}${versionNo ? `/v${versionNo}` : ''}`;
  /** Views waiting for the flush, by practice and day (`12 2026-11-30`). */
  const pendingViews = new Map<string, number>();
  let flushTimer: NodeJS.Timeout | undefined;

  function flushViews(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pendingViews.size === 0) return;
    const counts = new Map(pendingViews);
    pendingViews.clear();
    const counted = [...counts].map(([key, views]) => {
      const [id, day] = key.split(' ');
      return { practiceId: Number(id), day: day!, views };
    });
    try {
      // Inside the transaction: an engine that keeps counts in the database writes them in the same commit.
      writeTransaction(db, (tx) => {
        for (const [id, views] of addViews(tx, counted)) engine.viewed(id, views);
      });
    } catch (error) {
      // A busy database: the counts wait for the next flush rather than failing anyone's read. Anything else
      // is logged (the flush runs from a timer, where a throw would end the process) and retried the same way.
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') log?.error({ err: error }, 'view counts not written');
      for (const [key, n] of counts) pendingViews.set(key, (pendingViews.get(key) ?? 0) + n);
      flushTimer = setTimeout(flushViews, FLUSH_VIEWS_MS).unref();
    }
  }

  function countView(id: number, visitor: Visitor): void {
    const day = visits.firstVisit(visitor, `practice:${id}`);
    if (day === undefined) return;
    const key = `${id} ${day}`;
    pendingViews.set(key, (pendingViews.get(key) ?? 0) + 1);
    flushTimer ??= setTimeout(flushViews, FLUSH_VIEWS_MS).unref();
  }

  function find(number: string): repo.PracticeRow {
    const practice = parseRegistryNumber(number) ? repo.findPracticeByRegistryNumber(db, number) : undefined;
    if (!practice || practice.registryNumber === null || practice.publishedVersionId === null)
      throw new AppError('REGISTRY_NUMBER_NOT_FOUND');
    return practice;
  }

  function entry(practice: repo.PracticeRow, version: repo.VersionRow) {
    const number = practice.registryNumber!;
    const current = version.id === practice.publishedVersionId;
    const versions = publishedVersions(db, practice.id).map((v) => ({
      ...v,
      permalink: permalink(number, v.versionNo),
    }));
    const base = {
      registryNumber: number,
      versionNo: version.versionNo,
      versionLabel: version.versionNo > 1 ? `${number}/v${version.versionNo}` : number,
      current,
      permalink: permalink(number),
      versionPermalink: permalink(number, version.versionNo),
      versions,
      title: version.title,
    };
    if (practice.withdrawnAt !== null) {
      return {
        ...base,
        status: 'withdrawn' as const,
        withdrawal: { at: practice.withdrawnAt, reason: practice.withdrawnReason ?? '' },
        citation: null,
        practice: null,
      };
    }
    const details = repo.loadVersionDetails(db, version);
    const citation = formatCitation({
      title: version.title,
      authors: details.authors.map((a) => a.fullName),
      year: publicationYear(version.publishedAt ?? now()),
      url: current ? permalink(number) : permalink(number, version.versionNo),
      now: now(),
    });
    return {
      ...base,
      status: 'published' as const,
      withdrawal: null,
      citation,
      practice: toPublicView(practice, details),
    };
  }

  return {
    /**
     * The current published version by its number; `countView` with the visitor for a GET (not HEAD): counted once
     * a day per visitor, never for a robot.
     */
    get(number: string, options: { countView: false } | { countView: true; visitor: Visitor }) {
      const practice = find(number);
      const version = repo.findVersion(db, practice.publishedVersionId!)!;
      if (options.countView && practice.withdrawnAt === null) countView(practice.id, options.visitor);
      return entry(practice, version);
    },

    /** One published version by its number, which stays readable after newer versions. */
    getVersion(number: string, versionNo: number) {
      const practice = find(number);
      const version = repo.findVersionByNumber(db, practice.id, versionNo);
      if (!version || !(EVER_PUBLISHED as readonly string[]).includes(version.state))
        throw new AppError('VERSION_NOT_FOUND');
      return entry(practice, version);
    },

    /** Writes the views counted so far (also at shutdown). */
    flushViews,
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
