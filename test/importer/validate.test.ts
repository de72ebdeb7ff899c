import { describe, expect, it } from 'vitest';
import { createGenerator } from '../../bench/generate.js';
import { importRecordSchema } from '../../server/importer/schemas.js';
import { createRecordValidator } from '../../server/importer/validate.js';

/** What the report shows of a check: the record as read, or each problem's field and message, in order. */
type Issue = { path: PropertyKey[]; message: string };
const reported = (result: { success: boolean; data?: unknown; issues?: Issue[]; error?: { issues: Issue[] } }) =>
  result.success
    ? { data: result.data }
    : {
        errors: (result.issues ?? result.error!.issues).map((i) => ({
          field: i.path.map(String).join('.'),
          message: i.message,
        })),
      };

const generated = createGenerator(42).records(0, 60) as Record<string, unknown>[];
const [first] = generated;

/** Good records, and records with every kind of mistake a register holds, some of them repeated. */
const records: unknown[] = [
  ...generated,
  ...generated.slice(0, 10),
  { ...first, title: '' },
  { ...first, summary: '<script>alert(1)</script>' },
  { ...first, levels: [] },
  { ...first, levels: ['ДОУ', 'ДОУ', 42] },
  { ...first, organization: { name: 'МБОУ СШ № 1', inn: '123' } },
  { ...first, organization: 'МБОУ СШ № 1', municipality: undefined },
  { ...first, authors: [] },
  { ...first, authors: [{ fullName: 'И', position: 'учитель' }] },
  { ...first, startedYear: 1800 },
  { ...first, startedYear: '2020' },
  { ...first, registryNumber: '67-20-1' },
  { ...first, publishedAt: '2999-01-01' },
  { ...first, keywords: Array.from({ length: 25 }, (_, i) => `слово ${i}`) },
  { ...first, unknownColumn: 'пропускается' },
  { title: 'Только название' },
  null,
  'строка вместо записи',
  [first],
];

describe('the import record check, field by field with remembered verdicts', () => {
  it('reads and reports every record exactly as a parse of the whole record does', () => {
    const validator = createRecordValidator();
    // Twice over: the second pass answers from what the first remembered.
    for (const record of [...records, ...records])
      expect(reported(validator.check(record))).toEqual(reported(importRecordSchema.safeParse(record)));
  });

  it('hands every record its own lists, so a change to one never reaches another', () => {
    const validator = createRecordValidator();
    const a = validator.check(first);
    const b = validator.check({ ...first, title: 'Другое название практики' });
    if (!a.success || !b.success) throw new Error('the generated record must pass');
    a.data.levels.push('изменено');
    expect(b.data.levels).not.toContain('изменено');
  });
});
