import {
  createStreamingStore,
  isStreamError,
  type StartStreamInput,
  type StreamError,
  type StreamingStoreOptions,
} from '@tokenflow/streaming/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { manualTransport } from '../../packages/streaming/test/support/manual-transport.js';
import { anyValue, isJsonWritable, isPlainObject } from '../support/bad-values.js';

// Generated values for every field of a start input, of end's options and of the store options. An oracle of
// this file's own, written from the README and the option types, says which values are good: a good value is
// accepted, a bad one throws (or, for end, rejects with) a StreamError whose code is invalid-input or
// invalid-options and whose field names it, before anything is sent. A failure prints fast-check's seed and path.

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 300);
type Check = (value: unknown) => boolean;

const finiteIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const nonBlank: Check = (value) => typeof value === 'string' && value.trim() !== '';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isListener: Check = (value) =>
  typeof value === 'function' || (isObject(value) && typeof value.postMessage === 'function');

/** An HTTP field name (RFC 9110 token) and a value fetch can send (no CR, LF or NUL). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const headerValue = (value: unknown): boolean => typeof value === 'string' && !/[\r\n\0]/.test(value);

/** Start input fields other than prompt and messages; undefined means absent and is always fine. */
const START_CHECKS: Record<string, Check> = {
  system: (value) => typeof value === 'string',
  model: nonBlank,
  temperature: finiteIn(0, 2),
  topP: finiteIn(0, 1),
  maxOutputTokens: (value) => Number.isSafeInteger(value) && (value as number) > 0,
  seed: (value) => Number.isSafeInteger(value),
  stopSequences: (value) => Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== ''),
  headers: (value) =>
    isPlainObject(value) && Object.entries(value).every(([name, text]) => HEADER_NAME.test(name) && headerValue(text)),
  body: (value) => isPlainObject(value) && isJsonWritable(value),
  bufferSize: (value) => value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && (value as number) >= 0),
  onToken: isListener,
};

/** Messages: a non-empty list of `{ role, content }` or `{ role, parts: [] }` objects, writable as JSON. */
const messagesShape: Check = (value) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (message) =>
      isObject(message) && typeof message.role === 'string' && ('content' in message || Array.isArray(message.parts)),
  );
const messagesCheck: Check = (value) => messagesShape(value) && isJsonWritable(value);

const END_CHECKS: Record<string, Check> = {
  abort: (value) => typeof value === 'boolean',
  // setTimeout's longest delay is 2^31 - 1 ms; a longer one fires at once.
  timeoutMs: (value) => typeof value === 'number' && value > 0 && value <= 2 ** 31 - 1,
};

const STORE_CHECKS: Record<string, Check> = {
  bufferSize: START_CHECKS.bufferSize as Check,
  onToken: isListener,
  onError: (value) => typeof value === 'function',
  transport: (value) =>
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { run?: unknown }).run === 'function',
  throttle: (value) =>
    value === 'frame' || value === false || (typeof value === 'number' && Number.isFinite(value) && value >= 0),
  releaseAfterMs: (value) =>
    value === 0 ||
    value === Number.POSITIVE_INFINITY ||
    (typeof value === 'number' && value > 0 && value <= 2 ** 31 - 1),
};

/** The fields of `record` the checks refuse (undefined values are absent, so fine). */
const badFields = (record: Record<string, unknown>, checks: Record<string, Check>): string[] =>
  Object.keys(checks).filter((field) => record[field] !== undefined && !(checks[field] as Check)(record[field]));

// ---------------------------------------------------------------------------------------------------------------
/** Runs `act` and returns what it threw (undefined when it did not throw). */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectTyped(
  error: unknown,
  code: StreamError['code'],
  fields: readonly string[] | ((field: string) => boolean),
) {
  expect(isStreamError(error), `not a StreamError: ${String(error)}`).toBe(true);
  const { code: actual, field, message } = error as StreamError;
  expect(actual).toBe(code);
  expect(typeof field).toBe('string');
  const named = typeof fields === 'function' ? fields(field as string) : fields.includes(field as string);
  expect(named, `field ${field} is not one of ${String(fields)}`).toBe(true);
  expect(message.startsWith(field as string), message).toBe(true);
}

describe('start: a bad value in any field of the input throws invalid-input naming it; a good one starts', () => {
  const field = fc.constantFrom(...Object.keys(START_CHECKS));

  test('one field at a time, on a valid prompt input', () => {
    fc.assert(
      fc.property(field, anyValue, (name, value) => {
        const { transport, streams } = manualTransport();
        const store = createStreamingStore({ transport });
        const input = { prompt: 'Hi', [name]: value } as StartStreamInput;
        const error = thrown(() => store.start(input));
        if (value === undefined || (START_CHECKS[name] as Check)(value)) {
          expect(error).toBeUndefined();
          expect(streams).toHaveLength(1);
          const request: Record<string, unknown> = { ...streams[0]?.request };
          if (name in request) expect(request[name]).toBe(value);
        } else {
          expectTyped(error, 'invalid-input', [name]);
          expect(streams).toHaveLength(0);
          expect(store.state.getState().views.size).toBe(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('several fields at once: the field named is one of the bad ones', () => {
    fc.assert(
      fc.property(fc.dictionary(field, anyValue, { maxKeys: 5 }), (fields) => {
        const { transport, streams } = manualTransport();
        const store = createStreamingStore({ transport });
        const error = thrown(() => store.start({ prompt: 'Hi', ...fields } as StartStreamInput));
        const bad = badFields(fields, START_CHECKS);
        if (bad.length === 0) expect(error).toBeUndefined();
        else {
          expectTyped(error, 'invalid-input', bad);
          expect(streams).toHaveLength(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('prompt and messages: exactly one of them, a non-blank string or a list of messages', () => {
    fc.assert(
      fc.property(fc.constantFrom('prompt', 'messages'), anyValue, (name, value) => {
        const { transport, streams } = manualTransport();
        const store = createStreamingStore({ transport });
        const error = thrown(() => store.start({ [name]: value } as StartStreamInput));
        const good = name === 'prompt' ? nonBlank(value) : messagesCheck(value);
        if (good) {
          expect(error).toBeUndefined();
          expect(streams).toHaveLength(1);
        } else {
          // Without messages the prompt is what is missing; a bad list may be named down to one message's role.
          const expected = name === 'messages' && value !== undefined ? 'messages' : 'prompt';
          expectTyped(error, 'invalid-input', (field) => field === expected || field.startsWith(`${expected}[`));
          expect(streams).toHaveLength(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('end: bad options reject with invalid-input naming the option; good ones resolve', () => {
  const optionsArbitrary = fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(END_CHECKS)), anyValue).map(([name, value]) => ({ [name]: value })),
    fc
      .constantFrom(...Object.keys(END_CHECKS))
      .chain((name) =>
        fc.constantFrom(2 ** 31 - 1, 2 ** 31, 0, -1, 1e-9, Number.NaN).map((value) => ({ [name]: value })),
      ),
    anyValue,
  );

  test('one option, or options that are not an object', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArbitrary, async (options) => {
        const { transport, streams } = manualTransport();
        const store = createStreamingStore({ transport });
        const handle = store.start({ prompt: 'Hi' });
        const ending = store.end(handle, options as never);
        const bad = isObject(options) ? badFields(options, END_CHECKS) : options === undefined ? [] : ['options'];
        streams[0]?.tokens('a');
        if (bad.length === 0) {
          streams[0]?.finish();
          const result = await ending;
          expect(['done', 'aborted', 'error']).toContain(result.status);
          if (result.status === 'error') expect(result.error?.code).toBe('timeout');
        } else {
          expectTyped(
            await ending.then(
              () => undefined,
              (error: unknown) => error,
            ),
            'invalid-input',
            bad,
          );
          // The stream was left alone: it still runs, and a good end still gets its text.
          expect(streams[0]?.signal.aborted).toBe(false);
          streams[0]?.finish();
          expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'a' });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('store options: bad values throw invalid-options naming the option, at creation and in configure', () => {
  const field = fc.constantFrom(...Object.keys(STORE_CHECKS));

  test('createStreamingStore with one option', () => {
    fc.assert(
      fc.property(field, anyValue, (name, value) => {
        const error = thrown(() => createStreamingStore({ [name]: value } as StreamingStoreOptions));
        if (value === undefined || (STORE_CHECKS[name] as Check)(value)) expect(error).toBeUndefined();
        else expectTyped(error, 'invalid-options', [name]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('configure with several options: a bad one throws and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, anyValue, { maxKeys: 4 }), async (options) => {
        const { transport, streams } = manualTransport();
        const store = createStreamingStore({ transport, bufferSize: 1 });
        const bad = badFields(options, STORE_CHECKS);
        const error = thrown(() => store.configure(options as StreamingStoreOptions));
        if (bad.length === 0) {
          expect(error).toBeUndefined();
          return;
        }
        expectTyped(error, 'invalid-options', bad);
        // Still one token kept, through the same transport.
        const handle = store.start({ prompt: 'Hi' });
        streams[0]?.tokens('a', 'b');
        streams[0]?.finish();
        expect(await store.end(handle)).toMatchObject({ text: 'b', tokenCount: 2, truncated: true });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('options that are not an object', () => {
    fc.assert(
      fc.property(anyValue, (options) => {
        const error = thrown(() => createStreamingStore(options as StreamingStoreOptions));
        const bad = isObject(options) ? badFields(options, STORE_CHECKS) : options === undefined ? [] : ['options'];
        if (bad.length === 0) expect(error).toBeUndefined();
        else expectTyped(error, 'invalid-options', bad);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
