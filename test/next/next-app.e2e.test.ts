import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeTemporaryFolders } from '../package/pack.js';
import { launchChromium } from '../support/browser.js';
import { buildNextAppFromTarball, type StartedNextApp, startNextApp } from '../support/next-app.js';
import { type PacedOpenAI, startPacedOpenAI } from '../support/paced-openai.js';
import { loadPrompt, seededTokens } from '../support/seeded-tokens.js';

// apps/next as a user has it: the packed tarball installed into a copy outside the workspace, `next build`, then
// `next start -H 127.0.0.1` (where Next hands the route http://localhost:PORT as request.url), driven in Chromium.
// The routes call OpenAI's Chat Completions API, served by a fake on 127.0.0.1 that paces seeded tokens.

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let provider: PacedOpenAI;
let app: StartedNextApp;
let browser: Browser;

beforeAll(async () => {
  const dir = buildNextAppFromTarball();
  provider = await startPacedOpenAI({ tokensPerSecond: [150, 200], firstTokenMs: 50 });
  app = await startNextApp(dir, {
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: provider.baseURL,
    OPENAI_API: 'chat',
  });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await provider?.close();
  removeTemporaryFolders();
});

/** A fresh page of the app; collects page errors and the API answers' statuses. */
async function openApp(): Promise<{ page: Page; errors: string[]; statuses: number[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors: string[] = [];
  const statuses: number[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.url().includes('/api/')) statuses.push(response.status());
  });
  await page.goto(app.url);
  return { page, errors, statuses };
}

async function ask(page: Page, runtime: 'Node.js' | 'Edge', prompt: string) {
  await page.getByLabel(runtime, { exact: false }).check();
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByRole('button', { name: 'Start' }).click();
}

describe('the Next.js App Router app, from the packed tarball', () => {
  test.each([
    ['Node.js', 1],
    ['Edge', 2],
  ] as const)(
    'on the %s runtime a stream renders every token and ends done',
    async (runtime, seed) => {
      const { page, errors, statuses } = await openApp();
      const expected = seededTokens(seed, 60).join('');
      await ask(page, runtime, loadPrompt(seed, 60));
      await page.getByTestId('status').getByText('done').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('answer').getAttribute('aria-busy')).toBeNull();
      expect(await page.getByTestId('answer').textContent()).toBe(expected);
      expect(await page.getByTestId('tokens').textContent()).toBe('60');
      await page.screenshot({ path: `${SCREENSHOTS}next-${runtime === 'Edge' ? 'edge' : 'node'}-done.png` });
      expect(errors).toEqual([]);
      expect(statuses).toEqual([200]);
      await page.close();
    },
    60_000,
  );

  // Stop is a DELETE to `<route>/<id>`, which must reach the handler holding the stream: on the edge runtime too,
  // where two route files would not share one (apps/next serves both from one `[[...id]]` route).
  test.each([
    ['Node.js', 'node'],
    ['Edge', 'edge'],
  ] as const)(
    'on the %s runtime Stop ends a running stream aborted, its text kept, and the provider call closes',
    async (runtime, name) => {
      const { page, errors } = await openApp();
      provider.forgetCalls();
      await ask(page, runtime, loadPrompt(3, 2_000));
      await expect.poll(async () => Number(await page.getByTestId('tokens').textContent())).toBeGreaterThan(20);
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByTestId('status').getByText('aborted').waitFor();
      const shown = (await page.getByTestId('answer').textContent()) ?? '';
      expect(seededTokens(3, 2_000).join('').startsWith(shown)).toBe(true);
      expect(shown.length).toBeGreaterThan(0);
      await expect.poll(() => provider.calls[0]?.outcome, { timeout: 5_000 }).toBe('client-gone');
      await page.screenshot({ path: `${SCREENSHOTS}next-${name}-stopped.png` });
      expect(errors).toEqual([]);
      await page.close();
    },
    60_000,
  );

  test('the server logged no route failure', () => {
    expect(app.output()).not.toMatch(/forbidden-origin|AbortSignal\.any|The stream route failed/);
  });
});
