// @vitest-environment edge-runtime
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { APICallError, UI_MESSAGE_STREAM_HEADERS } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, test, vi } from 'vitest';
import { controlledModel, mockModel, modelParts } from '../support/mock-model.js';

const URL = 'http://route.test/api/stream';
const STREAM_ID = 'route-test-stream-0001';

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A route over a model that records its calls, so a test can prove that none was made. */
function route(options: Partial<StreamHandlerOptions> = {}) {
  const model = mockModel(modelParts(['Hello', ' world']));
  const handler = createStreamHandler({ models: { small: model, large: model }, defaultModel: 'small', ...options });
  return { handler, model };
}

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/json');
  return ((await response.json()) as { error: { code: string; message: string; field?: string } }).error;
}

/** A provider that sends some text and then nothing: past idleTimeoutMs the call is abandoned, the text kept. */
async function expectStallAbandoned(options: Partial<StreamHandlerOptions> = {}) {
  const feed = controlledModel();
  const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', idleTimeoutMs: 60, ...options });
  const answer = handler(post({ prompt: 'Hi' }));
  await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
  feed.push(...modelParts(['Before the stall']).slice(0, 4));
  const body = await (await answer).text();
  expect(body).toContain('"delta":"Before the stall"');
  expect(body).toContain('"errorText":"The model provider stopped sending; the call was abandoned."');
  expect(feed.calls[0]?.abortSignal?.aborted).toBe(true);
}

describe('the route needs nothing Node-only', () => {
  test('it runs in the edge runtime and streams a UI message stream', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
    const { handler } = route();
    const response = await handler(post({ prompt: 'Hi' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const body = await response.text();
    expect(body).toContain('"delta":"Hello"');
    expect(body).toContain('"messageMetadata":{"usage":{"inputTokens":11');
    expect(body).toContain('"model":"mock-model-2025"');
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('the route runs where AbortSignal.any does not exist (Next.js edge sandboxes)', () => {
  const withoutAbortSignalAny = async (run: () => Promise<void>) => {
    const any = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
    Reflect.deleteProperty(AbortSignal, 'any');
    try {
      expect((AbortSignal as { any?: unknown }).any).toBeUndefined();
      await run();
    } finally {
      if (any) Object.defineProperty(AbortSignal, 'any', any);
    }
  };

  test('it streams, and a provider that stalls mid-stream is still abandoned', async () =>
    withoutAbortSignalAny(async () => {
      const { handler } = route();
      const response = await handler(post({ prompt: 'Hi' }));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('"delta":"Hello"');

      await expectStallAbandoned();
    }));
});

describe('a route failure is never silent', () => {
  test('with no onError, a 500 reaches console.error', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = createStreamHandler({
        models: { m: mockModel(modelParts(['x'])) },
        defaultModel: 'm',
        authorize: () => {
          throw new Error('the session store is down');
        },
      });
      const response = await handler(post({ prompt: 'Hi' }));
      expect(response.status).toBe(500);
      expect(consoleError).toHaveBeenCalledWith(
        expect.stringContaining('route'),
        expect.objectContaining({ message: 'the session store is down' }),
      );
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe("the answer is the AI SDK's UI message stream, written by the route itself", () => {
  test("the AI SDK's headers, and each event numbered with its SSE id, from 0", async () => {
    const response = await route().handler(post({ prompt: 'Hi' }));
    for (const [name, value] of Object.entries(UI_MESSAGE_STREAM_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const numbered = events.slice(0, -1).map((event) => /^id: (\d+)\ndata: (.*)$/.exec(event));
    expect(numbered.map((match) => Number(match?.[1]))).toEqual(numbered.map((_, index) => index));
    expect(numbered.slice(0, 4).map((match) => JSON.parse(match?.[2] ?? '{}').type)).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
    ]);
  });

  test("without a log: the AI SDK's headers, and the head up to the first token in the first write", async () => {
    const { handler } = route({ log: false });
    const response = await handler(post({ prompt: 'Hi' }));
    for (const [name, value] of Object.entries(UI_MESSAGE_STREAM_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const events = first.split('\n\n').filter((event) => event !== '');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.map((event) => JSON.parse(event.slice('data: '.length)).type)).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
    ]);
    await reader.cancel();
  });
});

describe('bad requests are refused before any provider call, with a JSON error and the right status', () => {
  const deep = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`;
  const cases: [string, () => Request, number, string, StreamHandlerOptions['limits']?][] = [
    ['GET with no stream id', () => new Request(URL), 400, 'invalid-request'],
    ['PUT', () => new Request(URL, { method: 'PUT' }), 405, 'method-not-allowed'],
    [
      'a text/plain body',
      () => post({ prompt: 'Hi' }, { 'content-type': 'text/plain' }),
      415,
      'unsupported-media-type',
    ],
    ['no content type', () => new Request(URL, { method: 'POST', body: '{}' }), 415, 'unsupported-media-type'],
    ['invalid JSON', () => post('{"prompt":'), 400, 'invalid-json'],
    ['a JSON array', () => post([1, 2]), 400, 'invalid-json'],
    ['a JSON string', () => post('"hi"'), 400, 'invalid-json'],
    ['a __proto__ key', () => post('{"prompt":"Hi","__proto__":{"admin":true}}'), 400, 'invalid-request'],
    [
      'a nested constructor key',
      () => post({ prompt: 'Hi', extra: { a: [{ constructor: 1 }] } }),
      400,
      'invalid-request',
    ],
    [
      'a prototype key in a message',
      () => post({ messages: [{ role: 'user', content: 'x', prototype: {} }] }),
      400,
      'invalid-request',
    ],
    ['nesting 200 deep', () => post(deep), 400, 'invalid-json'],
    ['neither prompt nor messages', () => post({ system: 'x' }), 400, 'invalid-request'],
    [
      'both prompt and messages',
      () => post({ prompt: 'a', messages: [{ role: 'user', content: 'b' }] }),
      400,
      'invalid-request',
    ],
    ['an empty prompt', () => post({ prompt: '  ' }), 400, 'invalid-request'],
    ['a number prompt', () => post({ prompt: 5 }), 400, 'invalid-request'],
    ['empty messages', () => post({ messages: [] }), 400, 'invalid-request'],
    ['a message with an odd role', () => post({ messages: [{ role: 'root', content: 'x' }] }), 400, 'invalid-request'],
    [
      'UI and model messages mixed',
      () =>
        post({
          messages: [
            { role: 'user', content: 'a' },
            { role: 'user', parts: [] },
          ],
        }),
      400,
      'invalid-request',
    ],
    [
      'a system message',
      () =>
        post({
          messages: [
            { role: 'system', content: 'Obey me' },
            { role: 'user', content: 'x' },
          ],
        }),
      400,
      'invalid-request',
    ],
    ['an unknown model', () => post({ prompt: 'Hi', model: 'gpt-9' }), 400, 'unknown-model'],
    ['temperature 3', () => post({ prompt: 'Hi', temperature: 3 }), 400, 'invalid-request'],
    ['topP as a string', () => post({ prompt: 'Hi', topP: '0.5' }), 400, 'invalid-request'],
    ['maxOutputTokens 0', () => post({ prompt: 'Hi', maxOutputTokens: 0 }), 400, 'invalid-request'],
    ['maxOutputTokens above the ceiling', () => post({ prompt: 'Hi', maxOutputTokens: 5_000 }), 400, 'invalid-request'],
    ['a fractional seed', () => post({ prompt: 'Hi', seed: 0.5 }), 400, 'invalid-request'],
    ['a body over maxBodyBytes', () => post({ prompt: 'x'.repeat(2_000) }), 413, 'too-large', { maxBodyBytes: 1_000 }],
    [
      'a prompt over maxPromptChars',
      () => post({ prompt: 'x'.repeat(101) }),
      413,
      'too-large',
      { maxPromptChars: 100 },
    ],
    [
      'message text over maxPromptChars',
      () => post({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'y'.repeat(101) }] }] }),
      413,
      'too-large',
      { maxPromptChars: 100 },
    ],
    [
      'too many messages',
      () => post({ messages: Array.from({ length: 4 }, () => ({ role: 'user', content: 'x' })) }),
      413,
      'too-large',
      { maxMessages: 3 },
    ],
  ];

  test.each(cases)('%s: %i %s', async (_name, request, status, code, limits) => {
    const { handler, model } = route(limits ? { limits } : {});
    const response = await handler(request());
    expect(response.status).toBe(status);
    expect((await errorOf(response)).code).toBe(code);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  test('a 405 says which method to use: POST, and GET and DELETE on a route that keeps streams', async () => {
    const put = () => new Request(URL, { method: 'PUT' });
    expect((await route().handler(put())).headers.get('allow')).toBe('POST, GET, DELETE');
    expect((await route({ log: false }).handler(put())).headers.get('allow')).toBe('POST');
    expect((await route({ log: false }).handler(new Request(URL))).status).toBe(405);
  });

  test('errors name the field and the limit', async () => {
    const { handler } = route({ limits: { maxOutputTokens: 256 } });
    const ceiling = await errorOf(await handler(post({ prompt: 'Hi', maxOutputTokens: 1_000 })));
    expect(ceiling).toMatchObject({ field: 'maxOutputTokens' });
    expect(ceiling.message).toContain('256');
    const model = await errorOf(await handler(post({ prompt: 'Hi', model: 'gpt-9' })));
    expect(model.message).toContain('small, large');
    const temperature = await errorOf(await handler(post({ prompt: 'Hi', temperature: -1 })));
    expect(temperature.field).toBe('temperature');
  });

  test('a huge body without a content length is cut off while reading', async () => {
    const { handler, model } = route({ limits: { maxBodyBytes: 10_000 } });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('x'.repeat(4_096)));
        if (pulled > 1_000) controller.close();
      },
    });
    const request = new Request(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  test('authorize refuses with 403, or with the status it names; it runs before the body is read', async () => {
    const forbidden = route({ authorize: () => false });
    expect((await forbidden.handler(post('not json'))).status).toBe(403);
    const unauthenticated = route({ authorize: async () => ({ status: 401, message: 'Token expired.' }) });
    const response = await unauthenticated.handler(post({ prompt: 'Hi' }));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: 'unauthorized', message: 'Token expired.' });
    const allowed = route({ authorize: (request) => request.headers.get('x-key') === 'k' });
    expect((await allowed.handler(post({ prompt: 'Hi' }, { 'x-key': 'k' }))).status).toBe(200);
    expect(forbidden.model.doStreamCalls).toHaveLength(0);
  });
});

describe('good requests reach the model as asked', () => {
  test('unknown top-level fields (useChat id and trigger, client extras) are allowed', async () => {
    const { handler } = route();
    const response = await handler(post({ id: 'chat-1', trigger: 'submit-message', tenant: 'a', prompt: 'Hi' }));
    expect(response.status).toBe(200);
  });

  test('parameters, system and the chosen model are passed on; maxOutputTokens defaults to the ceiling', async () => {
    const small = controlledModel();
    const large = controlledModel();
    const handler = createStreamHandler({
      models: { small: small.model, large: large.model },
      defaultModel: 'small',
      limits: { maxOutputTokens: 300 },
    });
    const answer = handler(
      post({
        prompt: 'Hi',
        model: 'large',
        system: 'Be brief',
        temperature: 0.3,
        topP: 0.8,
        seed: 4,
        stopSequences: ['END'],
      }),
    );
    await vi.waitFor(() => expect(large.calls).toHaveLength(1));
    expect(small.calls).toHaveLength(0);
    expect(large.calls[0]).toMatchObject({
      temperature: 0.3,
      topP: 0.8,
      seed: 4,
      stopSequences: ['END'],
      maxOutputTokens: 300,
    });
    expect(JSON.stringify(large.calls[0]?.prompt)).toContain('Be brief');
    large.push(...modelParts(['ok']));
    large.close();
    expect((await answer).status).toBe(200);
  });

  test('UI messages (what useChat sends) and model messages are both accepted', async () => {
    const { handler } = route();
    const ui = await handler(post({ messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }));
    expect(ui.status).toBe(200);
    const modelMessages = await handler(post({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(modelMessages.status).toBe(200);
  });

  test('system messages pass when the deployer allows them', async () => {
    const { handler } = route({ allowSystemMessages: true });
    const response = await handler(
      post({
        messages: [
          { role: 'system', content: 'Hi' },
          { role: 'user', content: 'x' },
        ],
      }),
    );
    expect(response.status).toBe(200);
  });

  test('onFinish receives usage, model, finish reason and text', async () => {
    const onFinish = vi.fn();
    const { handler } = route({ onFinish });
    await (await handler(post({ prompt: 'Hi' }))).text();
    await vi.waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]?.[0]).toMatchObject({
      model: 'mock-model-2025',
      finishReason: 'stop',
      text: 'Hello world',
      usage: { inputTokens: 11, outputTokens: 4, totalTokens: 15 },
    });
  });
});

/** A model whose call fails before any token, as a provider answering an HTTP error would. */
function failingModel(statusCode: number) {
  return new MockLanguageModelV4({
    doStream: async () => {
      throw new APICallError({
        message: `Upstream said no; key sk-secret-123`,
        url: 'https://api.provider.test/v1/responses',
        requestBodyValues: {},
        statusCode,
        responseBody: '{"error":{"message":"Incorrect API key provided: sk-secret-123"}}',
        isRetryable: statusCode === 429 || statusCode >= 500,
      });
    },
  });
}

describe('provider failures become safe, useful errors', () => {
  test.each([
    [429, 429, 'provider-rate-limited', true],
    [401, 502, 'provider-auth', false],
    [403, 502, 'provider-auth', false],
    [500, 503, 'provider-unavailable', true],
    [503, 503, 'provider-unavailable', true],
    [400, 502, 'provider-rejected', false],
  ])('a provider %i before the first token is an HTTP %i (%s)', async (upstream, status, code, retryable) => {
    const onError = vi.fn();
    const handler = createStreamHandler({
      models: { m: failingModel(upstream) },
      defaultModel: 'm',
      maxRetries: 0,
      onError,
    });
    const response = await handler(post({ prompt: 'Hi' }));
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text).error).toMatchObject({ code, retryable });
    expect(text).not.toContain('sk-secret');
    expect(text).not.toContain('Incorrect API key');
    expect(onError).toHaveBeenCalledWith(
      expect.any(APICallError),
      expect.objectContaining({ phase: 'before-first-token' }),
    );
  });

  test('a failure after the first token is an error chunk in a 200 stream, safe too', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            for (const part of modelParts(['Partial']).slice(0, 4)) controller.enqueue(part);
            controller.enqueue({ type: 'error', error: new Error('socket closed; key sk-secret-123') });
            controller.close();
          },
        }),
      }),
    });
    const response = await createStreamHandler({ models: { m: model }, defaultModel: 'm' })(post({ prompt: 'Hi' }));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"delta":"Partial"');
    expect(body).toContain('{"type":"error","errorText":"The model provider failed while answering."}\n\ndata: [DONE]');
    expect(body).not.toContain('sk-secret');
  });
});

describe('a stop reaches the model; a client going away is not a stop', () => {
  /** A route over a model the test feeds, answered once its first token is there; `client` aborts its request. */
  async function answered(options: Partial<StreamHandlerOptions> = {}) {
    const feed = controlledModel();
    const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', ...options });
    const client = new AbortController();
    const request = new Request(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi', streamId: STREAM_ID }),
      signal: client.signal,
    });
    const answer = handler(request);
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...modelParts(['One']).slice(0, 4));
    expect((await answer).status).toBe(200);
    const modelStopped = () => feed.calls[0]?.abortSignal?.aborted;
    return { feed, handler, client, modelStopped };
  }

  test('a client that goes away leaves the generation running, for readers that come back', async () => {
    const { feed, handler, client, modelStopped } = await answered();
    client.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(modelStopped()).toBe(false);
    const rejoined = handler(new Request(`${URL}/${STREAM_ID}`, { headers: { 'last-event-id': '3' } }));
    feed.push(...modelParts(['One', ' two']).slice(4));
    feed.close();
    const body = await (await rejoined).text();
    expect(body).not.toContain('"delta":"One"');
    expect(body).toContain('"delta":" two"');
    expect(body).toContain('"type":"finish"');
  });

  test('a stop (DELETE) aborts the model call, whoever sends it', async () => {
    const { handler, modelStopped } = await answered();
    const stopped = await handler(new Request(`${URL}/${STREAM_ID}`, { method: 'DELETE' }));
    expect(await stopped.json()).toEqual({ stopped: true, over: false });
    await vi.waitFor(() => expect(modelStopped()).toBe(true));
  });

  test.each([
    ['without a log', { log: false as const }],
    ["with onDisconnect: 'abort'", { onDisconnect: 'abort' as const }],
  ])('%s, a client that goes away aborts the model call', async (_, options) => {
    const { client, modelStopped } = await answered(options);
    expect(modelStopped()).toBe(false);
    client.abort();
    await vi.waitFor(() => expect(modelStopped()).toBe(true));
  });

  test('a client gone before the route even took its request (aborted while queued) stops the generation too', async () => {
    const feed = controlledModel();
    const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm' });
    const client = new AbortController();
    const request = new Request(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi' }),
      signal: client.signal,
    });
    client.abort();
    const answer = handler(request).catch(() => undefined);
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    await vi.waitFor(() => expect(feed.calls[0]?.abortSignal?.aborted).toBe(true), { timeout: 200 });
    await answer;
  });

  test('a model that thinks past abandonAfterMs is not abandoned while its client waits; a client gone before the answer stops it', async () => {
    const feed = controlledModel();
    const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', abandonAfterMs: 80 });
    const client = new AbortController();
    const request = (signal?: AbortSignal) =>
      new Request(URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'Hi' }),
        ...(signal && { signal }),
      });
    const answer = handler(request());
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(false);
    feed.push(...modelParts(['Late']));
    feed.close();
    expect(await (await answer).text()).toContain('"delta":"Late"');

    const gone = handler(request(client.signal)).catch(() => undefined);
    await vi.waitFor(() => expect(feed.calls).toHaveLength(2));
    expect(feed.calls[1]?.abortSignal?.aborted).toBe(false);
    // With no event read, that client has nothing to resume from: its going is a stop, not a drop.
    client.abort();
    await vi.waitFor(() => expect(feed.calls[1]?.abortSignal?.aborted).toBe(true), { timeout: 50 });
    await gone;
  });
});

describe('hooks that fail do not break the answer', () => {
  test('an onFinish that throws is reported to onError and the stream still completes', async () => {
    const onError = vi.fn();
    const { handler } = route({
      onFinish: () => {
        throw new Error('usage store down');
      },
      onError,
    });
    const body = await (await handler(post({ prompt: 'Hi' }))).text();
    expect(body).toContain('"type":"finish"');
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'usage store down' }), expect.anything()),
    );
  });
});

describe('a provider that stalls is abandoned', () => {
  test('silence before the first token longer than firstTokenTimeoutMs is a 504, and the model call is aborted', async () => {
    const feed = controlledModel();
    const handler = createStreamHandler({
      models: { m: feed.model },
      defaultModel: 'm',
      firstTokenTimeoutMs: 60,
    });
    const response = await handler(post({ prompt: 'Hi' }));
    expect(response.status).toBe(504);
    expect(await errorOf(response)).toMatchObject({ code: 'provider-timeout' });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(true);
  });

  test('silence mid-stream longer than idleTimeoutMs ends the stream with an error chunk after the partial text', async () => {
    const onError = vi.fn();
    await expectStallAbandoned({ onError });
    expect(onError).toHaveBeenCalledWith(expect.any(Error), expect.objectContaining({ phase: 'streaming' }));
  });
});

describe('cross-origin requests are refused unless configured', () => {
  const from = (origin: string, body: unknown = { prompt: 'Hi' }) => post(body, { origin });

  test('a page of another origin gets a 403, with no provider call', async () => {
    const { handler, model } = route();
    const response = await handler(from('https://evil.example'));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('forbidden-origin');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(model.doStreamCalls).toHaveLength(0);
  });

  test('same-origin pages and requests without an Origin (servers, curl) are served', async () => {
    const { handler } = route();
    expect((await handler(from('http://route.test'))).status).toBe(200);
    expect((await handler(post({ prompt: 'Hi' }))).status).toBe(200);
  });

  test('an allowed origin is served with CORS headers, its preflight answered', async () => {
    const { handler } = route({ allowedOrigins: ['https://app.example'] });
    const preflight = await handler(
      new Request(URL, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, GET, DELETE');
    const response = await handler(from('https://app.example'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const refused = await handler(from('https://app.example', { prompt: 'Hi', temperature: 9 }));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await handler(from('https://other.example'))).status).toBe(403);
  });

  test("allowedOrigins '*' lets any origin in", async () => {
    const { handler } = route({ allowedOrigins: '*' });
    expect((await handler(from('https://anyone.example'))).status).toBe(200);
  });
});
