import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CountingRoute, MODEL_IDS, startCountingRoute, TIGHT_LIMITS } from '../support/counting-route.js';
import { rawRequest } from '../support/raw-request.js';

// Generated request bodies through the route over HTTP. An oracle of this file's own, written from the README
// ("The server") and not from the route's schema, says whether a body is valid: the route must then stream it
// (200, one provider call), and otherwise refuse it with a 4xx JSON error and no provider call; never a 5xx.
// A failure prints fast-check's seed and path: pass them as `{ seed, path }` to fc.assert to replay it.

const LIMITS = TIGHT_LIMITS;
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];
const KNOWN_FIELDS = [
  'prompt',
  'messages',
  'system',
  'model',
  'temperature',
  'maxOutputTokens',
  'topP',
  'stopSequences',
  'seed',
];

// ---------------------------------------------------------------------------------------------------------------
// The oracle.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (object: Json, key: string): boolean => Object.hasOwn(object, key);
const numberIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

/** Containers on the deepest path, the body itself included. */
function nesting(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, nesting(child));
  return deepest + 1;
}

function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some((key) => FORBIDDEN_KEYS.includes(key) || hasForbiddenKey((value as Json)[key]));
}

/** Text that is not well-formed UTF-16 (a lone surrogate) cannot be sent on to a provider as UTF-8. */
const wellFormed = (value: string): boolean => !/\p{Surrogate}/u.test(value);
const isText = (value: unknown): value is string => typeof value === 'string' && wellFormed(value);

/** The route refuses malformed text anywhere in a body, in keys and in fields it does not read too. */
function hasMalformedText(value: unknown): boolean {
  if (typeof value === 'string') return !wellFormed(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => !wellFormed(key) || hasMalformedText(inner));
}

/** `{ type: 'text', text }` parts: their characters, or undefined when they are anything else. */
function textPartsChars(parts: unknown): number | undefined {
  if (!Array.isArray(parts)) return undefined;
  let chars = 0;
  for (const part of parts) {
    if (!isObject(part) || part.type !== 'text' || !isText(part.text)) return undefined;
    chars += part.text.length;
  }
  return chars;
}

/**
 * The characters of a valid message list, or undefined when it is invalid: 1 to maxMessages messages, all UI
 * messages (`{ id?, role, parts }`) or all model messages (`{ role, content }`), from the user or the assistant
 * (system messages are not allowed by default; a tool message answers a tool call, which these bodies never make).
 */
function messagesChars(messages: unknown): number | undefined {
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > LIMITS.maxMessages) return undefined;
  if (!messages.every(isObject)) return undefined;
  const ui = messages.every((message) => has(message, 'parts'));
  if (!ui && messages.some((message) => has(message, 'parts'))) return undefined;
  // A conversation that says nothing: assistant UI messages without parts, and nothing else.
  if (
    ui &&
    messages.every(
      (message) => message.role === 'assistant' && Array.isArray(message.parts) && message.parts.length === 0,
    )
  )
    return undefined;
  let chars = 0;
  for (const message of messages) {
    if (message.role !== 'user' && message.role !== 'assistant') return undefined;
    let counted: number | undefined;
    if (ui) {
      if (has(message, 'id') && typeof message.id !== 'string') return undefined;
      counted = textPartsChars(message.parts);
    } else {
      counted = isText(message.content) ? message.content.length : textPartsChars(message.content);
    }
    if (counted === undefined) return undefined;
    chars += counted;
  }
  return chars;
}

/** Whether the route must accept this body (sent with content-type application/json). */
function isValidBody(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) return false;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObject(body) || nesting(body) > 65 || hasForbiddenKey(body) || hasMalformedText(body)) return false;
  if (has(body, 'prompt') === has(body, 'messages')) return false;
  let chars = 0;
  if (has(body, 'prompt')) {
    if (!isText(body.prompt) || body.prompt.trim() === '') return false;
    chars += body.prompt.trim().length;
  } else {
    const counted = messagesChars(body.messages);
    if (counted === undefined) return false;
    chars += counted;
  }
  if (has(body, 'system')) {
    if (!isText(body.system)) return false;
    chars += body.system.length;
  }
  if (chars > LIMITS.maxPromptChars) return false;
  if (has(body, 'model') && !(MODEL_IDS as readonly unknown[]).includes(body.model)) return false;
  if (has(body, 'temperature') && !numberIn(body.temperature, 0, 2)) return false;
  if (has(body, 'topP') && !numberIn(body.topP, 0, 1)) return false;
  const { maxOutputTokens, seed, stopSequences } = body;
  if (
    has(body, 'maxOutputTokens') &&
    !(Number.isSafeInteger(maxOutputTokens) && numberIn(maxOutputTokens, 1, LIMITS.maxOutputTokens))
  )
    return false;
  if (has(body, 'seed') && !Number.isSafeInteger(seed)) return false;
  if (
    has(body, 'stopSequences') &&
    !(Array.isArray(stopSequences) && stopSequences.length <= 16 && stopSequences.every((s) => isText(s) && s !== ''))
  )
    return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators.

/** Text as people and models write it: any printable grapheme (emoji, CJK, combining marks, RTL scripts). */
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
/** A lone surrogate, as JSON.stringify writes it: `\\ud800`. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
/** Any code point, control characters and NUL included, and now and then a lone surrogate. */
const anyText = fc.oneof(
  { arbitrary: text, weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary-ascii' }), weight: 3 },
  { arbitrary: fc.tuple(text, loneSurrogate, text).map((pieces) => pieces.join('')), weight: 1 },
);
const textPart = fc.record({ type: fc.constant('text'), text });
const role = fc.constantFrom('user', 'assistant');
const uiMessage = fc.record(
  { id: fc.string({ maxLength: 8 }), role, parts: fc.array(textPart, { minLength: 1, maxLength: 3 }) },
  { requiredKeys: ['role', 'parts'] },
);
const modelMessage = fc.record({ role, content: fc.oneof(text, fc.array(textPart, { minLength: 1, maxLength: 3 })) });
const messages = fc.oneof(
  fc.array(uiMessage, { minLength: 1, maxLength: LIMITS.maxMessages + 1 }),
  fc.array(modelMessage, { minLength: 1, maxLength: LIMITS.maxMessages + 1 }),
);

/** Bodies of the shape httpTransport and useChat send, mostly valid (the oracle decides). */
const requestBody: fc.Arbitrary<Json> = fc
  .tuple(
    fc.oneof(
      fc.record({ prompt: fc.oneof(text, fc.string({ maxLength: LIMITS.maxPromptChars + 10 })) }),
      fc.record({ messages }),
    ),
    fc.record(
      {
        system: text,
        model: fc.constantFrom(...MODEL_IDS),
        temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        topP: fc.double({ min: 0, max: 1, noNaN: true }),
        maxOutputTokens: fc.integer({ min: 1, max: LIMITS.maxOutputTokens + 10 }),
        seed: fc.integer(),
        stopSequences: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 17 }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([input, settings]) => ({ ...input, ...settings }));

/** JSON of every kind, with unicode strings. */
const json = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' });

/** A replacement value: JSON of any kind, plus the values next to the edges of each field. */
const replacement = fc.oneof(
  json,
  fc.array(
    fc.oneof(textPart, fc.record({ type: fc.constantFrom('text', 'image', 'file', 'reasoning', 'tool-call') })),
    {
      maxLength: 2,
    },
  ),
  fc.constantFrom<unknown>(
    null,
    true,
    '',
    ' ',
    '\u3000',
    'NaN',
    'small',
    'SMALL',
    'user',
    'system',
    'tool',
    'root',
    -1,
    -0,
    0,
    0.5,
    1,
    1.5,
    2,
    2.0000001,
    LIMITS.maxOutputTokens,
    LIMITS.maxOutputTokens + 1,
    2 ** 53,
    1e21,
    [],
    {},
    [''],
    ['END'],
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  anyText,
);

/** The places a mutation can hit: a top-level field, or a field of one message. */
const MESSAGE_FIELDS = ['role', 'content', 'parts', 'id'];

/** A valid-looking body with one field replaced (set, or deleted when the replacement is undefined). */
const mutatedBody = fc
  .tuple(
    requestBody,
    fc.oneof(
      fc.constantFrom(...KNOWN_FIELDS),
      fc.constantFrom(...MESSAGE_FIELDS.map((field) => `messages.*.${field}`)),
    ),
    fc.option(replacement, { nil: undefined, freq: 8 }),
    fc.nat(),
  )
  .map(([body, path, value, pick]) => {
    const copy = structuredClone(body);
    let target: Json = copy;
    let key = path;
    if (path.startsWith('messages.*.')) {
      const list = Array.isArray(copy.messages) ? (copy.messages as Json[]) : [];
      if (list.length === 0) return copy;
      target = list[pick % list.length] as Json;
      key = path.slice('messages.*.'.length);
    }
    if (value === undefined) delete target[key];
    else target[key] = value;
    return copy;
  });

/** Extra top-level fields, as clients may send (useChat's id and trigger, a tenant, nested data). */
const extraFields = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((key) => !KNOWN_FIELDS.includes(key)),
  fc.oneof(
    json,
    fc.integer({ min: 55, max: 70 }).map((depth) => nestedArrays(depth)),
  ),
  { maxKeys: 4 },
);
const nestedArrays = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Sets an own, enumerable key, which JSON.stringify writes out even for `__proto__`. */
function setOwn(object: Json, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every object inside a value (the value itself included, when it is one). */
function objectsIn(value: unknown, found: Json[] = []): Json[] {
  if (typeof value !== 'object' || value === null) return found;
  if (!Array.isArray(value)) found.push(value as Json);
  for (const child of Object.values(value)) objectsIn(child, found);
  return found;
}

/** A body with a prototype key put into one of its objects, at any depth (messages and parts included). */
const pollutedBody = fc
  .tuple(
    requestBody,
    extraFields,
    fc.constantFrom(...FORBIDDEN_KEYS),
    fc.oneof(json, fc.constant({ polluted: true })),
    fc.nat(),
  )
  .map(([body, extra, key, value, pick]) => {
    const copy: Json = { ...structuredClone(body), ...extra };
    const objects = objectsIn(copy);
    setOwn(objects[pick % objects.length] as Json, key, value);
    return copy;
  });

/** Bodies whose strings are any unicode: the prompt, the system, the model id, messages and stop sequences. */
const unicodeBody = fc
  .tuple(
    fc.oneof(
      fc.record({ prompt: anyText }),
      fc.record({ messages: fc.array(fc.record({ role, content: anyText }), { minLength: 1, maxLength: 2 }) }),
    ),
    fc.record(
      {
        system: anyText,
        model: fc.oneof(
          anyText,
          fc.constantFrom(...MODEL_IDS).chain((id) => anyText.map((noise) => `${id}${noise}`)),
        ),
        stopSequences: fc.array(anyText, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([input, fields]) => ({ ...input, ...fields }));

// ---------------------------------------------------------------------------------------------------------------

let route: CountingRoute;
beforeAll(async () => {
  route = await startCountingRoute(LIMITS);
});
afterAll(() => route?.close());

const verdicts = { valid: 0, invalid: 0 };

/** Sends a body and checks the route's answer against the oracle. */
async function check(text: string): Promise<void> {
  const valid = isValidBody(text);
  verdicts[valid ? 'valid' : 'invalid']++;
  const before = route.providerCalls;
  const response = await rawRequest(route.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
  const calls = route.providerCalls - before;
  const context = `${valid ? 'valid' : 'invalid'} body ${text.slice(0, 300)} → ${response.status} ${response.text.slice(0, 200)}`;
  expect(response.status, context).toBeLessThan(500);
  if (valid) {
    expect(response.status, context).toBe(200);
    expect(response.headers['content-type'], context).toBe('text/event-stream');
    expect(response.text.trimEnd().endsWith('data: [DONE]'), context).toBe(true);
    expect(calls, context).toBe(1);
  } else {
    expect(response.status, context).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-type'], context).toMatch(/^application\/json/);
    const { error } = JSON.parse(response.text) as { error: { code: unknown; message: unknown } };
    expect(typeof error.code, context).toBe('string');
    expect(typeof error.message, context).toBe('string');
    expect(calls, context).toBe(0);
  }
}

const run = (arbitrary: fc.Arbitrary<string>) =>
  fc.assert(
    fc.asyncProperty(arbitrary, async (text) => {
      await check(text);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: Number(process.env.FC_TIME_LIMIT_MS ?? 8_000) },
  );

describe('generated bodies: never a 5xx; 2xx exactly when the oracle says valid, else a 4xx with no provider call', {
  timeout: 30_000,
}, () => {
  test('arbitrary JSON values, objects and text', async () => {
    await run(
      fc.oneof(
        json.map((value) => JSON.stringify(value)),
        fc.dictionary(fc.constantFrom(...KNOWN_FIELDS, 'id', 'trigger'), json).map((value) => JSON.stringify(value)),
        anyText,
      ),
    );
  });

  test('valid bodies with one field mutated', async () => {
    await run(mutatedBody.map((body) => JSON.stringify(body)));
  });

  test('random extra fields, some nested around the depth limit', async () => {
    await run(fc.tuple(requestBody, extraFields).map(([body, extra]) => JSON.stringify({ ...extra, ...body })));
  });

  test('prototype keys injected at random depths', async () => {
    await run(pollutedBody.map((body) => JSON.stringify(body)));
  });

  test('random unicode in every string field', async () => {
    await run(unicodeBody.map((body) => JSON.stringify(body)));
  });

  test('the generated bodies were both valid and invalid, many of each', () => {
    expect(verdicts.valid).toBeGreaterThan(NUM_RUNS / 2);
    expect(verdicts.invalid).toBeGreaterThan(NUM_RUNS);
    console.info('route property:', verdicts);
  });
});
