import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPreviewDemo, launchChromium, openDemoPage, type PreviewedDemo, saveEnv } from '../support/browser.js';
import { type FakeOpenAI, readRecording, startFakeOpenAI } from '../support/fake-openai.js';
import { activeTimers, CLOSE_MS, closedAfter, textOf, within } from '../support/interruption-rig.js';
import { startTcpLink, type TcpLink } from '../support/tcp-link.js';

/**
 * The interruption cells that need a real browser: the demo, built and served by `vite preview`, its route
 * calling OpenAI through `@ai-sdk/openai` pointed at the fake OpenAI server (which serves a real Responses API
 * recording), driven in Chromium. A tab that stops, navigates away or closes mid-stream must close the route's
 * provider connection within 100 ms, and leave no request, connection or timer behind on the server.
 */

const screenshots = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

/** A long Responses API recording, cut after this many frames: some text streamed, most not. */
const RECORDING = readRecording('responses-background-queued-long.sse');
const MIDWAY = 40;
const PARTIAL = textOf(RECORDING, MIDWAY);

const ENV_KEYS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_API', 'OPENAI_MODELS', 'NODE_ENV'];
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
});

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

/** Polls (bounded, without vi.waitFor's own timers) until the server holds nothing of the stream. */
async function serverLeftovers(timersBefore: number) {
  const deadline = performance.now() + 1_000;
  for (;;) {
    const left = {
      streamRequests,
      providerConnections: providerLink.open,
      timers: Math.max(0, activeTimers() - timersBefore),
    };
    if (Object.values(left).every((count) => count === 0) || performance.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const NOTHING_LEFT = { streamRequests: 0, providerConnections: 0, timers: 0 };

/** What each test measured, written to test-results/interruptions/browser.md. */
const measured: string[] = [];

/**
 * Records this cell's closing time for the report, and checks the provider connection closed within CLOSE_MS of
 * the page letting go and that nothing is left on the server.
 */
async function expectClosedAndClean(closedMs: number, goneAt: Promise<number>, timersBefore: number): Promise<void> {
  measured.push(
    `| ${expect.getState().currentTestName?.split(' > ').at(-1)} | ${ms(closedMs)} | ${ms((await goneAt) - streamClosedAt)} |`,
  );
  expect(closedMs).toBeLessThan(CLOSE_MS);
  expect(await serverLeftovers(timersBefore)).toEqual(NOTHING_LEFT);
}
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

  test('8. the tab navigates away mid-stream: the provider connection closes at once, nothing is left on the server', async () => {
    const page = await openDemo();
    const timersBefore = activeTimers();
    const { goneAt } = await streamHalfway(page);
    await screenshot(page, 'interruption-8-before-navigating-away');

    const leftAt = performance.now();
    await page.goto('about:blank');
    const closedMs = await closedAfter(goneAt, leftAt);

    await expectClosedAndClean(closedMs, goneAt, timersBefore);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('8b. the tab is closed mid-stream: the provider connection closes at once, nothing is left on the server', async () => {
    const page = await openDemo();
    const timersBefore = activeTimers();
    const { goneAt } = await streamHalfway(page);
    await screenshot(page, 'interruption-8b-before-closing-the-tab');

    const closedAt = performance.now();
    await page.close();
    const closedMs = await closedAfter(goneAt, closedAt);

    await expectClosedAndClean(closedMs, goneAt, timersBefore);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
