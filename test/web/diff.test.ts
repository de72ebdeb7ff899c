/** The diff of what changed since the last review: texts word by word, lists by item, values before and after. */
import { render } from 'preact-render-to-string';
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { ChangesDiff, describeChange, fieldLabel, type DiffNames } from '../../server/web/pages/workspace/diff.js';

const names: DiffNames = {
  term: (_vocabulary, code) => ({ preschool: 'Дошкольное образование', school: 'Общее образование' })[code] ?? code,
  organization: (id) => `Организация ${id}`,
};

const html = (fields: Parameters<typeof ChangesDiff>[0]['fields']) => render(h(ChangesDiff, { fields, names }));

describe('the diff of changed fields', () => {
  it('marks a changed text word by word, with the words named for a screen reader', () => {
    const out = html([
      { field: 'relevance', before: 'Дети всё чаще ждут ответа.', after: 'Дети всё реже ждут готового ответа.' },
    ]);
    expect(out).toContain('<dt>Актуальность</dt>');
    expect(out).toContain(
      '<del><span class="visually-hidden">[удалено: </span>чаще<span class="visually-hidden">]</span></del>',
    );
    expect(out).toContain(
      '<ins><span class="visually-hidden">[добавлено: </span>реже<span class="visually-hidden">]</span></ins>',
    );
    expect(out).toContain('<ins><span class="visually-hidden">[добавлено: </span>готового ');
    // Whole Russian words, not letters: «ждут» stays outside any mark.
    expect(out).toMatch(/<\/ins> ждут <ins>/);
  });

  it('lists the items added to and removed from a list, with vocabulary codes as their labels', () => {
    const out = html([
      { field: 'levels', before: ['preschool'], after: ['school'] },
      { field: 'attachments', before: null, after: ['план.pdf'] },
    ]);
    expect(out).toContain('<dt>Уровни образования</dt>');
    expect(out).toContain('<ins><span class="visually-hidden">добавлено: </span>Общее образование</ins>');
    expect(out).toContain('<del><span class="visually-hidden">удалено: </span>Дошкольное образование</del>');
    expect(out).toContain('<dt>Материалы</dt>');
    expect(out).toContain('<ins><span class="visually-hidden">добавлено: </span>план.pdf</ins>');
  });

  it('shows a removed value and a new one as before and after, organisations by name', () => {
    expect(describeChange({ field: 'startedYear', before: 2021, after: null }, names)).toEqual({
      kind: 'value',
      before: '2021',
      after: '',
    });
    const out = html([{ field: 'organizationId', before: 3, after: 7 }]);
    expect(out).toContain('<del><span class="visually-hidden">было: </span>Организация 3</del>');
    expect(out).toContain('<ins><span class="visually-hidden">стало: </span>Организация 7</ins>');
    expect(html([{ field: 'startedYear', before: 2021, after: null }])).toContain('убрано');
  });

  it('shortens long unchanged text to its ends so the change stands out', () => {
    const long = 'слово '.repeat(200);
    const out = html([{ field: 'content', before: `${long}начало`, after: `${long}конец` }]);
    expect(out).toContain('без изменений пропущено');
    expect(out.length).toBeLessThan(long.length);
  });

  it('names every field of the practice in Russian', () => {
    expect(fieldLabel('title')).toBe('Название');
    expect(fieldLabel('authors')).toBe('Авторы');
    expect(fieldLabel('keywords')).toBe('Ключевые слова');
  });
});
