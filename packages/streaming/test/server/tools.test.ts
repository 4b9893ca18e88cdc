// @vitest-environment edge-runtime
import { createStreamHandler } from '@tokenflow/streaming/server';
import { tool } from 'ai';
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { chunksOf, post, scriptedModel, step, textParts, toolCallParts, typesOf } from './parts-kit.js';

/** A server-side tool, its execute a spy (or the given function). */
function weatherTool(execute = async ({ city }: { city: string }) => ({ city, temperatureC: 18, sky: 'cloudy' })) {
  const run = vi.fn(execute);
  return {
    run,
    weather: tool({ description: 'The weather now', inputSchema: z.object({ city: z.string() }), execute: run }),
  };
}

const callsWeather = (id: string) => step(...toolCallParts(id, 'weather', '{"ci', 'ty":"Pa', 'ris"}'));

describe('server-side tools: the model calls one, the route runs it, the model answers with its output', () => {
  test('a round trip: input deltas, input, output, then the second step’s text', async () => {
    const { weather, run } = weatherTool();
    const model = scriptedModel([callsWeather('call-1'), step(...textParts('It is 18 °C', ' in Paris.'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather }, log: false });
    const chunks = await chunksOf(await handler(post({ prompt: 'Weather in Paris?' })));

    expect(typesOf(chunks)).toEqual([
      'start',
      'start-step',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-available',
      'tool-output-available',
      'finish-step',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect(chunks[2]).toMatchObject({ toolCallId: 'call-1', toolName: 'weather' });
    expect(chunks.filter((c) => c.type === 'tool-input-delta').map((c) => c.inputTextDelta)).toEqual([
      '{"ci',
      'ty":"Pa',
      'ris"}',
    ]);
    expect(chunks[6]).toMatchObject({ toolCallId: 'call-1', toolName: 'weather', input: { city: 'Paris' } });
    expect(chunks[7]).toMatchObject({
      toolCallId: 'call-1',
      output: { city: 'Paris', temperatureC: 18, sky: 'cloudy' },
    });
    expect(chunks.at(-1)).toMatchObject({ finishReason: 'stop' });
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]?.[0]).toEqual({ city: 'Paris' });

    // The model was offered the tool, and its second call read the tool's output.
    expect(model.doStreamCalls).toHaveLength(2);
    expect(model.doStreamCalls[0]?.tools).toMatchObject([{ type: 'function', name: 'weather' }]);
    const secondPrompt = JSON.stringify(model.doStreamCalls[1]?.prompt);
    expect(secondPrompt).toContain('"type":"tool-result"');
    expect(secondPrompt).toContain('"temperatureC":18');
  });

  test('with a log, the same chunks are logged and replayed; onFinish gets the text of every step', async () => {
    const { weather } = weatherTool();
    const onFinish = vi.fn();
    const model = scriptedModel([
      step(...textParts('Let me look. '), ...toolCallParts('call-1', 'weather', '{"city":"Oslo"}')),
      step(...textParts('Sunny.')),
    ]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather }, onFinish });
    const chunks = await chunksOf(await handler(post({ prompt: 'Weather in Oslo?', streamId: 'tools-stream-0001' })));
    expect(typesOf(chunks)).toContain('tool-output-available');
    const replay = await chunksOf(await handler(new Request('http://route.test/api/stream/tools-stream-0001')));
    expect(replay).toEqual(chunks);
    await vi.waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]?.[0]).toMatchObject({ text: 'Let me look. Sunny.', finishReason: 'stop' });
  });

  test('the loop is bounded: a model that always calls a tool stops after maxSteps calls (default 3)', async () => {
    for (const [maxSteps, calls] of [
      [undefined, 3],
      [1, 1],
      [2, 2],
    ] as const) {
      const { weather, run } = weatherTool();
      const model = scriptedModel([callsWeather('call-x')]);
      const handler = createStreamHandler({
        models: { m: model },
        defaultModel: 'm',
        tools: { weather },
        log: false,
        ...(maxSteps !== undefined && { maxSteps }),
      });
      const chunks = await chunksOf(await handler(post({ prompt: 'Loop' })));
      expect(model.doStreamCalls).toHaveLength(calls);
      expect(run).toHaveBeenCalledTimes(calls);
      expect(typesOf(chunks).filter((type) => type === 'start-step')).toHaveLength(calls);
      expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
    }
  });

  test.each([
    ['with a log', {}],
    ['without a log', { log: false as const }],
  ])('%s, a tool that runs longer than idleTimeoutMs is not taken for a silent provider', async (_, options) => {
    const { weather, run } = weatherTool(async ({ city }) => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return { city, temperatureC: 18, sky: 'cloudy' };
    });
    const model = scriptedModel([callsWeather('call-1'), step(...textParts('18 °C.'))]);
    const handler = createStreamHandler({
      models: { m: model },
      defaultModel: 'm',
      tools: { weather },
      idleTimeoutMs: 60,
      ...options,
    });
    const chunks = await chunksOf(await handler(post({ prompt: 'Weather?' })));
    expect(run).toHaveBeenCalledTimes(1);
    expect(typesOf(chunks)).not.toContain('error');
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => chunk.delta)).toEqual(['18 °C.']);
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(false);
  });

  test('maxSteps must be a whole number of at least 1', () => {
    const { weather } = weatherTool();
    const model = scriptedModel([step()]);
    for (const maxSteps of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather }, maxSteps }),
      ).toThrow(/maxSteps/);
    }
  });

  test('a tool that throws: the client gets a safe tool-output-error, onError the error, and the model goes on', async () => {
    const { weather } = weatherTool(async () => {
      throw new Error('db password=hunter2 refused');
    });
    const onError = vi.fn();
    const model = scriptedModel([callsWeather('call-1'), step(...textParts('The weather service is down.'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather }, onError });
    const response = await handler(post({ prompt: 'Weather?' }));
    const chunks = await chunksOf(response.clone());
    expect(chunks).toContainEqual({
      type: 'tool-output-error',
      toolCallId: 'call-1',
      errorText: 'The tool "weather" failed.',
    });
    expect(await response.text()).not.toContain('hunter2');
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(typesOf(chunks)).not.toContain('error');
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'db password=hunter2 refused' }),
      expect.objectContaining({ phase: 'tool' }),
    );
  });

  test('a model that answers without a tool streams as before, and a route without tools offers none', async () => {
    const { weather, run } = weatherTool();
    const model = scriptedModel([step(...textParts('Hi!'))]);
    const withTools = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather } });
    expect(typesOf(await chunksOf(await withTools(post({ prompt: 'Hi' }))))).toContain('text-delta');
    expect(run).not.toHaveBeenCalled();
    const plain = scriptedModel([step(...textParts('Hi!'))]);
    await chunksOf(await createStreamHandler({ models: { m: plain }, defaultModel: 'm' })(post({ prompt: 'Hi' })));
    expect(plain.doStreamCalls[0]?.tools).toBeUndefined();
  });

  describe('the next turn: a conversation that carries earlier tool calls and their results', () => {
    const weatherPart = (state: string, extra: Record<string, unknown>) => ({
      type: 'tool-weather',
      toolCallId: 'call-1',
      state,
      input: { city: 'Paris' },
      ...extra,
    });
    const uiTurn = (part: Record<string, unknown>) => [
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
      { id: 'a1', role: 'assistant', parts: [{ type: 'step-start' }, part, { type: 'text', text: 'It is 18 °C.' }] },
      { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Thanks! And in Oslo?' }] },
    ];
    const modelTurn = [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: { city: 'Paris' } }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call-1',
            toolName: 'weather',
            output: { type: 'json', value: { temperatureC: 18 } },
          },
        ],
      },
      { role: 'user', content: 'Thanks! And in Oslo?' },
    ];
    const done = weatherPart('output-available', { output: { temperatureC: 18 } });

    test.each([
      ['UI messages (what useChat sends)', uiTurn(done)],
      ['model messages', modelTurn],
    ])('%s: accepted on a route with tools; the model reads the call and its result', async (_, messages) => {
      const { weather } = weatherTool();
      const model = scriptedModel([step(...textParts('Let me check Oslo.'))]);
      const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather } });
      expect(typesOf(await chunksOf(await handler(post({ messages }))))).toContain('text-delta');
      const prompt = JSON.stringify(model.doStreamCalls[0]?.prompt);
      expect(prompt).toContain('"type":"tool-call"');
      expect(prompt).toContain('"type":"tool-result"');
      expect(prompt).toContain('"temperatureC":18');
    });

    test.each([
      ['UI messages', uiTurn(done)],
      ['model messages', modelTurn],
    ])('%s with tool calls: refused (400) by a route without tools, with no model call', async (_, messages) => {
      const model = scriptedModel([step(...textParts('x'))]);
      const response = await createStreamHandler({ models: { m: model }, defaultModel: 'm' })(post({ messages }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid-request' } });
      expect(model.doStreamCalls).toHaveLength(0);
    });

    test('a tool call left without its result is a 400, with no model call', async () => {
      const { weather } = weatherTool();
      const model = scriptedModel([step(...textParts('x'))]);
      const handler = createStreamHandler({
        models: { m: model },
        defaultModel: 'm',
        tools: { weather },
        onError: () => {},
      });
      const response = await handler(post({ messages: uiTurn(weatherPart('input-available', {})) }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid-request' } });
      expect(model.doStreamCalls).toHaveLength(0);
    });
  });
});
