import { createOpenAI } from '@ai-sdk/openai';
import { createStreamingStore, httpTransport, type StreamUsage } from '@tokenflow/streaming/core';
import { directTransport } from '@tokenflow/streaming/direct';
import { createStreamHandler } from '@tokenflow/streaming/server';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type FakeOpenAI, type Recording, readRecording, startFakeOpenAI } from './support/fake-openai.js';
import { serveRoute } from './support/serve-route.js';

// ---------------------------------------------------------------------------------------------------------------
// What a recording says, read from its frames (never hard-coded).

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

interface Expected {
  text: string;
  usage: { [key in keyof StreamUsage]-?: number | undefined };
  finishReason: string;
  model: string;
  /** Reasoning summary text the recording streamed (Responses), which must not appear in the answer text. */
  reasoning: string;
  /** The pages the answer cites (Responses' url_citation annotations), each once. */
  sources: { url: string; title: string }[];
}

const CHAT_FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
};

/** Text, usage, finish reason and model of the first `frames` frames of a recording (all by default). */
function expectedFrom(recording: Recording, frames = recording.payloads.length): Expected {
  const expected: Expected = {
    text: '',
    usage: {
      inputTokens: undefined,
      outputTokens: undefined,
      totalTokens: undefined,
      cachedInputTokens: undefined,
      reasoningTokens: undefined,
    },
    finishReason: '',
    model: '',
    reasoning: '',
    sources: [],
  };
  for (const payload of recording.payloads.slice(0, frames).map(record)) {
    if (recording.api === 'chat') {
      expected.model ||= typeof payload.model === 'string' ? payload.model : '';
      const choices = Array.isArray(payload.choices) ? payload.choices.map(record) : [];
      const first = choices.find((choice) => choice.index === 0);
      const content = record(first?.delta).content;
      if (typeof content === 'string') expected.text += content;
      if (typeof first?.finish_reason === 'string') expected.finishReason = CHAT_FINISH[first.finish_reason] ?? '';
      const usage = record(payload.usage);
      if (num(usage.prompt_tokens) !== undefined) {
        expected.usage = {
          inputTokens: num(usage.prompt_tokens),
          outputTokens: num(usage.completion_tokens),
          totalTokens: num(usage.total_tokens),
          // @ai-sdk/openai reports 0 for details a recording leaves out (2024 recordings have none).
          cachedInputTokens: num(record(usage.prompt_tokens_details).cached_tokens) ?? 0,
          reasoningTokens: num(record(usage.completion_tokens_details).reasoning_tokens) ?? 0,
        };
      }
    } else {
      if (payload.type === 'response.output_text.delta') expected.text += String(payload.delta);
      if (payload.type === 'response.reasoning_summary_text.delta') expected.reasoning += String(payload.delta);
      const annotation = record(payload.annotation);
      if (payload.type === 'response.output_text.annotation.added' && annotation.type === 'url_citation') {
        const url = String(annotation.url);
        if (!expected.sources.some((source) => source.url === url))
          expected.sources.push({ url, title: String(annotation.title) });
      }
      const response = record(payload.response);
      if (payload.type === 'response.created') expected.model = String(response.model);
      if (payload.type === 'response.completed') {
        const usage = record(response.usage);
        expected.finishReason = 'stop';
        expected.usage = {
          inputTokens: num(usage.input_tokens),
          outputTokens: num(usage.output_tokens),
          totalTokens: num(usage.total_tokens),
          cachedInputTokens: num(record(usage.input_tokens_details).cached_tokens) ?? 0,
          reasoningTokens: num(record(usage.output_tokens_details).reasoning_tokens) ?? 0,
        };
      }
    }
  }
  return expected;
}

// ---------------------------------------------------------------------------------------------------------------
// The fake provider, the route in front of it, and a client store.

const API_KEY = 'test-key';
let provider: FakeOpenAI;
let closeRoute: (() => Promise<void>) | undefined;

beforeEach(async () => {
  provider = await startFakeOpenAI();
});
afterEach(async () => {
  await closeRoute?.();
  closeRoute = undefined;
  await provider.close();
});

const openai = () => createOpenAI({ apiKey: API_KEY, baseURL: provider.baseURL });
const modelFor = (api: Recording['api']) => (api === 'chat' ? openai().chat('gpt-4o-mini') : openai()('gpt-4o-mini'));

/** Our route (createStreamHandler) on 127.0.0.1, calling @ai-sdk/openai pointed at the fake provider. */
async function route(api: Recording['api']) {
  const onError = vi.fn();
  const served = await serveRoute(
    createStreamHandler({
      models: { 'gpt-4o-mini': modelFor(api) },
      defaultModel: 'gpt-4o-mini',
      maxRetries: 0,
      onError,
    }),
  );
  closeRoute = served.close;
  const store = createStreamingStore({ transport: httpTransport({ api: served.url }), throttle: false });
  return { url: served.url, store, onError };
}

const postPrompt = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'x' }),
  });

// ---------------------------------------------------------------------------------------------------------------

const RECORDINGS = [
  'chat-completions-basic.sse',
  'chat-completions-long-712-tokens.sse',
  'chat-completions-cjk-short.chunks.txt',
  'chat-completions-include-usage-obfuscation.sse',
  'chat-completions-length-truncated.sse',
  'chat-completions-long-300-tokens.chunks.txt',
  'responses-basic.sse',
  'responses-reasoning-summary-long-unicode.sse',
  'responses-web-search-annotations.sse',
  'responses-web-search-long.chunks.txt',
  'responses-background-queued-long.sse',
];

/** OpenAI's hosted web_search tool calls a recording makes (the route declares no tools). */
const webSearches = (recording: Recording) =>
  recording.payloads
    .map(record)
    .filter(
      (payload) => record(payload.item).type === 'web_search_call' && payload.type === 'response.output_item.added',
    ).length;

describe('a real OpenAI recording, through @ai-sdk/openai, our route and the HTTP transport', () => {
  test.each(RECORDINGS)('%s: the client gets the recorded text, usage, finish reason and model', async (name) => {
    const recording = readRecording(name);
    const expected = expectedFrom(recording);
    expect(expected.text.length).toBeGreaterThan(0);
    expect(expected.usage.totalTokens).toBeGreaterThan(0);

    const { store, onError } = await route(recording.api);
    const answer = provider.serve(recording);
    const result = await store.end(store.start({ prompt: 'x' }));

    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({
      status: 'done',
      text: expected.text,
      usage: expected.usage,
      finishReason: expected.finishReason,
      model: expected.model,
    });
    expect(result.usage).toEqual(expected.usage);
    // Beyond the text, the view holds what else the recording streamed: its reasoning and the pages it cites.
    expect(result.reasoning).toBe(expected.reasoning);
    // Every source is a page of the recording: the pages a web search call found, and (where @ai-sdk/openai passes
    // them on: the short recording, not the long one) the pages the answer cites.
    const sourceUrls = result.sources.map((source) => source.url);
    if (name === 'responses-web-search-annotations.sse') {
      expect(expected.sources.length).toBeGreaterThan(0);
      expect(expected.sources.filter((source) => !sourceUrls.includes(source.url))).toEqual([]);
    }
    const recorded = JSON.stringify(recording.payloads);
    expect(sourceUrls.filter((url) => url === undefined || !recorded.includes(JSON.stringify(url)))).toEqual([]);
    if (name === 'chat-completions-length-truncated.sse') expect(result.finishReason).toBe('length');
    if (name === 'responses-reasoning-summary-long-unicode.sse') {
      // The reasoning summary streamed before the answer is not part of the text; its tokens are in the usage.
      expect(expected.reasoning.length).toBeGreaterThan(1_000);
      expect(result.text).not.toContain(expected.reasoning.slice(0, 40));
      expect(result.usage?.reasoningTokens).toBeGreaterThan(0);
    }
    await answer.finished;
    expect(answer.isClientGone).toBe(false);
    // A recording that calls OpenAI's hosted web_search tool, which this route never declared: the AI SDK reports
    // each such call to onError (the client gets a tool-input-error chunk, which carries no text, and skips it).
    expect(onError).toHaveBeenCalledTimes(webSearches(recording));
    for (const [error] of onError.mock.calls) {
      expect(error).toMatchObject({ name: 'AI_NoSuchToolError', toolName: 'web_search' });
    }

    expect(provider.requests).toHaveLength(1);
    const [request] = provider.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    if (recording.api === 'chat') {
      expect(request).toMatchObject({
        method: 'POST',
        path: '/v1/chat/completions',
        body: {
          model: 'gpt-4o-mini',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'x' }],
        },
      });
    } else {
      expect(request).toMatchObject({
        method: 'POST',
        path: '/v1/responses',
        body: {
          model: 'gpt-4o-mini',
          stream: true,
          input: [{ role: 'user', content: [{ type: 'input_text', text: 'x' }] }],
        },
      });
    }
  });

  test("a refusal: the view's text is the recorded refusal, finished for the content filter", async () => {
    const recording = readRecording('chat-completions-refusal.sse');
    const refusal = recording.payloads
      .map(
        (payload) => record(record(record(payload).choices && (record(payload).choices as unknown[])[0]).delta).refusal,
      )
      .filter((piece): piece is string => typeof piece === 'string')
      .join('');
    expect(refusal.length).toBeGreaterThan(10);
    const { store } = await route('chat');
    provider.serve(recording);
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result).toMatchObject({ status: 'done', text: refusal, finishReason: 'content-filter', reasoning: '' });
  });

  test("three choices (n=3): the tokens are every choice's deltas in the recorded order, as @ai-sdk/openai passes them on", async () => {
    // OpenAI streams each choice in chunks of its own, marked by `index`. @ai-sdk/openai reads choices[0] of every
    // chunk (it has no n setting, so it never expects more than one), and hands over the three answers as one
    // interleaved text. One view holds one answer: what this pins is that nothing the provider hands over is lost
    // or reordered on the way, so splitting the choices upstream would be enough to show choice 0 alone.
    const recording = readRecording('chat-completions-multiple-choices-n3.sse');
    const choices = recording.payloads.flatMap((payload) => {
      const list = record(payload).choices;
      return Array.isArray(list) ? list.map(record) : [];
    });
    const deltas = choices
      .map((choice) => record(choice.delta).content)
      .filter((content): content is string => typeof content === 'string' && content !== '');
    const perChoice = [0, 1, 2].map((index) =>
      choices
        .filter((choice) => choice.index === index)
        .map((choice) => record(choice.delta).content ?? '')
        .join(''),
    );
    // The recording holds three whole answers (JSON objects), interleaved delta by delta.
    for (const answer of perChoice) expect(JSON.parse(answer)).toMatchObject({ city: 'San Francisco' });
    expect(deltas.join('')).not.toBe(perChoice.join(''));
    const { store } = await route('chat');
    provider.serve(recording);
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result.tokens.map((token) => token.text)).toEqual(deltas);
    expect(result).toMatchObject({ status: 'done', text: deltas.join(''), finishReason: 'stop' });
    expect(result.usage).toEqual(expectedFrom(recording).usage);
  });

  test('the tokens are the recording deltas, in order (multibyte characters split across writes arrive whole)', async () => {
    const recording = readRecording('responses-reasoning-summary-long-unicode.sse');
    const deltas = recording.payloads
      .map(record)
      .filter((payload) => payload.type === 'response.output_text.delta')
      .map((payload) => String(payload.delta))
      .filter((delta) => delta !== '');
    const { store } = await route('responses');
    // 97 writes of a 504 KB body: many cuts fall inside the 3-byte characters (─, •, ’, …).
    provider.serve(recording, { writes: 97 });
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result.tokens.map((token) => token.text)).toEqual(deltas);
    expect(result.text).not.toContain('\uFFFD');
  });
});

describe('provider failures become typed errors, without secrets or upstream bodies', () => {
  test('a recorded error stream (insufficient_quota before any output) becomes HTTP 429 from the route', async () => {
    const { url, store, onError } = await route('responses');
    provider.serve('responses-error-insufficient-quota.chunks.txt');
    const result = await store.end(store.start({ prompt: 'x' }));

    expect(result).toMatchObject({ status: 'error', text: '', usage: undefined });
    expect(result.error).toMatchObject({
      name: 'StreamError',
      code: 'http',
      status: 429,
      serverCode: 'provider-quota-exceeded',
      retryable: false,
    });
    // "quota" is the route's own wording; nothing of the upstream text (billing details, links) gets through.
    expect(result.error?.message).not.toMatch(/billing|platform\.openai\.com|resp_0550/i);
    // The deployer sees the original error: @ai-sdk/openai's APICallError with the upstream details.
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ statusCode: 429, isRetryable: false });
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ phase: 'before-first-token' });

    provider.serve('responses-error-insufficient-quota.chunks.txt');
    const response = await postPrompt(url);
    expect(response.status).toBe(429);
    const body = await response.text();
    // OpenAI answers insufficient_quota with HTTP 429 too, so 429 stays; but waiting does not refill a quota.
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'provider-quota-exceeded', retryable: false } });
    expect(body).not.toMatch(/billing|platform\.openai\.com|resp_0550/i);
  });

  const RATE_LIMITED = {
    error: {
      message: 'Rate limit reached for gpt-4o-mini in organization org-SECRETORG on requests per min (RPM): Limit 3.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  };
  const BAD_KEY = {
    error: {
      message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  };
  const SERVER_ERROR = {
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
    },
  };

  const FAILURES = [
    { upstream: 429, body: RATE_LIMITED, status: 429, code: 'provider-rate-limited', retryable: true },
    { upstream: 401, body: BAD_KEY, status: 502, code: 'provider-auth', retryable: false },
    { upstream: 500, body: SERVER_ERROR, status: 503, code: 'provider-unavailable', retryable: true },
  ];
  test.each(FAILURES.flatMap((row) => (['chat', 'responses'] as const).map((api) => ({ ...row, api }))))(
    'provider HTTP $upstream before streaming ($api API): the route answers $status $code, safely',
    async (row) => {
      const { url } = await route(row.api);
      provider.fail(row.upstream, row.body);
      const response = await postPrompt(url);
      expect(response.status).toBe(row.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({
        error: { code: row.code, message: expect.any(String), retryable: row.retryable },
      });
      expect(body).not.toContain(API_KEY);
      expect(body).not.toContain(row.body.error.message.slice(0, 20));
      expect(body).not.toContain('SECRETORG');
      // maxRetries 0: exactly one provider call, on the API's own path.
      expect(provider.requests.map((request) => request.path)).toEqual([
        row.api === 'chat' ? '/v1/chat/completions' : '/v1/responses',
      ]);
    },
  );

  test('provider 429: the client error has code http, status 429 and is retryable', async () => {
    const { store } = await route('chat');
    provider.fail(429, RATE_LIMITED);
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result).toMatchObject({ status: 'error', text: '' });
    expect(result.error).toMatchObject({
      code: 'http',
      status: 429,
      retryable: true,
      serverCode: 'provider-rate-limited',
    });
    expect(result.error?.message).not.toContain('SECRETORG');
  });

  test('provider 401: the client error has status 502 and leaks neither the key nor the upstream message', async () => {
    const { store } = await route('responses');
    provider.fail(401, BAD_KEY);
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result).toMatchObject({ status: 'error', text: '' });
    // The route says what kind of failure it was and that a retry will not help; the client keeps both.
    expect(result.error).toMatchObject({ code: 'http', status: 502, serverCode: 'provider-auth', retryable: false });
    expect(result.error?.message).toContain('authenticate');
    expect(result.error?.message).not.toContain(API_KEY);
    expect(result.error?.message).not.toContain('Incorrect API key');
  });

  test('provider 500: the client error has status 503 and is retryable', async () => {
    const { store } = await route('chat');
    provider.fail(500, SERVER_ERROR);
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result.error).toMatchObject({ code: 'http', status: 503, retryable: true });
    expect(result.error?.message).not.toContain('Sorry about that');
  });
});

describe('aborting closes the provider connection', () => {
  test.each([
    ['chat-completions-long-712-tokens.sse', 40],
    ['responses-background-queued-long.sse', 40],
  ])(
    '%s: end(handle, { abort: true }) mid-stream closes the fake server connection, keeping the partial text',
    async (name, frames) => {
      const recording = readRecording(name);
      const partial = expectedFrom(recording, frames).text;
      expect(partial.length).toBeGreaterThan(0);
      expect(partial).not.toBe(expectedFrom(recording).text);

      const { store, onError } = await route(recording.api);
      const answer = provider.serve(recording, { stallAfterFrames: frames });
      const handle = store.start({ prompt: 'x' });
      await answer.stalled;
      await vi.waitFor(() => expect(store.getView(handle).text).toBe(partial));
      expect(answer.isClientGone).toBe(false);

      const result = await store.end(handle, { abort: true });
      expect(result).toMatchObject({ status: 'aborted', text: partial, usage: undefined });
      await vi.waitFor(() => expect(answer.isClientGone).toBe(true), { timeout: 1_000 });
      await answer.clientGone;
      expect(onError).not.toHaveBeenCalled();
    },
  );
});

describe('the direct transport on the same provider', () => {
  test.each(['chat-completions-long-712-tokens.sse', 'responses-reasoning-summary-long-unicode.sse'])(
    '%s: directTransport gives the recorded text, usage and finish reason',
    async (name) => {
      const recording = readRecording(name);
      const expected = expectedFrom(recording);
      const store = createStreamingStore({
        transport: directTransport({ model: modelFor(recording.api) }),
        throttle: false,
      });
      provider.serve(recording);
      const result = await store.end(store.start({ prompt: 'x' }));
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({
        status: 'done',
        text: expected.text,
        usage: expected.usage,
        finishReason: expected.finishReason,
        model: expected.model,
      });
      expect(provider.requests[0]?.body).toMatchObject({ stream: true });
    },
  );

  test('the recorded error stream: directTransport fails with a provider error carrying status 429', async () => {
    const store = createStreamingStore({
      transport: directTransport({ model: modelFor('responses') }),
      throttle: false,
    });
    provider.serve('responses-error-insufficient-quota.chunks.txt');
    const result = await store.end(store.start({ prompt: 'x' }));
    expect(result).toMatchObject({ status: 'error', text: '' });
    expect(result.error).toMatchObject({ code: 'provider', status: 429 });
  });
});
