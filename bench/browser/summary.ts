/**
 * The browser bench's tables and targets (issue 4), shared by the console output and bench/RESULTS-browser.md.
 */
import { type Target, table } from '../node/lib.js';

export type Metrics = Record<string, number | boolean>;
export type ByImpl = Record<string, { median: Metrics; failures: string[] }>;

export interface ScenarioInfo {
  name: string;
  tokens: number;
  rate: number;
  streams: number;
}

const cell = (value: unknown): string =>
  typeof value === 'number' ? (Number.isNaN(value) ? '–' : String(Math.round(value * 100) / 100)) : String(value);

/** A markdown table with a column per key of the rows; numbers rounded to 0.01, NaN shown as "–". */
function recordTable(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  return table(
    columns,
    rows.map((row) => columns.map((column) => cell(row[column]))),
  );
}

/** One row per implementation: medians, and CPU ratios to the peers measured in the same run. */
export function scenarioTable(s: ScenarioInfo, byImpl: ByImpl): string {
  const cpu = (impl: string) => byImpl[impl]?.median.cpuMs as number | undefined;
  const ttft = (impl: string) => byImpl[impl]?.median.firstTokenMs as number | undefined;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? Number.NaN : a / b;
  const rows = Object.entries(byImpl).map(([impl, { median: m, failures }]) => {
    // floor-text shows its live text outside `<p data-out>`: the probe sees only its final text, so no token timings.
    const timed = (value: number | boolean | undefined) => (impl === 'floor-text' ? Number.NaN : value);
    return {
      impl,
      'cpu ms': m.cpuMs,
      'script ms': m.scriptMs,
      'layout+style ms': m.layoutStyleMs,
      commits: m.commits,
      'max commits/frame': m.maxCommitsPerFrame,
      'long tasks': m.longTasks,
      'longest task ms': m.longestTaskMs,
      'frames >32ms': m.slowFrames,
      'first token ms': timed(m.firstTokenMs),
      'last token→DOM ms': timed(m.lastTokenToScreenMs),
      'token lag p99 ms': timed(m.p99TokenLagMs),
      'token lag max ms': timed(m.maxTokenLagMs),
      'idle renders': m.idleRenders,
      intact: failures.length ? `${m.intact ?? '–'} (${failures.length} failed)` : m.intact,
      'cpu ÷ t50': ratio(cpu(impl), cpu('usechat-t50')),
      'cpu ÷ useChat': ratio(cpu(impl), cpu('usechat')),
      'cpu ÷ floor': ratio(cpu(impl), cpu('floor')),
      'cpu ÷ text floor': ratio(cpu(impl), cpu('floor-text')),
      // Paced: the floor shows its first token only at the end, by design, so the ratio would mean nothing.
      'ttft ÷ floor': s.rate ? Number.NaN : timed(ratio(ttft(impl), ttft('floor'))),
    };
  });
  return recordTable(rows);
}

export const scenarioTitle = (s: ScenarioInfo, rounds: number): string =>
  `${s.name} (${s.streams} × ${s.tokens} tokens, ${s.rate ? `${s.rate}/s` : 'burst'}, medians of ${rounds})`;

/** Issue 4's browser targets, for each Tokenflow renderer present in the results; all are upper limits. */
export function browserTargets(results: Record<string, ByImpl>): Target[] {
  const out: Target[] = [];
  const m = (scenario: string, impl: string, key: string) => results[scenario]?.[impl]?.median[key] as number;
  const add = (target: string, impl: string, value: number, limit: number, unit: string) => {
    if (!Number.isFinite(value)) return;
    const actual = unit === '×' ? `${value.toFixed(2)}×` : `${Math.round(value * 10) / 10}${unit}`;
    const limitShown = Number.isInteger(limit) ? String(limit) : limit.toFixed(2);
    out.push({ name: `${target} (${impl})`, actual, limit: `≤ ${limitShown}${unit}`, pass: value <= limit });
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
    // Over the scenarios this renderer ran in; none (NaN) when it ran in none, so that no target is claimed.
    const counts = Object.keys(results)
      .map((s) => m(s, impl, 'maxCommitsPerFrame'))
      .filter((count) => count !== undefined);
    const maxCommits = counts.length > 0 ? Math.max(...counts) : Number.NaN;
    add('commits per frame, max over scenarios', impl, maxCommits, 1, '');
  }
  return out;
}
