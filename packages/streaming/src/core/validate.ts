import { StreamError, type StreamErrorCode } from './errors.js';
import type { AttachInput, EndStreamOptions, StartStreamInput, StreamRequest, TokenListener } from './types.js';

/** Checks one field's value: returns what is wrong with it (e.g. `must be a string`), or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

/** A test of one value, which may be anything: `any` lets a test read it directly, once its own checks pass. */
// biome-ignore lint/suspicious/noExplicitAny: each test guards its value itself (typeof, Array.isArray…).
type Test = (value: any) => unknown;

/**
 * Builds a {@link Check} from a test and the problem it reports. One shape for every rule keeps the tables below
 * short: each field is a line, and its message says exactly what the field must be.
 *
 * @example
 * ```ts
 * const isFlag = check((value) => typeof value === 'boolean', 'must be a boolean');
 * isFlag('yes'); // 'must be a boolean'
 * ```
 */
export const check =
  (test: Test, problem: string): Check =>
  (value) =>
    test(value) ? undefined : problem;

/** Throws the typed error every rejected field gets: `<field> <problem> (got <value>).`, naming the field. */
function fail(field: string, problem: string, value: unknown, code: StreamErrorCode = 'invalid-input'): never {
  throw new StreamError(code, `${field} ${problem} (got ${describe(value)}).`, { field });
}

/** A short, safe picture of a rejected value for a message: never a whole object or a very long string. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value == null || typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a ${typeof value}`;
}

/** A non-null object that is not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object literal (or Object.create(null)): not a Map, Headers, Date or other instance, whose fields JSON drops. */
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  isRecord(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Whether JSON.stringify can write it (no BigInt, no cycles): else it would fail only once sent. */
const isJsonWritable = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * An HTTP header name (a token, RFC 9110: `\w` covers its letters, digits and _) and a value without line breaks or
 * NUL, which fetch would refuse.
 */
const isHeader = ([name, value]: [string, unknown]): boolean =>
  /^[\w!#$%&'*+.^`|~-]+$/.test(name) && typeof value === 'string' && !/[\r\n\0]/.test(value);

/** True for a function or an object with a `postMessage` method. */
export const isTokenListener = (value: unknown): value is TokenListener =>
  typeof value === 'function' || typeof (value as { postMessage?: unknown } | null)?.postMessage === 'function';

const isString = (value: unknown): boolean => typeof value === 'string';
/** Counts: integers a number can hold exactly, from `min`. */
const integerFrom = (min: number) => (value: unknown) => Number.isSafeInteger(value) && (value as number) >= min;
const numberIn = (min: number, max: number): Check =>
  check((value) => Number.isFinite(value) && value >= min && value <= max, `must be a number from ${min} to ${max}`);
const nonEmptyString = check((value) => isString(value) && value.trim(), 'must be a non-empty string');

/** A non-negative integer, or Infinity for "keep everything". */
export const bufferSizeCheck = check(
  (value) => value === Number.POSITIVE_INFINITY || integerFrom(0)(value),
  'must be a non-negative integer or Infinity',
);
export const listenerCheck = check(isTokenListener, 'must be a function or an object with postMessage');
export const nonNegativeIntegerCheck = check(integerFrom(0), 'must be a non-negative integer');

/** HTTP headers for a request: a plain object of header names and string values. */
export const headersCheck = check(
  (value) => isPlainObject(value) && Object.entries(value).every(isHeader),
  'must be a plain object of HTTP header names and string values',
);
/** Extra JSON fields for a request body. */
export const bodyCheck = check(
  (value) => isPlainObject(value) && isJsonWritable(value),
  'must be a JSON-writable plain object',
);

/** The longest delay setTimeout honours (a larger one fires at once, and so, in a loop, every millisecond). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const isTimerMs = (value: unknown): boolean => typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS;
/** A delay a timer can hold: more than 0 and at most 2^31 − 1 milliseconds (about 24.8 days). */
export const timerMsCheck = check(isTimerMs, `must be a positive number of milliseconds, at most ${MAX_TIMER_MS}`);
/** A delay from 0 (at once, on the next task) to the longest a timer can hold, or Infinity for never. */
export const delayMsCheck = check(
  (value) => value === 0 || value === Number.POSITIVE_INFINITY || isTimerMs(value),
  `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, or Infinity for never`,
);
/** The same, or Infinity for "no limit". */
export const timerMsOrInfinityCheck = check(
  (value) => value === Number.POSITIVE_INFINITY || isTimerMs(value),
  `must be a positive number of milliseconds, at most ${MAX_TIMER_MS}, or Infinity for no limit`,
);

/** A request's fields besides prompt and messages (checked together), and how the route receives each. */
type RequestCheckedField = Exclude<keyof StreamRequest, 'prompt' | 'messages'>;

/**
 * Every field of a request besides prompt and messages, with its rule, in the order they are checked: the one list
 * of a request's fields on the client, which the compiler keeps in step with `StreamRequest` (a field missing here,
 * or one too many, does not compile).
 */
const REQUEST_CHECKS: { readonly [Field in RequestCheckedField]-?: Check } = {
  system: check(isString, 'must be a string'),
  model: nonEmptyString,
  output: nonEmptyString,
  temperature: numberIn(0, 2),
  topP: numberIn(0, 1),
  maxOutputTokens: check(integerFrom(1), 'must be a positive integer'),
  seed: check(Number.isSafeInteger, 'must be an integer'),
  stopSequences: check(
    (value) => Array.isArray(value) && value.every((item) => isString(item) && item),
    'must be an array of non-empty strings',
  ),
  headers: headersCheck,
  body: bodyCheck,
};

/** Every field of a request: what `start` hands to the transport, leaving the stream's own settings behind. */
export const REQUEST_FIELDS = [
  'prompt',
  'messages',
  ...Object.keys(REQUEST_CHECKS),
] as readonly (keyof StreamRequest)[];

/** A start input's fields besides prompt and messages: the request's, then the stream's own settings. */
const START_INPUT_CHECKS: {
  readonly [Field in Exclude<keyof StartStreamInput, 'prompt' | 'messages'>]-?: Check;
} = {
  ...REQUEST_CHECKS,
  bufferSize: bufferSizeCheck,
  onToken: listenerCheck,
};

const booleanCheck = check((value) => typeof value === 'boolean', 'must be a boolean');

const END_OPTION_CHECKS: Readonly<Record<string, Check>> = {
  abort: booleanCheck,
  timeoutMs: timerMsCheck,
};

/**
 * Runs `checks` over the fields of `record` in table order and throws `code` for the first bad one, naming it.
 * Undefined values are allowed (they mean "absent" or "the default").
 */
function checkFields(record: unknown, checks: Readonly<Record<string, Check>>, code?: StreamErrorCode): void {
  if (!isRecord(record)) fail('options', 'must be an object', record, code);
  for (const [field, check] of Object.entries(checks)) {
    const value = record[field];
    const problem = value === undefined ? undefined : check(value);
    if (problem) fail(field, problem, value, code);
  }
}

function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) fail('messages', 'must be a non-empty array', messages);
  messages.forEach((message: unknown, i) => {
    const field = `messages[${i}]`;
    if (!isRecord(message)) fail(field, 'must be an object', message);
    if (!isString(message.role)) fail(`${field}.role`, 'must be a string', message.role);
    if (!('content' in message || Array.isArray(message.parts))) fail(field, 'must have content or parts', message);
  });
  if (!isJsonWritable(messages)) fail('messages', 'must be JSON-writable (no BigInt, no cycles)', messages);
}

/**
 * Checks a start input and throws a `StreamError` with code `invalid-input` naming the first bad field.
 * Undefined optional fields are allowed.
 */
export function validateStartInput(input: unknown): asserts input is StartStreamInput {
  if (!isRecord(input)) fail('input', 'must be an object', input);
  const { prompt, messages } = input;
  if (messages === undefined) {
    if (nonEmptyString(prompt)) fail('prompt', 'must be a non-empty string (or give messages)', prompt);
  } else if (prompt !== undefined) {
    fail('prompt', 'cannot be given with messages', prompt);
  } else {
    checkMessages(messages);
  }
  checkFields(input, START_INPUT_CHECKS);
}

/** A handle as stores make them, and as routes that keep streams accept them: 16 to 128 of `A-Z a-z 0-9 _ -`. */
export const HANDLE_PATTERN = /^[\w-]{16,128}$/;

/** Checks the handle and settings given to `attach`, throwing `invalid-input` for the first bad one. */
export function validateAttachInput(handle: unknown, input: unknown): asserts input is AttachInput {
  if (typeof handle !== 'string' || !HANDLE_PATTERN.test(handle)) {
    fail('handle', 'must be a stream handle (16 to 128 letters, digits, _ or -)', handle);
  }
  checkFields(input, { bufferSize: bufferSizeCheck, onToken: listenerCheck });
}

/** Checks the options of `end`, throwing `invalid-input` for the first bad one. */
export function validateEndOptions(options: unknown): asserts options is EndStreamOptions {
  checkFields(options, END_OPTION_CHECKS);
}

/**
 * Checks a set of named option values with the given checks, throwing `invalid-options` for the first bad one.
 * Undefined values are allowed (they mean "the default"), and so are undefined options.
 */
export function validateOptions(options: unknown, checks: Readonly<Record<string, Check>>): void {
  if (options !== undefined) checkFields(options, checks, 'invalid-options');
}
