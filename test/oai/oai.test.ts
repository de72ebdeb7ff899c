/**
 * OAI-PMH 2.0 at /oai over the demo catalogue: every verb, every error the protocol names, a whole harvest
 * through resumption tokens, selective harvesting, and a withdrawn practice as a deleted record.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOaiService } from '../../server/oai/service.js';
import { act, completeDraft } from '../moderation/fixtures.js';
import { signUp, useApp } from '../helper.js';

const BASE = 'https://bank.example.ru';
const app = useApp({ DEMO_DATA: 'true', BASE_URL: BASE, ADMIN_EMAIL: 'metodist@soiro.test' });
// Every element that may repeat is read as a list, so one record and many read alike.
const LISTS = new Set(['record', 'header', 'setSpec', 'set', 'error', 'dc:creator', 'dc:subject', 'dc:identifier']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => LISTS.has(name),
  parseTagValue: false,
});

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML is untyped

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml)['OAI-PMH'] as Node;
  expect(doc['@xmlns']).toBe('http://www.openarchives.org/OAI/2.0/');
  expect(doc.responseDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  return doc;
}

async function oai(query: string): Promise<Node> {
  const res = await app().inject({ url: `/oai?${query}` });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  return parse(res.body);
}

const errorCodes = (doc: Node) => (doc.error as Node[] | undefined)?.map((e) => e['@code']);
const publishedCount = () =>
  (
    app()
      .bank.db.$client.prepare(
        'SELECT count(*) AS n FROM practices WHERE registry_number IS NOT NULL AND withdrawn_at IS NULL',
      )
      .get() as { n: number }
  ).n;

let withdrawnNumber = '';
let draftId = 0;
beforeAll(async () => {
  const db = app().bank.db.$client;
  const { id, registry_number } = db
    .prepare('SELECT id, registry_number FROM practices WHERE registry_number IS NOT NULL ORDER BY id LIMIT 1')
    .get() as { id: number; registry_number: string };
  const moderator = await signUp(app(), { roles: ['moderator'] });
  const done = await act(app(), moderator, id, 'withdraw', 'Авторы попросили снять практику');
  if (done.statusCode !== 200) throw new Error(done.body);
  withdrawnNumber = registry_number;
  draftId = (await completeDraft(app(), 'Черновик, которого нет в OAI')).id;
});

describe('OAI-PMH Identify, formats and sets', () => {
  it('identifies the repository with persistent deletions, second granularity and its identifier scheme', async () => {
    const doc = await oai('verb=Identify');
    expect(doc.request).toEqual({ '#text': `${BASE}/oai`, '@verb': 'Identify' });
    const id = doc.Identify;
    expect(id.baseURL).toBe(`${BASE}/oai`);
    expect(id.protocolVersion).toBe('2.0');
    expect(id.adminEmail).toBe('metodist@soiro.test');
    expect(id.deletedRecord).toBe('persistent');
    expect(id.granularity).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(id.earliestDatestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(id.description['oai-identifier'].repositoryIdentifier).toBe('bank.example.ru');
  });

  it('offers oai_dc, also for one existing record, and says when the record does not exist', async () => {
    const formats = await oai('verb=ListMetadataFormats');
    expect(formats.ListMetadataFormats.metadataFormat.metadataPrefix).toBe('oai_dc');
    const one = await oai(`verb=ListMetadataFormats&identifier=oai:bank.example.ru:${withdrawnNumber}`);
    expect(one.ListMetadataFormats.metadataFormat.metadataPrefix).toBe('oai_dc');
    expect(errorCodes(await oai('verb=ListMetadataFormats&identifier=oai:bank.example.ru:67-1999-0001'))).toEqual([
      'idDoesNotExist',
    ]);
  });

  it('lists sets by level and by municipality, all 27 municipalities included', async () => {
    const sets = (await oai('verb=ListSets')).ListSets.set as Node[];
    const specs = sets.map((s) => (s.setSpec as string[])[0]!);
    expect(specs).toContain('level');
    expect(specs).toContain('level:preschool');
    expect(specs).toContain('municipality:smolensk');
    expect(specs.filter((s) => s.startsWith('municipality:'))).toHaveLength(27);
    expect(sets.find((s) => s.setSpec[0] === 'level:preschool')?.setName).toBe('Дошкольное образование');
  });
});

describe('OAI-PMH records', () => {
  it('gives a published practice in Dublin Core: title, creators, subjects, identifiers, language', async () => {
    const db = app().bank.db.$client;
    const { registry_number: number, title } = db
      .prepare(
        `SELECT p.registry_number, v.title FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
         WHERE p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL ORDER BY p.id DESC LIMIT 1`,
      )
      .get() as { registry_number: string; title: string };
    const doc = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:bank.example.ru:${number}`);
    const [record] = doc.GetRecord.record as Node[];
    const [header] = record!.header as Node[];
    expect(header!.identifier).toBe(`oai:bank.example.ru:${number}`);
    expect(header!['@status']).toBeUndefined();
    expect((header!.setSpec as string[]).some((s) => s.startsWith('level:'))).toBe(true);
    const dc = record!.metadata['oai_dc:dc'];
    expect(dc['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(dc['dc:title']).toBe(title);
    expect(dc['dc:creator'].length).toBeGreaterThan(0);
    expect(dc['dc:subject'].length).toBeGreaterThan(0);
    expect(dc['dc:identifier']).toEqual([`${BASE}/practices/${number}`, number]);
    expect(dc['dc:language']).toBe('ru');
    expect(dc['dc:rights']).toBeTruthy();
    expect(dc['dc:date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives a withdrawn practice as a deleted record: a header with status and no metadata', async () => {
    const doc = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:bank.example.ru:${withdrawnNumber}`);
    const [record] = doc.GetRecord.record as Node[];
    expect(record!.header[0]['@status']).toBe('deleted');
    // The datestamp is the withdrawal's, so a harvester that already has the record learns of it.
    const { withdrawn_at: at } = app()
      .bank.db.$client.prepare('SELECT withdrawn_at FROM practices WHERE registry_number = ?')
      .get(withdrawnNumber) as { withdrawn_at: string };
    expect(record!.header[0].datestamp).toBe(`${at.slice(0, 19)}Z`);
    expect(record!.metadata).toBeUndefined();
  });

  it('knows no draft and no foreign identifier', async () => {
    const draftNumber = app()
      .bank.db.$client.prepare('SELECT registry_number AS n FROM practices WHERE id = ?')
      .get(draftId) as { n: string | null };
    expect(draftNumber.n).toBeNull();
    for (const id of ['oai:bank.example.ru:67-2026-99999', `oai:other.org:${withdrawnNumber}`, 'nonsense'])
      expect(errorCodes(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${id}`))).toEqual([
        'idDoesNotExist',
      ]);
  });

  it('harvests the whole catalogue through resumption tokens: every published practice once, plus the deleted one', () => {
    const bank = app().bank;
    const small = createOaiService({
      db: bank.db,
      vocabularies: bank.services.vocabularies,
      baseUrl: BASE,
      contactEmail: 'x@y.z',
      pageSize: 7,
    });
    const seen: string[] = [];
    let deleted = 0;
    let pages = 0;
    let token: string | undefined;
    let completeListSize: string | undefined;
    do {
      const doc = parse(
        small.answer(
          token ? { verb: 'ListRecords', resumptionToken: token } : { verb: 'ListRecords', metadataPrefix: 'oai_dc' },
        ),
      );
      pages += 1;
      for (const record of doc.ListRecords.record as Node[]) {
        const header = record.header[0];
        seen.push(header.identifier);
        if (header['@status'] === 'deleted') deleted += 1;
      }
      const next = doc.ListRecords.resumptionToken as Node | string | undefined;
      token = typeof next === 'object' ? (next['#text'] as string | undefined) : next || undefined;
      if (typeof next === 'object') {
        completeListSize = next['@completeListSize'];
        expect(Number(next['@cursor'])).toBe(seen.length - (doc.ListRecords.record as Node[]).length);
      }
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length - deleted).toBe(publishedCount());
    expect(deleted).toBe(1);
    expect(Number(completeListSize)).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 7));
  });

  it('lists identifiers of one set only, and says noRecordsMatch for an empty selection', async () => {
    const doc = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=level:preschool');
    const headers = doc.ListIdentifiers.header as Node[];
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h.setSpec).toContain('level:preschool');
    expect(errorCodes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=municipality:no-such'))).toEqual([
      'noRecordsMatch',
    ]);
    expect(errorCodes(await oai('verb=ListRecords&metadataPrefix=oai_dc&until=1990-01-01'))).toEqual([
      'noRecordsMatch',
    ]);
  });

  it('harvests selectively by from and until: the bounds are inclusive at the granularity of seconds', async () => {
    const all = (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc')).ListIdentifiers.header as Node[];
    const stamps = all.map((h) => h.datestamp as string).sort();
    const middle = stamps[Math.floor(stamps.length / 2)]!;
    const from = (await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${middle}`)).ListIdentifiers
      .header as Node[];
    expect(from.length).toBe(stamps.filter((s) => s >= middle).length);
    const until = (await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&until=${middle}`)).ListIdentifiers
      .header as Node[];
    expect(until.length).toBe(stamps.filter((s) => s <= middle).length);
    const day = middle.slice(0, 10);
    const thatDay = (await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${day}&until=${day}`)).ListIdentifiers
      .header as Node[];
    expect(thatDay.length).toBe(stamps.filter((s) => s.startsWith(day)).length);
  });
});

describe('OAI-PMH errors', () => {
  it.each([
    ['', 'badVerb'],
    ['verb=Nonsense', 'badVerb'],
    ['verb=Identify&verb=Identify', 'badVerb'],
    ['verb=Identify&extra=1', 'badArgument'],
    ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-01T00:00:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=colour:red', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=GetRecord&metadataPrefix=marc21&identifier=oai:bank.example.ru:67-2026-0001', 'cannotDisseminateFormat'],
    ['verb=ListRecords&resumptionToken=garbage!', 'badResumptionToken'],
    ['verb=ListIdentifiers&resumptionToken=eyJtIjoib2FpX2RjIn0', 'badResumptionToken'],
    ['verb=ListSets&resumptionToken=anything', 'badResumptionToken'],
    ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
  ])('answers ?%s with %s', async (query, code) => {
    const doc = await oai(query);
    expect(errorCodes(doc)).toContain(code);
    // After badVerb and badArgument the request element carries the base URL only.
    if (code === 'badVerb' || code === 'badArgument') expect(doc.request).toBe(`${BASE}/oai`);
  });

  it('answers a form POST like a GET, without the CSRF check of page forms, even from a signed-in browser', async () => {
    const teacher = await signUp(app());
    const res = await app().inject({
      method: 'POST',
      url: '/oai',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: teacher.cookie },
      payload: 'verb=Identify',
    });
    expect(res.statusCode).toBe(200);
    expect(parse(res.body).Identify.protocolVersion).toBe('2.0');
  });
});
