// @vitest-environment edge-runtime
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { describe, expect, test } from 'vitest';
import { chunksOf, post, scriptedModel, step, textParts, URL } from './parts-kit.js';

// `onStart` may return anything (the README binds owners with `owners.set(…)`, which returns the Map): a value is
// ignored, a promise is awaited before the model is called, and a rejection refuses the start.

function route(onStart: NonNullable<StreamHandlerOptions['onStart']>) {
  const model = scriptedModel([step(...textParts('Hello'))]);
  const errors: unknown[] = [];
  const onError = (error: unknown) => {
    errors.push(error);
  };
  return { model, errors, handler: createStreamHandler({ models: { m: model }, defaultModel: 'm', onStart, onError }) };
}

describe('onStart', () => {
  test('a returned value (the Map of owners) is ignored: the stream goes on', async () => {
    const owners = new Map<string, string>();
    const { handler } = route(({ streamId }) => owners.set(streamId, 'ada'));
    const chunks = await chunksOf(await handler(post({ prompt: 'Hi', streamId: 'on-start-value-0001' })));
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => chunk.delta)).toEqual(['Hello']);
    expect(owners.get('on-start-value-0001')).toBe('ada');
  });

  test('a returned promise is awaited before the model is called', async () => {
    let calledBeforeResolved: number | undefined;
    const { model, handler } = route(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      calledBeforeResolved = model.doStreamCalls.length;
      return 'anything';
    });
    await chunksOf(await handler(post({ prompt: 'Hi' })));
    expect(calledBeforeResolved).toBe(0);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  test('a rejected promise refuses the start (500) and the model is not called', async () => {
    const { model, errors, handler } = route(() => Promise.reject(new Error('no owner store')));
    const response = await handler(post({ prompt: 'Hi' }));
    expect(response.status).toBe(500);
    expect(model.doStreamCalls).toHaveLength(0);
    expect(errors).toEqual([new Error('no owner store')]);
  });

  test('a refused start leaves no stream running: a reader of its id is told it ended, at once', async () => {
    const { handler } = route(() => Promise.reject(new Error('no owner store')));
    expect((await handler(post({ prompt: 'Hi', streamId: 'on-start-refused-01' }))).status).toBe(500);
    const read = handler(new Request(`${URL}/on-start-refused-01`));
    const waited = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 1_000));
    const outcome = await Promise.race([read.then(async (response) => chunksOf(response)), waited]);
    expect(outcome).not.toBe('still waiting');
    expect(outcome).toEqual([expect.objectContaining({ type: 'abort' })]);
  });
});
