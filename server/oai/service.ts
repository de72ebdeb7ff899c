/**
 * OAI-PMH 2.0 answers in `oai_dc`: one function from a request's arguments to the XML document, so the GET and
 * POST routes (the protocol allows both) answer alike. Errors are protocol errors inside an HTTP 200, as the
 * specification asks; the `request` element repeats the arguments except after badVerb and badArgument.
 */
import { stripMarkdown } from '../../search/analysis/normalize.js';
import type { Db } from '../db/client.js';
import { VOCABULARY_MODEL, type VocabularyName } from '../model/vocabularies.js';
import { escapeXml, xmlAttributes, xmlElement, XML_DECLARATION } from '../shared/xml.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import {
  encodeToken,
  PAGE_SIZE,
  parseRequest,
  parseSetSpec,
  toDatestamp,
  type OaiError,
  type RawArguments,
  type Selection,
} from './protocol.js';
import { countItems, detailsOf, earliestDatestamp, itemByNumber, listItems, type OaiItem } from './repository.js';

const SITE_NAME = 'Банк инновационных практик Смоленской области';
const OAI_NS =
  'xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"';
const DC_NS =
  'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"';
/** Vocabularies that become subjects, in the order a reader meets them on the practice page. */
const SUBJECT_VOCABULARIES: VocabularyName[] = ['levels', 'subjects', 'technologies', 'directions'];

export interface OaiDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  baseUrl: string;
  /** Identify's adminEmail. */
  contactEmail: string;
  now?: () => Date;
  /** Records a list page holds before its resumption token. */
  pageSize?: number;
}

export type OaiService = ReturnType<typeof createOaiService>;

export function createOaiService({
  db,
  vocabularies,
  baseUrl,
  contactEmail,
  now = () => new Date(),
  pageSize = PAGE_SIZE,
}: OaiDeps) {
  const endpoint = `${baseUrl}/oai`;
  const repositoryIdentifier = new URL(baseUrl).hostname;
  const prefix = `oai:${repositoryIdentifier}:`;
  const identifierOf = (number: string) => `${prefix}${number}`;
  const numberOf = (identifier: string) => (identifier.startsWith(prefix) ? identifier.slice(prefix.length) : '');

  function document(args: RawArguments, body: string, echoArguments: boolean): string {
    const echoed = echoArguments
      ? Object.fromEntries(Object.entries(args).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {};
    return (
      XML_DECLARATION +
      `<OAI-PMH ${OAI_NS}>` +
      xmlElement('responseDate', toDatestamp(now().toISOString())) +
      xmlElement('request', endpoint, echoed) +
      body +
      '</OAI-PMH>\n'
    );
  }

  const errors = (list: OaiError[]) => list.map((e) => xmlElement('error', e.message, { code: e.code })).join('');

  function setSpecsOf(item: OaiItem, terms: { vocabulary: string; code: string }[]): string[] {
    return [
      ...terms.filter((t) => t.vocabulary === 'levels').map((t) => `level:${t.code}`),
      ...(item.municipality ? [`municipality:${item.municipality}`] : []),
    ];
  }

  function header(item: OaiItem, terms: { vocabulary: string; code: string }[]): string {
    return (
      `<header${item.deleted ? ' status="deleted"' : ''}>` +
      xmlElement('identifier', identifierOf(item.registryNumber)) +
      xmlElement('datestamp', toDatestamp(item.datestamp)) +
      setSpecsOf(item, terms)
        .map((spec) => xmlElement('setSpec', spec))
        .join('') +
      '</header>'
    );
  }

  function dublinCore(item: OaiItem, details: { authors: string[]; terms: { vocabulary: string; code: string }[] }) {
    const label = (vocabulary: VocabularyName, code: string) => vocabularies.label(vocabulary, code) ?? code;
    const subjects = [
      ...SUBJECT_VOCABULARIES.flatMap((vocabulary) =>
        details.terms.filter((t) => t.vocabulary === vocabulary).map((t) => label(vocabulary, t.code)),
      ),
      ...item.keywords,
    ];
    const municipality = item.municipality ? label('municipalities', item.municipality) : undefined;
    const dc = (name: string, values: (string | undefined)[]) =>
      values
        .filter((v): v is string => Boolean(v?.trim()))
        .map((v) => xmlElement(`dc:${name}`, v))
        .join('');
    return (
      `<metadata><oai_dc:dc ${DC_NS}>` +
      dc('title', [item.title]) +
      dc('creator', details.authors) +
      dc('subject', [...new Set(subjects)]) +
      dc('description', [stripMarkdown(item.summary)]) +
      dc('publisher', [SITE_NAME]) +
      dc('contributor', [item.organizationName ?? undefined]) +
      dc('date', [item.publishedAt?.slice(0, 10)]) +
      dc('type', ['Text', 'Педагогическая практика']) +
      dc('format', ['text/html']) +
      dc('identifier', [`${baseUrl}/practices/${item.registryNumber}`, item.registryNumber]) +
      dc('language', ['ru']) +
      dc('coverage', [municipality ? `Смоленская область, ${municipality}` : 'Смоленская область']) +
      dc('rights', ['Авторские права принадлежат авторам практики']) +
      '</oai_dc:dc></metadata>'
    );
  }

  function records(items: OaiItem[], withMetadata: boolean): string {
    const details = detailsOf(
      db,
      items.map((i) => i.versionId),
    );
    return items
      .map((item) => {
        const d = details.get(item.versionId) ?? { authors: [], terms: [] };
        if (!withMetadata) return header(item, d.terms);
        return `<record>${header(item, d.terms)}${item.deleted ? '' : dublinCore(item, d)}</record>`;
      })
      .join('');
  }

  function list(verb: 'ListIdentifiers' | 'ListRecords', selection: Selection, resumed: boolean): string {
    const set = selection.set === undefined ? undefined : parseSetSpec(selection.set);
    const query = {
      ...(selection.from ? { from: selection.from } : {}),
      ...(selection.until ? { until: selection.until } : {}),
      ...(set ? { set } : {}),
    };
    const page = listItems(db, {
      ...query,
      ...(selection.after ? { after: selection.after } : {}),
      limit: pageSize + 1,
    });
    if (page.length === 0 && !resumed)
      return errors([{ code: 'noRecordsMatch', message: 'No record matches the arguments' }]);
    const shown = page.slice(0, pageSize);
    const delivered = selection.delivered ?? 0;
    const more = page.length > pageSize;
    let token = '';
    if (more || resumed) {
      const last = shown.at(-1);
      const total = selection.total ?? countItems(db, query);
      const attributes = xmlAttributes({ completeListSize: total, cursor: delivered });
      const next = last && {
        ...selection,
        after: { datestamp: last.datestamp, id: last.practiceId },
        delivered: delivered + shown.length,
        total,
      };
      token =
        more && next
          ? `<resumptionToken${attributes}>${escapeXml(encodeToken(next))}</resumptionToken>`
          : `<resumptionToken${attributes}/>`;
    }
    return `<${verb}>${records(shown, verb === 'ListRecords')}${token}</${verb}>`;
  }

  function identify(): string {
    const earliest = earliestDatestamp(db) ?? now().toISOString();
    return (
      '<Identify>' +
      xmlElement('repositoryName', SITE_NAME) +
      xmlElement('baseURL', endpoint) +
      xmlElement('protocolVersion', '2.0') +
      xmlElement('adminEmail', contactEmail) +
      xmlElement('earliestDatestamp', toDatestamp(earliest)) +
      xmlElement('deletedRecord', 'persistent') +
      xmlElement('granularity', 'YYYY-MM-DDThh:mm:ssZ') +
      '<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier ' +
      'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">' +
      xmlElement('scheme', 'oai') +
      xmlElement('repositoryIdentifier', repositoryIdentifier) +
      xmlElement('delimiter', ':') +
      xmlElement('sampleIdentifier', identifierOf('67-2026-0001')) +
      '</oai-identifier></description></Identify>'
    );
  }

  function listSets(): string {
    const sets: [string, string][] = [['level', VOCABULARY_MODEL.levels.title]];
    for (const t of vocabularies.terms('levels')) sets.push([`level:${t.code}`, t.label]);
    sets.push(['municipality', VOCABULARY_MODEL.municipalities.title]);
    for (const t of vocabularies.terms('municipalities')) sets.push([`municipality:${t.code}`, t.label]);
    return `<ListSets>${sets.map(([spec, name]) => `<set>${xmlElement('setSpec', spec)}${xmlElement('setName', name)}</set>`).join('')}</ListSets>`;
  }

  const FORMATS =
    '<ListMetadataFormats><metadataFormat>' +
    xmlElement('metadataPrefix', 'oai_dc') +
    xmlElement('schema', 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd') +
    xmlElement('metadataNamespace', 'http://www.openarchives.org/OAI/2.0/oai_dc/') +
    '</metadataFormat></ListMetadataFormats>';

  const unknownId = (identifier: string): OaiError => ({
    code: 'idDoesNotExist',
    message: `No record has the identifier ${identifier}`,
  });

  /** The whole answer to one request, as XML. */
  function answer(args: RawArguments): string {
    const parsed = parseRequest(args);
    if ('errors' in parsed) {
      const echo = !parsed.errors.some((e) => e.code === 'badVerb' || e.code === 'badArgument');
      return document(args, errors(parsed.errors), echo);
    }
    const request = parsed.request;
    let body: string;
    switch (request.verb) {
      case 'Identify':
        body = identify();
        break;
      case 'ListSets':
        body = listSets();
        break;
      case 'ListMetadataFormats':
        body =
          request.identifier !== undefined && !itemByNumber(db, numberOf(request.identifier))
            ? errors([unknownId(request.identifier)])
            : FORMATS;
        break;
      case 'GetRecord': {
        const item = itemByNumber(db, numberOf(request.identifier));
        body = item ? `<GetRecord>${records([item], true)}</GetRecord>` : errors([unknownId(request.identifier)]);
        break;
      }
      default:
        body = list(request.verb, request.selection, request.resumed);
    }
    return document(args, body, true);
  }

  return { answer, identifierOf };
}
