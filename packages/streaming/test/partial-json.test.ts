import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import { z } from 'zod';
import { isStreamError } from '../src/core/errors.js';
import {
  createPartialJson,
  type JsonPath,
  type PartialJson,
  type StandardResult,
  type StandardSchemaV1,
} from '../src/core/partial-json.js';

/** Pushes `text` in pieces of the given sizes (repeated until the text is used up), calling `afterPush` after each. */
function feed(text: string, sizes: readonly number[] = [text.length || 1], afterPush?: (json: PartialJson) => void) {
  const json = createPartialJson();
  for (let start = 0, turn = 0; start < text.length; turn++) {
    const size = Math.max(1, sizes[turn % sizes.length] ?? 1);
    json.push(text.slice(start, start + size));
    start += size;
    afterPush?.(json);
  }
  return json;
}

/** Pushes `text` cut at the given offsets, then ends it. */
function feedCut(text: string, cuts: readonly number[]): PartialJson {
  const json = createPartialJson();
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    json.push(text.slice(start, cut));
    start = cut;
  }
  json.end();
  return json;
}

/** Reads a path in a value, or undefined. */
function at(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The partial value's contract, checked against the final value (`JSON.parse` of the whole text). At `path`:
 * - a value `isComplete` says is final deep-equals the final value there (numbers, booleans and null are only ever
 *   shown final);
 * - an incomplete string is a prefix of the final string, never ending in the first half of a surrogate pair;
 * - an incomplete array has at most the final length, and every element but its last is complete;
 * - an incomplete object's keys are some of the final keys, in the same order.
 * Returns what is wrong, or undefined.
 */
function inconsistency(json: PartialJson, partial: unknown, final: unknown, path: JsonPath): string | undefined {
  const where = `at ${JSON.stringify(path)}`;
  if (json.isComplete(path))
    return isDeepStrictEqual(partial, final) ? undefined : `${where}: complete, but not the final value`;
  if (typeof partial === 'string') {
    if (typeof final !== 'string' || !final.startsWith(partial)) return `${where}: not a prefix of the final string`;
    // A lone surrogate may be final (JSON allows "\uD800"); half of a pair whose other half follows may not show.
    return isHighSurrogate(partial.charCodeAt(partial.length - 1)) && isLowSurrogate(final.charCodeAt(partial.length))
      ? `${where}: ends with half a surrogate pair`
      : undefined;
  }
  if (Array.isArray(partial)) {
    if (!Array.isArray(final) || partial.length > final.length) return `${where}: longer than the final array`;
    for (let index = 0; index < partial.length; index++) {
      if (index < partial.length - 1 && !json.isComplete([...path, index]))
        return `${where}: element ${index} is not the last, yet incomplete`;
      const problem = inconsistency(json, partial[index], final[index], [...path, index]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isRecord(partial)) {
    if (!isRecord(final)) return `${where}: an object where the final value is not one`;
    const keys = Object.keys(partial);
    if (
      !isDeepStrictEqual(
        keys,
        Object.keys(final).filter((key) => Object.hasOwn(partial, key)),
      )
    )
      return `${where}: keys ${JSON.stringify(keys)} are not among the final keys, in order`;
    for (const key of keys) {
      const problem = inconsistency(json, partial[key], final[key], [...path, key]);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${where}: ${JSON.stringify(partial)} is shown but not complete`;
}

/** The finished containers in a value, with their paths: they must be the very same objects in every later read. */
function finishedContainers(json: PartialJson, value: unknown, path: JsonPath, found: [JsonPath, unknown][] = []) {
  if (typeof value !== 'object' || value === null) return found;
  if (json.isComplete(path)) found.push([path, value]);
  else
    for (const [key, child] of Object.entries(value)) {
      finishedContainers(json, child, [...path, Array.isArray(value) ? Number(key) : key], found);
    }
  return found;
}

/**
 * Streams `text` in pieces of `sizes`, reading `value` after every `readEvery`-th push, and checks each read against
 * the final value (consistency) and against the previous read (finished containers keep their identity).
 */
function checkStreamed(text: string, sizes: readonly number[], readEvery = 1): PartialJson {
  const final: unknown = JSON.parse(text.replace(/^\s*```[^\n]*\n|```\s*$/g, ''));
  let finished: [JsonPath, unknown][] = [];
  let pushes = 0;
  const json = feed(text, sizes, (json) => {
    expect(json.error).toBeUndefined();
    if (++pushes % readEvery !== 0) return;
    const value = json.value;
    if (value !== undefined) expect(inconsistency(json, value, final, [])).toBeUndefined();
    for (const [path, container] of finished) expect(at(value, path)).toBe(container);
    finished = finishedContainers(json, value, []);
  });
  json.end();
  expect(json.error).toBeUndefined();
  expect(json.done).toBe(true);
  expect(json.value).toStrictEqual(final);
  for (const [path, container] of finished) expect(at(json.value, path)).toBe(container);
  return json;
}

/** Property tests run hundreds of documents: on a loaded 2-core machine they need more than the default 5 s. */
const PROPERTY_TIMEOUT_MS = 30_000;

/** Every token type, every escape, numbers in all their forms, nesting and all four kinds of whitespace. */
const EVERY_TOKEN = `{"string": "plain, \\"quoted\\", back\\\\slash, \\/ \\b\\f\\n\\r\\t \\u00e9\\u00E9 \\uD83D\\uDE00 😀 é 中文",
 "numbers": [0, -0, 7, -12, 3.25, -0.5, 1e10, 1E+2, 2e-3, -2.5E-3, 123456789012345678901234567890, 1.7976931348623157e308],
 "literals": [true, false, null],\t"empty": {"object": {}, "array": [], "string": ""},\r
 "nested": [[1, [2, [3, {"deep": [{"deeper": "yes"}]}]]], {"a": {"b": {"c": null}}}]}`;

describe('reading every token type, cut anywhere', () => {
  test('whole, one character at a time, and in pieces of 2 to 17: the JSON.parse value', () => {
    for (const size of [EVERY_TOKEN.length, 1, 2, 3, 5, 7, 16, 17]) checkStreamed(EVERY_TOKEN, [size]);
  });

  test('cut once at every offset, and twice at every pair of offsets of a shorter document', () => {
    const expected = JSON.parse(EVERY_TOKEN);
    for (let cut = 0; cut <= EVERY_TOKEN.length; cut++)
      expect(feedCut(EVERY_TOKEN, [cut]).value).toStrictEqual(expected);
    const short = '{"a": [1.5e-2, "x\\u00e9\\uD83D\\uDE00\\n", true], "b": null, "c": -0}';
    for (let first = 0; first <= short.length; first++)
      for (let second = first; second <= short.length; second++) {
        const json = feedCut(short, [first, second]);
        expect(json.error).toBeUndefined();
        expect(json.value).toStrictEqual(JSON.parse(short));
      }
  });

  test('top-level scalars: a number needs end() or a following character; the others finish by themselves', () => {
    for (const text of ['"text"', 'true', 'false', 'null', '-1.5e3', '0', ' 42 ']) {
      const json = feed(text, [1]);
      json.end();
      expect([json.error, json.value]).toEqual([undefined, JSON.parse(text)]);
    }
    const number = feed('42', [1]);
    expect([number.value, number.done]).toEqual([undefined, false]);
    number.end();
    expect([number.value, number.done]).toEqual([42, true]);
  });

  test('a string with every escape, and surrogate pairs written raw and escaped, cut at every position', () => {
    const text = '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u4e2d\\uD83D\\uDE00😀\\uDBFF\\uDFFF"';
    for (let cut = 0; cut <= text.length; cut++) checkStreamed(text, [cut || 1, 1, 3]);
  });
});

describe('what the partial value shows', () => {
  test('a string grows as it arrives and is incomplete until its closing quote', () => {
    const json = createPartialJson();
    json.push('{"title": "Pan');
    expect(json.value).toEqual({ title: 'Pan' });
    expect(json.isComplete(['title'])).toBe(false);
    json.push('cakes');
    expect(json.value).toEqual({ title: 'Pancakes' });
    json.push('"');
    expect(json.isComplete(['title'])).toBe(true);
    expect(json.isComplete([])).toBe(false);
  });

  test('a member appears when its value starts, not while its key is written', () => {
    const json = createPartialJson();
    json.push('{"ti');
    expect(json.value).toEqual({});
    json.push('tle": ');
    expect(json.value).toEqual({});
    json.push('"');
    expect(json.value).toEqual({ title: '' });
  });

  test('numbers and literals are not shown until complete (12 may become 123 or 12.5)', () => {
    const json = createPartialJson();
    const reads: unknown[] = [];
    for (const delta of ['[1', '2', '.', '5', 'e', '1', ', tr', 'u', 'e', ', n', 'ull', ', -', '0', ']']) {
      json.push(delta);
      reads.push(json.value);
    }
    expect(reads).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      [125],
      [125],
      [125, true],
      [125, true],
      [125, true, null],
      [125, true, null],
      [125, true, null],
      [125, true, null, -0],
    ]);
  });

  test('a surrogate pair cut in two, raw or escaped, shows up whole; a lone escaped surrogate shows once final', () => {
    const raw = createPartialJson();
    raw.push('"a\uD83D');
    expect(raw.value).toBe('a');
    raw.push('\uDE00"');
    expect(raw.value).toBe('a😀');

    const escaped = createPartialJson();
    escaped.push('["a\\uD83D');
    expect(escaped.value).toEqual(['a']);
    escaped.push('\\u');
    expect(escaped.value).toEqual(['a']);
    escaped.push('DE00');
    expect(escaped.value).toEqual(['a😀']);

    const lone = createPartialJson();
    lone.push('["\\uD83D');
    expect(lone.value).toEqual(['']);
    lone.push('"]');
    expect(lone.value).toEqual(['\uD83D']);
  });

  test('containers appear as soon as they open, empty and incomplete', () => {
    const json = createPartialJson();
    json.push('{"a": [{"b": [');
    expect(json.value).toEqual({ a: [{ b: [] }] });
    expect([json.isComplete(['a']), json.isComplete(['a', 0]), json.isComplete(['a', 0, 'b'])]).toEqual([
      false,
      false,
      false,
    ]);
    json.push(']}');
    expect(json.isComplete(['a', 0, 'b'])).toBe(true);
    expect(json.isComplete(['a', 0])).toBe(true);
    expect(json.isComplete(['a'])).toBe(false);
  });

  test('isComplete: false for paths that do not exist (yet) or have the wrong kind of segment', () => {
    const json = feed('{"a": [1, {"b": "c"}], "d": "e');
    expect(json.isComplete(['a', 0])).toBe(true);
    expect(json.isComplete(['a', 1, 'b'])).toBe(true);
    expect(json.isComplete(['a', 2])).toBe(false);
    expect(json.isComplete(['a', '0'])).toBe(false);
    expect(json.isComplete(['a', 1.5])).toBe(false);
    expect(json.isComplete(['d'])).toBe(false);
    expect(json.isComplete(['d', 0])).toBe(false);
    expect(json.isComplete(['x'])).toBe(false);
    json.push('"}');
    expect([json.done, json.isComplete([]), json.isComplete(['d']), json.isComplete(['x'])]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  test('nothing to show yet: undefined', () => {
    const json = createPartialJson();
    expect(json.value).toBeUndefined();
    json.push('  ');
    expect(json.value).toBeUndefined();
    json.push('12');
    expect(json.value).toBeUndefined();
  });

  test('duplicate keys: the last value wins, in the first place, as with JSON.parse', () => {
    const text = '{"a": 1, "b": 2, "a": {"c": 3}}';
    expect(feedCut(text, [12, 24]).value).toStrictEqual(JSON.parse(text));
  });

  test('__proto__ is an own key, as with JSON.parse: no object gets a new prototype', () => {
    const text = '{"__proto__": {"polluted": true}, "a": [{"__proto__": 1}]}';
    const json = feedCut(text, [5, 20, 40]);
    const value = json.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value).toStrictEqual(JSON.parse(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Partial reads copy the open objects: the copies keep it an own key too.
    checkStreamed(text, [1, 3]);
    const partial = feed(text.slice(0, 30)).value as Record<string, unknown>;
    expect([Object.hasOwn(partial, '__proto__'), Object.getPrototypeOf(partial)]).toEqual([true, Object.prototype]);
  });

  test('10,000 levels of nesting: no recursion to overflow, in pushing, reading or isComplete', () => {
    const depth = 10_000;
    const text = `${'[{"a":'.repeat(depth)}"x"${'}]'.repeat(depth)}`;
    const json = createPartialJson();
    json.push(text.slice(0, text.length / 2));
    expect(json.value).toBeDefined();
    expect(json.isComplete(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a' : 0)))).toBe(false);
    json.push(text.slice(text.length / 2));
    let value = json.value;
    for (let level = 0; level < depth; level++) value = (value as [{ a: unknown }])[0].a;
    expect([json.done, value]).toEqual([true, 'x']);
  });
});

describe('keys read against the previous object at the same depth', () => {
  test('records with the same keys, keys that only start alike, escaped keys, empty keys: as JSON.parse reads them', () => {
    const text =
      '[{"name": "a", "qty": 1}, {"name": "b", "qty": 2}, {"nam": 3, "names": 4, "name\\u0074": 5, ' +
      '"n\\"ame": 6, "": 7, "qty": 8, "name": 9}, {"name": {"name": "nested"}, "qty": [{"qty": 0}]}, {"\\u006eame": 1}]';
    for (const size of [1, 2, 3, 4, 5, 7, 16, text.length]) checkStreamed(text, [size]);
    for (let cut = 0; cut <= text.length; cut++) expect(feedCut(text, [cut]).value).toStrictEqual(JSON.parse(text));
  });

  test('a raw control character or a lone backslash where the expected key goes on is still an error', () => {
    for (const text of ['[{"ab": 1}, {"a\nb": 2}]', '[{"ab": 1}, {"a\\', '[{"ab": 1}, {"a\\q": 2}]']) {
      const json = feed(text, [1]);
      json.end();
      expect(json.error?.code).toBe('protocol');
    }
  });
});

describe('numbers, exactly as JSON.parse reads them', () => {
  test('at the edges of exact doubles, of the fast path (2^53, 10^22) and of the double range', () => {
    const numbers = [
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '-9007199254740993',
      '1e22',
      '1e23',
      '1.5e22',
      '123456789012345.678',
      '0.1',
      '0.30000000000000004',
      '1.7976931348623157e308',
      '1.8e308',
      '-1e400',
      '5e-324',
      '2.2250738585072014e-308',
      '1e-400',
      '-0.0',
      '0e999',
      '0.000001',
      '1E-7',
      '12345678901234567890e-20',
      '4.35',
      '100e-2',
      '1e+21',
      '123.456e-3',
    ];
    const text = `[${numbers.join(',')}]`;
    for (const size of [1, 3, 16]) checkStreamed(text, [size]);
  });

  test(
    'property: any double, as JSON.stringify writes it, cut anywhere',
    () => {
      fc.assert(
        fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), pieceSizes, (numbers, sizes) => {
          checkStreamed(JSON.stringify(numbers), sizes);
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('identity: only the path being written is new', () => {
  test('finished items keep their identity while a later item grows; older reads do not change', () => {
    const json = createPartialJson();
    json.push('{"items": [{"a": 1}, {"b": [2]}, {"c": "x');
    const first = json.value as { items: unknown[] };
    json.push('yz');
    const second = json.value as { items: unknown[] };
    expect(second).not.toBe(first);
    expect(second.items).not.toBe(first.items);
    expect(second.items[0]).toBe(first.items[0]);
    expect(second.items[1]).toBe(first.items[1]);
    expect(first).toEqual({ items: [{ a: 1 }, { b: [2] }, { c: 'x' }] });
    expect(second).toEqual({ items: [{ a: 1 }, { b: [2] }, { c: 'xyz' }] });
  });

  test('a push that shows nothing new (whitespace, a key, half a number) gives the same value object', () => {
    const json = createPartialJson();
    json.push('{"a": [1], ');
    const before = json.value;
    for (const delta of ['  ', '"ke', 'y"', ': ', '1', '2']) {
      json.push(delta);
      expect(json.value).toBe(before);
    }
    json.push(',');
    expect(json.value).not.toBe(before);
    expect(json.value).toEqual({ a: [1], key: 12 });
  });

  test('a container read just before it closes is the final object itself', () => {
    const json = createPartialJson();
    json.push('{"a": {"b": "c"');
    const open = json.value as { a: unknown };
    json.push('}');
    const inner = json.value as { a: unknown };
    expect(inner).toBe(open);
    expect(inner.a).toBe(open.a);
    expect(json.isComplete(['a'])).toBe(true);
    json.push('}');
    expect(json.value).toBe(open);
    expect(json.done).toBe(true);
  });
});

describe('malformed text: a typed error, the value kept, no throw', () => {
  const MALFORMED = [
    '{"a" 1}',
    '{"a": 1,}',
    '[1,]',
    '[1 2]',
    '{,}',
    '{"a": 1}}',
    '[01]',
    '[1.]',
    '[1.e5]',
    '[-]',
    '[1e]',
    '[+1]',
    '[.5]',
    '[tru]',
    '[nulL]',
    '["\\x"]',
    '["\\u12G4"]',
    '["a\nb"]',
    "{'a': 1}",
    '{a: 1}',
    '[1] x',
    'Here it is: {"a": 1}',
    '``{}',
    '{} ```',
    '"unterminated',
    '{"a": [1, {"b": ',
    '',
  ];

  test.each(MALFORMED)(
    '%j: JSON.parse refuses it, and so does the reader, whole or one character at a time',
    (text) => {
      expect(() => JSON.parse(text)).toThrow();
      for (const sizes of [[text.length || 1], [1]]) {
        const json = feed(text, sizes);
        json.end();
        expect(isStreamError(json.error)).toBe(true);
        expect(json.error?.code).toBe('protocol');
        expect(json.error?.message).toMatch(/^Malformed JSON at character \d+: expected .+, got .+\.$/);
      }
    },
  );

  test('the value read before the error stays, and later text is ignored', () => {
    const json = createPartialJson();
    json.push('{"items": [1, 2, "thr');
    json.push('ee"] x {"more": 1}');
    expect(json.error?.message).toBe('Malformed JSON at character 26: expected "," or "}", got "x".');
    const kept = json.value;
    expect(kept).toEqual({ items: [1, 2, 'three'] });
    json.push('}');
    json.end();
    expect(json.value).toBe(kept);
    expect(json.done).toBe(false);
    expect(json.error?.message).toMatch(/character 26/);
  });

  test('end() before the value is complete is an error; end() twice changes nothing; text after end() is an error', () => {
    const unfinished = feed('{"a": "b');
    unfinished.end();
    expect(unfinished.error?.message).toBe(
      'Malformed JSON at character 8: expected the rest of the value, got the end of the text.',
    );
    expect(unfinished.value).toEqual({ a: 'b' });

    const finished = feed('{"a": 1}');
    finished.end();
    finished.end();
    expect(finished.error).toBeUndefined();
    finished.push('');
    expect(finished.error).toBeUndefined();
    finished.push(' ');
    expect(finished.error?.code).toBe('protocol');
    expect(finished.value).toEqual({ a: 1 });
  });

  test('text after a finished value is an error; the value stays done', () => {
    const json = feed('{"a": 1} {"b": 2}');
    expect(json.done).toBe(true);
    expect(json.error?.code).toBe('protocol');
    expect(json.value).toEqual({ a: 1 });
  });

  test('a delta that is not a string: an invalid-input error naming the field, not a throw', () => {
    const json = createPartialJson();
    json.push('[1');
    json.push(42 as unknown as string);
    expect([json.error?.code, json.error?.field]).toEqual(['invalid-input', 'delta']);
  });
});

describe('Markdown code fences around the JSON', () => {
  test('```json before and ``` after are read over, cut anywhere; the closing fence may be missing', () => {
    const body = '{"a": [1, "x"], "b": 2}';
    for (const text of [
      `\`\`\`json\n${body}\n\`\`\`\n`,
      `\n\`\`\`\n${body}\`\`\``,
      `\`\`\`json\n${body}\n`,
      '```\n42\n```',
    ])
      for (let cut = 0; cut <= text.length; cut++) {
        const json = feedCut(text, [cut]);
        expect(json.error).toBeUndefined();
        expect(json.value).toStrictEqual(JSON.parse(text.replace(/^\s*```[^\n]*\n|```\s*$/g, '')));
      }
  });

  test('a closing fence without an opening one, or text after the closing fence, is an error', () => {
    for (const text of ['{}\n```', '```json\n{}\n```\nMore text', '```json\n{}\n`` `']) {
      const json = feed(text);
      json.end();
      expect(json.error?.code).toBe('protocol');
      expect(json.value).toEqual({});
    }
  });
});

describe('validate: a Standard Schema on the finished value', () => {
  const Recipe = z.object({ title: z.string(), steps: z.array(z.string()), serves: z.number().int() });

  test('a zod 4 schema: the typed output when the value fits', async () => {
    const json = feed('```json\n{"title": "Pancakes", "steps": ["Whisk", "Fry"], "serves": 4}\n```', [16]);
    const result = await json.validate(Recipe);
    expectTypeOf(result).toEqualTypeOf<StandardResult<z.infer<typeof Recipe>>>();
    if (result.issues) throw new Error('expected a valid value');
    expect(result.value).toEqual({ title: 'Pancakes', steps: ['Whisk', 'Fry'], serves: 4 });
    expectTypeOf(result.value.serves).toEqualTypeOf<number>();
  });

  test('a zod 4 schema: its issues, with paths, when the value does not fit', async () => {
    const json = feed('{"title": "Pancakes", "steps": ["Whisk", 2], "serves": "four"}', [7]);
    const result = await json.validate(Recipe);
    expect(result.issues?.map((issue) => issue.path)).toEqual([['steps', 1], ['serves']]);
  });

  test('an unfinished or malformed value: one issue saying so, and the schema is not called', async () => {
    const validate = vi.fn(() => ({ value: 'never' }));
    const schema: StandardSchemaV1<unknown, string> = { '~standard': { version: 1, vendor: 'test', validate } };
    const unfinished = feed('{"title": "Pan');
    expect(await unfinished.validate(schema)).toEqual({ issues: [{ message: 'The JSON value is not complete yet.' }] });
    const malformed = feed('{"title" "Pancakes"}');
    const result = await malformed.validate(schema);
    expect(result.issues?.[0]?.message).toBe(malformed.error?.message);
    expect(validate).not.toHaveBeenCalled();
  });

  test('any vendor, sync or async: the schema gets the value, and its result comes back as it is', async () => {
    const asyncSchema: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'other',
        validate: async (value) =>
          typeof value === 'number' ? { value: value * 2 } : { issues: [{ message: 'NaN' }] },
      },
    };
    const json = feed('21');
    json.end();
    expect(await json.validate(asyncSchema)).toEqual({ value: 42 });
  });

  test("the reader imports no schema library, only the package's own error type", () => {
    const source = readFileSync(new URL('../src/core/partial-json.ts', import.meta.url), 'utf8');
    expect([...source.matchAll(/^import .* from '(.*)';$/gm)].map((match) => match[1])).toEqual(['./errors.js']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests: random documents, cut anywhere.

const whitespace = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n', '  ');
const digitsOf = (from: string, minLength: number) =>
  fc.string({ unit: fc.constantFrom(...from), minLength, maxLength: 12 });

/** Numbers in every form the grammar allows: sign, leading zero, fraction, exponent with or without its sign. */
const numberText = fc
  .record({
    minus: fc.boolean(),
    integer: fc.oneof(fc.constant('0'), fc.tuple(digitsOf('123456789', 1), digitsOf('0123456789', 0))),
    fraction: fc.option(digitsOf('0123456789', 1), { nil: undefined }),
    exponent: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digitsOf('0123456789', 1)), {
      nil: undefined,
    }),
  })
  .map(({ minus, integer, fraction, exponent }) =>
    [
      minus ? '-' : '',
      typeof integer === 'string' ? integer : `${integer[0].slice(0, 1)}${integer[1]}`,
      fraction === undefined ? '' : `.${fraction}`,
      exponent?.join('') ?? '',
    ].join(''),
  );

const hex4 = (unit: number, upper: boolean) => {
  const hex = unit.toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};
/** Pieces of a string literal's body: raw text (any code point, lone surrogates too), and every kind of escape. */
const stringPiece = fc.oneof(
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 6 })
    .map((text) => [...text].filter((char) => char !== '"' && char !== '\\' && char.charCodeAt(0) >= 0x20).join('')),
  fc.constantFrom('😀', 'é', '中文', 'e\u0301', '\uD83D', '\uDE00'),
  fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t'),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean()).map(([unit, upper]) => hex4(unit, upper)),
  fc
    .tuple(fc.integer({ min: 0x10000, max: 0x10ffff }), fc.boolean())
    .map(([point, upper]) => [...String.fromCodePoint(point)].map((unit) => hex4(unit.charCodeAt(0), upper)).join('')),
);
const stringText = fc.array(stringPiece, { maxLength: 8 }).map((pieces) => `"${pieces.join('')}"`);

/** JSON text, generated as text: random whitespace between tokens, escapes, number forms, nesting. */
const generated = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    numberText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .tuple(whitespace, fc.array(fc.tuple(whitespace, tie('value'), whitespace), { maxLength: 6 }))
    .map(([empty, items]) => `[${items.length === 0 ? empty : items.map((item) => item.join('')).join(',')}]`),
  object: fc
    .tuple(
      whitespace,
      // Unique keys: with a repeated key, a partial shows the earlier value until the later one completes.
      fc.uniqueArray(fc.tuple(whitespace, stringText, whitespace, whitespace, tie('value'), whitespace), {
        maxLength: 6,
        selector: (member) => JSON.parse(member[1]) as string,
      }),
    )
    .map(
      ([empty, members]) =>
        `{${members.length === 0 ? empty : members.map(([a, key, b, c, value, d]) => `${a}${key}${b}:${c}${value}${d}`).join(',')}}`,
    ),
}));

const jsonText = generated.value;
/** Mostly containers (a scalar document says little about nesting), with whitespace around and sometimes a fence. */
const document = fc
  .tuple(whitespace, fc.oneof(generated.object, generated.array, jsonText), whitespace, fc.boolean())
  .map(([before, text, after, fenced]) =>
    fenced ? `\`\`\`json\n${before}${text}${after}\n\`\`\`` : `${before}${text}${after}`,
  );
const pieceSizes = fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 16 });

describe('property: random documents cut anywhere', () => {
  test(
    'fc.jsonValue serialized (unicode keys and strings): every partial is consistent, the end is JSON.parse',
    () => {
      fc.assert(
        fc.property(
          fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' }),
          fc.constantFrom(undefined, 2, '\t'),
          pieceSizes,
          fc.integer({ min: 1, max: 4 }),
          (value, indent, sizes, readEvery) => {
            checkStreamed(JSON.stringify(value, null, indent), sizes, readEvery);
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  test(
    'generated JSON text (whitespace, escapes, number forms, fences): consistent partials, JSON.parse at the end',
    () => {
      fc.assert(
        fc.property(document, pieceSizes, fc.integer({ min: 1, max: 3 }), (text, sizes, readEvery) => {
          checkStreamed(text, sizes, readEvery);
        }),
        { numRuns: 400 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  test(
    'arrays of records whose keys repeat, start alike or differ by an escape: consistent partials, JSON.parse at the end',
    () => {
      const keyText = fc.constantFrom('"id"', '"name"', '"nam"', '"names"', '"n\\u0061me"', '"na\\"me"', '""', '"qty"');
      const recordOf = (value: fc.Arbitrary<string>) =>
        fc
          .uniqueArray(fc.tuple(whitespace, keyText, value), { maxLength: 5, selector: ([, key]) => JSON.parse(key) })
          .map((members) => `{${members.map(([space, key, value]) => `${space}${key}:${value}`).join(',')}}`);
      const scalar = fc.oneof(numberText, stringText, fc.constantFrom('true', 'null'));
      const records = (value: fc.Arbitrary<string>) =>
        fc.array(recordOf(value), { maxLength: 6 }).map((items) => `[${items.join(',')}]`);
      const document = records(fc.oneof(scalar, scalar, records(scalar)));
      fc.assert(
        fc.property(document, pieceSizes, (text, sizes) => {
          checkStreamed(text, sizes);
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  test(
    'one character at a time',
    () => {
      fc.assert(
        fc.property(document, fc.integer({ min: 1, max: 4 }), (text, readEvery) => {
          checkStreamed(text, [1], readEvery);
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  test(
    'damaged text (a character removed, replaced or added, or the end cut off): an error exactly when JSON.parse throws',
    () => {
      const damage = fc.tuple(
        fc.constantFrom('remove', 'replace', 'insert', 'truncate'),
        fc.nat(),
        fc.constantFrom(...'{}[],:"\\ 0123456789.-+eEtrufalsnxu\n'),
      );
      fc.assert(
        fc.property(jsonText, damage, pieceSizes, (text, [kind, where, char], sizes) => {
          const at = where % (text.length + 1);
          const damaged =
            kind === 'truncate'
              ? text.slice(0, at)
              : `${text.slice(0, at)}${kind === 'remove' ? '' : char}${text.slice(kind === 'insert' ? at : at + 1)}`;
          let expected: unknown;
          let valid = true;
          try {
            expected = JSON.parse(damaged);
          } catch {
            valid = false;
          }
          const json = feed(damaged, sizes);
          json.end();
          expect(json.error === undefined).toBe(valid);
          if (valid) expect(json.value).toStrictEqual(expected);
          else expect(json.error?.code).toBe('protocol');
        }),
        { numRuns: 1000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
