/**
 * What the search pool's main thread and its workers say to each other. Both sides take these shapes on trust:
 * they are the same build of the bank, and structured cloning keeps plain data as it was.
 */
import type { IndexChange } from '../../../search/embedded/engine.js';
import { AppError, type ErrorCode, type ErrorDetail } from '../../errors.js';
import type { SearchRequest, SearchResponse } from '../../../search/port.js';
import type { SearchQuery, SearchResult } from '../schemas.js';

/** What a worker needs to build its own search service over the bank's database. */
export interface WorkerSetup {
  databasePath: string;
  baseUrl: string;
}

/** What a worker is asked: a search as the API takes it, or the engine's own search (the engines' contract). */
export type Question = { type: 'search'; query: SearchQuery } | { type: 'engine'; request: SearchRequest };

/** To a worker: answer a question, or follow a change the writing thread committed (in the order sent). */
export type ToWorker = (Question & { id: number }) | { type: 'change'; change: IndexChange };

/** An error as it crosses threads: the catalogue's code when it was an `AppError`, else only its message. */
export interface CarriedError {
  code?: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** From a worker: it is ready, or the answer to (or the error of) one search. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'answer'; id: number; result: SearchResult | SearchResponse }
  | { type: 'failed'; id: number; error: CarriedError };

/** An error thrown in a worker, as it can be cloned to the main thread. */
export function carry(error: unknown): CarriedError {
  if (error instanceof AppError)
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** The error again on the main thread: an `AppError` answers as it would have in one thread, anything else is a 500. */
export function uncarry(error: CarriedError): Error {
  return error.code ? new AppError(error.code, error.message, error.details) : new Error(error.message);
}
