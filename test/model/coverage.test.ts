/**
 * Walks the practice model and proves that every part derived from it covers every vocabulary and section:
 * the import maps labels to codes, the API accepts the filter, the embedded engine indexes and counts the facet,
 * Meilisearch's settings, documents and filters carry it, the vocabularies endpoint lists it, and the practice
 * page shows it. A vocabulary or section the model declares but some part forgets fails here, by name.
 */
import { getTableColumns } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFilter } from '../../search/meilisearch/filters.js';
import { toMeiliDocument } from '../../search/meilisearch/mapping.js';
import { indexSettings } from '../../search/meilisearch/settings.js';
import { writeTransaction } from '../../server/db/client.js';
import { adoptions, practiceVersions } from '../../server/db/schema.js';
import { importRecordSchema } from '../../server/importer/schemas.js';
import { FACETS, SECTIONS, SECTION_MODEL } from '../../server/model/practice.js';
import {
  VOCABULARIES,
  VOCABULARY_MODEL,
  vocabularySpec,
  type VocabularyName,
} from '../../server/model/vocabularies.js';
import { practiceSchema } from '../../server/practices/schemas.js';
import { SEARCH_FACETS } from '../../server/search-api/engine.js';
import { readVocabularyFixture } from '../../server/vocabularies/service.js';
import { call, makeOrganization, signUp, useApp } from '../helper.js';

const fixture = readVocabularyFixture();
/** The last term of each vocabulary: not the first by accident of order. */
const term = (vocabulary: VocabularyName) => fixture.filter((t) => t.vocabulary === vocabulary).at(-1)!;
/** A word no other text holds, one per section, so a search for it finds the section's practice only. */
const marker = (i: number) => `маркер${'абвгдежзиклмнопрстуфхцчшщэюя'[i]}раздела`;

/** An import record with every section and, for every vocabulary, a term given by its Russian label. */
function recordFromModel() {
  const practiceTerms = VOCABULARIES.filter((v) => vocabularySpec(v).source === 'practice');
  return {
    title: 'Проверка модели практики',
    summary: 'Практика, которая касается каждого раздела и каждого справочника.',
    ...Object.fromEntries(SECTIONS.map((s, i) => [s, `Текст раздела «${SECTION_MODEL[s].title}»: ${marker(i)}.`])),
    ...Object.fromEntries(practiceTerms.map((v) => [v, [term(v).label]])),
    keywords: ['проверка'],
    organization: { name: 'МБОУ «Проверочная школа № 1»', type: term('organizationTypes').label },
    municipality: term('municipalities').label,
    authors: [{ fullName: 'Проверкина Анна Ивановна', position: 'учитель' }],
    startedYear: 2020,
    publishedAt: '2025-02-03',
  };
}

/** The code a practice carries for a vocabulary, as the API shows the practice. */
function codesOf(practice: Record<string, unknown>, vocabulary: VocabularyName): string[] {
  const spec = vocabularySpec(vocabulary);
  if (spec.organizationField) return [(practice.organization as Record<string, string>)[spec.organizationField]!];
  return practice[spec.field] as string[];
}

describe('the practice model is covered by every part derived from it', () => {
  const app = useApp();
  let id = 0;
  let registryNumber = '';
  let practice: Record<string, unknown> = {};

  beforeAll(async () => {
    const report = app().bank.services.importer.importRecords([recordFromModel()]);
    expect(report.records[0]).toMatchObject({ status: 'created' });
    id = report.records[0]!.practiceId!;
    registryNumber = report.records[0]!.registryNumber!;
    practice = (await call(app(), null, 'GET', `/api/v1/registry/${registryNumber}`)).json().practice;
    // A confirmed adoption by another school, so the adoption facet has a value to carry.
    const reporter = await signUp(app());
    const school = makeOrganization(app(), 'МБОУ «Внедрившая школа»', 'smolensk');
    const { engine, loadDocument } = app().bank.services;
    const db = app().bank.db;
    writeTransaction(db, (tx) => {
      tx.insert(adoptions)
        .values({
          practiceId: id,
          organizationId: school,
          reportedBy: reporter.userId,
          since: '2025-09',
          adapted: 'Взяли как есть.',
          results: 'Работает.',
          status: 'confirmed',
        })
        .run();
      engine.index(tx, loadDocument(id)!);
    });
  });

  describe.each(VOCABULARIES)('vocabulary %s', (vocabulary) => {
    const spec = VOCABULARY_MODEL[vocabulary];
    const code = term(vocabulary).code;

    it('is mapped from its Russian label by the import', () => {
      if (spec.source === 'practice') expect(Object.keys(importRecordSchema.shape)).toContain(vocabulary);
      expect(codesOf(practice, vocabulary)).toEqual([code]);
    });

    it('is listed by GET /api/v1/vocabularies with its title and every term of the fixture', async () => {
      const body = (await call(app(), null, 'GET', '/api/v1/vocabularies')).json();
      expect(body[vocabulary].title).toBe(spec.title);
      expect(body[vocabulary].terms.map((t: { code: string }) => t.code)).toEqual(
        fixture.filter((t) => t.vocabulary === vocabulary).map((t) => t.code),
      );
    });

    it.runIf(spec.source === 'practice')('is shown with its label on the practice page', async () => {
      const page = (await call(app(), null, 'GET', `/practices/${registryNumber}`)).body;
      expect(page).toContain(term(vocabulary).label.replaceAll('"', '&quot;'));
    });
  });

  describe.each(FACETS.map((f) => [f.filter, f] as const))('facet %s', (filter, facet) => {
    const value = () =>
      facet.vocabulary
        ? codesOf(practice, facet.vocabulary)[0]!
        : facet.values
          ? Object.keys(facet.values)[0]!
          : '2025';

    it('is accepted by the search API, which finds the practice and counts the value (embedded engine)', async () => {
      const res = await call(app(), null, 'GET', `/api/v1/search?${filter}=${encodeURIComponent(value())}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().hits.map((h: { id: number }) => h.id)).toContain(id);
      expect(res.json().facets[filter]).toContainEqual(
        expect.objectContaining({ value: value(), count: 1, selected: true }),
      );
    });

    it('is refused by the search API with an unknown value', async () => {
      const res = await call(app(), null, 'GET', `/api/v1/search?${filter}=no-such-value`);
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toContainEqual(expect.objectContaining({ field: `${filter}.0` }));
    });

    it('is filterable in Meilisearch, carried by its document and put in its filter', () => {
      const doc = app().bank.services.loadDocument(id)!;
      const settings = indexSettings(app().bank.services.synonyms, SEARCH_FACETS);
      expect(settings.filterableAttributes).toContain(facet.field);
      const meili = toMeiliDocument(doc, SEARCH_FACETS);
      expect(facet.many ? meili[facet.field] : [meili[facet.field]]).toEqual([value()]);
      expect(buildFilter({ [facet.field]: [value()] }, SEARCH_FACETS)).toBe(`${facet.field} IN ["${value()}"]`);
    });
  });

  describe.each(SECTIONS.map((s, i) => [s, i] as const))('section %s', (section, i) => {
    it('has its column, its API field and its import field', () => {
      expect(Object.keys(getTableColumns(practiceVersions))).toContain(section);
      expect(Object.keys(practiceSchema.shape)).toContain(section);
      expect(Object.keys(importRecordSchema.shape)).toContain(section);
      expect(practice[section]).toContain(marker(i));
    });

    it('is searchable', async () => {
      const res = await call(app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent(marker(i))}`);
      expect(res.json().hits.map((h: { id: number }) => h.id)).toEqual([id]);
    });

    it('is shown under its title on the practice page', async () => {
      const page = (await call(app(), null, 'GET', `/practices/${registryNumber}`)).body;
      expect(page).toContain(`<h2>${SECTION_MODEL[section].title}</h2>`);
      expect(page).toContain(marker(i));
    });
  });
});
