import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPreviewDemo, launchChromium, openDemoPage, type PreviewedDemo, saveEnv } from '../support/browser.js';
import { type FakeOpenAI, readRecording, startFakeOpenAI } from '../support/fake-openai.js';
import { activeTimers, CLOSE_MS, textOf, within } from '../support/interruption-rig.js';
import { startTcpLink, type TcpLink } from '../support/tcp-link.js';

/**
 * The interruption cells that need a real browser: the demo, built and served by `vite preview`, its route
 * calling OpenAI through `@ai-sdk/openai` pointed at the fake OpenAI server (which serves a real Responses API
 * recording), driven in Chromium. A tab that stops mid-stream closes the route's provider connection at once
 * (within CLOSE_MS). A tab that navigates away or closes is a disconnect, not a stop: the generation goes on for a
 * reader that may come back, and is abandoned (its provider connection closed) once nobody has read it for the
 * route's abandonAfterMs. Either way nothing (request, connection, timer) is left on the server afterwards.
 */

const screenshots = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

/** A long Responses API recording, cut after this many frames: some text streamed, most not. */
const RECORDING = readRecording('responses-background-queued-long.sse');
const MIDWAY = 40;
const PARTIAL = textOf(RECORDING, MIDWAY);

/**
 * The demo route's abandonAfterMs here (its STREAM_ABANDON_AFTER_MS; the demo's default is the library's, 5
 * minutes): short, so waiting for it costs little, and longer than CLOSE_MS, so an abandoned stream's provider
 * connection is seen open past the window in which a stop closes it.
 */
const ABANDON_MS = 300;
/**
 * The latest an abandoned stream's provider connection closes after the page let go: the route checks every
 * quarter of abandonAfterMs, so it stops the stream within 1.25 × ABANDON_MS of its last reader leaving, and
 * CLOSE_MS covers the route seeing the client go and the closing reaching the provider.
 */
const ABANDONED_WITHIN_MS = ABANDON_MS * 1.25 + CLOSE_MS;

const ENV_KEYS = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_API',
  'OPENAI_MODELS',
  'STREAM_ABANDON_AFTER_MS',
  'NODE_ENV',
];
const restoreEnv = saveEnv(ENV_KEYS);

let provider: FakeOpenAI;
let providerLink: TcpLink;
let demo: PreviewedDemo | undefined;
let browser: Browser | undefined;
let baseUrl: string;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];
/** `/api/stream` requests the preview server is still answering. */
let streamRequests = 0;
/** When the preview server last saw an `/api/stream` response close (the client disconnecting): performance.now(). */
let streamClosedAt = Number.NaN;

beforeAll(async () => {
  provider = await startFakeOpenAI();
  // The route reaches the provider through a link that counts its connections.
  providerLink = await startTcpLink(Number(new URL(provider.baseURL).port));
  // The demo's routes read these when they load, at their first request (after the build).
  process.env.OPENAI_API_KEY = 'test-key';
  process.env.OPENAI_BASE_URL = providerLink.url(provider.baseURL);
  process.env.OPENAI_MODELS = 'gpt-4o-mini';
  process.env.STREAM_ABANDON_AFTER_MS = String(ABANDON_MS);
  delete process.env.OPENAI_API;
  mkdirSync(screenshots, { recursive: true });
  demo = await buildAndPreviewDemo();
  const { server } = demo;
  server.httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/api/stream')) return;
    streamRequests++;
    response.on('close', () => {
      streamRequests--;
      streamClosedAt = performance.now();
    });
  });
  baseUrl = demo.url;
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
  // Closing the tab is a disconnect: a stream a failed cell left running goes on until it is abandoned. Waiting for
  // that (bounded) lets the next cell start with no provider connection open, as streamHalfway checks.
  await settled(() => providerLink.open === 0, ABANDONED_WITHIN_MS + 1_000);
});

/** Polls (bounded, with its own timer rather than vi.waitFor's) until `done()`; answers whether it got there. */
async function settled(done: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

afterAll(async () => {
  const out = fileURLToPath(new URL('../../test-results/interruptions', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'browser.md'),
    [
      '| cell | provider closed after the page let go | after the route saw the client go |',
      '| --- | --- | --- |',
      ...measured,
      '',
    ].join('\n'),
  );
  await browser?.close();
  await demo?.close();
  await providerLink?.close();
  await provider?.close();
  restoreEnv();
});

/** A fresh tab of the demo, once it knows OpenAI (the fake) is live. */
async function openDemo(): Promise<Page> {
  const opened = await openDemoPage(browser, baseUrl, 'OpenAI, Responses API', 10_000);
  ({ context, errors: pageErrors } = opened);
  return opened.page;
}

/** Starts a stream from the page and waits until it shows the recording's partial text, streaming. */
async function streamHalfway(page: Page) {
  const answer = provider.serve(RECORDING, { stallAfterFrames: MIDWAY });
  const goneAt = answer.clientGone.then(() => performance.now());
  await page.getByTestId('prompt').fill('Tell me a bedtime story.');
  await page.getByTestId('start-button').click();
  await answer.stalled;
  await page.waitForFunction(
    (partial) => {
      const panel = document.querySelector('[data-testid="stream-panel"]');
      return (
        panel?.querySelector('[data-testid="stream-status"]')?.textContent === 'streaming' &&
        // The page keeps the text as it is, paragraph breaks included (white-space: pre-wrap).
        panel.querySelector('[data-testid="stream-text"]')?.textContent === partial
      );
    },
    PARTIAL,
    { polling: 'raf' },
  );
  expect(streamRequests).toBe(1);
  expect(providerLink.open).toBe(1);
  return { answer, goneAt };
}

/** Polls (bounded) until the server holds nothing of the stream; answers what it still holds. */
async function serverLeftovers(timersBefore: number) {
  const left = () => ({
    streamRequests,
    providerConnections: providerLink.open,
    timers: Math.max(0, activeTimers() - timersBefore),
  });
  await settled(() => Object.values(left()).every((count) => count === 0), 1_000);
  return left();
}
const NOTHING_LEFT = { streamRequests: 0, providerConnections: 0, timers: 0 };

/** What each test measured, written to test-results/interruptions/browser.md. */
const measured: string[] = [];

/**
 * Records this cell's closing time for the report, and checks the provider connection closed within CLOSE_MS of
 * the page letting go and that nothing is left on the server.
 */
async function expectClosedAndClean(closedMs: number, goneAt: Promise<number>, timersBefore: number): Promise<void> {
  await report(closedMs, goneAt);
  expect(closedMs).toBeLessThan(CLOSE_MS);
  expect(await serverLeftovers(timersBefore)).toEqual(NOTHING_LEFT);
}

/**
 * After the page let go at `leftAt` (a disconnect): checks that the route saw the client go while the provider
 * connection stayed open, that the stream was abandoned (its provider connection closed) no sooner than ABANDON_MS
 * and within ABANDONED_WITHIN_MS, and that nothing is left on the server.
 */
async function expectAbandonedAndClean(goneAt: Promise<number>, leftAt: number, timersBefore: number): Promise<void> {
  expect(await settled(() => streamRequests === 0, CLOSE_MS)).toBe(true);
  expect(providerLink.open).toBe(1);
  const closedMs = (await within(goneAt, ABANDONED_WITHIN_MS + 1_000, 'the abandoned stream closing')) - leftAt;
  await report(closedMs, goneAt);
  expect(closedMs).toBeGreaterThanOrEqual(ABANDON_MS);
  expect(closedMs).toBeLessThan(ABANDONED_WITHIN_MS);
  expect(await serverLeftovers(timersBefore)).toEqual(NOTHING_LEFT);
}

const report = async (closedMs: number, goneAt: Promise<number>) =>
  measured.push(
    `| ${expect.getState().currentTestName?.split(' > ').at(-1)} | ${ms(closedMs)} | ${ms((await goneAt) - streamClosedAt)} |`,
  );
const ms = (value: number) => `${value.toFixed(1)} ms`;

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

describe('interruptions in Chromium (the demo, on the fake OpenAI provider)', () => {
  test('1. Stop mid-stream: the page shows aborted with the partial text, the provider connection closes at once', async () => {
    const page = await openDemo();
    const timersBefore = activeTimers();
    const { goneAt } = await streamHalfway(page);

    // The moment of the click, on the page's clock (epoch ms, as on this process's clock): the stream is aborted
    // in the click handler itself.
    await page.getByTestId('stop-button').evaluate((button) => {
      button.addEventListener(
        'click',
        () => {
          (window as { stoppedAt?: number }).stoppedAt = performance.timeOrigin + performance.now();
        },
        { capture: true, once: true },
      );
    });
    await page.getByTestId('stop-button').click();
    const goneEpoch = performance.timeOrigin + (await within(goneAt, 1_000, 'the provider connection closing'));
    const closedMs =
      goneEpoch - (await page.evaluate(() => (window as { stoppedAt?: number }).stoppedAt ?? Number.NaN));

    const panel = page.getByTestId('stream-panel');
    await panel.getByTestId('stream-status').getByText('aborted').waitFor();
    expect(await panel.getByTestId('stream-text').textContent()).toBe(PARTIAL);
    await panel.getByTestId('stream-usage').waitFor();
    await expectClosedAndClean(closedMs, goneAt, timersBefore);
    await screenshot(page, 'interruption-1-stop');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('8. the tab navigates away mid-stream: the generation goes on, is abandoned after abandonAfterMs, nothing is left on the server', async () => {
    const page = await openDemo();
    const timersBefore = activeTimers();
    const { goneAt } = await streamHalfway(page);
    await screenshot(page, 'interruption-8-before-navigating-away');

    const leftAt = performance.now();
    await page.goto('about:blank');

    await expectAbandonedAndClean(goneAt, leftAt, timersBefore);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('8b. the tab is closed mid-stream: the generation goes on, is abandoned after abandonAfterMs, nothing is left on the server', async () => {
    const page = await openDemo();
    const timersBefore = activeTimers();
    const { goneAt } = await streamHalfway(page);
    await screenshot(page, 'interruption-8b-before-closing-the-tab');

    const leftAt = performance.now();
    await page.close();

    await expectAbandonedAndClean(goneAt, leftAt, timersBefore);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
