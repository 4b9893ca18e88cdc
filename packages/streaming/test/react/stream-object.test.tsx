// @vitest-environment jsdom

import { act, render } from '@testing-library/react';
import {
  createStreamingStore,
  type StreamHandle,
  StreamingProvider,
  type StreamObject,
  type ToolCall,
  type ToolInput,
  useStreamObject,
  useTokens,
  useToolInput,
} from '@tokenflow/streaming';
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { manualTransport, settle } from '../support/manual-transport.js';

const recipeSchema = z.object({ title: z.string(), steps: z.array(z.string()), serves: z.number() });
type Recipe = z.infer<typeof recipeSchema>;

function objectReader(schema?: typeof recipeSchema) {
  const { transport, streams } = manualTransport();
  const store = createStreamingStore({ transport, throttle: false });
  const seen: StreamObject<Recipe>[] = [];
  let handle = '' as StreamHandle;
  act(() => {
    handle = store.start({ prompt: 'A recipe', output: 'recipe' });
  });
  function Card() {
    seen.push(useStreamObject<Recipe>(handle, schema ? { schema } : {}));
    return null;
  }
  render(
    <StreamingProvider store={store}>
      <Card />
    </StreamingProvider>,
  );
  const stream = streams[0] as NonNullable<(typeof streams)[0]>;
  return { store, handle, stream, last: () => seen.at(-1) as StreamObject<Recipe> };
}

describe('useStreamObject: the object a stream’s JSON text describes, as it streams', () => {
  test('strings grow, numbers show once whole, finished parts keep their identity, and the end validates', async () => {
    const { stream, last } = objectReader(recipeSchema);
    act(() => stream.tokens('{"title":"Pan', 'cakes","steps":["Whisk'));
    expect(last().object).toEqual({ title: 'Pancakes', steps: ['Whisk'] });
    expect([last().isComplete(['title']), last().isComplete(['steps', 0]), last().done]).toEqual([true, false, false]);
    const steps = last().object?.steps;
    act(() => stream.tokens(' the eggs"],"serves":', '4'));
    // 4 may still become 42: not shown until the number ends.
    expect(last().object).toEqual({ title: 'Pancakes', steps: ['Whisk the eggs'] });
    const finishedSteps = last().object?.steps;
    expect(finishedSteps).not.toBe(steps);
    act(() => stream.tokens('}'));
    expect(last().object?.steps).toBe(finishedSteps);
    await act(async () => {
      stream.finish();
      await settle();
    });
    expect(last()).toMatchObject({
      done: true,
      value: { title: 'Pancakes', steps: ['Whisk the eggs'], serves: 4 },
      error: undefined,
    });
  });

  test('a finished object the schema refuses has issues and no value; malformed JSON a protocol error', async () => {
    const refused = objectReader(recipeSchema);
    await act(async () => {
      refused.stream.tokens('{"title":"Tea","steps":[],"serves":"two"}');
      refused.stream.finish();
      await settle();
    });
    expect(refused.last()).toMatchObject({ done: true, value: undefined });
    expect(refused.last().issues?.[0]?.path).toEqual(['serves']);

    const broken = objectReader();
    act(() => broken.stream.tokens('{"title":"Tea",', '}'));
    expect(broken.last().error).toMatchObject({ code: 'protocol' });
    expect(broken.last().object).toEqual({ title: 'Tea' });
  });

  test('text after the value is an error, and then there is no value, with a schema or without', async () => {
    for (const schema of [recipeSchema, undefined]) {
      const chatty = objectReader(schema);
      // The value first, checked by the schema in its own render; the chatter after it in a later one.
      await act(async () => {
        chatty.stream.tokens('{"title":"Tea","steps":[],"serves":2}');
        await settle();
      });
      expect(chatty.last().value).toEqual({ title: 'Tea', steps: [], serves: 2 });
      await act(async () => {
        chatty.stream.tokens('\n\nHope this helps!');
        chatty.stream.finish();
        await settle();
      });
      expect(chatty.last()).toMatchObject({ value: undefined, error: { code: 'protocol' } });
      expect(chatty.last().object).toEqual({ title: 'Tea', steps: [], serves: 2 });
    }
  });

  test('a schema written inline (a new object at each render) is checked once, not at every render', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    let renders = 0;
    let seen: StreamObject<Recipe> | undefined;
    let handle = '' as StreamHandle;
    act(() => {
      handle = store.start({ prompt: 'A recipe', output: 'recipe' });
    });
    function Card() {
      renders++;
      seen = useStreamObject(handle, {
        schema: z.object({ title: z.string(), steps: z.array(z.string()), serves: z.number() }),
      });
      return null;
    }
    render(
      <StreamingProvider store={store}>
        <Card />
      </StreamingProvider>,
    );
    await act(async () => {
      streams[0]?.tokens('{"title":"Tea","steps":[],"serves":2}');
      streams[0]?.finish();
      await settle();
    });
    expect(seen?.value).toEqual({ title: 'Tea', steps: [], serves: 2 });
    const rendersOnceChecked = renders;
    await act(async () => {
      for (let tick = 0; tick < 20; tick++) await settle();
    });
    expect(renders).toBe(rendersOnceChecked);
  });

  test('an inline schema is called once per finished JSON, however often the card renders after that', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const validate = vi.fn((value: unknown) => ({ value: value as Recipe }));
    let handle = '' as StreamHandle;
    act(() => {
      handle = store.start({ prompt: 'A recipe', output: 'recipe' });
    });
    function Card({ tick }: { tick: number }) {
      const { value } = useStreamObject<Recipe>(handle, {
        schema: { '~standard': { version: 1, vendor: 'test', validate } },
      });
      return <p data-tick={tick}>{value?.title}</p>;
    }
    const shown = render(
      <StreamingProvider store={store}>
        <Card tick={0} />
      </StreamingProvider>,
    );
    await act(async () => {
      streams[0]?.tokens('{"title":"Tea","steps":[],"serves":2}');
      streams[0]?.finish();
      await settle();
    });
    for (let tick = 1; tick <= 5; tick++) {
      shown.rerender(
        <StreamingProvider store={store}>
          <Card tick={tick} />
        </StreamingProvider>,
      );
      await act(settle);
    }
    expect(shown.container.textContent).toBe('Tea');
    expect(validate).toHaveBeenCalledTimes(1);
  });

  test('a stream done before its JSON is an error (cut short), with no value; a stopped or failed one is not', async () => {
    const cut = objectReader(recipeSchema);
    await act(async () => {
      cut.stream.tokens('{"title":"Te');
      cut.stream.finish({ finishReason: 'length' });
      await settle();
    });
    expect(cut.last()).toMatchObject({ done: false, value: undefined, error: { code: 'protocol' } });
    expect(cut.last().object).toEqual({ title: 'Te' });

    const stopped = objectReader(recipeSchema);
    act(() => stopped.stream.tokens('{"title":"Te'));
    await act(async () => {
      await stopped.store.end(stopped.handle, { abort: true });
    });
    expect(stopped.last()).toMatchObject({ done: false, value: undefined, error: undefined });
    expect(stopped.last().object).toEqual({ title: 'Te' });

    const failed = objectReader(recipeSchema);
    await act(async () => {
      failed.stream.tokens('{"title":"Te');
      failed.stream.fail(new Error('provider down'));
      await settle();
    });
    expect(failed.last()).toMatchObject({ done: false, value: undefined, error: undefined });

    // Whole before the stop: done, and checked.
    const whole = objectReader(recipeSchema);
    act(() => whole.stream.tokens('{"title":"Tea","steps":[],"serves":2}'));
    await act(async () => {
      await whole.store.end(whole.handle, { abort: true });
      await settle();
    });
    expect(whole.last()).toMatchObject({ done: true, value: { title: 'Tea', steps: [], serves: 2 }, error: undefined });
  });
});

describe('useToolInput: a tool call’s input as it streams', () => {
  test('fields fill in as the input text grows; the parsed input once the call has it', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const inputs: ToolInput[] = [];
    let handle = '' as StreamHandle;
    act(() => {
      handle = store.start({ prompt: 'Weather?' });
    });
    function Card({ call }: { call: ToolCall }) {
      inputs.push(useToolInput(call));
      return null;
    }
    function Calls() {
      return useTokens(handle).toolCalls.map((call) => <Card key={call.id} call={call} />);
    }
    render(
      <StreamingProvider store={store}>
        <Calls />
      </StreamingProvider>,
    );
    const stream = streams[0] as NonNullable<(typeof streams)[0]>;
    act(() =>
      stream.parts(
        { type: 'tool-input-start', toolCallId: 'c', toolName: 'weather' },
        { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{"city":"Os' },
      ),
    );
    expect(inputs.at(-1)?.input).toEqual({ city: 'Os' });
    expect(inputs.at(-1)?.isComplete(['city'])).toBe(false);
    act(() => stream.parts({ type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: 'lo","days":3}' }));
    expect(inputs.at(-1)?.input).toEqual({ city: 'Oslo', days: 3 });
    act(() =>
      stream.parts({
        type: 'tool-input-available',
        toolCallId: 'c',
        toolName: 'weather',
        input: { city: 'Oslo', days: 3 },
      }),
    );
    expect(inputs.at(-1)?.isComplete([])).toBe(true);
    expect(inputs.at(-1)?.isComplete(['country'])).toBe(false);
  });

  test('a call whose tool failed keeps its input, also when the input came whole (no input text)', () => {
    const inputs: ToolInput[] = [];
    function Card({ call }: { call: ToolCall }) {
      inputs.push(useToolInput(call));
      return null;
    }
    const failed: ToolCall = {
      id: 'c',
      name: 'weather',
      state: 'error',
      inputText: '',
      input: { city: 'Atlantis' },
      output: undefined,
      errorText: 'The tool "weather" failed.',
    };
    render(<Card call={failed} />);
    expect(inputs.at(-1)?.input).toEqual({ city: 'Atlantis' });
    expect(inputs.at(-1)?.isComplete(['city'])).toBe(true);
  });
});
