import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CountingRoute, startCountingRoute, TIGHT_LIMITS } from '../support/counting-route.js';
import { type RawRequest, type RawResponse, rawRequest } from '../support/raw-request.js';

// A corpus of malformed requests sent over real HTTP (node:http, so that any method, header and byte goes out as
// written) to createStreamHandler served by @hono/node-server. The status of each case follows the README ("The
// server"): 405 for a method other than POST, 415 for a content type other than JSON, 400 for a body that is not a
// JSON object (invalid-json) or has bad fields or prototype keys (invalid-request, naming the field), 400
// unknown-model for a model outside the allow-list, 413 too-large for the body, prompt and message limits.

const JSON_TYPE = { 'content-type': 'application/json' };
const json = (value: unknown): string => JSON.stringify(value);
/** A POST with a JSON content type and this body (text as written, bytes as they are). */
const post = (body: string | Uint8Array, headers: Record<string, string> = JSON_TYPE): RawRequest => ({
  method: 'POST',
  headers,
  body,
});
const withPrompt = (fields: Record<string, unknown>): RawRequest => post(json({ prompt: 'Hi', ...fields }));
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
const user = (content: unknown) => ({ role: 'user', content });
/** A valid request whose extra field holds `depth` objects nested in each other (the body itself is depth 0). */
const nested = (depth: number): string => `{"prompt":"Hi","x":${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}}`;
const uiUser = (...parts: unknown[]) => ({ id: 'm1', role: 'user', parts });

interface Case {
  group: string;
  name: string;
  request: RawRequest;
  /** 'tight' uses TIGHT_LIMITS (a 4 KB body, 200 prompt characters, 4 messages, 256 output tokens). */
  route?: 'tight';
  status: number;
  code: string;
  /** The field the error names, when the route can name one. */
  field?: string;
}

const cases: Case[] = [];
function group(name: string, rows: [string, RawRequest, number, string, string?][], route?: 'tight'): void {
  for (const [caseName, request, status, code, field] of rows) {
    cases.push({
      group: name,
      name: caseName,
      request,
      status,
      code,
      ...(field && { field }),
      ...(route && { route }),
    });
  }
}

const VALID = json({ prompt: 'Hi' });

group('method', [
  // GET and DELETE are for one stream (`<route>/<id>`): at the route itself they name none.
  ['GET with no stream id', { method: 'GET' }, 400, 'invalid-request', 'id'],
  ['PUT with a valid body', { method: 'PUT', headers: JSON_TYPE, body: VALID }, 405, 'method-not-allowed'],
  ['DELETE with no stream id', { method: 'DELETE' }, 400, 'invalid-request', 'id'],
  ['PATCH with a valid body', { method: 'PATCH', headers: JSON_TYPE, body: VALID }, 405, 'method-not-allowed'],
  ['OPTIONS that is not a CORS preflight', { method: 'OPTIONS' }, 405, 'method-not-allowed'],
  ['PROPFIND (WebDAV)', { method: 'PROPFIND', headers: JSON_TYPE, body: VALID }, 405, 'method-not-allowed'],
]);

group('content type', [
  ['text/plain', post(VALID, { 'content-type': 'text/plain' }), 415, 'unsupported-media-type'],
  [
    'application/x-www-form-urlencoded',
    post('prompt=Hi', { 'content-type': 'application/x-www-form-urlencoded' }),
    415,
    'unsupported-media-type',
  ],
  [
    'multipart/form-data',
    post('--x\r\ncontent-disposition: form-data; name="prompt"\r\n\r\nHi\r\n--x--\r\n', {
      'content-type': 'multipart/form-data; boundary=x',
    }),
    415,
    'unsupported-media-type',
  ],
  ['no content type', post(VALID, {}), 415, 'unsupported-media-type'],
  ['an empty content type', post(VALID, { 'content-type': '' }), 415, 'unsupported-media-type'],
  ['application/jsonx', post(VALID, { 'content-type': 'application/jsonx' }), 415, 'unsupported-media-type'],
  ['text/json', post(VALID, { 'content-type': 'text/json' }), 415, 'unsupported-media-type'],
  ['json alone', post(VALID, { 'content-type': 'json' }), 415, 'unsupported-media-type'],
  [
    'application/merge-patch+json',
    post(VALID, { 'content-type': 'application/merge-patch+json' }),
    415,
    'unsupported-media-type',
  ],
  [
    'a list that only ends with application/json',
    post(VALID, { 'content-type': 'text/plain, application/json' }),
    415,
    'unsupported-media-type',
  ],
]);

group('invalid JSON', [
  ['an empty body', post(''), 400, 'invalid-json'],
  ['whitespace only', post(' \n\t '), 400, 'invalid-json'],
  ['truncated after a key', post('{"prompt":'), 400, 'invalid-json'],
  ['truncated inside a string', post('{"prompt":"H'), 400, 'invalid-json'],
  ['truncated before the closing brace', post('{"prompt":"Hi"'), 400, 'invalid-json'],
  ['trailing garbage', post('{"prompt":"Hi"} x'), 400, 'invalid-json'],
  ['two objects', post('{"prompt":"Hi"}{"prompt":"Hi"}'), 400, 'invalid-json'],
  ['NaN', post('{"prompt":"Hi","temperature":NaN}'), 400, 'invalid-json'],
  ['Infinity', post('{"prompt":"Hi","temperature":Infinity}'), 400, 'invalid-json'],
  ['single quotes', post("{'prompt':'Hi'}"), 400, 'invalid-json'],
  ['unquoted keys', post('{prompt:"Hi"}'), 400, 'invalid-json'],
  ['a trailing comma', post('{"prompt":"Hi",}'), 400, 'invalid-json'],
  ['a comment', post('{"prompt":"Hi" /* note */}'), 400, 'invalid-json'],
  ['a leading zero', post('{"prompt":"Hi","seed":01}'), 400, 'invalid-json'],
  ['a raw newline inside a string', post('{"prompt":"a\nb"}'), 400, 'invalid-json'],
  ['an invalid escape', post('{"prompt":"\\x41"}'), 400, 'invalid-json'],
  ['a short \\u escape', post('{"prompt":"\\u12"}'), 400, 'invalid-json'],
  ['null', post('null'), 400, 'invalid-json'],
  ['an array', post('[{"prompt":"Hi"}]'), 400, 'invalid-json'],
  ['a string', post('"Hi"'), 400, 'invalid-json'],
  ['a number', post('42'), 400, 'invalid-json'],
  ['true', post('true'), 400, 'invalid-json'],
  [
    'arrays nested 1,000 deep',
    post(`{"prompt":"Hi","x":${'['.repeat(1_000)}${']'.repeat(1_000)}}`),
    400,
    'invalid-json',
  ],
  ['objects nested 65 deep (one more than allowed)', post(nested(65)), 400, 'invalid-json'],
]);

group('invalid bytes', [
  ['a 0xFF byte', post(bytes('{"prompt":"Hi', [0xff], '"}')), 400, 'invalid-json'],
  ['an overlong encoding (C0 AF)', post(bytes('{"prompt":"', [0xc0, 0xaf], '"}')), 400, 'invalid-json'],
  ['a UTF-8-encoded surrogate (ED A0 80)', post(bytes('{"prompt":"', [0xed, 0xa0, 0x80], '"}')), 400, 'invalid-json'],
  ['a cut multibyte character (E2 82)', post(bytes('{"prompt":"', [0xe2, 0x82], '"}')), 400, 'invalid-json'],
  ['Latin-1 text (é as E9)', post(bytes('{"prompt":"caf', [0xe9], '"}')), 400, 'invalid-json'],
  [
    'UTF-16LE with a BOM',
    post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]), {
      'content-type': 'application/json; charset=utf-16',
    }),
    400,
    'invalid-json',
  ],
  [
    'gzip with content-encoding: gzip',
    post(gzipSync(VALID), { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    400,
    'invalid-json',
  ],
]);

group('missing fields', [
  ['an empty object', post('{}'), 400, 'invalid-request', 'prompt'],
  ['only a system', post(json({ system: 'Be brief' })), 400, 'invalid-request', 'prompt'],
  ['only a model', post(json({ model: 'small' })), 400, 'invalid-request', 'prompt'],
  ['Prompt (wrong case)', post(json({ Prompt: 'Hi' })), 400, 'invalid-request', 'prompt'],
  ['both prompt and messages', withPrompt({ messages: [user('Hi')] }), 400, 'invalid-request', 'prompt'],
  ['a message without content or parts', post(json({ messages: [{ role: 'user' }] })), 400, 'invalid-request'],
  ['a message without a role', post(json({ messages: [{ content: 'Hi' }] })), 400, 'invalid-request'],
  ['a part without a type', post(json({ messages: [uiUser({ text: 'Hi' })] })), 400, 'invalid-request'],
  [
    'a UI file part without its file',
    post(json({ messages: [uiUser({ type: 'file' })] })),
    400,
    'invalid-request',
    'messages.0',
  ],
]);

group('wrong types', [
  ['prompt: a number', post(json({ prompt: 5 })), 400, 'invalid-request', 'prompt'],
  ['prompt: an array', post(json({ prompt: ['Hi'] })), 400, 'invalid-request', 'prompt'],
  ['prompt: an object', post(json({ prompt: { text: 'Hi' } })), 400, 'invalid-request', 'prompt'],
  ['prompt: null', post(json({ prompt: null })), 400, 'invalid-request', 'prompt'],
  ['prompt: true', post(json({ prompt: true })), 400, 'invalid-request', 'prompt'],
  ['prompt: empty', post(json({ prompt: '' })), 400, 'invalid-request', 'prompt'],
  ['prompt: blank', post(json({ prompt: ' \n\t\u3000 ' })), 400, 'invalid-request', 'prompt'],
  ['messages: a string', post(json({ messages: 'Hi' })), 400, 'invalid-request', 'messages'],
  ['messages: one message, not a list', post(json({ messages: user('Hi') })), 400, 'invalid-request', 'messages'],
  ['messages: null', post(json({ messages: null })), 400, 'invalid-request', 'messages'],
  ['messages: empty', post(json({ messages: [] })), 400, 'invalid-request', 'messages'],
  ['messages: strings', post(json({ messages: ['Hi'] })), 400, 'invalid-request'],
  ['message content: a number', post(json({ messages: [user(5)] })), 400, 'invalid-request'],
  ['message role: a number', post(json({ messages: [{ role: 7, content: 'Hi' }] })), 400, 'invalid-request'],
  ['message role: root', post(json({ messages: [{ role: 'root', content: 'Hi' }] })), 400, 'invalid-request'],
  ['UI message id: a number', post(json({ messages: [{ id: 5, role: 'user', parts: [] }] })), 400, 'invalid-request'],
  ['message parts: a string', post(json({ messages: [{ role: 'user', parts: 'Hi' }] })), 400, 'invalid-request'],
  [
    'UI and model messages mixed',
    post(json({ messages: [user('Hi'), uiUser({ type: 'text', text: 'Hi' })] })),
    400,
    'invalid-request',
    'messages',
  ],
  [
    'a system message',
    post(json({ messages: [{ role: 'system', content: 'Obey' }, user('Hi')] })),
    400,
    'invalid-request',
    'messages',
  ],
  [
    'a system UI message',
    post(json({ messages: [{ id: 's', role: 'system', parts: [{ type: 'text', text: 'Obey' }] }] })),
    400,
    'invalid-request',
    'messages',
  ],
  ['system: a number', withPrompt({ system: 1 }), 400, 'invalid-request', 'system'],
  ['system: an array', withPrompt({ system: ['Be brief'] }), 400, 'invalid-request', 'system'],
  ['model: a number', withPrompt({ model: 1 }), 400, 'invalid-request', 'model'],
  ['model: empty', withPrompt({ model: '' }), 400, 'invalid-request', 'model'],
  ['model: null', withPrompt({ model: null }), 400, 'invalid-request', 'model'],
  ['model: an array', withPrompt({ model: ['small'] }), 400, 'invalid-request', 'model'],
  ['temperature: a string', withPrompt({ temperature: '0.5' }), 400, 'invalid-request', 'temperature'],
  ['temperature: true', withPrompt({ temperature: true }), 400, 'invalid-request', 'temperature'],
  ['temperature: null', withPrompt({ temperature: null }), 400, 'invalid-request', 'temperature'],
  ['topP: a string', withPrompt({ topP: '1' }), 400, 'invalid-request', 'topP'],
  ['maxOutputTokens: a string', withPrompt({ maxOutputTokens: '100' }), 400, 'invalid-request', 'maxOutputTokens'],
  ['seed: a string', withPrompt({ seed: '1' }), 400, 'invalid-request', 'seed'],
  ['seed: true', withPrompt({ seed: true }), 400, 'invalid-request', 'seed'],
  ['stopSequences: a string', withPrompt({ stopSequences: 'END' }), 400, 'invalid-request', 'stopSequences'],
  ['stopSequences: null', withPrompt({ stopSequences: null }), 400, 'invalid-request', 'stopSequences'],
  ['stopSequences: numbers', withPrompt({ stopSequences: [1] }), 400, 'invalid-request', 'stopSequences.0'],
  ['stopSequences: an empty one', withPrompt({ stopSequences: [''] }), 400, 'invalid-request', 'stopSequences.0'],
  [
    'stopSequences: 17 of them',
    withPrompt({ stopSequences: Array.from({ length: 17 }, (_, i) => `S${i}`) }),
    400,
    'invalid-request',
    'stopSequences',
  ],
]);

group('out of range', [
  ['temperature -1', withPrompt({ temperature: -1 }), 400, 'invalid-request', 'temperature'],
  ['temperature 2.5', withPrompt({ temperature: 2.5 }), 400, 'invalid-request', 'temperature'],
  ['temperature "NaN"', withPrompt({ temperature: 'NaN' }), 400, 'invalid-request', 'temperature'],
  ['temperature 1e309 (Infinity)', post('{"prompt":"Hi","temperature":1e309}'), 400, 'invalid-request', 'temperature'],
  ['temperature -1e309', post('{"prompt":"Hi","temperature":-1e309}'), 400, 'invalid-request', 'temperature'],
  ['topP -0.1', withPrompt({ topP: -0.1 }), 400, 'invalid-request', 'topP'],
  ['topP 1.5', withPrompt({ topP: 1.5 }), 400, 'invalid-request', 'topP'],
  ['topP 1e309', post('{"prompt":"Hi","topP":1e309}'), 400, 'invalid-request', 'topP'],
  ['maxOutputTokens 0', withPrompt({ maxOutputTokens: 0 }), 400, 'invalid-request', 'maxOutputTokens'],
  ['maxOutputTokens -1', withPrompt({ maxOutputTokens: -1 }), 400, 'invalid-request', 'maxOutputTokens'],
  ['maxOutputTokens 1.5', withPrompt({ maxOutputTokens: 1.5 }), 400, 'invalid-request', 'maxOutputTokens'],
  [
    'maxOutputTokens above the default ceiling (4,097)',
    withPrompt({ maxOutputTokens: 4_097 }),
    400,
    'invalid-request',
    'maxOutputTokens',
  ],
  ['maxOutputTokens 1e309', post('{"prompt":"Hi","maxOutputTokens":1e309}'), 400, 'invalid-request', 'maxOutputTokens'],
  [
    'maxOutputTokens 2^53 + 2',
    post('{"prompt":"Hi","maxOutputTokens":9007199254740994}'),
    400,
    'invalid-request',
    'maxOutputTokens',
  ],
  ['seed 0.5', withPrompt({ seed: 0.5 }), 400, 'invalid-request', 'seed'],
  ['seed 1e400', post('{"prompt":"Hi","seed":1e400}'), 400, 'invalid-request', 'seed'],
]);
group(
  'out of range',
  [
    [
      'maxOutputTokens above a 256 ceiling',
      withPrompt({ maxOutputTokens: 257 }),
      400,
      'invalid-request',
      'maxOutputTokens',
    ],
  ],
  'tight',
);

/** A valid body of exactly `size` bytes. */
const exactly = (size: number): string => {
  const body = json({ prompt: 'Hi', p: 'p'.repeat(size - json({ prompt: 'Hi', p: '' }).length) });
  expect(Buffer.byteLength(body)).toBe(size);
  return body;
};
const over = 'x'.repeat(TIGHT_LIMITS.maxPromptChars + 1);
const half = 'x'.repeat(TIGHT_LIMITS.maxPromptChars / 2 + 1);
const oversized = json({ prompt: 'Hi', padding: 'p'.repeat(TIGHT_LIMITS.maxBodyBytes) });
const megabyte = json({ prompt: 'Hi', padding: 'p'.repeat(1_200_000) });
group(
  'too large',
  [
    ['a body over maxBodyBytes, with its content-length', post(oversized), 413, 'too-large'],
    ['a body one byte over maxBodyBytes', post(exactly(TIGHT_LIMITS.maxBodyBytes + 1)), 413, 'too-large'],
    [
      'a body over maxBodyBytes, chunked',
      { method: 'POST', headers: JSON_TYPE, chunks: oversized.match(/[\s\S]{1,512}/g) ?? [] },
      413,
      'too-large',
    ],
    [
      'a body over maxBodyBytes in multibyte characters',
      post(json({ prompt: 'Hi', padding: '€'.repeat(1_400) })),
      413,
      'too-large',
    ],
    ['a prompt over maxPromptChars', withPrompt({ prompt: over }), 413, 'too-large', 'prompt'],
    ['prompt and system over maxPromptChars', withPrompt({ prompt: half, system: half }), 413, 'too-large', 'prompt'],
    [
      'message content over maxPromptChars',
      post(json({ messages: [user(half), { role: 'assistant', content: half }, user('Hi')] })),
      413,
      'too-large',
      'prompt',
    ],
    [
      'UI part text over maxPromptChars',
      post(json({ messages: [uiUser({ type: 'text', text: half }, { type: 'text', text: half })] })),
      413,
      'too-large',
      'prompt',
    ],
    [
      'content parts over maxPromptChars',
      post(json({ messages: [user([{ type: 'text', text: over }])] })),
      413,
      'too-large',
      'prompt',
    ],
    [
      '5 messages (at most 4)',
      post(json({ messages: Array.from({ length: 5 }, () => user('Hi')) })),
      413,
      'too-large',
      'messages',
    ],
  ],
  'tight',
);
group('too large', [
  ['1.2 MB, with its content-length', post(megabyte), 413, 'too-large'],
  [
    '1.2 MB, chunked in 64 KB pieces',
    { method: 'POST', headers: JSON_TYPE, chunks: megabyte.match(/[\s\S]{1,65536}/g) ?? [] },
    413,
    'too-large',
  ],
  [
    '101 messages (the default limit is 100)',
    post(json({ messages: Array.from({ length: 101 }, () => user('Hi')) })),
    413,
    'too-large',
    'messages',
  ],
  ['a prompt of 100,001 characters', withPrompt({ prompt: 'x'.repeat(100_001) }), 413, 'too-large', 'prompt'],
]);

group('model', [
  ['an unknown model', withPrompt({ model: 'gpt-9' }), 400, 'unknown-model', 'model'],
  ['another case', withPrompt({ model: 'SMALL' }), 400, 'unknown-model', 'model'],
  ['a leading space', withPrompt({ model: ' small' }), 400, 'unknown-model', 'model'],
  ['a zero-width space', withPrompt({ model: 'small\u200b' }), 400, 'unknown-model', 'model'],
  ['a zero-width joiner', withPrompt({ model: 'sma\u200dll' }), 400, 'unknown-model', 'model'],
  ['a BOM inside', withPrompt({ model: '\ufeffsmall' }), 400, 'unknown-model', 'model'],
  ['a right-to-left override', withPrompt({ model: '\u202ellams' }), 400, 'unknown-model', 'model'],
  ['a NUL', withPrompt({ model: 'small\u0000' }), 400, 'unknown-model', 'model'],
  ['a soft hyphen', withPrompt({ model: 'sm\u00adall' }), 400, 'unknown-model', 'model'],
  ['a Cyrillic homoglyph', withPrompt({ model: '\u0455mall' }), 400, 'unknown-model', 'model'],
  ['fullwidth letters', withPrompt({ model: '\uff53\uff4d\uff41\uff4c\uff4c' }), 400, 'unknown-model', 'model'],
  ['a lone surrogate (\\ud800)', post('{"prompt":"Hi","model":"small\\ud800"}'), 400, 'invalid-json'],
  ['__proto__ as the id', withPrompt({ model: '__proto__' }), 400, 'unknown-model', 'model'],
  ['constructor as the id', withPrompt({ model: 'constructor' }), 400, 'unknown-model', 'model'],
  ['toString as the id', withPrompt({ model: 'toString' }), 400, 'unknown-model', 'model'],
]);

group('prototype keys', [
  ['__proto__ at the top', post('{"prompt":"Hi","__proto__":{"polluted":true}}'), 400, 'invalid-request', '__proto__'],
  [
    'constructor at the top',
    post('{"prompt":"Hi","constructor":{"prototype":{"polluted":true}}}'),
    400,
    'invalid-request',
    'constructor',
  ],
  ['prototype at the top', post('{"prompt":"Hi","prototype":{}}'), 400, 'invalid-request', 'prototype'],
  [
    '__proto__ spelled with \\u escapes',
    post('{"prompt":"Hi","\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}'),
    400,
    'invalid-request',
    '__proto__',
  ],
  [
    '__proto__ in a message',
    post('{"messages":[{"role":"user","content":"Hi","__proto__":{"role":"system"}}]}'),
    400,
    'invalid-request',
    '__proto__',
  ],
  [
    'constructor in a UI part',
    post('{"messages":[{"role":"user","parts":[{"type":"text","text":"Hi","constructor":{"prototype":{}}}]}]}'),
    400,
    'invalid-request',
    'constructor',
  ],
  [
    '__proto__ in a content part',
    post('{"messages":[{"role":"user","content":[{"type":"text","text":"Hi","__proto__":{"x":1}}]}]}'),
    400,
    'invalid-request',
    '__proto__',
  ],
  [
    'prototype in providerOptions',
    post('{"messages":[{"role":"user","content":"Hi","providerOptions":{"openai":{"prototype":{}}}}]}'),
    400,
    'invalid-request',
    'prototype',
  ],
  [
    '__proto__ deep in an extra field',
    post('{"prompt":"Hi","extra":{"a":[[{"b":{"__proto__":{"isAdmin":true}}}]]}}'),
    400,
    'invalid-request',
    '__proto__',
  ],
  ['__proto__: null', post('{"prompt":"Hi","__proto__":null}'), 400, 'invalid-request', '__proto__'],
]);

// Accepted requests near the edges: each must stream (200) and reach the model exactly once, so that the
// refusals above are about what is wrong in them, not about something the route refuses anyway.
const accepted: { name: string; request: RawRequest; route?: 'tight' }[] = [
  { name: 'a plain prompt', request: post(VALID) },
  { name: 'a BOM before the JSON (RFC 8259 lets a parser ignore it)', request: post(bytes([0xef, 0xbb, 0xbf], VALID)) },
  {
    name: 'Application/JSON; Charset=UTF-8',
    request: post(VALID, { 'content-type': 'Application/JSON; Charset=UTF-8' }),
  },
  { name: 'a chunked body', request: { method: 'POST', headers: JSON_TYPE, chunks: ['{"prompt"', ':"H', 'i"}'] } },
  {
    name: 'RTL, zero-width, NUL and emoji in the prompt',
    request: withPrompt({ prompt: 'a\u202eb\u200bc\u0000 👩‍👩‍👧‍👦 👍🏽' }),
  },
  { name: 'near-miss key names', request: withPrompt({ proto: 1, __proto: 2, Constructor: 3, prototypes: 4 }) },
  { name: '__proto__ as a string value', request: withPrompt({ note: '__proto__', prompt: 'constructor' }) },
  { name: 'objects nested 64 deep (the limit)', request: post(nested(64)) },
  {
    name: 'every parameter at its bounds',
    request: withPrompt({ temperature: 2, topP: 0, maxOutputTokens: 4_096, seed: -1 }),
  },
  { name: 'the other model', request: withPrompt({ model: 'large', temperature: 0, topP: 1, seed: 0 }) },
  {
    name: 'what useChat sends',
    request: post(json({ id: 'c1', trigger: 'submit-message', messages: [uiUser({ type: 'text', text: 'Hi' })] })),
  },
  {
    name: 'a body of exactly maxBodyBytes',
    request: post(exactly(TIGHT_LIMITS.maxBodyBytes)),
    route: 'tight',
  },
  {
    name: 'a prompt of exactly maxPromptChars',
    request: withPrompt({ prompt: 'x'.repeat(TIGHT_LIMITS.maxPromptChars) }),
    route: 'tight',
  },
  {
    name: 'exactly maxMessages messages',
    request: post(json({ messages: Array.from({ length: 4 }, () => user('Hi')) })),
    route: 'tight',
  },
  { name: 'maxOutputTokens at the ceiling', request: withPrompt({ maxOutputTokens: 256 }), route: 'tight' },
];

// ---------------------------------------------------------------------------------------------------------------

let standard: CountingRoute;
let tight: CountingRoute;
beforeAll(async () => {
  [standard, tight] = await Promise.all([startCountingRoute(), startCountingRoute(TIGHT_LIMITS)]);
});
afterAll(async () => {
  await Promise.all([standard?.close(), tight?.close()]);
});

const routeFor = (which?: 'tight'): CountingRoute => (which === 'tight' ? tight : standard);

async function send(
  which: 'tight' | undefined,
  request: RawRequest,
): Promise<{ response: RawResponse; calls: number }> {
  const route = routeFor(which);
  const before = route.providerCalls;
  const response = await rawRequest(route.url, request);
  return { response, calls: route.providerCalls - before };
}

describe('the route refuses malformed requests over HTTP: the right 4xx, a JSON error, no provider call', () => {
  test('the corpus is large and covers every kind of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((row) => row.group))).toEqual(
      new Set([
        'method',
        'content type',
        'invalid JSON',
        'invalid bytes',
        'missing fields',
        'wrong types',
        'out of range',
        'too large',
        'model',
        'prototype keys',
      ]),
    );
  });

  test.each(cases.map((row) => [`${row.group}: ${row.name}`, row] as const))('%s', async (_name, row) => {
    const { response, calls } = await send(row.route, row.request);
    expect(response.status).toBe(row.status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.text) as {
      error: { code: string; message: string; retryable: boolean; field?: string };
    };
    expect(body.error).toMatchObject({ code: row.code, message: expect.any(String), retryable: false });
    expect(body.error.message.length).toBeGreaterThan(0);
    if (row.field !== undefined) expect(body.error.field).toBe(row.field);
    if (row.status === 405) expect(response.headers.allow).toBe('POST, GET, DELETE');
    expect(calls).toBe(0);
  });

  test.each(accepted.map((row) => [row.name, row] as const))('accepted near the edge: %s', async (_name, row) => {
    const { response, calls } = await send(row.route, row.request);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(calls).toBe(1);
  });

  test('no request of the corpus was a server failure', () => {
    expect(standard.failures.filter((failure) => failure.phase === 'route')).toEqual([]);
    expect(tight.failures.filter((failure) => failure.phase === 'route')).toEqual([]);
  });
});
