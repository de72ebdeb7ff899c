/**
 * Values for a JSON Schema from the bank's OpenAPI document: mostly valid (so requests get past validation into the
 * services), each part replaced now and then by something wrong — another type, a boundary ±1, an odd or huge
 * string, a missing or unknown field.
 */
import fc from 'fast-check';
import type { Random } from '../random.js';
import { oddString } from './strings.js';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Generator {
  /** A value for `schema`; `mutate` is the chance that any one part of it is wrong. */
  value(schema: JsonSchema, mutate: number): unknown;
  /** Something of the wrong kind. */
  wrong(): unknown;
}

const WORDS = ['практика', 'ТРИЗ', 'дети', 'проект', 'школа', 'воспитатель', 'Смоленск', 'игра', 'речь', 'ёлка'];

export function createGenerator(random: Random, components: Record<string, JsonSchema>): Generator {
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(components[schema.$ref.split('/').at(-1)!] ?? {}) : schema;

  const matching = new Map<string, fc.Arbitrary<string>>();
  function stringMatching(pattern: string): string {
    let arbitrary = matching.get(pattern);
    if (!arbitrary) {
      arbitrary = fc.stringMatching(new RegExp(pattern));
      matching.set(pattern, arbitrary);
    }
    return fc.sample(arbitrary, { seed: random.int(0, 2 ** 31 - 1), numRuns: 1 })[0]!;
  }

  function wrong(): unknown {
    switch (random.int(0, 9)) {
      case 0:
        return null;
      case 1:
        return random.chance(0.5);
      case 2:
        return random.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -0]);
      case 3:
        return [];
      case 4:
        return {};
      case 5:
        return Array.from({ length: random.int(1, 50) }, () => oddString(random));
      case 6:
        return JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}') as unknown;
      case 7: {
        // Deep nesting: parsers and validators that recurse.
        let deep: unknown = 1;
        for (let i = 0; i < random.int(50, 2000); i += 1) deep = [deep];
        return deep;
      }
      default:
        return oddString(random);
    }
  }

  function validString(schema: JsonSchema): string {
    if (schema.pattern) {
      try {
        return stringMatching(schema.pattern);
      } catch {
        // A pattern fast-check cannot invert: an ordinary string, which validation may refuse.
      }
    }
    if (schema.format === 'email') return `user${random.int(1, 99999)}@school.test`;
    if (schema.format === 'uri')
      return random.pick(['https://rutube.ru/video/abcdef0123456789/', 'https://vk.com/video-1_2']);
    if (schema.format === 'date-time') return new Date(random.int(0, 2 ** 41)).toISOString();
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? 60, min + 60);
    let text = '';
    while (text.length < min) text += `${random.pick(WORDS)} `;
    text = text.trim();
    if (text.length < min) text = text.padEnd(min, 'а');
    return text.slice(0, Math.max(min, random.int(min, max)));
  }

  /** A string at, just past or far past its bounds. */
  function boundaryString(schema: JsonSchema): string {
    const lengths = [
      schema.minLength === undefined ? 0 : schema.minLength - 1,
      schema.minLength ?? 0,
      schema.maxLength ?? 1000,
      (schema.maxLength ?? 1000) + 1,
      random.int(100_000, 600_000),
    ].filter((n) => n >= 0);
    return 'ж'.repeat(random.pick(lengths));
  }

  function number(schema: JsonSchema, integer: boolean): number {
    const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 1);
    const max = schema.maximum ?? (schema.exclusiveMaximum === undefined ? min + 1000 : schema.exclusiveMaximum - 1);
    if (random.chance(0.15)) return random.pick([min - 1, max + 1, min, max, 2 ** 53 + 1, -(2 ** 31), 0.5]);
    const value = min + random.next() * (Math.min(max, min + 10_000) - min);
    return integer ? Math.round(value) : value;
  }

  function value(input: JsonSchema, mutate: number): unknown {
    const schema = resolve(input);
    if (random.chance(mutate)) return random.chance(0.5) ? wrong() : oddString(random);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return random.pick(schema.enum);
    const options = schema.anyOf ?? schema.oneOf;
    if (options && options.length > 0) return value(random.pick(options), mutate);
    if (schema.allOf && schema.allOf.length > 0) return value(schema.allOf[0]!, mutate);
    const types = ([] as string[]).concat(schema.type ?? (schema.properties ? 'object' : 'string'));
    const type = random.pick(types);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return random.chance(0.5);
      case 'integer':
        return number(schema, true);
      case 'number':
        return number(schema, false);
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? 5, min + 5);
        const length = random.chance(0.1) ? random.pick([0, max + 1, 1000]) : random.int(min, max);
        return Array.from({ length }, () => value(schema.items ?? {}, mutate));
      }
      case 'object': {
        const result: Record<string, unknown> = {};
        const required = new Set(schema.required ?? []);
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          // A required field is left out now and then; an optional one half the time.
          if (required.has(name) ? random.chance(mutate) : random.chance(0.5)) continue;
          result[name] = value(property, mutate);
        }
        if (random.chance(mutate)) {
          const key = random.pick(['extra', '__proto__', 'id', 'roles', oddString(random)]);
          // An own property even for `__proto__`, as JSON.parse makes it.
          Object.defineProperty(result, key, { value: wrong(), enumerable: true, writable: true, configurable: true });
        }
        return result;
      }
      default:
        return random.chance(mutate) ? boundaryString(schema) : validString(schema);
    }
  }

  return { value, wrong };
}
