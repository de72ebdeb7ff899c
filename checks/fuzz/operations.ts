/** The operations of the bank's OpenAPI document, and one fuzzed request for an operation. */
import type { InjectOptions } from 'fastify';
import type { Random } from '../random.js';
import type { Generator, JsonSchema } from './schema.js';
import { oddHeaderValue, oddString } from './strings.js';

export interface Operation {
  method: string;
  /** The document's path, `{name}` for a parameter. */
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        ...(operation.requestBody?.content?.['application/json']
          ? { body: operation.requestBody.content['application/json'].schema }
          : {}),
      })),
  );
}

/** What the fuzzer knows of the bank it calls: real ids and names, so requests reach past «not found». */
export interface Known {
  ids: number[];
  registryNumbers: string[];
  etags: string[];
  municipalities: string[];
}

function pathValue(random: Random, generator: Generator, known: Known, name: string, schema: JsonSchema): string {
  const roll = random.next();
  let value: string;
  if (roll < 0.6) {
    value =
      name === 'number'
        ? random.pick(known.registryNumbers)
        : name === 'code'
          ? random.pick(known.municipalities)
          : String(random.pick(known.ids));
  } else if (roll < 0.8) {
    value = String(generator.value(schema, 0));
  } else {
    value = random.chance(0.5) ? String(generator.wrong()) : oddString(random);
  }
  // No cap on the length: a parameter over the router's limit must get 414 in the common shape (finding 2).
  return encoded(value);
}

/** Percent-encoded; half a surrogate pair goes as the bytes it would be, which are not UTF-8. */
function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    return encodeURIComponent(value.replace(lone, '\uFFFD')).replaceAll('%EF%BF%BD', '%ED%A0%80');
  }
}

const BAD_JSON = [
  '{',
  '{"title": }',
  '{"title": "a",}',
  "{'title': 'a'}",
  'NaN',
  '[]',
  'null',
  '"строка"',
  '1e400',
  '{"title": "\\ud800"}',
  '{"a": 1, "a": 2}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '\uFEFF{}',
  '\u0000',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
];
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/jsonp',
  'APPLICATION/JSON',
  'application/json;;;',
  '*/*',
];
const ACCEPTS = ['application/json', 'text/html', '*/*', 'image/webp', 'text/html;q=0, */*;q=0.1', ''];

/** Headers sent twice arrive as Node joins them: most with ", ", cookies with "; ", a second Content-Type dropped. */
const DUPLICATES: Record<string, (random: Random, value: string) => string> = {
  'if-match': (random, value) => `${value}, ${oddHeaderValue(random)}`,
  'x-csrf-token': (random, value) => `${value}, ${value}`,
  authorization: (random) => `Bearer ${oddHeaderValue(random)}, Bearer x`,
  cookie: (random, value) => `${value}; ${value.replace(/=.*/, `=${oddHeaderValue(random)}`)}`,
  accept: (random, value) => `${value}, ${random.pick(ACCEPTS)}`,
  'accept-encoding': () => 'gzip, br, gzip, identity;q=0',
  'x-request-id': (random) => `${oddHeaderValue(random)}, ${oddHeaderValue(random)}`,
};

/** One request for `operation` with the caller's `auth` headers. */
export function fuzzedRequest(
  random: Random,
  generator: Generator,
  known: Known,
  operation: Operation,
  auth: Record<string, string>,
): InjectOptions {
  const headers: Record<string, string> = { ...auth };
  let url = operation.path;
  const query = new URLSearchParams();
  const mutate = random.pick([0, 0.05, 0.2, 0.5]);
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      url = url.replace(`{${parameter.name}}`, pathValue(random, generator, known, parameter.name, parameter.schema));
    } else if (parameter.in === 'query' && (parameter.required || random.chance(0.5))) {
      const value = generator.value(parameter.schema, mutate);
      for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, String(item));
      if (random.chance(0.1)) query.append(parameter.name, oddString(random)); // the same name twice
    } else if (parameter.in === 'header') {
      headers[parameter.name] = random.chance(0.5) ? random.pick(known.etags) : oddHeaderValue(random);
    }
  }
  if (random.chance(0.05)) query.append(oddString(random).slice(0, 50), oddString(random).slice(0, 500));
  // Node's HTTP parser refuses a request line over 16 KB (431) before the bank sees it: longer ones are not sent.
  if (query.size > 0) url += `?${query.toString()}`.slice(0, 16_000).replace(/%[0-9A-F]?$/, '');
  if (random.chance(0.3)) headers.accept = random.pick(ACCEPTS);
  if (random.chance(0.1)) headers['x-request-id'] = oddHeaderValue(random);
  if (random.chance(0.1)) headers['if-match'] = random.pick(known.etags);

  const request: InjectOptions = { method: operation.method as 'GET', url, headers };
  const sendsBody = operation.body !== undefined || random.chance(0.1);
  if (sendsBody) {
    const roll = random.next();
    if (roll < 0.7 && operation.body) {
      headers['content-type'] = 'application/json';
      request.payload = JSON.stringify(generator.value(operation.body, mutate));
    } else if (roll < 0.85) {
      headers['content-type'] = 'application/json';
      request.payload = random.pick(BAD_JSON);
    } else {
      headers['content-type'] = random.pick(CONTENT_TYPES);
      request.payload = random.chance(0.5)
        ? oddString(random)
        : JSON.stringify(generator.value(operation.body ?? {}, 0));
    }
  }
  for (const [name, duplicate] of Object.entries(DUPLICATES))
    if (random.chance(0.03)) headers[name] = duplicate(random, headers[name] ?? random.pick(ACCEPTS));
  return request;
}
