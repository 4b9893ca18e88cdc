import fc from 'fast-check';

/**
 * Values of every kind a caller might pass by mistake: primitives at the edges (NaN, ±Infinity, -0, 2^53, empty
 * and blank strings), functions, symbols, BigInt, arrays, objects with and without a prototype, class instances
 * (Date, Map, Set, typed arrays, boxed values, Headers) and objects that look almost right ({ run: 1 }).
 */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.constantFrom<unknown>(
    undefined,
    null,
    true,
    false,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0,
    1,
    -1,
    0.5,
    1.5,
    2,
    2.5,
    3,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    '',
    ' ',
    '\t\n',
    'frame',
    'Hi',
    '10',
    [],
    {},
    [''],
    ['END'],
    [{ role: 'user', content: 'Hi' }],
    [{ role: 'user', parts: [] }],
    [{ role: 'user' }],
    { role: 'user', content: 'Hi' },
    { a: 'b' },
    { a: 1 },
    Symbol('value'),
    () => {},
    { postMessage: () => {} },
    { postMessage: 1 },
    { run: () => {} },
    { run: 'fetch' },
  ),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
);

/** A plain object: made by `{}` (or with a null prototype), not an array, Date, Map, Headers, boxed value, … */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Whether JSON.stringify can write the value (no BigInt, no cycle, no throwing toJSON). */
export function isJsonWritable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
