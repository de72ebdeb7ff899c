/**
 * What bench/search.ts measures besides the mix itself: the engine's floor for broad words against the endpoint,
 * interleaved word by word so that the shared machine's load weighs on both alike, and the CPU time of a process
 * (this one, or the bank's server) — the figure that still means something when eight engineers share two cores.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { App } from '../server/app.js';

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/** p50, p95 and p99 of the samples (nearest rank). */
export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

/** This process's CPU time (user + system, every thread) in milliseconds. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Linux counts a process's CPU time in ticks of 10 ms (`getconf CLK_TCK` is 100 on every kernel we run). */
const TICK_MS = 10;

/**
 * Another process's CPU time (user + system, every thread: the search pool's workers too) in milliseconds, from
 * `/proc/PID/stat`; with `thread` the same PID, from `/proc/PID/task/PID/stat`: its main thread alone.
 */
export function processCpuMs(pid: number, thread?: 'main'): number {
  const stat = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** The load average over the last minute, as `uptime` prints it. */
export const loadNow = () => loadavg()[0]!.toFixed(1);

/** One measured side: its clock and its CPU time per call. */
export interface Timed {
  wall: Percentiles;
  cpu: Percentiles;
}

/**
 * The engine's floor and the endpoint for each broad word, one after the other, `rounds` times (the first round
 * warms and is dropped). The floor is one pass of FTS5 over every match, counting them: what an exact total and
 * facet counts need at least when matches are read from the text index. The endpoint is `GET /api/v1/search?q=`
 * through the whole application (routing, validation, search, hits, snippets, facets' labels, serialisation),
 * answered in this process with `inject`, so its CPU time is this process's.
 */
export async function floorAndEndpoint(
  app: App,
  words: string[],
  expressionOf: (word: string) => string,
  rounds: number,
): Promise<{ floor: Timed; endpoint: Timed }> {
  const count = app.bank.db.$client.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck();
  const samples = {
    floorWall: [] as number[],
    floorCpu: [] as number[],
    endWall: [] as number[],
    endCpu: [] as number[],
  };
  for (let round = 0; round < rounds; round += 1) {
    for (const word of words) {
      const expression = expressionOf(word);
      let t = performance.now();
      let c = cpuMs();
      count.get(expression);
      const floor = [performance.now() - t, cpuMs() - c] as const;
      t = performance.now();
      c = cpuMs();
      const res = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(word)}` });
      const endpoint = [performance.now() - t, cpuMs() - c] as const;
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} for «${word}»: ${res.body}`);
      if (round === 0) continue;
      samples.floorWall.push(floor[0]);
      samples.floorCpu.push(floor[1]);
      samples.endWall.push(endpoint[0]);
      samples.endCpu.push(endpoint[1]);
    }
  }
  return {
    floor: { wall: percentiles(samples.floorWall), cpu: percentiles(samples.floorCpu) },
    endpoint: { wall: percentiles(samples.endWall), cpu: percentiles(samples.endCpu) },
  };
}
