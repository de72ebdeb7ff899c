/**
 * The import record's rules, applied field by field with the record schema's own field schemas, and each field's
 * verdict remembered for the run: a register repeats the same organisations, places, lists of terms and years
 * thousands of times, and checking each again was a sixth of an import's CPU. The rules and the messages are the
 * schema's (`importRecordSchema`), so a bad row is reported exactly as a parse of the whole record reports it.
 */
import type { z } from 'zod';
import { importRecordSchema, type ImportRecord } from './schemas.js';

type Verdict = { success: true; data: unknown } | { success: false; issues: z.core.$ZodIssue[] };

/** Values worth remembering: short strings, numbers, nothing, and lists of short strings (a record's terms). */
function memoKey(value: unknown): string | undefined {
  if (value === undefined) return 'u';
  if (typeof value === 'number') return `n${value}`;
  if (typeof value === 'string') return value.length <= 500 ? `s${value}` : undefined;
  if (Array.isArray(value) && value.length <= 30 && value.every((v) => typeof v === 'string' && v.length <= 200))
    return `a${JSON.stringify(value)}`;
  return undefined;
}

/** Fields whose verdicts are remembered: every value of a title or an annotation is its own. */
const UNIQUE = new Set(['title', 'summary']);

/** A checker for one run: `check(raw)` answers as `importRecordSchema.safeParse(raw)` does, field by field. */
export function createRecordValidator() {
  const fields = Object.entries(importRecordSchema.shape) as [string, z.ZodType][];
  const verdicts = new Map<string, Map<string, Verdict>>(fields.map(([key]) => [key, new Map()]));
  const verdictOf = (key: string, schema: z.ZodType, value: unknown): Verdict => {
    const memo = UNIQUE.has(key) ? undefined : memoKey(value);
    const kept = memo === undefined ? undefined : verdicts.get(key)!.get(memo);
    if (kept) return kept;
    const result = schema.safeParse(value);
    const verdict: Verdict = result.success
      ? { success: true, data: result.data }
      : { success: false, issues: result.error.issues };
    if (memo !== undefined) verdicts.get(key)!.set(memo, verdict);
    return verdict;
  };

  return {
    /** The record as the schema outputs it, or the schema's issues with their paths from the record's root. */
    check(raw: unknown): { success: true; data: ImportRecord } | { success: false; issues: z.core.$ZodIssue[] } {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        const whole = importRecordSchema.safeParse(raw);
        return whole.success ? { success: true, data: whole.data } : { success: false, issues: whole.error.issues };
      }
      const input = raw as Record<string, unknown>;
      const data: Record<string, unknown> = {};
      const issues: z.core.$ZodIssue[] = [];
      for (const [key, schema] of fields) {
        const verdict = verdictOf(key, schema, input[key]);
        if (!verdict.success) issues.push(...verdict.issues.map((i) => ({ ...i, path: [key, ...i.path] })));
        // Remembered values are shared between records: lists are handed out as copies.
        else if (verdict.data !== undefined || key in input)
          data[key] = Array.isArray(verdict.data) ? [...(verdict.data as unknown[])] : verdict.data;
      }
      return issues.length > 0 ? { success: false, issues } : { success: true, data: data as ImportRecord };
    },
  };
}

export type RecordValidator = ReturnType<typeof createRecordValidator>;
