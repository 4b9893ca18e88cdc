/**
 * The browser bench's tables and targets (issue 4), shared by the console output and bench/RESULTS-browser.md.
 */
import { type Target, table } from '../node/lib.js';

export type Metrics = Record<string, number | boolean>;
export type ByImpl = Record<string, { median: Metrics; failures: string[] }>;

export interface ScenarioInfo {
  name: string;
  tokens: number;
  /** Reasoning tokens before the text, if any. */
  reasoning?: number;
  rate: number;
  streams: number;
}

/** A reasoning model's stream: 2,000 reasoning tokens, then 1,000 text tokens, at 200/s. */
export const REASONING_SCENARIO = 'reasoning-2000+1000@200';

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

/** `a / b`, or NaN when either is not a number (an implementation the run did not measure). */
const ratio = (a: unknown, b: unknown): number => (typeof a === 'number' && typeof b === 'number' ? a / b : Number.NaN);

/** The columns every scenario's table starts with: one implementation's CPU and React commits. */
const costColumns = (m: Metrics) => ({
  'cpu ms': m.cpuMs,
  'script ms': m.scriptMs,
  'layout+style ms': m.layoutStyleMs,
  commits: m.commits,
  'max commits/frame': m.maxCommitsPerFrame,
  'long tasks': m.longTasks,
});

/** Whether the final text was intact, and how many rounds failed. */
const intactCell = (m: Metrics, failures: string[]) =>
  failures.length ? `${m.intact ?? '–'} (${failures.length} failed)` : m.intact;

/** One row per implementation: medians, and CPU ratios to the peers measured in the same run. */
export function scenarioTable(s: ScenarioInfo, byImpl: ByImpl): string {
  const cpu = (impl: string) => byImpl[impl]?.median.cpuMs;
  const ttft = (impl: string) => byImpl[impl]?.median.firstTokenMs;
  const rows = Object.entries(byImpl).map(([impl, { median: m, failures }]) => {
    // floor-text shows its live text outside `<p data-out>`: the probe sees only its final text, so no token timings.
    const timed = (value: number | boolean | undefined) => (impl === 'floor-text' ? Number.NaN : value);
    return {
      impl,
      ...costColumns(m),
      'longest task ms': m.longestTaskMs,
      'frames >32ms': m.slowFrames,
      'first token ms': timed(m.firstTokenMs),
      'last token→DOM ms': timed(m.lastTokenToScreenMs),
      'token lag p99 ms': timed(m.p99TokenLagMs),
      'token lag max ms': timed(m.maxTokenLagMs),
      'idle renders': m.idleRenders,
      intact: intactCell(m, failures),
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
  `${s.name} (${s.streams} × ${s.reasoning ? `${s.reasoning} reasoning + ` : ''}${s.tokens} ` +
  `tokens, ${s.rate ? `${s.rate}/s` : 'burst'}, medians of ${rounds})`;

/** What the reasoning scenario's section says before its tables. */
export const REASONING_NOTE =
  'The stream: `reasoning-start`, 2,000 `reasoning-delta`, `reasoning-end`, then `text-start` and 1,000 ' +
  '`text-delta`, at 200 tokens/s throughout (10 s of reasoning, 5 s of text). Each page shows the reasoning in an ' +
  'open `<details>` panel above the text (bench/browser/page/reasoning.tsx): `tokenflow-text`, the reasoning with ' +
  '`<StreamText part="reasoning">` and the text with `<StreamText>`; `tokenflow`, the same reasoning and the text ' +
  'with `useTokens(handle)` (reading `text` and `isRunning`); `usechat-t50`, `useChat` with throttle 50 and the ' +
  "message's parts mapped as its docs do (a reasoning part to the panel, a text part to a paragraph, no memo); " +
  '`floor`, both read and parsed and shown once at the end. Renders are counted per component: the reasoning panel, ' +
  'the text, and useChat\'s `chat` (the component holding the hook and mapping the parts). "Text renders during ' +
  "reasoning\": renders of the text component from the first reasoning text in the page's DOM to the server's " +
  "write of the first text token. Phases: the CPU from the click to the server's write of the first text token " +
  '(CDP metrics read then), and from there to two frames after the final text; "other" is CPU that is neither script nor ' +
  'layout and style (paint, compositing, the rest of each task).';

/**
 * The reasoning scenario's tables: the usual figures with each component's renders, then the CPU of each phase
 * (reasoning: click to the server's first text token; text: the rest) by CDP category.
 */
export function reasoningTable(byImpl: ByImpl): string[] {
  const t50 = byImpl['usechat-t50']?.median;
  const floor = byImpl.floor?.median;
  const rows = Object.entries(byImpl).map(([impl, { median: m, failures }]) => ({
    impl,
    ...costColumns(m),
    'frames >32ms': m.slowFrames,
    'first token ms': m.firstTokenMs,
    'last token→DOM ms': m.lastTokenToScreenMs,
    'token lag p99 ms': m.p99TokenLagMs,
    'token lag max ms': m.maxTokenLagMs,
    'reasoning renders': m.reasoningRenders,
    'text renders': m.textRenders,
    'chat renders': m.chatRenders,
    'text renders during reasoning': m.textRendersDuringReasoning,
    'reasoning renders during text': m.reasoningRendersDuringText,
    'idle renders': m.idleRenders,
    intact: intactCell(m, failures),
    'cpu ÷ t50': ratio(m.cpuMs, t50?.cpuMs),
    'cpu ÷ floor': ratio(m.cpuMs, floor?.cpuMs),
  }));
  const phases = Object.entries(byImpl).map(([impl, { median: m }]) => ({
    impl,
    'reasoning: cpu ms': m.reasoningCpuMs,
    'reasoning: script': m.reasoningScriptMs,
    'reasoning: layout+style': m.reasoningLayoutStyleMs,
    'reasoning: other': m.reasoningOtherMs,
    'reasoning: cpu ÷ t50': ratio(m.reasoningCpuMs, t50?.reasoningCpuMs),
    'text: cpu ms': m.textCpuMs,
    'text: script': m.textScriptMs,
    'text: layout+style': m.textLayoutStyleMs,
    'text: other': m.textOtherMs,
    'text: cpu ÷ t50': ratio(m.textCpuMs, t50?.textCpuMs),
  }));
  return [recordTable(rows), recordTable(phases)];
}

/** The reasoning issue's targets, for each Tokenflow renderer present in the results. */
export function reasoningTargets(results: Record<string, ByImpl>): Target[] {
  const byImpl = results[REASONING_SCENARIO];
  if (!byImpl) return [];
  const out: Target[] = [];
  const m = (impl: string, key: string) => byImpl[impl]?.median[key] as number;
  for (const impl of ['tokenflow-text', 'tokenflow']) {
    const ratio = m(impl, 'cpuMs') / m('usechat-t50', 'cpuMs');
    if (Number.isFinite(ratio)) {
      out.push({
        name: `reasoning 2,000 + text 1,000 at 200/s: cpu ÷ useChat t50 (${impl})`,
        actual: `${ratio.toFixed(2)}×`,
        limit: '≤ 0.60×',
        pass: ratio <= 0.6,
      });
    }
    const renders = m(impl, 'textRendersDuringReasoning');
    if (Number.isFinite(renders)) {
      out.push({
        name: `reasoning 2,000 + text 1,000 at 200/s: text renders during reasoning (${impl})`,
        actual: String(renders),
        limit: '≤ 0',
        pass: renders <= 0,
      });
    }
  }
  return out;
}

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
