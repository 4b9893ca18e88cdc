/**
 * `pnpm bench:browser`: Tokenflow against the AI SDK's React hooks and a render-once floor, on the same token
 * streams, in real headless Chromium over HTTP/2. Implementations run interleaved (A B C D E, A B C D E, …) so that
 * a machine that slows down over time penalises all of them alike; medians of the rounds are printed and saved.
 *
 * Env: BENCH_ROUNDS (default 3), BENCH_SCENARIOS and BENCH_IMPLS (comma-separated names, default all),
 * CHROMIUM_PATH (default /usr/bin/chromium). Scenario names may also be given as arguments:
 * `pnpm bench:browser reasoning-2000+1000@200`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../../test/support/browser.js';
import { machine, median, percentile, type Target, targetsTable } from '../node/lib.js';
import { buildPages, DIST } from './build.js';
import type { Probe } from './page/probe.js';
import { expectedText, reasoningOut, type StreamScenario, scenarioQuery, tokenText } from './scenario.js';
import { startTokenServer, type TokenServer } from './server.js';
import {
  type ByImpl,
  browserTargets,
  type Metrics,
  REASONING_NOTE,
  REASONING_SCENARIO,
  reasoningTable,
  reasoningTargets,
  scenarioTable,
  scenarioTitle,
} from './summary.js';

interface Scenario extends StreamScenario {
  name: string;
  streams: number;
  /** The implementations that take part (default: all). */
  impls?: string[];
}
const SCENARIOS: Scenario[] = [
  { name: 'burst-2000', tokens: 2_000, rate: 0, text: 'mixed', streams: 1 },
  { name: 'burst-10000', tokens: 10_000, rate: 0, text: 'mixed', streams: 1 },
  { name: 'paced-1000@200', tokens: 1_000, rate: 200, text: 'mixed', streams: 1 },
  { name: 'concurrent-20x300@100', tokens: 300, rate: 100, text: 'mixed', streams: 20 },
  // A reasoning model: 10 s of reasoning, then 5 s of text, shown as a chat shows them (page/reasoning.tsx). One
  // stream: the page's render log is per component role, not per stream. 15 s a run, so 4 implementations only
  // (the floor: what a page that is open for 15 s of streaming costs at least).
  {
    name: REASONING_SCENARIO,
    reasoning: 2_000,
    tokens: 1_000,
    rate: 200,
    text: 'mixed',
    streams: 1,
    impls: ['tokenflow-text', 'tokenflow', 'usechat-t50', 'floor'],
  },
];
const IMPLS = ['tokenflow-text', 'tokenflow', 'usechat', 'usechat-t50', 'usecompletion', 'floor', 'floor-text'];
const pick = <T>(all: T[], names: string[], name: (t: T) => string): T[] =>
  names.length ? all.filter((t) => names.includes(name(t))) : all;
const listed = (env: string | undefined): string[] => (env ? env.split(',') : []);

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scenarios = pick(SCENARIOS, [...listed(process.env.BENCH_SCENARIOS), ...process.argv.slice(2)], (s) => s.name);
const impls = pick(IMPLS, listed(process.env.BENCH_IMPLS), (i) => i);
const unknown = process.argv.slice(2).filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length) throw new Error(`Unknown scenario ${unknown.join(', ')}: ${SCENARIOS.map((s) => s.name)}`);
const RUN_TIMEOUT_MS = 120_000;

/** An output element of a run: its `data-out` id, its expected text, its token count, and whether it is reasoning. */
interface Output {
  id: string;
  expected: string;
  tokens: number;
  reasoning?: boolean;
}

/** The outputs a scenario's page must end with: each stream's text, and its reasoning when the scenario has some. */
function outputsOf(s: Scenario): Output[] {
  const text = expectedText(s.text, s.tokens);
  return Array.from({ length: s.streams }, (_, sid) => [
    ...(s.reasoning
      ? [{ id: reasoningOut(sid), expected: expectedText(s.text, s.reasoning), tokens: s.reasoning, reasoning: true }]
      : []),
    { id: String(sid), expected: text, tokens: s.tokens },
  ]).flat();
}

type PerfMetrics = { metrics: { name: string; value: number }[] };

async function measure(context: BrowserContext, server: TokenServer, s: Scenario, impl: string, run: string) {
  const page = await context.newPage();
  let measuring = true;
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(
      `${server.origin}/?impl=${impl}&streams=${s.streams}&run=${encodeURIComponent(run)}&${scenarioQuery(s)}`,
    );
    await page.waitForFunction(() => (window as unknown as { __bench: Probe }).__bench.ready);
    const box = await page.locator('#go').boundingBox();
    if (!box) throw new Error('no #go button');
    // GC first, so that garbage of the page load is not collected (and billed) during the run.
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await cdp.send('Performance.getMetrics');
    // A real input event (not a call from evaluate): React treats its updates as a discrete user interaction.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // With reasoning: the page's CPU up to the server's first text write is the reasoning phase's, the rest the text's.
    const atFirstText = s.reasoning
      ? (async (): Promise<PerfMetrics | undefined> => {
          while (measuring && !server.sentAt.get(`${run}/0`)?.length) await new Promise((r) => setTimeout(r, 5));
          return measuring ? await cdp.send('Performance.getMetrics') : undefined;
        })()
      : undefined;
    await page.waitForFunction((n) => (window as unknown as { __bench: Probe }).__bench.doneCount >= n, s.streams, {
      polling: 50,
      timeout: RUN_TIMEOUT_MS,
    });
    // Two frames more: the final commit's layout and paint belong to the run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await cdp.send('Performance.getMetrics');
    measuring = false;
    const split = await atFirstText;
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');

    const value = (list: PerfMetrics, name: string) => list.metrics.find((m) => m.name === name)?.value ?? 0;
    const deltaOf = (from: PerfMetrics, to: PerfMetrics) => (name: string) =>
      (value(to, name) - value(from, name)) * 1000; // s → ms
    const delta = deltaOf(before, after);
    const page$ = await page.evaluate(() => {
      const probe = (window as unknown as { __bench: Probe }).__bench;
      const texts = Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('[data-out]')].map((el) => [el.dataset.out, el.textContent]),
      );
      const protocol = (performance.getEntriesByType('resource')[0] as PerformanceResourceTiming).nextHopProtocol;
      return { probe, texts, timeOrigin: performance.timeOrigin, protocol };
    });
    const { probe, texts, timeOrigin } = page$;
    const outputs = outputsOf(s);
    // Wall clock of the server's last write for each output against the wall clock of that output's last mutation.
    // The reasoning's: of its last change of length (`<StreamText>` joins its text nodes when the whole stream ends,
    // seconds after the reasoning's last token, a mutation that adds no text).
    const lags = outputs.map(({ id, reasoning }) => {
      const sent = server.lastSent.get(`${run}/${id}`);
      const shown = reasoning ? probe.lengthLog[id]?.at(-1)?.[0] : probe.lastMutation[id];
      return sent === undefined || shown === undefined ? Number.NaN : timeOrigin + shown - sent;
    });
    const tokenLags = outputs.flatMap((o) => tokenLagsOf(s, o, server.sentAt, probe.lengthLog, run, timeOrigin));
    const metrics: Metrics = {
      cpuMs: delta('TaskDuration'),
      scriptMs: delta('ScriptDuration'),
      layoutStyleMs: delta('LayoutDuration') + delta('RecalcStyleDuration'),
      commits: probe.commits,
      commitMs: probe.commitMs,
      maxCommitsPerFrame: probe.maxCommitsPerFrame,
      longTasks: probe.longTasks.length,
      longestTaskMs: Math.max(0, ...probe.longTasks),
      slowFrames: probe.slowFrames,
      firstTokenMs: probe.firstTokenAt - probe.clickAt,
      lastTokenToScreenMs: Math.max(...lags),
      maxTokenLagMs: Math.max(...tokenLags),
      // Like the max, no p99 when a stream's lags are unknown (NaN would sort anywhere).
      p99TokenLagMs: tokenLags.some(Number.isNaN) ? Number.NaN : percentile(tokenLags, 99),
      idleRenders: probe.idleRenders,
      renders: probe.renders,
      intact:
        Object.keys(texts).length === outputs.length && outputs.every(({ id, expected }) => texts[id] === expected),
      heapMB: heap.usedSize / 2 ** 20,
      frames: probe.frames,
    };
    if (s.reasoning) {
      if (!split) throw new Error('no text token was sent');
      Object.assign(metrics, phaseMetrics(deltaOf(before, split), deltaOf(split, after)));
      Object.assign(metrics, renderMetrics(probe.componentRenders, probe.lengthLog, server.sentAt, run, timeOrigin));
    }
    if (page$.protocol !== 'h2') throw new Error(`expected HTTP/2, got ${page$.protocol}`);
    return metrics;
  } finally {
    measuring = false;
    await page.close();
  }
}

/** CPU of the reasoning phase (click to the first text token's write) and of the text phase, by CDP category. */
function phaseMetrics(reasoning: (name: string) => number, text: (name: string) => number): Metrics {
  const out: Metrics = {};
  for (const [phase, delta] of [
    ['reasoning', reasoning],
    ['text', text],
  ] as const) {
    const cpu = delta('TaskDuration');
    const script = delta('ScriptDuration');
    const layoutStyle = delta('LayoutDuration') + delta('RecalcStyleDuration');
    Object.assign(out, {
      [`${phase}CpuMs`]: cpu,
      [`${phase}ScriptMs`]: script,
      [`${phase}LayoutStyleMs`]: layoutStyle,
      // Paint, compositing, GC outside script, HTML parsing, the rest of the task.
      [`${phase}OtherMs`]: cpu - script - layoutStyle,
    });
  }
  return out;
}

/**
 * Renders of each component role (`reasoning`, `text`, `chat`), and the ones that fell while the model was only
 * reasoning: from the first reasoning text in the page's DOM (page clock; the render at the click, which starts
 * the stream, comes before it, though the server may already have written that token) to the server's write of the
 * first text token (a render that shows the first text token comes after that write, so it is not counted). One
 * stream (sid 0).
 */
function renderMetrics(
  renders: Record<string, number[]>,
  lengthLog: Record<string, [number, number][]>,
  sentAt: Map<string, number[]>,
  run: string,
  timeOrigin: number,
): Metrics {
  const shown = lengthLog[reasoningOut(0)]?.find(([, length]) => length > 0)?.[0];
  const firstReasoning = shown === undefined ? Number.NaN : timeOrigin + shown;
  const firstText = sentAt.get(`${run}/0`)?.[0] ?? Number.NaN;
  // None (NaN) for a role the implementation does not have (useChat's `chat`; the floor counts no role).
  const times = (role: string) => (renders[role] ?? []).map((t) => timeOrigin + t);
  const count = (role: string) => (renders[role] ? times(role).length : Number.NaN);
  const during = (role: string, from: number, to: number) =>
    renders[role] ? times(role).filter((t) => t >= from && t < to).length : Number.NaN;
  return {
    reasoningRenders: count('reasoning'),
    textRenders: count('text'),
    chatRenders: count('chat'),
    textRendersDuringReasoning: during('text', firstReasoning, firstText),
    reasoningRendersDuringText: during('reasoning', firstText, Number.POSITIVE_INFINITY),
  };
}

/**
 * How far behind the stream the DOM was, token by token: from the server's write of token i to the first DOM
 * mutation after which the output's text was at least as long as tokens 0..i. Paint follows in the same frame.
 */
function tokenLagsOf(
  s: Scenario,
  output: Output,
  sentAt: Map<string, number[]>,
  lengthLog: Record<string, [number, number][]>,
  run: string,
  timeOrigin: number,
): number[] {
  const sent = sentAt.get(`${run}/${output.id}`) ?? [];
  const log = lengthLog[output.id] ?? [];
  // The length bookkeeping must end at the real text's length, or its times mean nothing.
  if (log.at(-1)?.[1] !== output.expected.length) return [Number.NaN];
  const lags: number[] = [];
  let length = 0;
  let entry = 0;
  for (let i = 0; i < output.tokens; i++) {
    length += tokenText(s.text, i).length;
    while (entry < log.length && (log[entry] as [number, number])[1] < length) entry++;
    const shown = log[entry];
    const at = sent[i];
    lags.push(shown === undefined || at === undefined ? Number.NaN : timeOrigin + shown[0] - at);
  }
  return lags;
}

function summarise(runs: Metrics[]): Metrics {
  const out: Metrics = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    out[key] = key === 'intact' ? runs.every((r) => r[key] === true) : median(runs.map((r) => r[key] as number));
  }
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  await buildPages();
  const server = await startTokenServer(DIST);
  let browser: Browser | undefined;
  const results: Record<string, Record<string, { median: Metrics; runs: Metrics[]; failures: string[] }>> = {};
  try {
    // The tests' launcher (Debian's Chromium, CHROMIUM_PATH, no background networking); the token server's
    // certificate is self-signed.
    browser = await launchChromium(['--ignore-certificate-errors']);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 800, height: 600 } });
    for (const s of scenarios) {
      const taking = impls.filter((i) => s.impls?.includes(i) ?? true);
      const perImpl = Object.fromEntries(taking.map((i) => [i, { runs: [] as Metrics[], failures: [] as string[] }]));
      for (let round = 0; round < rounds; round++) {
        for (const impl of taking) {
          const entry = perImpl[impl] as { runs: Metrics[]; failures: string[] };
          try {
            entry.runs.push(await measure(context, server, s, impl, `${s.name}-${impl}-${round}`));
          } catch (error) {
            entry.failures.push(String(error).split('\n')[0] as string);
          }
        }
        process.stderr.write(
          `${s.name}: round ${round + 1}/${rounds} done (${Math.round((Date.now() - started) / 1000)} s)\n`,
        );
      }
      results[s.name] = Object.fromEntries(
        Object.entries(perImpl).map(([impl, e]) => [impl, { median: summarise(e.runs), ...e }]),
      );
      print(s, results[s.name] as ByImpl);
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  save(results, Date.now() - started);
  const byScenario = results as Record<string, ByImpl>;
  const targets = browserTargets(byScenario);
  console.log(`\n### Targets (issue 4)\n\n${targetsTable(targets)}`);
  const reasoning = reasoningTargets(byScenario);
  if (reasoning.length) console.log(`\n### Targets (reasoning)\n\n${targetsTable(reasoning)}`);
  // Only a full run rewrites the committed summary, so it never mixes figures from different runs.
  if (scenarios.length === SCENARIOS.length && impls.length === IMPLS.length) {
    writeSummary(byScenario, [...targets, ...reasoning]);
  }
}

function writeSummary(results: Record<string, ByImpl>, targets: Target[]): void {
  const [version] = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'])
    .toString()
    .split('\n');
  const lines = [
    '# Browser benchmark results (latest)',
    `Machine: ${machine()}; ${version?.trim()} headless, HTTP/2 on 127.0.0.1. ` +
      `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`pnpm bench:browser\`; ` +
      'implementations interleaved, medians of ' +
      `${rounds} rounds; raw figures in bench/results/browser-*.json (not committed).`,
    'Implementations: `tokenflow-text` (`<StreamText>`), `tokenflow` (`useTokens(handle).text`), `usechat` and ' +
      '`usechat-t50` (`useChat` + `DefaultChatTransport`, throttle 50), `usecompletion`, `floor` (read and parse the ' +
      "stream, render once at the end), `floor-text` (the floor plus, at Tokenflow's cadence, the text received since the previous update shown on " +
      'its own: the least any renderer that shows text as it arrives can cost).',
    'Columns: main-thread CPU (CDP TaskDuration, click to two frames after the last output), React commits ' +
      "(profiling build), long tasks, frames slower than 32 ms, first token in the DOM, delay from the server's " +
      'last token to the final text in the DOM, per-token lag (server write → DOM), renders of outputs whose text ' +
      'did not change, final text intact. No token timings for `floor-text`: its live text is outside the watched ' +
      'output, which gets only the final text.',
    ...SCENARIOS.flatMap((s) => {
      const byImpl = results[s.name];
      const note = s.reasoning ? [REASONING_NOTE] : [];
      return byImpl ? [`## ${scenarioTitle(s, rounds)}`, ...note, ...tablesOf(s, byImpl)] : [];
    }),
    '## Targets (issue 4, and the reasoning scenario)',
    targetsTable(targets),
  ];
  writeFileSync(fileURLToPath(new URL('../RESULTS-browser.md', import.meta.url)), `${lines.join('\n\n')}\n`);
  console.log('Wrote bench/RESULTS-browser.md');
}

/** The usual table; with reasoning, its own (the phases and each component's renders). */
const tablesOf = (s: Scenario, byImpl: ByImpl): string[] =>
  s.reasoning ? reasoningTable(byImpl) : [scenarioTable(s, byImpl)];

function print(s: Scenario, byImpl: ByImpl): void {
  console.log(`\n### ${scenarioTitle(s, rounds)}\n`);
  console.log(tablesOf(s, byImpl).join('\n\n'));
  for (const [impl, { failures }] of Object.entries(byImpl)) for (const f of failures) console.log(`  ${impl}: ${f}`);
}

function save(results: unknown, elapsedMs: number): void {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const json = JSON.stringify(
    {
      date,
      elapsedMs,
      rounds,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      scenarios: SCENARIOS,
      results,
    },
    null,
    2,
  );
  // bench/results/ is git-ignored (raw output); browser-latest.json is a stable name for whoever copies the table.
  writeFileSync(`${dir}browser-${date}.json`, json);
  writeFileSync(`${dir}browser-latest.json`, json);
  console.log(
    `\nSaved bench/results/browser-${date}.json (and browser-latest.json) in ${Math.round(elapsedMs / 1000)} s`,
  );
}

await main();
