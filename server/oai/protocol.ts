/**
 * The OAI-PMH 2.0 request rules, apart from any database: which arguments each verb takes, how dates and
 * resumption tokens read, and the protocol's error codes. A request either parses into one of the verbs below or
 * into the errors the protocol says to answer with (HTTP 200, an `<error>` per problem).
 */

/** The metadata formats the bank disseminates. */
export const METADATA_PREFIXES = ['oai_dc'] as const;
export type MetadataPrefix = (typeof METADATA_PREFIXES)[number];

/** Records a list verb returns before handing out a resumption token. */
export const PAGE_SIZE = 100;

export type OaiErrorCode =
  | 'badVerb'
  | 'badArgument'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'badResumptionToken'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

/** Where a list stopped: the last record's full datestamp and id (records are ordered by both). */
export interface Cursor {
  datestamp: string;
  id: number;
}

/** A list request's selection: the same whether it came as arguments or inside a resumption token. */
export interface Selection {
  metadataPrefix: MetadataPrefix;
  /** Inclusive bounds at the granularity of seconds, `YYYY-MM-DDThh:mm:ss` (no zone: always UTC). */
  from?: string;
  until?: string;
  set?: string;
  after?: Cursor;
  /** Records handed out before this page (the token's `cursor` attribute). */
  delivered?: number;
  /** The whole list's size, counted once on its first page. */
  total?: number;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets' }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: MetadataPrefix }
  | { verb: 'ListIdentifiers' | 'ListRecords'; selection: Selection; resumed: boolean };

/** The arguments as received: a repeated argument arrives as an array (and is an error). */
export type RawArguments = Record<string, string | string[] | undefined>;

const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
type Verb = (typeof VERBS)[number];

/** Arguments each verb allows (besides `verb`); `required` must all be there. */
const ARGUMENTS: Record<Verb, { allowed: readonly string[]; required: readonly string[] }> = {
  Identify: { allowed: [], required: [] },
  ListMetadataFormats: { allowed: ['identifier'], required: [] },
  ListSets: { allowed: ['resumptionToken'], required: [] },
  GetRecord: { allowed: ['identifier', 'metadataPrefix'], required: ['identifier', 'metadataPrefix'] },
  ListIdentifiers: { allowed: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'], required: [] },
  ListRecords: { allowed: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'], required: [] },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * A `from`/`until` value as an inclusive bound in seconds, or undefined when it is not a valid date of either
 * granularity. A day means its first second for `from` and its last for `until`.
 */
export function parseBound(value: string, edge: 'from' | 'until'): string | undefined {
  let bound: string;
  if (DAY.test(value)) bound = `${value}T${edge === 'from' ? '00:00:00' : '23:59:59'}`;
  else if (SECOND.test(value)) bound = value.slice(0, 19);
  else return undefined;
  // Reject dates the calendar does not have (2026-02-30): the parsed date must print back the same.
  const date = new Date(`${bound}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === bound ? bound : undefined;
}

/** A stored timestamp (`…T10:00:00.123Z`) at the repository's granularity (`…T10:00:00Z`). */
export const toDatestamp = (stored: string): string => `${stored.slice(0, 19)}Z`;

/** A set's specification: `level`, `level:<code>`, `municipality`, `municipality:<code>`. */
export interface SetSpec {
  kind: 'level' | 'municipality';
  code?: string;
}

export function parseSetSpec(spec: string): SetSpec | undefined {
  const match = /^(level|municipality)(?::([a-z0-9-]+))?$/.exec(spec);
  if (!match) return undefined;
  return { kind: match[1] as SetSpec['kind'], ...(match[2] ? { code: match[2] } : {}) };
}

/** The resumption token: the selection and the cursor, base64url JSON. Stateless, so it survives restarts. */
export function encodeToken(selection: Selection): string {
  const { metadataPrefix, from, until, set, after, delivered, total } = selection;
  const raw = { m: metadataPrefix, f: from, u: until, s: set, a: after, c: delivered, n: total };
  return Buffer.from(JSON.stringify(raw), 'utf8').toString('base64url');
}

export function decodeToken(token: string): Selection | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(token)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { m, f, u, s, a, c, n } = raw as Record<string, unknown>;
  if (m !== 'oai_dc') return undefined;
  const isBound = (v: unknown) =>
    v === undefined || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v));
  if (!isBound(f) || !isBound(u)) return undefined;
  if (s !== undefined && (typeof s !== 'string' || !parseSetSpec(s))) return undefined;
  const cursor = a as Partial<Cursor> | undefined;
  if (
    cursor === undefined ||
    typeof cursor.datestamp !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(cursor.datestamp) ||
    !Number.isSafeInteger(cursor.id) ||
    !Number.isSafeInteger(c) ||
    (c as number) < 0 ||
    !Number.isSafeInteger(n) ||
    (n as number) < (c as number)
  )
    return undefined;
  return {
    metadataPrefix: m,
    ...(f === undefined ? {} : { from: f as string }),
    ...(u === undefined ? {} : { until: u as string }),
    ...(s === undefined ? {} : { set: s }),
    after: { datestamp: cursor.datestamp, id: cursor.id as number },
    delivered: c as number,
    total: n as number,
  };
}

const bad = (message: string): OaiError => ({ code: 'badArgument', message });

/** Parses a request's arguments; the errors are what the protocol says to answer with. */
export function parseRequest(args: RawArguments): { request: OaiRequest } | { errors: OaiError[] } {
  const verb = args.verb;
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    const message =
      verb === undefined
        ? 'The verb argument is missing'
        : Array.isArray(verb)
          ? 'The verb argument is repeated'
          : `Illegal verb: ${verb}`;
    return { errors: [{ code: 'badVerb', message }] };
  }
  const rules = ARGUMENTS[verb as Verb];
  const errors: OaiError[] = [];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (name === 'verb' || value === undefined) continue;
    if (!rules.allowed.includes(name)) errors.push(bad(`Illegal argument for ${verb}: ${name}`));
    else if (Array.isArray(value)) errors.push(bad(`Repeated argument: ${name}`));
    else values[name] = value;
  }
  // The resumption token is exclusive: nothing but the verb may come with it.
  if (values.resumptionToken !== undefined && Object.keys(values).length > 1)
    errors.push(bad('resumptionToken is an exclusive argument'));
  if (errors.length) return { errors };

  switch (verb as Verb) {
    case 'Identify':
      return { request: { verb: 'Identify' } };
    case 'ListSets':
      // Every set fits in one answer: a token can only be one the bank never gave.
      if (values.resumptionToken !== undefined)
        return { errors: [{ code: 'badResumptionToken', message: 'ListSets is never split; no token is valid' }] };
      return { request: { verb: 'ListSets' } };
    case 'ListMetadataFormats':
      return {
        request: {
          verb: 'ListMetadataFormats',
          ...(values.identifier === undefined ? {} : { identifier: values.identifier }),
        },
      };
    case 'GetRecord': {
      const missing = rules.required.filter((name) => values[name] === undefined);
      if (missing.length) return { errors: missing.map((name) => bad(`Missing argument: ${name}`)) };
      const prefix = values.metadataPrefix!;
      if (!isPrefix(prefix)) return { errors: [cannotDisseminate(prefix)] };
      return { request: { verb: 'GetRecord', identifier: values.identifier!, metadataPrefix: prefix } };
    }
    default:
      return parseList(verb as 'ListIdentifiers' | 'ListRecords', values);
  }
}

const isPrefix = (value: string): value is MetadataPrefix => (METADATA_PREFIXES as readonly string[]).includes(value);
const cannotDisseminate = (prefix: string): OaiError => ({
  code: 'cannotDisseminateFormat',
  message: `The metadata format ${prefix} is not supported; use oai_dc`,
});

function parseList(
  verb: 'ListIdentifiers' | 'ListRecords',
  values: Record<string, string>,
): { request: OaiRequest } | { errors: OaiError[] } {
  if (values.resumptionToken !== undefined) {
    const selection = decodeToken(values.resumptionToken);
    if (!selection) return { errors: [{ code: 'badResumptionToken', message: 'The resumption token is invalid' }] };
    return { request: { verb, selection, resumed: true } };
  }
  const prefix = values.metadataPrefix;
  if (prefix === undefined) return { errors: [bad('Missing argument: metadataPrefix')] };
  const errors: OaiError[] = [];
  const from = values.from === undefined ? undefined : parseBound(values.from, 'from');
  const until = values.until === undefined ? undefined : parseBound(values.until, 'until');
  if (values.from !== undefined && !from) errors.push(bad(`Illegal date in from: ${values.from}`));
  if (values.until !== undefined && !until) errors.push(bad(`Illegal date in until: ${values.until}`));
  // Both bounds must be of the same granularity.
  if (from && until && values.from!.length !== values.until!.length)
    errors.push(bad('from and until must have the same granularity'));
  if (from && until && from > until) errors.push(bad('from is later than until'));
  if (values.set !== undefined && !parseSetSpec(values.set)) errors.push(bad(`Illegal set: ${values.set}`));
  if (errors.length) return { errors };
  if (!isPrefix(prefix)) return { errors: [cannotDisseminate(prefix)] };
  return {
    request: {
      verb,
      resumed: false,
      selection: {
        metadataPrefix: prefix,
        ...(from ? { from } : {}),
        ...(until ? { until } : {}),
        ...(values.set === undefined ? {} : { set: values.set }),
      },
    },
  };
}
