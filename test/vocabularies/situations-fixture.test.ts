/**
 * The situational thesaurus and the everyday questions judged against the demo: the fixture must parse, each phrase
 * must lead to one place only, and every judged title must be a real demo practice, or the relevance test measures
 * nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../server/shared/paths.js';
import { foldKey } from '../../server/shared/text.js';
import { readSituationFixture } from '../../server/vocabularies/situations.js';
import { judgments } from '../search/relevance.js';

const entries = readSituationFixture();

const demoTitles = new Set(
  ['a', 'b', 'c'].flatMap((part) =>
    (
      JSON.parse(readFileSync(path.join(fixturesDir, 'demo', `practices-${part}.json`), 'utf8')) as {
        title: string;
      }[]
    ).map((p) => p.title),
  ),
);

describe('the situational thesaurus fixture', () => {
  it('parses and holds a few hundred entries across the areas of school and kindergarten life', () => {
    expect(entries.length).toBeGreaterThanOrEqual(250);
    expect(new Set(entries.map((e) => e.area)).size).toBeGreaterThanOrEqual(15);
  });

  it('gives every entry phrases and one to five concepts', () => {
    for (const e of entries) {
      expect(e.phrases.length, e.phrases.join(', ')).toBeGreaterThan(0);
      expect(e.concepts.length, e.phrases[0]).toBeGreaterThan(0);
      expect(e.concepts.length, e.phrases[0]).toBeLessThanOrEqual(5);
    }
  });

  it('never repeats a phrase, even written with ё in one place and е in another', () => {
    const seen = new Map<string, number>();
    for (const p of entries.flatMap((e) => e.phrases)) seen.set(foldKey(p), (seen.get(foldKey(p)) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([p]) => p)).toEqual([]);
  });

  it('maps the issue’s own examples to the concepts practices use', () => {
    const conceptsOf = (phrase: string) => entries.find((e) => e.phrases.includes(phrase))?.concepts ?? [];
    expect(conceptsOf('дерётся')).toContain('агрессивное поведение');
    expect(conceptsOf('скучно на уроке')).toContain('работа с одарёнными детьми');
    expect(conceptsOf('сидят в телефонах')).toContain('медиаграмотность');
    expect(conceptsOf('убирать игрушки')).toContain('самообслуживание');
  });
});

describe('the judged everyday and out-of-domain questions', () => {
  it('has at least 25 everyday questions and 10 queries about nothing in the bank', () => {
    expect(judgments.filter((j) => j.feature === 'situation').length).toBeGreaterThanOrEqual(25);
    expect(judgments.filter((j) => j.feature === 'nothing').length).toBeGreaterThanOrEqual(10);
  });

  it('names only titles that exist in the demo practices, graded 1 or 2', () => {
    const unknown = judgments.flatMap((j) => Object.keys(j.relevant).filter((t) => !demoTitles.has(t)));
    expect(unknown).toEqual([]);
    const grades = new Set(judgments.flatMap((j) => Object.values(j.relevant)));
    expect([...grades].every((g) => g === 1 || g === 2)).toBe(true);
  });

  it('expects something for every everyday question and nothing for every out-of-domain query', () => {
    for (const j of judgments.filter((x) => x.feature === 'situation'))
      expect(Object.keys(j.relevant).length, j.q).toBeGreaterThan(0);
    for (const j of judgments.filter((x) => x.feature === 'nothing')) expect(j.relevant, j.q).toEqual({});
  });

  it('never judges the same question twice', () => {
    const qs = judgments.map((j) => foldKey(j.q));
    expect(qs.length).toBe(new Set(qs).size);
  });
});
