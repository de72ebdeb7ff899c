/**
 * The list of a person's sessions on their account page and in the API: where they are signed in, and ending one
 * or all the others («Выйти на других устройствах»).
 */
import { writeTransaction, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import * as repo from './repository.js';

/** How much of a session's stored hash names it in the list of sessions: enough to tell them apart. */
const SESSION_ID_LENGTH = 16;

/** One of a person's sessions as their account page lists it; `id` is a prefix of the stored hash. */
export interface SessionSummary {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  current: boolean;
}

/** `clock` gives the moment and the inactivity window's start, so idle sessions are neither listed nor ended twice. */
export function createSessionList(db: Db, clock: () => repo.SessionClock) {
  return {
    /** A person's live sessions, the newest first, the one asking marked. */
    listSessions(userId: number, currentId: string | undefined): SessionSummary[] {
      return repo.sessionsOfUser(db, userId, clock()).map((row) => ({
        id: row.id.slice(0, SESSION_ID_LENGTH),
        userAgent: row.userAgent,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
        current: row.id === currentId,
      }));
    },

    /** Ends one of a person's sessions, named as `listSessions` names it. */
    endSession(userId: number, id: string): void {
      const row = repo
        .sessionsOfUser(db, userId, clock())
        .find((s) => id.length === SESSION_ID_LENGTH && s.id.startsWith(id));
      if (!row) throw new AppError('SESSION_NOT_FOUND');
      writeTransaction(db, (tx) => repo.deleteSession(tx, row.id));
    },

    /** Ends every session of a person but the one asking; returns how many ended. */
    endOtherSessions(userId: number, keepId: string | undefined): number {
      return writeTransaction(db, (tx) => repo.deleteSessionsOfUser(tx, userId, keepId));
    },
  };
}
