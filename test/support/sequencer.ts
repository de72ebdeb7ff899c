/**
 * The order test files are handed to the two workers: shuffled with the run's seed (no file may lean on another),
 * then the long ones first. A worker takes the next file when it is free, so long files started early leave the short
 * ones to even out the end; a browser file or the crash test drawn last kept one worker busy for a minute or two
 * while the other sat idle. Vitest's own longest-first order needs durations from an earlier run, which a fresh
 * clone (the CI) does not have.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that take a minute or more of a worker (measured on the shared two-core machine), longest first. */
const LONG: [RegExp, number][] = [
  [/\/test\/checks\/crash\.test\.ts$/, 4],
  [/\/test\/browser\/[^/]+\.test\.ts$/, 3],
  [/\/test\/checks\/fuzz\.test\.ts$/, 2],
  [/\/test\/access\/authorization\.test\.ts$/, 2],
  [/\/test\/moderation\/transitions\.test\.ts$/, 2],
  [/\/test\/cli\/cli\.test\.ts$/, 1],
  [/\/test\/attachments\/[^/]+\.test\.ts$/, 1],
];

function weight(file: string): number {
  return LONG.find(([pattern]) => pattern.test(file))?.[1] ?? 0;
}

/** Mulberry32: a small seeded generator, so the same seed gives the same order. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffled by the seed vitest prints, then stably sorted heaviest first. */
export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const next = random(this.ctx.config.sequence.seed ?? Date.now());
    const shuffled = [...files];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    return shuffled.sort((a, b) => weight(b.moduleId) - weight(a.moduleId));
  }
}
