/**
 * Who has already been counted today. A practice's views and a file's downloads count each visitor once a day, and
 * never a robot that says it is one, so 200 reloads from one browser are one view and `sort=views` cannot be bought.
 *
 * A visitor is `sha256(salt, address, User-Agent)`, where the salt is 32 random bytes made for the day and held only
 * in memory: at midnight (Moscow) it and the day's keys are dropped, so nothing stored or kept can name a person or
 * follow one across days. Memory rather than a table: a table would put a write on every first visit and keep the
 * keys on disk, in backups too; the cost is that a restart begins a new salt, and a visitor may count once more that
 * day. The set is bounded (`maxKeys`): a flood of made-up User-Agents fills it, and then the day counts no more new
 * visitors rather than growing without end.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * Markers of programs that announce themselves: crawlers (Googlebot, YandexBot, bingbot, Slurp, Baiduspider),
 * link previews, monitors, headless browsers and HTTP libraries. A browser never carries any of them (a CUBOT phone
 * is a phone).
 */
const ROBOT_MARKERS =
  /(?<!cu)bot\b|bot\/|crawl|spider|slurp|archiver|curl|wget|python|httpclient|http-client|okhttp|axios|node-fetch|undici|go-http|java\/|libwww|scrapy|headless|phantomjs|lighthouse|preview|facebookexternalhit|monitor|feedfetcher|mediapartners|bingpreview/i;

/** Whether a User-Agent is a robot's (or absent: every browser sends one). */
export function isRobot(userAgent: string | undefined): boolean {
  return !userAgent || ROBOT_MARKERS.test(userAgent);
}

/** What a request tells about its sender: only ever hashed. */
export interface Visitor {
  ip: string;
  userAgent: string | undefined;
}

/** The visitor of a Fastify request (its `ip` follows TRUST_PROXY). */
export function visitorOf(request: { ip: string; headers: { 'user-agent'?: string | undefined } }): Visitor {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

const regionDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day of a moment in the region's time (Moscow), `YYYY-MM-DD`: the day views are filed under. */
export function regionDay(at: Date): string {
  return regionDate.format(at);
}

/** Distinct (visitor, item) pairs remembered a day: ~100 bytes each, so about 20 MB at the cap. */
export const MAX_KEYS_PER_DAY = 200_000;

export interface VisitLedger {
  /** The day to count a visit of `item` (`practice:12`, `file:5`) under, or undefined: seen today, a robot, or full. */
  firstVisit(visitor: Visitor, item: string): string | undefined;
}

/** The day's ledger; `now` is the clock (tests pass their own). */
export function createVisitLedger({
  now = () => new Date(),
  maxKeys = MAX_KEYS_PER_DAY,
  onFull,
}: { now?: () => Date; maxKeys?: number; onFull?: (day: string) => void } = {}): VisitLedger {
  let day = '';
  let salt = Buffer.alloc(0);
  let seen = new Set<string>();
  let warned = false;
  return {
    firstVisit(visitor, item) {
      if (isRobot(visitor.userAgent)) return undefined;
      const today = regionDay(now());
      if (today !== day) {
        day = today;
        salt = randomBytes(32);
        seen = new Set();
        warned = false;
      }
      // 16 bytes of the hash: collisions among a day's few hundred thousand keys are out of reach.
      const key = createHash('sha256')
        .update(salt)
        .update(`${visitor.ip}\n${visitor.userAgent}\n${item}`)
        .digest('base64')
        .slice(0, 22);
      if (seen.has(key)) return undefined;
      if (seen.size >= maxKeys) {
        if (!warned) onFull?.(day);
        warned = true;
        return undefined;
      }
      seen.add(key);
      return day;
    },
  };
}
