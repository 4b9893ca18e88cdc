import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { createOpenAI } from '@ai-sdk/openai';
import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler } from '@tokenflow/streaming/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PacedOpenAI, type ProviderPlan, startPacedOpenAI } from '../support/paced-openai.js';
import { seededTokens } from '../support/seeded-tokens.js';
import { serveTrackedRoute, type TrackedRoute } from '../support/tracked-route.js';

/**
 * Errors never echo upstream bodies, headers or keys. The fake provider fails with a body and headers full of a
 * canary and of the API key (as OpenAI's "Incorrect API key provided: sk-…" does), before the first token and
 * mid-stream; what the route answers (status line, headers, body) and what the client ends with carry neither.
 */

const KEY = `sk-canary-key-${randomBytes(12).toString('hex')}`;
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
const SECRETS = [KEY, CANARY];

const leakyHeaders = {
  'x-request-id': CANARY,
  'openai-organization': `org-${CANARY}`,
  'www-authenticate': `Bearer realm="${CANARY}", key="${KEY}"`,
  'set-cookie': `__cf_bm=${CANARY}; path=/`,
  'retry-after': '0',
};
const leakyJson = (type: string) =>
  JSON.stringify({
    error: { message: `Incorrect API key provided: ${KEY}. Request ${CANARY}.`, type, param: CANARY, code: CANARY },
  });
const streamError = { error: { message: `Upstream overloaded for ${KEY} (${CANARY})`, type: 'server_error' } };

/** Each scenario: what the provider does, and what the route is expected to answer (status, error code). */
const SCENARIOS: Record<string, { plan: ProviderPlan; status: number; code: string }> = {
  'HTTP 400 with a JSON body': {
    plan: { error: { status: 400, headers: leakyHeaders, body: leakyJson('invalid_request_error') } },
    status: 502,
    code: 'provider-rejected',
  },
  'HTTP 401 with a JSON body': {
    plan: { error: { status: 401, headers: leakyHeaders, body: leakyJson('invalid_api_key') } },
    status: 502,
    code: 'provider-auth',
  },
  'HTTP 429 with a JSON body': {
    plan: { error: { status: 429, headers: leakyHeaders, body: leakyJson('rate_limit_exceeded') } },
    status: 429,
    code: 'provider-rate-limited',
  },
  'HTTP 500 with a JSON body': {
    plan: { error: { status: 500, headers: leakyHeaders, body: leakyJson('server_error') } },
    status: 503,
    code: 'provider-unavailable',
  },
  'HTTP 502 with an HTML page': {
    plan: {
      error: {
        status: 502,
        headers: { ...leakyHeaders, 'content-type': 'text/html' },
        body: `<html><body>Bad gateway ${CANARY} ${KEY}</body></html>`,
      },
    },
    status: 503,
    code: 'provider-unavailable',
  },
  'an error event before the first token': {
    plan: { tokens: [], errorPayload: streamError },
    status: 503,
    code: 'provider-unavailable',
  },
};
const MID_STREAM_TOKENS = seededTokens(7, 5);

let provider: PacedOpenAI;
let route: TrackedRoute;
const reported: unknown[] = [];

beforeAll(async () => {
  provider = await startPacedOpenAI({
    firstTokenMs: 0,
    tokensPerSecond: [500, 500],
    plan: (_call, body) => {
      const prompt = JSON.stringify(body.messages);
      const scenario = Object.entries(SCENARIOS).find(([name]) => prompt.includes(name));
      if (scenario) return scenario[1].plan;
      return { tokens: MID_STREAM_TOKENS, errorPayload: streamError };
    },
  });
  const openai = createOpenAI({ apiKey: KEY, baseURL: provider.baseURL });
  route = await serveTrackedRoute(
    createStreamHandler({
      models: { 'gpt-4o-mini': openai.chat('gpt-4o-mini') },
      defaultModel: 'gpt-4o-mini',
      maxRetries: 0,
      onError: (error) => reported.push(error),
    }),
  );
});

afterAll(async () => {
  await route?.close();
  await provider?.close();
});

/** The route's whole answer, as the client's HTTP stack sees it: status line, every header, the body. */
async function rawAnswer(prompt: string) {
  const response = await fetch(route.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  });
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  const body = await response.text();
  return { status: response.status, statusText: response.statusText, headers, body };
}

const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));

describe('a provider failure reaches the client as a safe summary, never with its body, headers or the key', () => {
  test.each(Object.entries(SCENARIOS))('%s, before the first token', async (name, { status, code }) => {
    const callsBefore = provider.calls.length;
    const reportsBefore = reported.length;
    const answer = await rawAnswer(`Say hi (${name})`);

    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code } });
    expect(leaked(`${answer.status} ${answer.statusText}\n${answer.headers}\n\n${answer.body}`)).toEqual([]);

    // Not vacuous: the key went upstream, and the route's onError got the provider's original, leaky error.
    const call = provider.calls[callsBefore];
    expect(call?.authorization).toBe(`Bearer ${KEY}`);
    const originals = reported.slice(reportsBefore).map((error) => inspect(error, { depth: 6 }));
    expect(originals.some((text) => text.includes(CANARY))).toBe(true);

    // The client library's error says what happened, without the secrets either.
    const store = createStreamingStore({ transport: httpTransport({ api: route.url }) });
    const result = await store.end(store.start({ prompt: `Say hi (${name})` }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'http', status, serverCode: code });
    expect(leaked(inspect(result, { depth: 6 }))).toEqual([]);
  });

  test('an error event mid-stream: the tokens so far, then an error chunk without the details', async () => {
    const reportsBefore = reported.length;
    const answer = await rawAnswer('Say hi, then fail');

    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`"delta":${JSON.stringify(MID_STREAM_TOKENS[0])}`);
    expect(answer.body).toContain('"type":"error"');
    expect(leaked(`${answer.status} ${answer.statusText}\n${answer.headers}\n\n${answer.body}`)).toEqual([]);
    const originals = reported.slice(reportsBefore).map((error) => inspect(error, { depth: 6 }));
    expect(originals.some((text) => text.includes(CANARY))).toBe(true);

    const store = createStreamingStore({ transport: httpTransport({ api: route.url }) });
    const result = await store.end(store.start({ prompt: 'Say hi, then fail' }));
    expect(result).toMatchObject({ status: 'error', text: MID_STREAM_TOKENS.join(''), error: { code: 'provider' } });
    expect(leaked(inspect(result, { depth: 6 }))).toEqual([]);
  });
});
