/**
 * A practice as people read it: its authors and organisation, its terms, its summary and sections, its
 * materials. The public page and the reviewer's page both show a practice through this one component.
 */
import type { AttachmentView } from '../../attachments/service.js';
import { SECTIONS, SECTION_TITLES } from '../../model/practice.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL, type PracticeVocabulary } from '../../model/vocabularies.js';
import { renderMarkdown as markdown } from '../../practices/markdown.js';
import type { PracticeView } from '../../practices/service.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { Raw } from '../render.js';
import { Materials, TermList } from './practice-parts.js';

/** The labels of a practice's codes in one vocabulary (the code itself when the vocabulary lost it). */
export const termLabels = (vocabularies: VocabularyCatalogue, vocabulary: PracticeVocabulary, codes: string[]) =>
  codes.map((c) => vocabularies.label(vocabulary, c) ?? c);

/** Everything a practice says, from its authors to its materials (the title and what surrounds it are the page's). */
export function PracticeBody({
  practice: p,
  vocabularies,
  materials,
}: {
  practice: PracticeView;
  vocabularies: VocabularyCatalogue;
  materials: AttachmentView[];
}) {
  const org = p.organization;
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{p.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
          <dd>
            <ul class="authors">
              {p.authors.map((a) => (
                <li>
                  {a.fullName}
                  {a.position ? <span class="meta">, {a.position}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {org ? (
          <div>
            <dt>Организация</dt>
            <dd>
              <a href={`/organizations/${org.id}`}>{org.name}</a>
            </dd>
          </div>
        ) : null}
        {org ? (
          <div>
            <dt>{VOCABULARY_MODEL.municipalities.singular}</dt>
            <dd>
              <a href={`/municipalities/${org.municipality}`}>
                {vocabularies.label('municipalities', org.municipality) ?? org.municipality}
              </a>
            </dd>
          </div>
        ) : null}
        {p.startedYear ? (
          <div>
            <dt>Реализуется с</dt>
            <dd>{p.startedYear} года</dd>
          </div>
        ) : null}
      </dl>
      <dl class="terms">
        {PRACTICE_VOCABULARIES.map((v) => (
          <TermList title={VOCABULARY_MODEL[v].title} items={termLabels(vocabularies, v, p[v])} />
        ))}
        <TermList title="Ключевые слова" items={p.keywords} />
      </dl>
      <h2>Аннотация</h2>
      <Raw html={markdown(p.summary)} class="prose" />
      {SECTIONS.map((key) =>
        p[key].trim() ? (
          <>
            <h2>{SECTION_TITLES[key]}</h2>
            <Raw html={markdown(p[key])} class="prose" />
          </>
        ) : null,
      )}
      <Materials items={materials} />
    </>
  );
}
