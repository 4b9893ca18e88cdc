import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLE_PROMPTS } from '../../apps/demo/src/lib/example-prompts.js';
import { PART_EXAMPLES } from '../../apps/demo/src/lib/part-examples.js';
import { seriousAxeViolations } from '../support/axe.js';
import {
  buildAndPreviewDemo,
  DESKTOP,
  launchChromium,
  openDemoPage,
  PHONE,
  type PreviewedDemo,
  saveEnv,
} from '../support/browser.js';

/**
 * The demo end to end, in real Chromium: built and served by `vite preview` (page and api route), answering with
 * the embedded simulated model made fast, so the suite takes seconds.
 */

const screenshots = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

/** Fast, yet slow enough that a long answer (a few seconds) can be stopped mid-way. */
const SIMULATION = {
  SIM_TOKENS_PER_SECOND: '200',
  SIM_FIRST_TOKEN_MS: '50',
  SIM_JITTER: '0.3',
  SIM_FAIL_AFTER_TOKENS: '30',
};
const ENV_KEYS = [...Object.keys(SIMULATION), 'OPENAI_API_KEY', 'NODE_ENV'];
const restoreEnv = saveEnv(ENV_KEYS);

let demo: PreviewedDemo | undefined;
let browser: Browser | undefined;
let baseUrl: string;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  Object.assign(process.env, SIMULATION);
  // The embedded model, whatever the machine's environment says.
  delete process.env.OPENAI_API_KEY;
  mkdirSync(screenshots, { recursive: true });
  demo = await buildAndPreviewDemo();
  baseUrl = demo.url;
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  restoreEnv();
});

/** A fresh page of the demo, once it knows which model is live. Page errors are collected and checked. */
async function openDemo(viewport = DESKTOP): Promise<Page> {
  const opened = await openDemoPage(browser, baseUrl, 'Simulated model', 15_000, viewport);
  ({ context, errors: pageErrors } = opened);
  return opened.page;
}

async function start(page: Page, prompt: string, maxOutputTokens = '1024') {
  await page.getByTestId('prompt').fill(prompt);
  await page.getByTestId('max-output-tokens').fill(maxOutputTokens);
  await page.getByTestId('start-button').click();
}

/** Waits until stream panel `index` has the status, and answers its text then. */
async function waitForStatus(page: Page, index: number, status: string, timeout = 15_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([index, status]) => {
      const panel = document.querySelectorAll('[data-testid="stream-panel"]')[index as number];
      const current = panel?.querySelector('[data-testid="stream-status"]')?.textContent;
      return current === status && (panel?.querySelector('[data-testid="stream-text"]')?.textContent ?? '');
    },
    [index, status] as const,
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as string;
}

/** Waits until panel `index` streams and shows at least `minLength` characters, and answers that partial text. */
async function waitForPartialText(page: Page, index: number, minLength: number): Promise<string> {
  const handle = await page.waitForFunction(
    ([index, minLength]) => {
      const panel = document.querySelectorAll('[data-testid="stream-panel"]')[index as number];
      const status = panel?.querySelector('[data-testid="stream-status"]')?.textContent;
      const text = panel?.querySelector('[data-testid="stream-text"]')?.textContent ?? '';
      return status === 'streaming' && text.length >= (minLength as number) && text;
    },
    [index, minLength] as const,
    { polling: 'raf', timeout: 15_000 },
  );
  return (await handle.jsonValue()) as string;
}

const panel = (page: Page, index: number) => page.getByTestId('stream-panel').nth(index);

const panelText = async (page: Page, index: number) =>
  (await panel(page, index).getByTestId('stream-text').textContent()) ?? '';

/** The final summary of a panel (from `end`), as term → value. */
async function summary(page: Page, index: number): Promise<Record<string, string>> {
  return panel(page, index)
    .getByTestId('stream-usage')
    .evaluate((list) =>
      Object.fromEntries(
        [...list.querySelectorAll('div')].map((row) => [
          row.querySelector('dt')?.textContent ?? '',
          row.querySelector('dd')?.textContent ?? '',
        ]),
      ),
    );
}

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

describe('the demo in Chromium (vite preview, simulated model)', () => {
  test('a stream shows partial text while streaming, then the full text, done, and its usage', async () => {
    const page = await openDemo();
    await start(page, 'Explain how token streaming works in a chat application.');

    const partial = await waitForPartialText(page, 0, 1);
    const text = await waitForStatus(page, 0, 'done');
    expect(text.length).toBeGreaterThan(partial.length);
    expect(text.startsWith(partial)).toBe(true);

    await panel(page, 0).getByTestId('stream-usage').waitFor();
    const final = await summary(page, 0);
    const tokenCount = Number(await panel(page, 0).getByTestId('stat-tokens').textContent());
    expect(final['Finish reason']).toBe('stop');
    expect(Number(final['Input tokens'])).toBeGreaterThan(0);
    // The simulated model reports exactly the tokens it streamed: the route's usage matches what the page counted.
    expect(Number(final['Output tokens'])).toBe(tokenCount);
    expect(final.Model).toBe('tokenflow-sim');
    expect(await page.getByTestId('stop-button').isDisabled()).toBe(true);
    await screenshot(page, '1-stream-done');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('Stop aborts a stream mid-way and keeps its partial text', async () => {
    const page = await openDemo();
    // A long answer: several seconds even at the test's pace.
    await start(page, 'Write a long, detailed essay about caching in web applications.', '4000');

    await waitForPartialText(page, 0, 200);
    await page.getByTestId('stop-button').click();
    const stopped = await waitForStatus(page, 0, 'aborted', 5_000);
    expect(stopped.length).toBeGreaterThan(200);

    await page.waitForTimeout(600);
    expect(await panelText(page, 0)).toBe(stopped);
    await panel(page, 0).getByTestId('stream-usage').waitFor();
    expect((await summary(page, 0))['Finish reason']).toBe('aborted');
    await screenshot(page, '2-stream-stopped');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('compare mode runs three streams at once, and all complete', async () => {
    const page = await openDemo();
    await page.getByTestId('compare-switch').check();
    await page.getByTestId('boundaries-switch').check();
    // Every status change, timed as it happens (a poll can miss one on a busy machine).
    await page.evaluate(() => {
      const changes: { panel: number; status: string; at: number }[] = [];
      (window as unknown as { statusChanges: typeof changes }).statusChanges = changes;
      new MutationObserver(() => {
        document.querySelectorAll('[data-testid="stream-status"]').forEach((status, panel) => {
          const last = changes.filter((change) => change.panel === panel).at(-1);
          if (last?.status !== status.textContent) {
            changes.push({ panel, status: status.textContent ?? '', at: performance.now() });
          }
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await start(page, 'Explain how server-sent events deliver tokens to a React app.');

    await expect(page.getByTestId('stream-panel').count()).resolves.toBe(3);
    const texts = await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
    // All three were under way at the same time: each was streaming before any had finished.
    const changes = await page.evaluate(
      () => (window as unknown as { statusChanges: { panel: number; status: string; at: number }[] }).statusChanges,
    );
    const firstAt = (panel: number, status: string) =>
      changes.find((change) => change.panel === panel && change.status === status)?.at ?? Number.NaN;
    const lastStarted = Math.max(...[0, 1, 2].map((panel) => firstAt(panel, 'streaming')));
    const firstDone = Math.min(...[0, 1, 2].map((panel) => firstAt(panel, 'done')));
    expect(lastStarted).toBeLessThan(firstDone);
    for (const text of texts) expect(text.length).toBeGreaterThan(100);
    // Temperatures 0, 0.7 and 1.4 sample differently.
    expect(new Set(texts).size).toBeGreaterThan(1);
    // With token boundaries shown, each token is an element of its own.
    expect(await panel(page, 0).locator('.token').count()).toBeGreaterThan(20);

    await expect(page.getByTestId('log-function').locator('li').count()).resolves.toBeGreaterThan(0);
    await page.getByTestId('log-port').getByText('end: done').first().waitFor();
    await page.waitForTimeout(300); // one more redraw of the chart (4 per second) after the end
    const drawn = await page
      .locator('[data-testid="rate-chart"] path.series')
      .evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? ''));
    expect(drawn).toHaveLength(3);
    for (const d of drawn) expect(d.length).toBeGreaterThan(10);
    await screenshot(page, '3-compare');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('the fault switch makes the stream fail mid-way: the error is shown and the partial text kept', async () => {
    const page = await openDemo();
    await page.getByTestId('fault-switch').check();
    await start(page, 'Explain how token streaming works in a chat application.');

    const alert = panel(page, 0).getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.getByTestId('stream-error-code').textContent()).toBe('provider');
    expect(await alert.textContent()).toContain('The model provider is unavailable');
    const text = await waitForStatus(page, 0, 'error', 5_000);
    expect(text.length).toBeGreaterThan(0);
    // The faulty model breaks after SIM_FAIL_AFTER_TOKENS tokens, all of which the page kept.
    expect(await panel(page, 0).getByTestId('stat-tokens').textContent()).toBe(SIMULATION.SIM_FAIL_AFTER_TOKENS);
    await screenshot(page, '4-fault');
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
/** Where the controls are in the window: what the pointer would land on. */
const CONTROLS = ['prompt', 'start-button', 'stop-button', 'compare-switch', 'boundaries-switch', 'fault-switch'];
const controlPositions = (page: Page) =>
  page.evaluate(
    (ids) =>
      Object.fromEntries(
        ids.map((id) => {
          const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
          return [id, box ? `${Math.round(box.x)},${Math.round(box.y)}` : 'missing'];
        }),
      ),
    CONTROLS,
  );

/** Clicks the middle of an element with the pointer, as a person would: no scrolling it into view first. */
async function pointerClick(page: Page, testId: string, clickCount = 1) {
  const box = await page.getByTestId(testId).boundingBox();
  if (box === null) throw new Error(`${testId} is not shown.`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount });
}

describe('the demo as a new user meets it', () => {
  test('an example prompt is answered as asked; temperature 0 always the same, above it the seed decides; any other prompt says it is simulated', async () => {
    const page = await openDemo();
    await page.getByTestId('compare-switch').check();
    await page.getByTestId('example-capital').click();
    expect(await page.getByTestId('prompt').inputValue()).toBe(EXAMPLE_PROMPTS.capital);
    await page.getByTestId('start-button').click();
    const first = await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
    for (const text of first) expect(text).toContain('Paris');
    expect(first[0]).toMatch(/^The capital of France is Paris\. /);
    await screenshot(page, '5-example-answer');

    await page.getByTestId('start-button').click();
    await waitForPartialText(page, 0, 1);
    const second = await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
    expect(second[0]).toBe(first[0]);

    // Above temperature 0, the seed decides: the same one repeats the answers, another one changes them.
    const withSeed = async (seed: string) => {
      await page.getByTestId('seed').fill(seed);
      await start(page, EXAMPLE_PROMPTS.streaming);
      await waitForPartialText(page, 0, 1);
      return Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
    };
    const seven = await withSeed('7');
    expect(await withSeed('7')).toEqual(seven);
    const eight = await withSeed('8');
    expect(eight[0]).toBe(seven[0]);
    expect(eight.slice(1)).not.toEqual(seven.slice(1));
    await page.getByTestId('seed').fill('');

    await page.getByTestId('compare-switch').uncheck();
    await start(page, 'Who painted the Mona Lisa?');
    const note = await waitForStatus(page, 0, 'done');
    expect(note).toContain('simulated model');
    expect(note).toContain('"Who painted the Mona Lisa?"');
    expect(note).toContain('OPENAI_API_KEY');
    await screenshot(page, '6-other-prompt');
    expect(pageErrors).toEqual([]);
  }, 40_000);

  for (const viewport of [DESKTOP, PHONE]) {
    test(`a refused Start leaves the running stream alone and says what to fix next to the prompt (${viewport.width} px)`, async () => {
      const page = await openDemo(viewport);
      await start(page, EXAMPLE_PROMPTS.caching, '4000');
      await waitForPartialText(page, 0, 100);

      await page.getByTestId('prompt').fill('   ');
      // Start in view, where the pointer clicks it.
      await page.getByTestId('start-button').evaluate((button) => button.scrollIntoView({ block: 'nearest' }));
      const before = await controlPositions(page);
      await pointerClick(page, 'start-button');
      const prompt = page.getByTestId('prompt');
      await page.waitForFunction(() => document.querySelector('[data-testid="prompt"]')?.ariaInvalid === 'true');
      const problem = page.getByTestId('prompt-problem');
      const message = (await problem.textContent()) ?? '';
      expect(message).toMatch(/prompt/i);
      expect(message).not.toMatch(/non-empty string|got "/);
      const problemId = await problem.getAttribute('id');
      expect((await prompt.getAttribute('aria-describedby'))?.split(' ')).toContain(problemId);
      // Right under the field, not at the other end of the form.
      const [field, said] = [await prompt.boundingBox(), await problem.boundingBox()];
      expect((said?.y ?? 0) - ((field?.y ?? 0) + (field?.height ?? 0))).toBeLessThan(40);
      // Nothing moved: the message has its place kept.
      expect(await controlPositions(page)).toEqual(before);
      await screenshot(page, `7-refused-start-${viewport.width}`);

      // The stream that ran still runs, and still grows.
      const during = await panelText(page, 0);
      expect(await panel(page, 0).getByTestId('stream-status').textContent()).toBe('streaming');
      await waitForPartialText(page, 0, during.length + 20);
      expect(await page.getByTestId('stream-panel').count()).toBe(1);

      await prompt.fill(EXAMPLE_PROMPTS.capital);
      expect(await prompt.getAttribute('aria-invalid')).not.toBe('true');
      await page.getByTestId('start-button').click();
      expect(await waitForStatus(page, 0, 'done')).toContain('Paris');
      expect(pageErrors).toEqual([]);
    }, 40_000);

    test(`the page stays put across Start, Stop keeps focus, and Escape stops (${viewport.width} px)`, async () => {
      const page = await openDemo(viewport);
      await page.getByTestId('compare-switch').check();
      await start(page, EXAMPLE_PROMPTS.streaming);
      await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
      await page.getByTestId('compare-switch').uncheck();
      // Scrolled to the end (reading the logs), with Start in view: a tall result gives way to a short one.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.getByTestId('start-button').evaluate((button) => button.scrollIntoView({ block: 'nearest' }));
      const before = await controlPositions(page);
      await pointerClick(page, 'start-button', 2);
      await waitForPartialText(page, 0, 1);
      expect(await controlPositions(page)).toEqual(before);
      await waitForStatus(page, 0, 'done');
      expect(await controlPositions(page)).toEqual(before);
      expect(await page.getByTestId('fault-switch').isChecked()).toBe(false);
      await screenshot(page, `8-layout-after-start-${viewport.width}`);

      // Stop by pointer: focus stays in the form, on Start or the prompt.
      await start(page, EXAMPLE_PROMPTS.caching, '4000');
      await waitForPartialText(page, 0, 100);
      await page.getByTestId('stop-button').click();
      await waitForStatus(page, 0, 'aborted', 5_000);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      expect(['start-button', 'prompt']).toContain(await focused());

      // Keyboard only: Ctrl+Enter in the prompt starts, Escape stops.
      await page.getByTestId('prompt').focus();
      await page.keyboard.press('Control+Enter');
      await waitForPartialText(page, 0, 100);
      await page.keyboard.press('Escape');
      await waitForStatus(page, 0, 'aborted', 5_000);
      expect(['start-button', 'prompt']).toContain(await focused());
      await screenshot(page, `9-escape-stopped-${viewport.width}`);
      expect(pageErrors).toEqual([]);
    }, 60_000);
  }

  test('each panel shows first token and rate once, with one definition, and the same rate everywhere once ended', async () => {
    const page = await openDemo();
    await page.getByTestId('compare-switch').check();
    // Short answers, where rates measured differently disagree the most.
    await start(page, EXAMPLE_PROMPTS.capital);
    await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
    await page.waitForTimeout(300);
    for (const index of [0, 1, 2]) {
      const terms = await panel(page, index).locator('dt').allTextContents();
      expect(terms.filter((term) => term === 'First token')).toHaveLength(1);
      expect(terms.filter((term) => term === 'Rate')).toHaveLength(1);
      const rateTerm = panel(page, index).locator('dt', { hasText: /^Rate$/ });
      expect(await rateTerm.getAttribute('title')).toMatch(/per second.*first token/i);
      const rate = (await panel(page, index).getByTestId('stat-rate').textContent()) ?? '';
      expect(rate).toMatch(/tok\/s$/);
      const legend = page.getByTestId('rate-chart').locator(`li[data-series="${index}"]`);
      expect(await legend.textContent()).toContain(rate);
      const tokens = await panel(page, index).getByTestId('stat-tokens').textContent();
      expect((await summary(page, index))['Output tokens']).toBe(tokens);
    }
    await screenshot(page, '10-stats-once');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  for (const viewport of [DESKTOP, PHONE]) {
    test(`axe finds no serious or critical violation, idle and after a compare run (${viewport.width} px)`, async () => {
      const page = await openDemo(viewport);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId('compare-switch').check();
      await start(page, EXAMPLE_PROMPTS.haiku);
      await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `11-axe-after-compare-${viewport.width}`);
    }, 30_000);
  }
});

describe('durable streams in the demo: a drop, a reload, another tab, going offline', () => {
  const PROMPT = EXAMPLE_PROMPTS.caching;
  /** A seeded answer is the same at every Start: the uncut one is what every cut one must end with. */
  const SEED = '7';
  const MAX_TOKENS = '700';
  let uncut: Promise<string> | undefined;

  async function startSeeded(page: Page) {
    await page.getByTestId('seed').fill(SEED);
    await start(page, PROMPT, MAX_TOKENS);
  }

  /** The answer read without any cut, once for the whole block. */
  function uncutAnswer(): Promise<string> {
    uncut ??= (async () => {
      const page = await openDemo();
      await startSeeded(page);
      const text = await waitForStatus(page, 0, 'done');
      await context?.close();
      context = undefined;
      return text;
    })();
    return uncut;
  }

  test('Drop connection mid-stream: the page says it reconnects, then the text goes on to the uncut answer, each token once', async () => {
    const expected = await uncutAnswer();
    const page = await openDemo();
    await startSeeded(page);
    const before = await waitForPartialText(page, 0, 200);
    await page.getByTestId('drop-button').click();
    await waitForStatus(page, 0, 'reconnecting', 2_000);
    const text = await waitForStatus(page, 0, 'done');
    expect(text.startsWith(before)).toBe(true);
    expect(text).toBe(expected);
    await panel(page, 0).getByTestId('stream-usage').waitFor();
    expect((await summary(page, 0)).Reconnects).toBe('1');
    await screenshot(page, '12-dropped-and-reconnected');
    expect(pageErrors).toEqual([]);
  }, 40_000);

  test('a reload mid-stream brings the same stream back, and it ends with the uncut answer', async () => {
    const expected = await uncutAnswer();
    const page = await openDemo();
    await startSeeded(page);
    await waitForPartialText(page, 0, 200);
    const handle = await panel(page, 0).getAttribute('data-handle');
    await page.reload();
    await expect.poll(() => panel(page, 0).getAttribute('data-handle')).toBe(handle);
    expect(await panel(page, 0).getByRole('heading').textContent()).toBe('Resumed after a reload');
    expect(await waitForStatus(page, 0, 'done')).toBe(expected);
    await screenshot(page, '13-resumed-after-reload');
    // Over: the next load has nothing to resume.
    await page.reload();
    await page.getByText('Start a stream to watch its tokens arrive.').waitFor();
    expect(pageErrors).toEqual([]);
  }, 40_000);

  test('"Open in another tab" shows the same stream live there; Stop in that tab stops it in both', async () => {
    const page = await openDemo();
    await startSeeded(page);
    await waitForPartialText(page, 0, 100);
    const [other] = await Promise.all([
      (context as BrowserContext).waitForEvent('page'),
      panel(page, 0).getByTestId('open-in-tab').click(),
    ]);
    const otherErrors: string[] = [];
    other.on('pageerror', (error) => otherErrors.push(error.message));
    await waitForPartialText(other, 0, 150);
    expect(await panel(other, 0).getAttribute('data-handle')).toBe(await panel(page, 0).getAttribute('data-handle'));
    await other.getByTestId('stop-button').click();
    const [here, there] = await Promise.all([waitForStatus(page, 0, 'aborted'), waitForStatus(other, 0, 'aborted')]);
    // One generation, stopped once: both tabs end with the text as it was generated up to the stop.
    expect(there).toBe(here);
    expect(here.length).toBeGreaterThan(100);
    expect(await panel(page, 0).getByTestId('stream-stopped').textContent()).toMatch(/stopped/i);
    await screenshot(other, '14-stopped-from-another-tab');
    expect([...pageErrors, ...otherErrors]).toEqual([]);
  }, 40_000);

  test('offline mid-stream, then online again: the reconnects fail while offline, then one succeeds and the stream ends with the uncut answer', async () => {
    const expected = await uncutAnswer();
    const page = await openDemo();
    await startSeeded(page);
    await waitForPartialText(page, 0, 200);
    // Chromium's offline mode fails new requests but leaves an open response streaming; a real network loss cuts
    // it too, which the demo's switch does.
    await (context as BrowserContext).setOffline(true);
    await page.getByTestId('drop-button').click();
    await waitForStatus(page, 0, 'reconnecting', 2_000);
    // Offline for longer than the first reconnect attempts (250 ms, then 500 ms): they fail, the stream waits on.
    await page.waitForTimeout(1_000);
    expect(await panel(page, 0).getByTestId('stream-status').textContent()).toBe('reconnecting');
    await (context as BrowserContext).setOffline(false);
    expect(await waitForStatus(page, 0, 'done')).toBe(expected);
    await panel(page, 0).getByTestId('stream-usage').waitFor();
    expect(Number((await summary(page, 0)).Reconnects)).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  }, 40_000);
});

/** How many times a part of panel `index` rendered, as its render count says (the dev view's). */
const renders = async (page: Page, index: number, part: string) =>
  Number(await panel(page, index).getByTestId(`render-count-${part}`).first().getAttribute('data-renders'));

/** What a panel's tool card and render counts show at one moment, with the length of the answer so far. */
interface ToolMoment {
  state: string;
  city: string;
  busy: string;
  answer: number;
  toolRenders: number;
  answerRenders: number;
}

/** What a panel's reasoning shows at one moment: open or folded, its summary, how much reasoning and answer. */
interface ReasoningMoment {
  open: boolean;
  summary: string;
  reasoning: number;
  answer: number;
}

describe('every part of a stream, live: reasoning, a tool call, a structured output', () => {
  test('the reasoning streams in an open panel, which folds to "Thought for N s" as the answer follows; the panel does not render for the answer', async () => {
    const page = await openDemo();
    await page.getByTestId('render-counts-switch').check();
    // Every state of the first panel's reasoning, as each change of the page shows it.
    await page.evaluate(() => {
      const moments: ReasoningMoment[] = [];
      (window as unknown as { moments: ReasoningMoment[] }).moments = moments;
      new MutationObserver(() => {
        const details = document.querySelector<HTMLDetailsElement>('[data-testid="reasoning"]');
        if (!details) return;
        const moment = {
          open: details.open,
          summary: details.querySelector('[data-testid="reasoning-summary"]')?.textContent ?? '',
          reasoning: details.querySelector('[data-testid="reasoning-text"]')?.textContent?.length ?? 0,
          answer: document.querySelector('[data-testid="stream-text"]')?.textContent?.length ?? 0,
        };
        if (JSON.stringify(moments.at(-1)) !== JSON.stringify(moment)) moments.push(moment);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByTestId('example-thinking').click();
    expect(await page.getByTestId('prompt').inputValue()).toBe(PART_EXAMPLES.thinking.prompt);
    await page.getByTestId('start-button').click();

    // Folded once the answer has started: from then on, the answer's tokens do not render the reasoning panel.
    const folded = panel(page, 0).getByTestId('reasoning-summary');
    await expect.poll(() => folded.textContent(), { timeout: 15_000 }).toMatch(/^Thought for/);
    const foldedAt = await renders(page, 0, 'reasoning');
    const answerAtFold = await renders(page, 0, 'answer');
    const text = await waitForStatus(page, 0, 'done');
    expect(text).toMatch(/token/);
    expect(await renders(page, 0, 'answer')).toBeGreaterThan(answerAtFold + 3);
    expect(await renders(page, 0, 'reasoning')).toBe(foldedAt);

    const moments = await page.evaluate(() => (window as unknown as { moments: ReasoningMoment[] }).moments);
    const thinking = moments.filter((moment) => moment.open && moment.summary === 'Thinking…' && moment.answer === 0);
    // It streamed: the open panel showed the reasoning growing, before any of the answer.
    expect(new Set(thinking.map((moment) => moment.reasoning)).size).toBeGreaterThan(2);
    const last = moments.at(-1);
    expect(last?.open).toBe(false);
    expect(last?.summary).toMatch(/^Thought for \d+(\.\d)? s$/);
    // (Its last words may come with the answer's first ones, in the update that folds it.)
    expect(last?.reasoning).toBeGreaterThanOrEqual(Math.max(...thinking.map((moment) => moment.reasoning)));
    const details = panel(page, 0).getByTestId('reasoning');
    expect(await details.getAttribute('data-thinking')).toBe('false');
    // The stats count the answer's tokens (as the library's timing does); the usage bills the reasoning too.
    const final = await summary(page, 0);
    expect(Number(final['Output tokens'])).toBeGreaterThan(
      Number(await panel(page, 0).getByTestId('stat-tokens').textContent()),
    );
    await screenshot(page, '15-reasoning-folded');

    // A reader opens it with the keyboard, and it stays open; Enter folds it again.
    const summaryControl = details.locator('summary');
    await summaryControl.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    expect(await panel(page, 0).getByTestId('reasoning-text').isVisible()).toBe(true);
    expect((await panel(page, 0).getByTestId('reasoning-text').textContent())?.length).toBe(last?.reasoning);
    await screenshot(page, '15-reasoning-opened');
    await page.keyboard.press('Enter');
    await expect.poll(() => details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('a tool call card fills in its input as it streams, shows the output, and the answer uses it; the card does not render for the answer', async () => {
    const page = await openDemo();
    await page.getByTestId('render-counts-switch').check();
    // Every state of the first panel's tool card (its call's state, the city its input has so far) and the render
    // counts with the answer's length, as each change of the page shows them.
    await page.evaluate(() => {
      const seen: ToolMoment[] = [];
      (window as unknown as { toolMoments: ToolMoment[] }).toolMoments = seen;
      const count = (part: string) =>
        Number(document.querySelector(`[data-testid="render-count-${part}"]`)?.getAttribute('data-renders'));
      new MutationObserver(() => {
        const card = document.querySelector('[data-testid="tool-card"]');
        const city = card?.querySelector('[data-testid="tool-input-city"]');
        if (!card || !city) return;
        const moment = {
          state: card.getAttribute('data-state') ?? '',
          city: city.textContent ?? '',
          busy: city.getAttribute('aria-busy') ?? '',
          answer: document.querySelector('[data-testid="stream-text"]')?.textContent?.length ?? 0,
          toolRenders: count('tool'),
          answerRenders: count('answer'),
        };
        if (JSON.stringify(seen.at(-1)) !== JSON.stringify(moment)) seen.push(moment);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByTestId('example-weather').click();
    await page.getByTestId('start-button').click();

    // The tool runs for a while on the server (SIM_TOOL_MS, 600 ms): the card has its whole input, no output yet.
    const card = panel(page, 0).getByTestId('tool-card');
    await card.and(page.locator('[data-state="input-available"]')).waitFor();
    expect(await card.getByTestId('tool-state').textContent()).toBe('Running');
    expect(await card.getByTestId('tool-input-city').textContent()).toBe('Oslo');
    expect(await card.getByRole('heading').textContent()).toBe('Tool call: weather');
    await screenshot(page, '15-tool-running');

    await card.and(page.locator('[data-state="output-available"]')).waitFor();
    const temperature = (await card.getByTestId('tool-output-temperatureC').textContent()) ?? '';
    const conditions = (await card.getByTestId('tool-output-conditions').textContent()) ?? '';
    expect(temperature).toMatch(/^-?\d+ °C$/);
    expect(conditions).toMatch(/^[a-z ]+$/);
    expect(await card.getByTestId('tool-output-windKph').textContent()).toMatch(/^\d+ km\/h$/);

    const text = await waitForStatus(page, 0, 'done');
    expect(text).toContain(`${temperature} and ${conditions} in Oslo`);
    expect(await card.getByTestId('tool-state').textContent()).toBe('Done');
    const seen = await page.evaluate(() => (window as unknown as { toolMoments: ToolMoment[] }).toolMoments);

    // While the answer's text streamed (a short one: a few updates), the card rendered not once more; the answer's
    // text view rendered at each update.
    const answering = seen.filter((moment) => moment.answer > 0);
    const [first, last] = [answering[0], answering.at(-1)];
    expect(last?.answer).toBe(text.length);
    expect(last?.answerRenders).toBeGreaterThan(first?.answerRenders ?? 0);
    expect(first?.answer).toBeLessThan(text.length);
    expect(new Set(answering.map((moment) => moment.toolRenders))).toEqual(new Set([first?.toolRenders]));
    // It rendered as its call changed: a few times in all.
    expect(await renders(page, 0, 'tool')).toBe(first?.toolRenders);
    expect(first?.toolRenders).toBeLessThan(10);

    // The input filled in as it streamed: the card came while it was being written, the city only ever grew
    // toward "Oslo", and the states came in order.
    expect(seen[0]).toMatchObject({ state: 'input-streaming', busy: 'true' });
    for (const { city } of seen) expect('Oslo'.startsWith(city)).toBe(true);
    const order = ['input-streaming', 'input-available', 'output-available'];
    const states = seen.map(({ state }) => order.indexOf(state));
    expect(states).toEqual([...states].sort());
    expect(new Set(states)).toEqual(new Set([0, 1, 2]));
    await screenshot(page, '15-tool-done');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('a recipe asked as structured output fills its card field by field (the title before the steps are done), and ends as the JSON text says, checked by the schema', async () => {
    const page = await openDemo();
    await page.getByTestId('render-counts-switch').check();
    await page.getByTestId('example-recipe').click();
    expect(await page.getByTestId('recipe-switch').isChecked()).toBe(true);
    expect(await page.getByTestId('prompt').inputValue()).toBe(PART_EXAMPLES.recipe.prompt);
    await page.getByTestId('start-button').click();

    // The title is whole while the steps are still to come or being written.
    const early = await page.waitForFunction(
      () => {
        const card = document.querySelector('[data-testid="stream-panel"] [data-testid="recipe-card"]');
        const title = card?.querySelector('[data-testid="recipe-title"]');
        const steps = card?.querySelector('[data-testid="recipe-steps"]');
        return (
          title?.getAttribute('aria-busy') === 'false' &&
          steps?.getAttribute('aria-busy') === 'true' && {
            title: title.textContent,
            steps: steps.querySelectorAll('li').length,
            checked: card?.querySelector('[data-testid="recipe-check"]')?.getAttribute('data-check'),
          }
        );
      },
      undefined,
      { polling: 'raf', timeout: 15_000 },
    );
    const before = (await early.jsonValue()) as { title: string; steps: number; checked: string };
    await screenshot(page, '15-recipe-streaming');

    // The JSON text (kept, hidden behind the card) is the recipe the card shows, field for field.
    const json = await waitForStatus(page, 0, 'done');
    const recipe = JSON.parse(json) as {
      title: string;
      description: string;
      servings: number;
      minutes: number;
      ingredients: { name: string; quantity: string }[];
      steps: string[];
    };
    expect(before.title).toBe(recipe.title);
    expect(before.steps).toBeLessThan(recipe.steps.length);
    expect(before.checked).toBe('streaming');
    const card = panel(page, 0).getByTestId('recipe-card');
    expect(await card.getByTestId('recipe-title').textContent()).toBe(recipe.title);
    expect(await card.getByTestId('recipe-description').textContent()).toBe(recipe.description);
    expect(await card.getByTestId('recipe-servings').textContent()).toBe(String(recipe.servings));
    expect(await card.getByTestId('recipe-minutes').textContent()).toBe(`${recipe.minutes} min`);
    expect(await card.getByTestId('recipe-ingredients').locator('li').allTextContents()).toEqual(
      recipe.ingredients.map(({ name, quantity }) => `${quantity} ${name}`),
    );
    expect(await card.getByTestId('recipe-steps').locator('li').allTextContents()).toEqual(recipe.steps);
    await expect.poll(() => card.getByTestId('recipe-check').getAttribute('data-check')).toBe('valid');
    expect(await card.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await renders(page, 0, 'recipe')).toBeGreaterThan(5);
    await screenshot(page, '15-recipe-done');

    // The switch shows the JSON text instead, and back.
    expect(await panel(page, 0).getByTestId('stream-text').isVisible()).toBe(false);
    await panel(page, 0).getByTestId('json-switch').check();
    expect(await panel(page, 0).getByTestId('stream-text').isVisible()).toBe(true);
    expect(await card.isVisible()).toBe(false);
    await screenshot(page, '15-recipe-json-text');
    await panel(page, 0).getByTestId('json-switch').uncheck();
    expect(await card.isVisible()).toBe(true);

    // Another tab shows it as a recipe too, and so does this one after a reload mid-stream.
    expect(await panel(page, 0).getByTestId('open-in-tab').getAttribute('href')).toContain('output=recipe');
    await page.getByTestId('start-button').click();
    await panel(page, 0).getByTestId('recipe-title').and(page.locator('[aria-busy="false"]')).waitFor();
    await page.reload();
    expect(await panel(page, 0).getByRole('heading', { level: 3 }).textContent()).toBe('Resumed after a reload');
    expect(await waitForStatus(page, 0, 'done')).toBe(json);
    await expect.poll(() => card.getByTestId('recipe-check').getAttribute('data-check')).toBe('valid');

    // Another example is a text question again: the recipe switch follows it.
    await page.getByTestId('example-recipe').click();
    await page.getByTestId('example-capital').click();
    expect(await page.getByTestId('recipe-switch').isChecked()).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 40_000);

  for (const viewport of [DESKTOP, PHONE]) {
    test(`axe finds no serious or critical violation with reasoning, tool cards and recipe cards shown (${viewport.width} px)`, async () => {
      const page = await openDemo(viewport);
      await page.getByTestId('render-counts-switch').check();
      await page.getByTestId('compare-switch').check();
      // The reasoning model thinks before the call and again before the answer: open while the tool runs.
      await page.getByTestId('model-select').selectOption('tokenflow-sim-reasoning');
      await page.getByTestId('example-weather').click();
      await page.getByTestId('start-button').click();
      await page.locator('[data-testid="tool-card"][data-state="input-available"]').first().waitFor();
      expect(await panel(page, 0).getByTestId('reasoning-summary').textContent()).toBe('Thinking…');
      await screenshot(page, `15-axe-thinking-tool-${viewport.width}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
      // Opened again by a reader, so its content is checked too.
      await panel(page, 0).getByTestId('reasoning').locator('summary').click();
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('example-recipe').click();
      await page.getByTestId('start-button').click();
      await Promise.all([0, 1, 2].map((index) => waitForStatus(page, index, 'done')));
      expect(await panel(page, 0).getByTestId('reasoning-summary').textContent()).toMatch(/^Thought for/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `15-axe-recipe-${viewport.width}`);
      expect(pageErrors).toEqual([]);
    }, 40_000);
  }
});
