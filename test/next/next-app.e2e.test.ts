import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTES } from '../../apps/next/app/stream-info.js';
import { recipeSchema } from '../../apps/next/lib/recipe.js';
import { weatherIn } from '../../apps/next/lib/weather-tool.js';
import { removeTemporaryFolders } from '../package/pack.js';
import { seriousAxeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { buildNextAppFromTarball, type StartedNextApp, startNextApp } from '../support/next-app.js';
import { type PacedOpenAI, startPacedOpenAI } from '../support/paced-openai.js';
import { type Change, changes, filled, first, valueAt, watch } from '../support/page-changes.js';
import { loadPrompt, seededTokens } from '../support/seeded-tokens.js';

// apps/next as a user has it: the packed tarball installed into a copy outside the workspace, `next build`, then
// `next start -H 127.0.0.1` (where Next hands the route http://localhost:PORT as request.url), driven in Chromium.
// The routes call OpenAI's Chat Completions API, served by a fake on 127.0.0.1 that paces seeded tokens; a second
// server of the same build, with no OPENAI_API_KEY, answers with the app's simulated model: it thinks, calls the
// route's weather tool and answers the recipe output.

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let provider: PacedOpenAI;
let app: StartedNextApp;
let simulated: StartedNextApp;
let browser: Browser;

beforeAll(async () => {
  const dir = buildNextAppFromTarball();
  provider = await startPacedOpenAI({ tokensPerSecond: [150, 200], firstTokenMs: 50 });
  app = await startNextApp(dir, {
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: provider.baseURL,
    OPENAI_API: 'chat',
  });
  simulated = await startNextApp(dir, { OPENAI_API_KEY: '' });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await simulated?.stop();
  await provider?.close();
  removeTemporaryFolders();
});

/** A fresh page of the app (the one with the fake OpenAI unless told); collects page errors and API statuses. */
async function openApp(server = app): Promise<{ page: Page; errors: string[]; statuses: number[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors: string[] = [];
  const statuses: number[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.url().includes('/api/')) statuses.push(response.status());
  });
  await page.goto(server.url);
  return { page, errors, statuses };
}

async function ask(page: Page, runtime: 'Node.js' | 'Edge', prompt: string) {
  await page.getByLabel(runtime, { exact: false }).check();
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByRole('button', { name: 'Start' }).click();
}

/**
 * Every API request of `page` from now on, as `METHOD path status` with the stream's handle written `<handle>`:
 * call the returned function with the handle once it is known.
 */
function apiRequests(page: Page): (handle: string) => string[] {
  const seen: string[] = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/api/')) seen.push(`${response.request().method()} ${pathname} ${response.status()}`);
  });
  return (handle) => seen.map((request) => request.replace(handle, '<handle>'));
}

/** The provider call that answered the `loadPrompt` of `seed`. */
const callOf = (seed: number) => provider.calls.find((call) => call.seed === seed);

/** A page of the simulated app that asked something, once its stream is done, with the record of what it showed. */
interface Asked {
  page: Page;
  record: Change[];
  errors: string[];
  statuses: number[];
}

/**
 * Opens the simulated app, watches `watched`, asks `prompt` on `runtime` (after `prepare`), takes the screenshot
 * `<shot>` once `midway` shows, and returns when the stream is done.
 */
async function askSimulated(
  runtime: 'Node.js' | 'Edge',
  prompt: string,
  watched: Parameters<typeof watch>[1],
  midway: (page: Page) => Locator,
  shot: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<Asked> {
  const { page, errors, statuses } = await openApp(simulated);
  await watch(page, watched);
  await prepare?.(page);
  await ask(page, runtime, prompt);
  await midway(page).waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}${shot}.png` });
  await page.getByTestId('status').getByText('done').waitFor({ timeout: 30_000 });
  return { page, record: await changes(page), errors, statuses };
}

/** The whole page as a screenshot `<shot>`; then no page error, one API request (a 200), and the page closed. */
async function endClean({ page, errors, statuses }: Asked, shot: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${shot}.png`, fullPage: true });
  expect(errors).toEqual([]);
  // Every step of the model, and the tool between them, are one stream: one request.
  expect(statuses).toEqual([200]);
  await page.close();
}
const THOUGHT_FOR = /^Thought for \d+(\.\d)? s$/;

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

  // Durable streams, as a user meets them: the route keeps each stream in its memory log, so a reload reads it again
  // (resumeOnReload) and another tab reads and stops it (`?stream=<handle>`), each at the runtime's route that
  // started it, whichever runtime the page has chosen since.
  describe.each([
    ['Node.js', 'node', ROUTES.node, 11],
    ['Edge', 'edge', ROUTES.edge, 12],
  ] as const)('durable streams on the %s runtime', (runtime, name, route, seed) => {
    test('a reload mid-stream brings the same stream back, read at its route, and it ends with the whole answer, each token once', async () => {
      const { page, errors } = await openApp();
      const requests = apiRequests(page);
      const count = 800;
      const expected = seededTokens(seed, count).join('');
      await ask(page, runtime, loadPrompt(seed, count));
      await expect.poll(async () => Number(await page.getByTestId('tokens').textContent())).toBeGreaterThan(40);
      const handle = (await page.getByTestId('stream').getAttribute('data-handle')) ?? '';
      const before = (await page.getByTestId('answer').textContent()) ?? '';
      // Mid-stream: the provider is still generating.
      expect(callOf(seed)?.outcome).toBe('open');

      await page.reload();
      await expect.poll(() => page.getByTestId('stream').getAttribute('data-handle')).toBe(handle);
      expect(await page.getByTestId('stream-origin').textContent()).toBe('resumed after a reload');
      expect(await page.getByTestId('stream-route').textContent()).toContain(route);
      // The page's choices are the resumed stream's again.
      await expect.poll(() => page.getByLabel(runtime, { exact: false }).isChecked()).toBe(true);
      // Still running after the reload, and shown live from there.
      await page.getByTestId('status').getByText('streaming').waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}next-${name}-resumed.png` });
      await page.getByTestId('status').getByText('done').waitFor({ timeout: 30_000 });
      const text = (await page.getByTestId('answer').textContent()) ?? '';
      expect(text.startsWith(before)).toBe(true);
      expect(text).toBe(expected);
      expect(await page.getByTestId('tokens').textContent()).toBe(String(count));
      await page.screenshot({ path: `${SCREENSHOTS}next-${name}-resumed-done.png` });
      // One generation: started once, read again from its first event at the route that runs it.
      expect(requests(handle)).toEqual([`POST ${route} 200`, `GET ${route}/<handle> 200`]);
      expect(provider.calls.filter((call) => call.seed === seed).map((call) => call.outcome)).toEqual(['finished']);

      // Over: the next load has nothing to resume.
      await page.reload();
      await page.getByTestId('status').getByText('idle').waitFor();
      expect(await page.getByTestId('stream').getAttribute('data-handle')).toBeNull();
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    test('"Open in another tab" shows the same stream live there; Stop there stops it in both tabs and cuts the provider call', async () => {
      const { page, errors } = await openApp();
      // The other runtime is chosen in the first tab once the stream runs: the link still names the stream's own.
      const count = 2_000;
      const stopSeed = seed + 10;
      await ask(page, runtime, loadPrompt(stopSeed, count));
      await expect.poll(async () => Number(await page.getByTestId('tokens').textContent())).toBeGreaterThan(20);
      await page.getByLabel(runtime === 'Edge' ? 'Node.js' : 'Edge', { exact: false }).check();
      const handle = (await page.getByTestId('stream').getAttribute('data-handle')) ?? '';

      const [other] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-in-tab').click()]);
      const otherErrors: string[] = [];
      other.on('pageerror', (error) => otherErrors.push(error.message));
      const otherRequests = apiRequests(other);
      await expect.poll(() => other.getByTestId('stream').getAttribute('data-handle')).toBe(handle);
      expect(await other.getByTestId('stream-origin').textContent()).toBe('opened from another tab');
      expect(await other.getByTestId('stream-route').textContent()).toContain(route);
      expect(await other.getByLabel(runtime, { exact: false }).isChecked()).toBe(true);
      // Live there: the text grows, and is the stream's own.
      const tokensThere = async () => Number(await other.getByTestId('tokens').textContent());
      await expect.poll(tokensThere).toBeGreaterThan(0);
      const seen = await tokensThere();
      await expect.poll(tokensThere).toBeGreaterThan(seen + 20);
      expect(await other.getByTestId('status').textContent()).toBe('streaming');
      const full = seededTokens(stopSeed, count).join('');
      expect(full.startsWith((await other.getByTestId('answer').textContent()) ?? '-')).toBe(true);
      await other.screenshot({ path: `${SCREENSHOTS}next-${name}-other-tab-live.png` });

      await other.getByRole('button', { name: 'Stop' }).click();
      await Promise.all([
        page.getByTestId('status').getByText('aborted').waitFor(),
        other.getByTestId('status').getByText('aborted').waitFor(),
      ]);
      // One generation, stopped once: both tabs end with the text as generated up to the stop, and say who stopped it.
      const here = (await page.getByTestId('answer').textContent()) ?? '';
      expect(await other.getByTestId('answer').textContent()).toBe(here);
      expect(full.startsWith(here)).toBe(true);
      expect(here.length).toBeGreaterThan(0);
      for (const tab of [page, other]) {
        expect(await tab.getByTestId('error').textContent()).toMatch(/Stopped by a client/);
        expect(await tab.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
      }
      await expect.poll(() => callOf(stopSeed)?.outcome, { timeout: 5_000 }).toBe('client-gone');
      expect(callOf(stopSeed)?.tokensWritten).toBeLessThan(count);
      expect(otherRequests(handle)).toEqual([`GET ${route}/<handle> 200`, `DELETE ${route}/<handle> 200`]);
      await other.screenshot({ path: `${SCREENSHOTS}next-${name}-other-tab-stopped.png` });
      await page.screenshot({ path: `${SCREENSHOTS}next-${name}-stopped-from-other-tab.png` });
      expect(await seriousAxeViolations(other)).toEqual([]);
      expect([...errors, ...otherErrors]).toEqual([]);
      await other.close();
      await page.close();
    }, 60_000);
  });

  // The same build with no OPENAI_API_KEY: the simulated model, on each runtime.
  describe.each([
    ['Node.js', 'node'],
    ['Edge', 'edge'],
  ] as const)('with the simulated model, on the %s runtime', (runtime, name) => {
    test('the reasoning streams before the answer, then folds to "Thought for"', async () => {
      const asked = await askSimulated(
        runtime,
        'Why is the sky blue?',
        {
          reasoning: ['reasoning-text', 'text'],
          summary: ['reasoning-summary', 'text'],
          panel: ['reasoning', 'open'],
          answer: ['answer', 'text'],
        },
        (page) => page.getByTestId('reasoning-summary').getByText('Thinking…'),
        `next-${name}-thinking`,
      );
      const { page, record } = asked;

      const thought = first(record, 'reasoning', filled);
      const answered = first(record, 'answer', filled);
      expect(thought.at).toBeLessThan(answered.at);
      // While it thought, the panel was open and said so, and no answer was shown.
      expect(valueAt(record, 'summary', thought.at)).toBe('Thinking…');
      expect(valueAt(record, 'panel', thought.at)).toBe('open');
      expect(valueAt(record, 'answer', thought.at)).toBe('');
      // It folded once the answer started: while the answer was still streaming in.
      const folded = first(record, 'summary', (value) => THOUGHT_FOR.test(value));
      expect(folded.at).toBeLessThan(record.findLast((entry) => entry.name === 'answer')?.at ?? 0);
      expect(await page.getByTestId('reasoning').getAttribute('open')).toBeNull();

      expect(await page.getByTestId('reasoning-text').textContent()).toContain('the simulated model is answering');
      expect(await page.getByTestId('answer').textContent()).toMatch(/^This answer comes from a simulated model/);
      // A reader may open the folded panel again: the whole reasoning is there.
      await page.getByTestId('reasoning-summary').click();
      await expect.poll(() => page.getByTestId('reasoning').getAttribute('open')).toBe('');
      await endClean(asked, `next-${name}-reasoning`);
    }, 60_000);

    test('a weather question calls the tool: the card shows the city and the output, the answer follows', async () => {
      const asked = await askSimulated(
        runtime,
        'What is the weather like in Oslo today?',
        {
          reasoning: ['reasoning-text', 'text'],
          state: ['tool-state', 'text'],
          city: ['tool-input-city', 'text'],
          temperature: ['tool-output-temperatureC', 'text'],
          answer: ['answer', 'text'],
        },
        (page) => page.getByTestId('tool-state').getByText('Running…'),
        `next-${name}-tool-running`,
      );
      const { page, record } = asked;

      const card = page.getByRole('article', { name: 'Tool call: weather' });
      const weather = weatherIn('Oslo');
      expect(await card.getByTestId('tool-input-city').textContent()).toBe('Oslo');
      expect(await card.getByTestId('tool-state').textContent()).toBe('Done');
      expect(await card.getByTestId('tool-output-city').textContent()).toBe('Oslo');
      expect(await card.getByTestId('tool-output-temperatureC').textContent()).toBe(`${weather.temperatureC} °C`);
      expect(await card.getByTestId('tool-output-sky').textContent()).toBe(weather.sky);
      expect(await card.getByTestId('tool-output-windKph').textContent()).toBe(`${weather.windKph} km/h`);
      // The order a reader saw: thoughts, the call with its input, the tool running, its output, then the answer.
      const thought = first(record, 'reasoning', filled);
      const called = first(record, 'state', filled);
      const ran = first(record, 'state', (value) => value === 'Running…');
      const output = first(record, 'temperature', filled);
      const answered = first(record, 'answer', filled);
      expect(thought.at).toBeLessThan(called.at);
      expect(valueAt(record, 'city', ran.at)).toBe('Oslo');
      expect(ran.at).toBeLessThan(output.at);
      expect(output.at).toBeLessThan(answered.at);
      expect(await page.getByTestId('answer').textContent()).toMatch(
        new RegExp(
          `^In Oslo it is ${weather.temperatureC} °C and ${weather.sky}, with the wind at ${weather.windKph} km/h\\.`,
        ),
      );
      expect(await page.getByTestId('reasoning-summary').textContent()).toMatch(THOUGHT_FOR);
      await endClean(asked, `next-${name}-tool`);
    }, 60_000);

    test('the recipe output fills the card in as it streams, and the finished object validates', async () => {
      const asked = await askSimulated(
        runtime,
        'A recipe for pancakes, please',
        {
          title: ['recipe-title', 'text'],
          ingredients: ['recipe-ingredients', 'children'],
          steps: ['recipe-steps', 'children'],
        },
        (page) => page.getByTestId('recipe-ingredients').getByRole('listitem').first(),
        `next-${name}-recipe-streaming`,
        (page) => page.getByLabel('Recipe (structured output)').check(),
      );
      const { page, record } = asked;
      const check = page.getByTestId('recipe-check');
      await check.getByText('A valid recipe').waitFor();

      // The JSON is read while it streams: the title first, the lists growing an item at a time after it.
      const titled = first(record, 'title', (value) => value !== '' && !value.startsWith('Waiting'));
      const lastStep = record.findLast((entry) => entry.name === 'steps');
      expect(titled.at).toBeLessThan(lastStep?.at ?? 0);
      const lengthsSeen = (name: string) =>
        new Set(record.filter((entry) => entry.name === name && Number(entry.value) > 0).map((entry) => entry.value));
      expect(lengthsSeen('ingredients').size).toBeGreaterThan(1);
      expect(lengthsSeen('steps').size).toBeGreaterThan(1);

      // The object the card was checked against is the route's schema's, and the card shows all of it.
      const recipe = recipeSchema.parse(JSON.parse((await check.getByTestId('recipe-json').textContent()) ?? ''));
      const card = page.getByRole('article', { name: recipe.title });
      expect(await card.getByTestId('recipe-servings').textContent()).toBe(String(recipe.servings));
      expect(await card.getByTestId('recipe-minutes').textContent()).toBe(String(recipe.minutes));
      expect(await card.getByTestId('recipe-ingredients').getByRole('listitem').allTextContents()).toEqual(
        recipe.ingredients.map(({ amount, item }) => `${amount} ${item}`),
      );
      expect(await card.getByTestId('recipe-steps').getByRole('listitem').allTextContents()).toEqual(recipe.steps);
      expect(await card.getAttribute('aria-busy')).toBe('false');
      expect(await page.getByTestId('status').textContent()).toBe('done');
      // It thought first here too.
      expect(await page.getByTestId('reasoning-summary').textContent()).toMatch(THOUGHT_FOR);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await endClean(asked, `next-${name}-recipe`);
    }, 60_000);
  });

  test('the servers logged no route failure', () => {
    for (const server of [app, simulated]) {
      expect(server.output()).not.toMatch(/forbidden-origin|AbortSignal\.any|The stream route failed/);
    }
  });
});
