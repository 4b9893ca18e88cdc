/**
 * `pnpm bench:browser`: Tokenflow against the AI SDK's React hooks and a render-once floor, on the same token
 * streams, in real headless Chromium over HTTP/2. Implementations run interleaved (A B C D E, A B C D E, …) so that
 * a machine that slows down over time penalises all of them alike; medians of the rounds are printed and saved.
 *
 * Env: BENCH_ROUNDS (default 3), BENCH_SCENARIOS and BENCH_IMPLS (comma-separated names, default all),
 * CHROMIUM_PATH (default /usr/bin/chromium).
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
import { expectedText, type StreamScenario, scenarioQuery, tokenText } from './scenario.js';
import { startTokenServer, type TokenServer } from './server.js';
import { type ByImpl, browserTargets, type Metrics, scenarioTable, scenarioTitle } from './summary.js';

interface Scenario extends StreamScenario {
  name: string;
  streams: number;
}
const SCENARIOS: Scenario[] = [
  { name: 'burst-2000', tokens: 2_000, rate: 0, text: 'mixed', streams: 1 },
  { name: 'burst-10000', tokens: 10_000, rate: 0, text: 'mixed', streams: 1 },
  { name: 'paced-1000@200', tokens: 1_000, rate: 200, text: 'mixed', streams: 1 },
  { name: 'concurrent-20x300@100', tokens: 300, rate: 100, text: 'mixed', streams: 20 },
];
const IMPLS = ['tokenflow-text', 'tokenflow', 'usechat', 'usechat-t50', 'usecompletion', 'floor', 'floor-text'];
const pick = <T>(all: T[], env: string | undefined, name: (t: T) => string): T[] =>
  env ? all.filter((t) => env.split(',').includes(name(t))) : all;

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scenarios = pick(SCENARIOS, process.env.BENCH_SCENARIOS, (s) => s.name);
const impls = pick(IMPLS, process.env.BENCH_IMPLS, (i) => i);
const RUN_TIMEOUT_MS = 120_000;

async function measure(context: BrowserContext, server: TokenServer, s: Scenario, impl: string, run: string) {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(`${server.origin}/?impl=${impl}&streams=${s.streams}&run=${run}&${scenarioQuery(s)}`);
    await page.waitForFunction(() => (window as unknown as { __bench: Probe }).__bench.ready);
    const box = await page.locator('#go').boundingBox();
    if (!box) throw new Error('no #go button');
    // GC first, so that garbage of the page load is not collected (and billed) during the run.
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await cdp.send('Performance.getMetrics');
    // A real input event (not a call from evaluate): React treats its updates as a discrete user interaction.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction((n) => (window as unknown as { __bench: Probe }).__bench.doneCount >= n, s.streams, {
      polling: 50,
      timeout: RUN_TIMEOUT_MS,
    });
    // Two frames more: the final commit's layout and paint belong to the run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await cdp.send('Performance.getMetrics');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');

    const delta = (name: string) => {
      const value = (list: typeof before) => list.metrics.find((m) => m.name === name)?.value ?? 0;
      return (value(after) - value(before)) * 1000; // seconds → ms
    };
    const page$ = await page.evaluate(() => {
      const probe = (window as unknown as { __bench: Probe }).__bench;
      const texts = [...document.querySelectorAll<HTMLElement>('[data-out]')].map((el) => el.textContent);
      const protocol = (performance.getEntriesByType('resource')[0] as PerformanceResourceTiming).nextHopProtocol;
      return { probe, texts, timeOrigin: performance.timeOrigin, protocol };
    });
    const { probe, texts, timeOrigin } = page$;
    const expected = expectedText(s.text, s.tokens);
    // Wall clock of the server's last write for each stream against the wall clock of that output's last mutation.
    const lags = texts.map((_, sid) => {
      const sent = server.lastSent.get(`${run}/${sid}`);
      const shown = probe.lastMutation[String(sid)];
      return sent === undefined || shown === undefined ? Number.NaN : timeOrigin + shown - sent;
    });
    const tokenLags = tokenLagsOf(s, expected.length, server.sentAt, probe.lengthLog, run, timeOrigin);
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
      intact: texts.length === s.streams && texts.every((t) => t === expected),
      heapMB: heap.usedSize / 2 ** 20,
      frames: probe.frames,
    };
    if (page$.protocol !== 'h2') throw new Error(`expected HTTP/2, got ${page$.protocol}`);
    return metrics;
  } finally {
    await page.close();
  }
}

/**
 * How far behind the stream the DOM was, token by token: from the server's write of token i to the first DOM
 * mutation after which the output's text was at least as long as tokens 0..i. Paint follows in the same frame.
 */
function tokenLagsOf(
  s: Scenario,
  expectedLength: number,
  sentAt: Map<string, number[]>,
  lengthLog: Record<string, [number, number][]>,
  run: string,
  timeOrigin: number,
): number[] {
  const lags: number[] = [];
  for (let sid = 0; sid < s.streams; sid++) {
    const sent = sentAt.get(`${run}/${sid}`) ?? [];
    const log = lengthLog[String(sid)] ?? [];
    // The length bookkeeping must end at the real text's length, or its times mean nothing.
    if (log.at(-1)?.[1] !== expectedLength) {
      lags.push(Number.NaN);
      continue;
    }
    let length = 0;
    let entry = 0;
    for (let i = 0; i < s.tokens; i++) {
      length += tokenText(s.text, i).length;
      while (entry < log.length && (log[entry] as [number, number])[1] < length) entry++;
      const shown = log[entry];
      const at = sent[i];
      lags.push(shown === undefined || at === undefined ? Number.NaN : timeOrigin + shown[0] - at);
    }
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
      const perImpl = Object.fromEntries(impls.map((i) => [i, { runs: [] as Metrics[], failures: [] as string[] }]));
      for (let round = 0; round < rounds; round++) {
        for (const impl of impls) {
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
  // Only a full run rewrites the committed summary, so it never mixes figures from different runs.
  if (scenarios.length === SCENARIOS.length && impls.length === IMPLS.length) writeSummary(byScenario, targets);
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
      return byImpl ? [`## ${scenarioTitle(s, rounds)}`, scenarioTable(s, byImpl)] : [];
    }),
    '## Targets (issue 4)',
    targetsTable(targets),
  ];
  writeFileSync(fileURLToPath(new URL('../RESULTS-browser.md', import.meta.url)), `${lines.join('\n\n')}\n`);
  console.log('Wrote bench/RESULTS-browser.md');
}

function print(s: Scenario, byImpl: ByImpl): void {
  console.log(`\n### ${scenarioTitle(s, rounds)}\n`);
  console.log(scenarioTable(s, byImpl));
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
