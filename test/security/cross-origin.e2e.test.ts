import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type PacedOpenAI, startPacedOpenAI } from '../support/paced-openai.js';
import { loadPrompt, seededTokens } from '../support/seeded-tokens.js';
import { serveTrackedRoute, type TrackedRoute } from '../support/tracked-route.js';

/**
 * Cross-origin requests are refused unless configured, in real Chromium: a page served from another origin (a
 * static server on 127.0.0.1, another port) calls the route with fetch. Without `allowedOrigins` the browser
 * blocks it and the provider gets no call; with the page's origin in `allowedOrigins` it streams; an origin that
 * is not in the list stays blocked.
 */

let provider: PacedOpenAI;
let allowedPage: { server: Server; origin: string };
let otherPage: { server: Server; origin: string };
let sameOriginOnly: TrackedRoute;
let allowList: TrackedRoute;
let browser: Browser | undefined;

/** A static page on 127.0.0.1 (its own origin: another port). */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>Another site</title></head><body>another origin</body></html>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  provider = await startPacedOpenAI({ firstTokenMs: 0, tokensPerSecond: [500, 500] });
  const openai = createOpenAI({ apiKey: 'sk-cors-test', baseURL: provider.baseURL });
  allowedPage = await servePage();
  otherPage = await servePage();
  const options: StreamHandlerOptions = {
    models: { 'small-model': openai.chat('small-model') },
    defaultModel: 'small-model',
    maxRetries: 0,
  };
  sameOriginOnly = await serveTrackedRoute(createStreamHandler(options));
  allowList = await serveTrackedRoute(createStreamHandler({ ...options, allowedOrigins: [allowedPage.origin] }));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sameOriginOnly?.close();
  await allowList?.close();
  for (const page of [allowedPage, otherPage]) {
    page?.server.closeAllConnections();
    page?.server.close();
  }
  await provider?.close();
});

/** Opens the page of `origin` and, from it, POSTs a prompt to `url` with fetch; answers what the page saw. */
async function fetchFromPage(origin: string, url: string, contentType: string, seed: number) {
  if (browser === undefined) throw new Error('Chromium did not start.');
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    await page.goto(origin);
    return await page.evaluate(
      async ({ url, contentType, prompt }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': contentType },
            body: JSON.stringify({ prompt }),
          });
          return { ok: true, status: response.status, text: await response.text() };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      },
      { url, contentType, prompt: loadPrompt(seed, 3) },
    );
  } finally {
    await context.close();
  }
}

const seen = (route: TrackedRoute) => route.exchanges.map(({ method, origin, status }) => ({ method, origin, status }));

describe('a page from another origin calls the route, in Chromium', () => {
  test('without allowedOrigins: the preflight is refused, the browser blocks the call, the provider gets none', async () => {
    const answer = await fetchFromPage(allowedPage.origin, sameOriginOnly.url, 'application/json', 1);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
    expect(seen(sameOriginOnly)).toEqual([{ method: 'OPTIONS', origin: allowedPage.origin, status: 403 }]);
    expect(provider.calls).toHaveLength(0);
  });

  test('a "simple" request, sent without a preflight, is refused by the route itself with a 403', async () => {
    const before = sameOriginOnly.exchanges.length;
    const answer = await fetchFromPage(allowedPage.origin, sameOriginOnly.url, 'text/plain', 2);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
    expect(seen(sameOriginOnly).slice(before)).toEqual([{ method: 'POST', origin: allowedPage.origin, status: 403 }]);
    expect(provider.calls).toHaveLength(0);
  });

  test('with the page origin in allowedOrigins the call streams; another origin stays blocked', async () => {
    const answer = await fetchFromPage(allowedPage.origin, allowList.url, 'application/json', 3);
    expect(answer).toMatchObject({ ok: true, status: 200 });
    for (const token of seededTokens(3, 3)) expect(answer.text).toContain(JSON.stringify(token));
    expect(seen(allowList)).toEqual([
      { method: 'OPTIONS', origin: allowedPage.origin, status: 204 },
      { method: 'POST', origin: allowedPage.origin, status: 200 },
    ]);
    expect(provider.calls).toHaveLength(1);

    const other = await fetchFromPage(otherPage.origin, allowList.url, 'application/json', 4);
    expect(other).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
    expect(seen(allowList).slice(2)).toEqual([{ method: 'OPTIONS', origin: otherPage.origin, status: 403 }]);
    expect(provider.calls).toHaveLength(1);
  });
});
