import { createOpenAI } from '@ai-sdk/openai';
import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler } from '@tokenflow/streaming/server';
import { tool } from 'ai';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { type FakeOpenAI, type Recording, readRecording, startFakeOpenAI } from './support/fake-openai.js';

/*
 * Real OpenAI recordings with more than text (reasoning, tool calls, cited sources), through @ai-sdk/openai and
 * our route: what the recording streamed comes out of the route as the AI SDK's UI message chunks. Expectations
 * are read from the recordings' frames.
 */

type Json = Record<string, unknown>;
type Chunk = Json & { type: string };
const record = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const payloads = (recording: Recording) => recording.payloads.map(record);

/** The function calls a recording makes: id, name and the arguments its deltas build. */
function recordedCalls(recording: Recording): { id: string; name: string; args: string }[] {
  const calls = new Map<string, { id: string; name: string; args: string }>();
  for (const payload of payloads(recording)) {
    if (recording.api === 'chat') {
      const choice = record((payload.choices as unknown[] | undefined)?.[0]);
      for (const delta of (record(choice.delta).tool_calls as unknown[] | undefined) ?? []) {
        const { index, id, function: fn } = record(delta);
        const call = calls.get(String(index)) ?? { id: String(id), name: String(record(fn).name), args: '' };
        call.args += String(record(fn).arguments ?? '');
        calls.set(String(index), call);
      }
    } else if (payload.type === 'response.output_item.added' && record(payload.item).type === 'function_call') {
      const item = record(payload.item);
      calls.set(String(item.id), { id: String(item.call_id), name: String(item.name), args: '' });
    } else if (payload.type === 'response.function_call_arguments.delta') {
      const call = calls.get(String(payload.item_id));
      if (call) call.args += String(payload.delta);
    }
  }
  return [...calls.values()];
}

/** The text deltas of a recording, joined (`output_text.delta` or the first choice's content). */
const recordedText = (recording: Recording) =>
  payloads(recording)
    .map((payload) =>
      recording.api === 'chat'
        ? record(record((payload.choices as unknown[] | undefined)?.[0]).delta).content
        : payload.type === 'response.output_text.delta'
          ? payload.delta
          : undefined,
    )
    .filter((text): text is string => typeof text === 'string')
    .join('');

let provider: FakeOpenAI;
beforeEach(async () => {
  provider = await startFakeOpenAI();
});
afterEach(async () => {
  await provider.close();
});

const modelFor = (api: Recording['api']) => {
  const openai = createOpenAI({ apiKey: 'test-key', baseURL: provider.baseURL });
  return api === 'chat' ? openai.chat('gpt-4o-mini') : openai.responses('gpt-4o-mini');
};

/** The route of `ask`, as a handler. */
const handlerFor = (
  api: Recording['api'],
  onError: () => void,
  tools?: Parameters<typeof createStreamHandler>[0]['tools'],
) =>
  createStreamHandler({
    models: { m: modelFor(api) },
    defaultModel: 'm',
    maxRetries: 0,
    onError,
    ...(tools && { tools }),
  });

/** Our route over the fake provider (with the given tools), asked once; its answer as chunks. */
async function ask(api: Recording['api'], tools?: Parameters<typeof createStreamHandler>[0]['tools']) {
  const onError = vi.fn();
  const handler = handlerFor(api, onError, tools);
  const response = await handler(
    new Request('http://route.test/api/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x' }),
    }),
  );
  expect(response.status).toBe(200);
  const chunks = (await response.text())
    .split('\n\n')
    .map((event) => event.replace(/^id: \d+\n/, '').replace(/^data: /, ''))
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Chunk);
  return { chunks, onError };
}

const of = (chunks: readonly Chunk[], type: string) => chunks.filter((chunk) => chunk.type === type);

describe('reasoning and sources from real recordings come out of the route', () => {
  test('responses-reasoning-summary-long-unicode: the reasoning summary, delta for delta, before the answer', async () => {
    const recording = readRecording('responses-reasoning-summary-long-unicode.sse');
    const summary = payloads(recording)
      .filter((payload) => payload.type === 'response.reasoning_summary_text.delta')
      .map((payload) => String(payload.delta));
    provider.serve(recording);
    const { chunks } = await ask('responses');
    const thoughts = of(chunks, 'reasoning-delta').map((chunk) => chunk.delta);
    expect(thoughts.filter((delta) => delta !== '')).toEqual(summary.filter((delta) => delta !== ''));
    const types = chunks.map((chunk) => chunk.type);
    expect(types.lastIndexOf('reasoning-delta')).toBeLessThan(types.indexOf('text-delta'));
    expect(
      of(chunks, 'text-delta')
        .map((chunk) => chunk.delta)
        .join(''),
    ).toBe(recordedText(recording));
  });

  test('responses-web-search-annotations: the cited page is a source-url chunk', async () => {
    const recording = readRecording('responses-web-search-annotations.sse');
    const cited = payloads(recording)
      .filter((payload) => payload.type === 'response.output_text.annotation.added')
      .map((payload) => record(payload.annotation));
    expect(cited.length).toBeGreaterThan(0);
    provider.serve(recording);
    const { chunks } = await ask('responses');
    expect(of(chunks, 'source-url').map(({ url, title }) => ({ url, title }))).toEqual(
      cited.map(({ url, title }) => ({ url, title })),
    );
  });
});

/** Each recording of tool calls, with the recorded answer that serves as the second step. */
const TOOL_RECORDINGS = [
  ['chat-completions-tool-call.sse', 'chat-completions-basic.sse'],
  ['chat-completions-parallel-tool-calls.sse', 'chat-completions-basic.sse'],
  ['responses-function-call.sse', 'responses-basic.sse'],
  ['responses-gpt5-reasoning-function-call.sse', 'responses-basic.sse'],
] as const;

describe('tool calls from real recordings: the route runs the tool, and the model answers in a second step', () => {
  test.each(TOOL_RECORDINGS)('%s, then %s', async (first, second) => {
    const calling = readRecording(first);
    const answering = readRecording(second);
    const calls = recordedCalls(calling);
    expect(calls.length).toBeGreaterThan(0);
    const run = vi.fn(async (input: unknown) => ({ received: input, temperatureC: 7 }));
    const tools = Object.fromEntries(
      calls.map(({ name }) => [name, tool({ inputSchema: z.looseObject({}), execute: run })]),
    );
    provider.serve(calling);
    provider.serve(answering);
    const { chunks, onError } = await ask(calling.api, tools);

    for (const call of calls) {
      const mine = chunks.filter((chunk) => chunk.toolCallId === call.id);
      expect(mine.map((chunk) => chunk.type)).toEqual(
        expect.arrayContaining([
          'tool-input-start',
          'tool-input-delta',
          'tool-input-available',
          'tool-output-available',
        ]),
      );
      expect(mine.find((chunk) => chunk.type === 'tool-input-start')).toMatchObject({ toolName: call.name });
      const deltas = of(mine, 'tool-input-delta').map((chunk) => chunk.inputTextDelta);
      expect(deltas.join('')).toBe(call.args);
      const input = JSON.parse(call.args) as unknown;
      expect(of(mine, 'tool-input-available')[0]).toMatchObject({ input });
      expect(of(mine, 'tool-output-available')[0]).toMatchObject({ output: { received: input, temperatureC: 7 } });
    }
    expect(run).toHaveBeenCalledTimes(calls.length);
    if (first.includes('reasoning')) {
      // A reasoning item with no summary: its start and end still come first, before the call.
      const types = chunks.map((chunk) => chunk.type);
      expect(types.indexOf('reasoning-start')).toBeLessThan(types.indexOf('tool-input-start'));
    }

    // The second call carried the tools' outputs, and its answer is the second step's text.
    expect(provider.requests).toHaveLength(2);
    const sent = JSON.stringify(provider.requests[1]?.body);
    for (const call of calls) expect(sent).toContain(call.id);
    expect(sent).toContain('temperatureC');
    expect(of(chunks, 'start-step')).toHaveLength(2);
    expect(
      of(chunks, 'text-delta')
        .map((chunk) => chunk.delta)
        .join(''),
    ).toBe(recordedText(answering));
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(onError).not.toHaveBeenCalled();
  });
});

describe("tool calls from real recordings, in the client's view", () => {
  test.each(TOOL_RECORDINGS)(
    '%s: view.toolCalls holds each recorded call, its input text, input and output, in order',
    async (first, second) => {
      const calling = readRecording(first);
      const calls = recordedCalls(calling);
      const tools = Object.fromEntries(
        calls.map(({ name }) => [
          name,
          tool({ inputSchema: z.looseObject({}), execute: async (input) => ({ received: input, temperatureC: 7 }) }),
        ]),
      );
      provider.serve(calling);
      provider.serve(readRecording(second));
      const onError = vi.fn();
      const handler = handlerFor(calling.api, onError, tools);
      const store = createStreamingStore({
        transport: httpTransport({
          api: 'http://route.test/api/stream',
          fetch: async (url, init) => handler(new Request(url, init)),
        }),
        throttle: false,
      });
      const result = await store.end(store.start({ prompt: 'x' }));
      expect(result.status).toBe('done');
      expect(result.toolCalls).toEqual(
        calls.map(({ id, name, args }) => ({
          id,
          name,
          state: 'output-available',
          inputText: args,
          input: JSON.parse(args),
          output: { received: JSON.parse(args), temperatureC: 7 },
          errorText: undefined,
        })),
      );
      expect(result.text).toBe(recordedText(readRecording(second)));
      expect(onError).not.toHaveBeenCalled();
    },
  );
});
