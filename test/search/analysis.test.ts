import { describe, expect, it } from 'vitest';
import { analyze } from '../../search/analysis/analyze.js';
import { allowedTypos, boundedDistance } from '../../search/analysis/fuzzy.js';
import { highlight, snippet } from '../../search/analysis/highlight.js';
import { switchLayout } from '../../search/analysis/layout.js';
import { stripMarkdown } from '../../search/analysis/normalize.js';
import { parseQuery } from '../../search/analysis/query.js';
import { synonyms } from './contract.js';

describe('Russian analysis', () => {
  it('folds case and ё, drops stop words and stems the rest', () => {
    expect(analyze('Ёлочка и ЁЖИК в детском саду')).toEqual(['елочк', 'ежик', 'детск', 'сад']);
    expect(analyze('технология технологии технологий')).toEqual(['технолог', 'технолог', 'технолог']);
  });

  it('ignores stress marks and reads Latin look-alikes inside a Russian word as Cyrillic', () => {
    expect(analyze('техноло\u0301гия')).toEqual(analyze('технология'));
    expect(analyze('рeчь')).toEqual(analyze('речь')); // a Latin «e» inside
    expect(analyze('LEGO stem')).toEqual(['lego', 'stem']);
  });

  it('leaves short words (abbreviations) unstemmed, so ДОУ is not «до»', () => {
    expect(analyze('ДОУ ДОО ОВЗ ЕГЭ')).toEqual(['доу', 'доо', 'овз', 'егэ']);
  });

  it('splits hyphenated words and keeps Latin and numbers', () => {
    expect(analyze('LEGO-конструирование в 5-7 лет')).toEqual(['lego', 'конструирован', '5', '7', 'лет']);
  });

  it('reads Markdown as plain text, tables included', () => {
    expect(stripMarkdown('## Цель\n\n- **игры** и [ссылка](https://x.ru)')).toBe('Цель игры и ссылка');
    expect(stripMarkdown('| Этап | Срок |\n|---|---|\n| Диагностика | сентябрь |')).toBe(
      'Этап Срок Диагностика сентябрь',
    );
    expect(
      stripMarkdown(
        '# Итоги\nС**о**лнце, `код` и \\*звёздочка\n\n```\nconsole.log(1)\n```\n> цитата\n\n1. раз\n2. два',
      ),
    ).toBe('Итоги Солнце, код и *звёздочка цитата раз два');
  });
});

describe('keyboard layout', () => {
  it('reads a Latin-typed query in Russian and back', () => {
    expect(switchLayout('nhbp')).toBe('триз');
    expect(switchLayout('hj,jnjnt[ybrf')).toBe('робототехника');
    expect(switchLayout('ыеуь')).toBe('stem');
  });

  it('leaves a query alone when it mixes scripts or has no letters', () => {
    expect(switchLayout('LEGO-конструирование')).toBeUndefined();
    expect(switchLayout('2025')).toBeUndefined();
  });
});

describe('typo tolerance', () => {
  it('allows 1 typo from 5 letters and 2 from 9', () => {
    expect([
      allowedTypos('сад'),
      allowedTypos('игры'),
      allowedTypos('шахмат'),
      allowedTypos('наставник'),
      allowedTypos('робототехника'),
    ]).toEqual([0, 0, 1, 2, 2]);
  });

  it('counts edits, a swap of neighbours as one, and stops early past the bound', () => {
    expect(boundedDistance('робототехник', 'робототехнек', 2)).toBe(1);
    expect(boundedDistance('шахмат', 'шахамт', 1)).toBe(1);
    expect(boundedDistance('шахмат', 'машина', 2)).toBe(3);
    expect(boundedDistance('а', 'абвгд', 1)).toBe(2);
  });
});

describe('query plans', () => {
  it('makes the word being typed a prefix, but not after a space', () => {
    const typing = parseQuery('робототех', synonyms).groups[0]!.alternatives;
    expect(typing.some((a) => a.prefix)).toBe(true);
    const finished = parseQuery('робототех ', synonyms).groups[0]!.alternatives;
    expect(finished.some((a) => a.prefix)).toBe(false);
  });

  it('keeps quoted phrases whole and never widens them', () => {
    const plan = parseQuery('«метод проектов» история', synonyms);
    expect(plan.groups[0]).toMatchObject({
      quoted: true,
      alternatives: [{ stems: ['метод', 'проект'], prefix: false }],
    });
  });

  it('turns a multi-word synonym into one group: «детский сад» = ДОУ', () => {
    const plan = parseQuery('детский сад', synonyms);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]!.alternatives.map((a) => a.stems.join(' '))).toEqual(
      expect.arrayContaining(['доу', 'детск сад', 'дошкольн образован']),
    );
  });

  it('drops FTS syntax, emoji and stop words rather than passing them on', () => {
    expect(parseQuery('NEAR(триз* AND -робот) 🎒 и в на', synonyms).groups.flatMap((g) => g.words)).toEqual([
      'near',
      'триз',
      'and',
      'робот',
    ]);
  });
});

describe('highlighting', () => {
  const terms = { stems: new Set(['игр']), prefixes: ['робот'] };

  it('escapes the text and marks matching words only', () => {
    expect(highlight('Игры <script>alert(1)</script> & «робототехника»', terms)).toBe(
      '<mark>Игры</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; «<mark>робототехника</mark>»',
    );
  });

  it('cuts a snippet around the matches on word boundaries', () => {
    const text = `${'вступление '.repeat(40)}здесь игры с детьми ${'заключение '.repeat(40)}`;
    const cut = snippet(text, terms, 120);
    expect(cut.startsWith('… ')).toBe(true);
    expect(cut.endsWith(' …')).toBe(true);
    expect(cut).toContain('<mark>игры</mark>');
    expect(cut.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(126);
  });
});
