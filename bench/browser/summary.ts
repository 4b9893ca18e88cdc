/**
 * The browser bench's tables and targets (issue 4), shared by the console output and bench/RESULTS-browser.md.
 */
import { table } from './stats.js';

export type Metrics = Record<string, number | boolean>;
export type ByImpl = Record<string, { median: Metrics; failures: string[] }>;

export interface ScenarioInfo {
  name: string;
  tokens: number;
  rate: number;
  streams: number;
}

/** One row per implementation: medians, and CPU ratios to the peers measured in the same run. */
export function scenarioTable(s: ScenarioInfo, byImpl: ByImpl): string {
  const cpu = (impl: string) => byImpl[impl]?.median.cpuMs as number | undefined;
  const ttft = (impl: string) => byImpl[impl]?.median.firstTokenMs as number | undefined;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? Number.NaN : a / b;
  const rows = Object.entries(byImpl).map(([impl, { median: m, failures }]) => ({
    impl,
    'cpu ms': m.cpuMs,
    'script ms': m.scriptMs,
    'layout+style ms': m.layoutStyleMs,
    commits: m.commits,
    'max commits/frame': m.maxCommitsPerFrame,
    'long tasks': m.longTasks,
    'longest task ms': m.longestTaskMs,
    'frames >32ms': m.slowFrames,
    'first token ms': m.firstTokenMs,
    'last token→DOM ms': m.lastTokenToScreenMs,
    'token lag p99 ms': m.p99TokenLagMs,
    'token lag max ms': m.maxTokenLagMs,
    'idle renders': m.idleRenders,
    intact: failures.length ? `${m.intact ?? '–'} (${failures.length} failed)` : m.intact,
    'cpu ÷ t50': ratio(cpu(impl), cpu('usechat-t50')),
    'cpu ÷ useChat': ratio(cpu(impl), cpu('usechat')),
    'cpu ÷ floor': ratio(cpu(impl), cpu('floor')),
    'cpu ÷ text floor': ratio(cpu(impl), cpu('floor-text')),
    // Paced: the floor shows its first token only at the end, by design, so the ratio would mean nothing.
    'ttft ÷ floor': s.rate ? Number.NaN : ratio(ttft(impl), ttft('floor')),
  }));
  return table(rows);
}

export const scenarioTitle = (s: ScenarioInfo, rounds: number): string =>
  `${s.name} (${s.streams} × ${s.tokens} tokens, ${s.rate ? `${s.rate}/s` : 'burst'}, medians of ${rounds})`;

interface Target {
  target: string;
  impl: string;
  measured: string;
  limit: string;
  holds: string;
}

/** Issue 4's browser targets, for each Tokenflow renderer present in the results. */
export function browserTargets(results: Record<string, ByImpl>): Target[] {
  const out: Target[] = [];
  const m = (scenario: string, impl: string, key: string) => results[scenario]?.[impl]?.median[key] as number;
  const add = (target: string, impl: string, value: number, limit: number, unit: string, atMost = true) => {
    if (!Number.isFinite(value)) return;
    const shown = unit === '×' ? `${value.toFixed(2)}×` : `${Math.round(value * 10) / 10}${unit}`;
    const holds = atMost ? value <= limit : value >= limit;
    const limitShown = Number.isInteger(limit) ? String(limit) : limit.toFixed(2);
    out.push({ target, impl, measured: shown, limit: `≤ ${limitShown}${unit}`, holds: holds ? 'yes' : 'NO' });
  };
  for (const impl of ['tokenflow-text', 'tokenflow']) {
    const paced = 'paced-1000@200';
    add('1,000 at 200/s: cpu ÷ useChat t50', impl, m(paced, impl, 'cpuMs') / m(paced, 'usechat-t50', 'cpuMs'), 1, '×');
    add('1,000 at 200/s: cpu ÷ floor', impl, m(paced, impl, 'cpuMs') / m(paced, 'floor', 'cpuMs'), 1.5, '×');
    add('1,000 at 200/s: token lag, max', impl, m(paced, impl, 'maxTokenLagMs'), 50, ' ms');
    for (const burst of ['burst-2000', 'burst-10000']) {
      add(`${burst}: longest task`, impl, m(burst, impl, 'longestTaskMs'), 50, ' ms');
      add(
        `${burst}: first token ÷ floor`,
        impl,
        m(burst, impl, 'firstTokenMs') / m(burst, 'floor', 'firstTokenMs'),
        1.5,
        '×',
      );
      add(`${burst}: cpu ÷ useChat`, impl, m(burst, impl, 'cpuMs') / m(burst, 'usechat', 'cpuMs'), 1 / 3, '×');
    }
    const many = 'concurrent-20x300@100';
    add('20 streams: idle renders', impl, m(many, impl, 'idleRenders'), 0, '');
    add(
      '20 streams: frames >32 ms − useChat t50',
      impl,
      m(many, impl, 'slowFrames') - m(many, 'usechat-t50', 'slowFrames'),
      0,
      '',
    );
    add('20 streams: cpu ÷ useChat t50', impl, m(many, impl, 'cpuMs') / m(many, 'usechat-t50', 'cpuMs'), 0.8, '×');
    const maxCommits = Math.max(...Object.keys(results).map((s) => m(s, impl, 'maxCommitsPerFrame') ?? 0));
    add('commits per frame, max over scenarios', impl, maxCommits, 1, '');
  }
  return out;
}

export function targetsTable(targets: Target[]): string {
  return table(
    targets.map((t) => ({ target: t.target, impl: t.impl, measured: t.measured, limit: t.limit, holds: t.holds })),
  );
}
