import { StreamError, type StreamErrorCode } from './errors.js';
import type { EndStreamOptions, StartStreamInput, TokenListener } from './types.js';

type Check = (value: unknown) => string | undefined;

function fail(code: StreamErrorCode, field: string, problem: string, value: unknown): never {
  throw new StreamError(code, `${field} ${problem} (got ${describe(value)}).`, { field });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'function' ? 'a function' : `a ${typeof value}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object literal (or Object.create(null)): not a Map, Headers, Date or other instance, whose fields JSON drops. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (!isRecord(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Whether JSON.stringify can write it (no BigInt, no cycles): else it would fail only once sent. */
const isJsonWritable = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

/** An HTTP header name (a token, RFC 9110) and a value without line breaks or NUL. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const isHeaderValue = (value: unknown): boolean => typeof value === 'string' && !/[\r\n\0]/.test(value);

/** True for a function or an object with a `postMessage` method. */
export function isTokenListener(value: unknown): value is TokenListener {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { postMessage?: unknown }).postMessage === 'function')
  );
}

const finiteIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? undefined
      : `must be a number from ${min} to ${max}`;

const positiveInteger: Check = (value) =>
  Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'must be a positive integer';

/** A non-negative integer, or Infinity for "keep everything". */
export const bufferSizeCheck: Check = (value) =>
  value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && (value as number) >= 0)
    ? undefined
    : 'must be a non-negative integer or Infinity';

export const listenerCheck: Check = (value) =>
  isTokenListener(value) ? undefined : 'must be a function or an object with postMessage';

const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';

const headersCheck: Check = (value) =>
  isPlainObject(value) && Object.entries(value).every(([name, text]) => HEADER_NAME.test(name) && isHeaderValue(text))
    ? undefined
    : 'must be a plain object of HTTP header names and string values';

const START_INPUT_CHECKS: Readonly<Record<string, Check>> = {
  system: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  model: nonEmptyString,
  temperature: finiteIn(0, 2),
  topP: finiteIn(0, 1),
  maxOutputTokens: positiveInteger,
  seed: (value) => (Number.isSafeInteger(value) ? undefined : 'must be an integer'),
  stopSequences: (value) =>
    Array.isArray(value) && value.every((s) => typeof s === 'string' && s !== '')
      ? undefined
      : 'must be an array of non-empty strings',
  headers: headersCheck,
  body: (value) =>
    isPlainObject(value) && isJsonWritable(value) ? undefined : 'must be a plain object that JSON can write',
  bufferSize: bufferSizeCheck,
  onToken: listenerCheck,
};

function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    fail('invalid-input', 'messages', 'must be a non-empty array', messages);
  }
  messages.forEach((message: unknown, i) => {
    const field = `messages[${i}]`;
    if (!isRecord(message)) fail('invalid-input', field, 'must be an object', message);
    if (typeof message.role !== 'string') fail('invalid-input', `${field}.role`, 'must be a string', message.role);
    if (!('content' in message) && !Array.isArray(message.parts)) {
      fail('invalid-input', field, 'must have content or parts', message);
    }
  });
  if (!isJsonWritable(messages))
    fail('invalid-input', 'messages', 'must be JSON-writable (no BigInt, no cycles)', messages);
}

/**
 * Checks a start input and throws a `StreamError` with code `invalid-input` naming the first bad field.
 * Undefined optional fields are allowed.
 */
export function validateStartInput(input: unknown): asserts input is StartStreamInput {
  if (!isRecord(input)) fail('invalid-input', 'input', 'must be an object', input);
  const hasPrompt = input.prompt !== undefined;
  const hasMessages = input.messages !== undefined;
  if (hasPrompt && hasMessages) {
    fail('invalid-input', 'prompt', 'cannot be given together with messages', input.prompt);
  }
  if (hasMessages) checkMessages(input.messages);
  else if (nonEmptyString(input.prompt)) {
    fail('invalid-input', 'prompt', 'must be a non-empty string (or give messages)', input.prompt);
  }
  for (const [field, check] of Object.entries(START_INPUT_CHECKS)) {
    const value = input[field];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) fail('invalid-input', field, problem, value);
  }
}

/** The longest delay setTimeout honours (a larger one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks the options of `end`. */
export function validateEndOptions(options: unknown): asserts options is EndStreamOptions {
  if (!isRecord(options)) fail('invalid-input', 'options', 'must be an object', options);
  const { abort, keep, timeoutMs } = options;
  if (abort !== undefined && typeof abort !== 'boolean') fail('invalid-input', 'abort', 'must be a boolean', abort);
  if (keep !== undefined && typeof keep !== 'boolean') fail('invalid-input', 'keep', 'must be a boolean', keep);
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    fail('invalid-input', 'timeoutMs', 'must be a positive number of milliseconds', timeoutMs);
  }
}

/**
 * Checks a set of named option values with the given checks, throwing `invalid-options` for the first bad one.
 * Undefined values are allowed (they mean "the default").
 */
export function validateOptions(options: unknown, checks: Readonly<Record<string, Check>>): void {
  if (options === undefined) return;
  if (!isRecord(options)) fail('invalid-options', 'options', 'must be an object', options);
  for (const [field, check] of Object.entries(checks)) {
    const value = options[field];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) fail('invalid-options', field, problem, value);
  }
}

export type { Check };
