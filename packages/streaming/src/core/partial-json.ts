/**
 * The object a model is writing, as its JSON text streams in: structured output and tool inputs.
 *
 * Why not parse the text again at each delta (as the AI SDK's `parsePartialJson` does): that costs O(text so far)
 * per delta, O(n²) per answer. This reader keeps its state between deltas and never goes back over earlier text.
 *
 * Cost model (n: characters of a delta, d: depth of the value being written):
 * - `push(delta)`: O(n), plus O(1) per container opened or closed. No copying: the reader builds its containers in
 *   place. Finished values are put into their parent once and never touched again.
 * - reading `value`: nothing when nothing visible changed since the previous read; otherwise one shallow copy of
 *   each container on the path being written (the root, ..., the innermost open container): O(d + their sizes).
 *   Everything off that path is finished and reused as it is, so it keeps its identity from read to read.
 *   A UI that reads once a frame pays that copy once a frame, not once a token; one that reads after every token
 *   pays it every token (for an array of 1,000 items being appended to, a copy of 1,000 references).
 * - `isComplete(path)`: O(path length).
 * - memory: the value itself, the open path, and the keys of the latest object at each depth (see `keyCache`).
 *
 * Side-effect free: loading the module runs nothing, so a bundle that does not use it drops it.
 */
import { StreamError } from './errors.js';

/** Where a value sits in the document: object keys and array indexes, from the root (`[]` is the root itself). */
export type JsonPath = readonly (string | number)[];

/**
 * The part of the Standard Schema v1 interface (https://standardschema.dev) used here, written out so that no
 * schema library is imported: zod 4, valibot, arktype and others pass their schemas as they are.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** A Standard Schema result: the schema's output, or what is wrong. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardIssue[] };

/** One problem a schema found, with where it is when the schema says so. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/**
 * A JSON document read as it streams. Values are shown as soon as they can be shown truthfully:
 *
 * - strings grow as their characters arrive (an incomplete string is a prefix of the final one; a surrogate pair cut
 *   in two shows up whole, once both halves are there);
 * - objects and arrays appear as soon as they open (`{}`, `[]`), and a member appears once its value starts;
 * - numbers, `true`, `false` and `null` appear only once complete: `12` may still become `123` or `12.5`, so a
 *   half-written number is never shown (a number ends at the character after it, or at `end()`);
 * - `isComplete(path)` tells whether a value is final. A finished container never changes again, and neither does
 *   its identity: memoised children of it do not render again.
 *
 * Strict JSON (RFC 8259, as `JSON.parse` reads it), with one allowance for models: the document may be wrapped in a
 * Markdown code fence (a first line of three backticks and an optional language, e.g. "```json", and three
 * backticks after the value, which may be missing). Any other text before or after the value is an error.
 *
 * Errors: malformed text sets `error` (a {@link StreamError} with code `'protocol'`, naming the character's offset),
 * keeps the value read so far, and stops reading: later pushes are ignored. Nothing here throws.
 *
 * Values are shared, not copied: treat them as read-only (they are not frozen, which would cost a pass over them).
 *
 * @example
 * ```ts
 * const json = createPartialJson();
 * json.push('{"title": "Pancakes", "steps": ["Whisk the eg');
 * json.value; // { title: 'Pancakes', steps: ['Whisk the eg'] }
 * json.isComplete(['title']); // true
 * json.isComplete(['steps', 0]); // false: the string is still being written
 * json.push('gs"], "serves": 4}');
 * json.done; // true
 * const result = await json.validate(z.object({ title: z.string(), steps: z.array(z.string()), serves: z.number() }));
 * if (!result.issues) render(result.value);
 * ```
 */
export interface PartialJson {
  /** Reads the next piece of the text. O(its length); see the module's cost model. */
  push(delta: string): void;
  /**
   * The text is over. Completes a top-level number (`42` cannot end before the text does), and sets `error` when the
   * value is still unfinished. Text pushed afterwards is an error.
   */
  end(): void;
  /** The value so far: `undefined` until something can be shown. Same identity between reads without a change. */
  readonly value: unknown;
  /** The whole value has been read: it will not change again. */
  readonly done: boolean;
  /** Why reading stopped: malformed JSON, text after `end()`, or `end()` before the value was complete. */
  readonly error: StreamError | undefined;
  /**
   * Whether the value at `path` is there and final: false while it is being written, and for a path that does not
   * exist (yet). `isComplete([])` is `done`.
   */
  isComplete(path: JsonPath): boolean;
  /**
   * Checks the finished value with a Standard Schema (zod 4, valibot, ...). Resolves with the schema's result; while
   * the value is unfinished, or when the text is malformed (before the value ended or after it: `error` is set),
   * with one issue saying so, without calling the schema.
   */
  validate<Output>(schema: StandardSchemaV1<unknown, Output>): Promise<StandardResult<Output>>;
}

/** An object or array being read; `container` is built in place and handed over as the final value when it closes. */
interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  /** Objects: the key of the member being read. */
  key: string;
  /** Objects: how many keys have been read. */
  members: number;
  /** The copy the last read of `value` made, valid while `version` has not moved past `snapshotVersion`. */
  snapshot: unknown[] | Record<string, unknown> | undefined;
  snapshotVersion: number;
}

// What the next character may be. Plain numbers (not a TS enum): one switch over small integers.
const LEADING = 0; // before the value: whitespace, or the backticks of an opening fence
const FENCE_LINE = 1; // the rest of the opening fence's line ("json")
const VALUE = 2; // a value must start (after ':', or after ',' in an array)
const FIRST_ITEM = 3; // just after '[': a value or ']'
const FIRST_KEY = 4; // just after '{': a key or '}'
const KEY = 5; // after ',' in an object: a key
const COLON = 6;
const AFTER_ITEM = 7; // after a member or element: ',' or the closing bracket
const STRING = 8; // inside a string, a key or a value
const ESCAPE = 9; // after a backslash in a string
const UNICODE = 10; // inside \uXXXX
const NUMBER = 11;
const LITERAL = 12; // true, false, null
const TRAILING = 13; // after the value: whitespace, the backticks of a closing fence
const FAILED = 14;
const ENDED = 15;
const KNOWN_KEY = 16; // inside a key that so far matches the previous object's key at the same place

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const COLON_CHAR = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const FENCE_TICKS = 3;

const isSpace = (code: number): boolean =>
  code === SPACE || code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB;
const isDigit = (code: number): boolean => code >= ZERO && code <= NINE;
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** The one-character escapes, by the code of the letter after the backslash. */
const ESCAPED: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

// The number grammar, -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?, one state per position in it.
const NUMBER_START = 0;
const NUMBER_SIGN = 1; // after '-': a digit must follow
const NUMBER_ZERO = 2; // a leading 0: no more integer digits
const NUMBER_INTEGER = 3;
const NUMBER_DOT = 4; // a digit must follow
const NUMBER_FRACTION = 5;
const NUMBER_E = 6; // a sign or a digit must follow
const NUMBER_EXPONENT_SIGN = 7; // a digit must follow
const NUMBER_EXPONENT = 8;
/** 10^0 to 10^22: the powers of ten that are exact doubles. A literal: nothing runs when the module loads. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
/** States where the number may end: a character that cannot continue it ends it there. */
const canEndNumber = (state: number): boolean =>
  state === NUMBER_ZERO || state === NUMBER_INTEGER || state === NUMBER_FRACTION || state === NUMBER_EXPONENT;

/** The state after `code`, or -1 when `code` cannot continue a number in `state` (then it ends it, or is an error). */
function nextNumberState(state: number, code: number): number {
  const digit = isDigit(code);
  const exponent = code === 101 || code === 69; // e, E
  switch (state) {
    case NUMBER_START:
      return code === MINUS ? NUMBER_SIGN : code === ZERO ? NUMBER_ZERO : digit ? NUMBER_INTEGER : -1;
    case NUMBER_SIGN:
      return code === ZERO ? NUMBER_ZERO : digit ? NUMBER_INTEGER : -1;
    case NUMBER_ZERO:
    case NUMBER_INTEGER:
      if (digit) return state === NUMBER_INTEGER ? NUMBER_INTEGER : -1;
      return code === 46 ? NUMBER_DOT : exponent ? NUMBER_E : -1;
    case NUMBER_DOT:
      return digit ? NUMBER_FRACTION : -1;
    case NUMBER_FRACTION:
      return digit ? NUMBER_FRACTION : exponent ? NUMBER_E : -1;
    case NUMBER_E:
      return code === 43 || code === MINUS ? NUMBER_EXPONENT_SIGN : digit ? NUMBER_EXPONENT : -1;
    default: // NUMBER_EXPONENT_SIGN, NUMBER_EXPONENT
      return digit ? NUMBER_EXPONENT : -1;
  }
}

/** The value of a hex digit, or -1. */
function hexDigit(code: number): number {
  if (isDigit(code)) return code - ZERO;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * Sets a member as `JSON.parse` does: an own data property, even for `__proto__` (a plain assignment would set the
 * object's prototype instead).
 */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** Whether `path` leads to a value inside `value` (a parsed JSON value). */
export const hasJsonPath = (value: unknown, path: JsonPath): boolean => hasPath(value, path, 0);

/** Whether `path`, from its index `from` on, leads to a value inside `value` (which is final). */
function hasPath(value: unknown, path: JsonPath, from: number): boolean {
  let current = value;
  for (let index = from; index < path.length; index++) {
    const segment = path[index];
    if (Array.isArray(current)) {
      if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment >= current.length)
        return false;
      current = current[segment];
    } else if (typeof current === 'object' && current !== null && typeof segment === 'string') {
      if (!Object.hasOwn(current, segment)) return false;
      current = (current as Record<string, unknown>)[segment];
    } else return false;
  }
  return true;
}

/**
 * Everything a reader keeps between deltas. The functions below take it as their first argument rather than being
 * closures made per reader (as elsewhere in core): V8 keeps the optimized code of module-level functions for good,
 * where a closure's optimized code is dropped at a full collection once its reader is gone, so that every answer
 * began again in the interpreter (measured: after a full GC, a fresh closure-based reader took 3–6× as long on
 * 95 KB).
 */
interface Reader {
  mode: number;
  /** Characters of the text before the delta being read: error messages name absolute offsets. */
  offset: number;
  /** The open containers, root first. Every value off this path is finished. */
  readonly stack: Frame[];
  top: Frame | undefined;
  /** The root, once finished. */
  root: unknown;
  done: boolean;
  error: StreamError | undefined;
  /** Moves on every change a reader of `value` would see; `value` is rebuilt only when it has moved. */
  version: number;
  viewVersion: number;
  view: unknown;
  // The string being read: its text so far, its last code unit (kept apart: reading it from a concatenated string
  // would flatten it, O(its length) at each read), and whether it is a key (a key is not shown: its member appears
  // with its value).
  text: string;
  lastUnit: number;
  readingKey: boolean;
  /**
   * Keys seen, by depth: those of the latest object at each depth, in order. Structured output is mostly arrays of
   * records with the same keys, so each key is first matched against the one at the same place in the previous
   * object at the same depth (`expectedKey`, `keyMatched` characters so far): a match makes no new string, and sets
   * a property under a key the engine has seen (a fast store); anything else is read as any other string.
   */
  readonly keyCache: string[][];
  expectedKey: string;
  keyMatched: number;
  /** A value string is open: shown as the last element or member of the innermost container (or as the root). */
  openString: boolean;
  hex: number;
  hexDigits: number;
  // The number being read: its text from earlier deltas, its grammar state, and its parts as the digits arrive (all
  // its digits as one integer, how many of them follow the point, its exponent), from which `numberValue` makes
  // most numbers without any text.
  numberText: string;
  numberState: number;
  negative: boolean;
  significand: number;
  fractionDigits: number;
  exponent: number;
  exponentNegative: boolean;
  literal: string;
  literalLength: number;
  openingTicks: number;
  closingTicks: number;
}

/** Stops reading with a `protocol` error at `delta[index]`. Returns the delta's length, which ends the loop. */
function fail(r: Reader, delta: string, index: number, expected: string): number {
  const found = index < delta.length ? JSON.stringify(delta[index]) : 'the end of the text';
  const at = r.offset + index;
  r.error = new StreamError('protocol', `Malformed JSON at character ${at}: expected ${expected}, got ${found}.`);
  r.mode = FAILED;
  return delta.length;
}

/**
 * A value is finished: it becomes the root, or joins its container, for good. `shown`: it was already part of the
 * value while being written (a string, an object, an array), as it is now, so a reader sees no change.
 */
function finishValue(r: Reader, value: unknown, shown: boolean): void {
  if (!shown) r.version++;
  const top = r.top;
  if (top === undefined) {
    r.root = value;
    r.done = true;
    r.mode = TRAILING;
    return;
  }
  const container = top.container;
  if (Array.isArray(container)) container.push(value);
  else setMember(container, top.key, value);
  r.mode = AFTER_ITEM;
}

function openContainer(r: Reader, container: unknown[] | Record<string, unknown>): void {
  const frame: Frame = { container, key: '', members: 0, snapshot: undefined, snapshotVersion: -1 };
  r.stack.push(frame);
  r.top = frame;
  r.version++;
  r.mode = Array.isArray(container) ? FIRST_ITEM : FIRST_KEY;
}

/**
 * A container closes. If nothing changed since `value` last copied it, that copy becomes the final value: a
 * reader that already holds it sees the same object, now final.
 */
function closeContainer(r: Reader): void {
  const frame = r.stack.pop() as Frame;
  r.top = r.stack[r.stack.length - 1];
  finishValue(r, frame.snapshotVersion === r.version ? frame.snapshot : frame.container, true);
}

function startString(r: Reader, key: boolean): void {
  r.readingKey = key;
  r.text = '';
  r.lastUnit = 0;
  r.mode = STRING;
  if (key) {
    const expected = r.keyCache[r.stack.length - 1]?.[(r.top as Frame).members];
    if (expected) {
      r.expectedKey = expected;
      r.keyMatched = 0;
      r.mode = KNOWN_KEY;
    }
    return;
  }
  r.openString = true;
  r.version++;
}

/** Reads a key while it matches the expected one; at the first difference, reads it as any string from there. */
function readKnownKey(r: Reader, delta: string, index: number): number {
  const expected = r.expectedKey;
  let matched = r.keyMatched;
  while (index < delta.length) {
    const code = delta.charCodeAt(index);
    if (code === QUOTE && matched === expected.length) {
      finishKey(r, expected);
      return afterKey(r, delta, index + 1);
    }
    // An escape or a control character is for the string reader to decode or refuse, even where it would match.
    if (code === QUOTE || code === BACKSLASH || code < SPACE || code !== expected.charCodeAt(matched)) {
      r.text = expected.slice(0, matched);
      r.mode = STRING;
      return index;
    }
    matched++;
    index++;
  }
  r.keyMatched = matched;
  return index;
}

/**
 * Just after a key's closing quote: reads the usual `:` and the value's first character here rather than going
 * round the main loop for each (this shortcut and the one after ',' save about a tenth of the reading time).
 */
function afterKey(r: Reader, delta: string, index: number): number {
  if (delta.charCodeAt(index) !== COLON_CHAR) return index; // past the end too: NaN
  r.mode = VALUE;
  const next = index + 1;
  return next < delta.length && !isSpace(delta.charCodeAt(next)) ? startValue(r, delta, next) : next;
}

function finishKey(r: Reader, key: string): void {
  const frame = r.top as Frame;
  frame.key = key;
  const depth = r.stack.length - 1;
  const keys = r.keyCache[depth] ?? [];
  r.keyCache[depth] = keys;
  keys[frame.members++] = key;
  r.mode = COLON;
}

function appendText(r: Reader, piece: string, last: number): void {
  r.text += piece;
  r.lastUnit = last;
  if (!r.readingKey) r.version++;
}

function closeString(r: Reader): void {
  if (r.readingKey) {
    finishKey(r, r.text);
    return;
  }
  r.openString = false;
  // A lone high surrogate at the end was hidden while the string was open; now it is final, so it shows.
  if (isHighSurrogate(r.lastUnit)) r.version++;
  finishValue(r, r.text, true);
}

/** `delta[index]` starts a value. */
function startValue(r: Reader, delta: string, index: number): number {
  const code = delta.charCodeAt(index);
  if (code === QUOTE) {
    startString(r, false);
    return index + 1;
  }
  if (code === OPEN_BRACE || code === OPEN_BRACKET) {
    openContainer(r, code === OPEN_BRACE ? {} : []);
    return index + 1;
  }
  if (code === MINUS || isDigit(code)) {
    r.numberText = '';
    r.numberState = NUMBER_START;
    r.negative = code === MINUS;
    r.significand = 0;
    r.fractionDigits = 0;
    r.exponent = 0;
    r.exponentNegative = false;
    r.mode = NUMBER;
    return readNumber(r, delta, index); // first character included
  }
  const literal = code === 116 ? 'true' : code === 102 ? 'false' : code === 110 ? 'null' : '';
  if (literal === '') return fail(r, delta, index, 'a value');
  r.literal = literal;
  r.literalLength = 1;
  r.mode = LITERAL;
  return index + 1;
}

/** Reads string characters up to a quote, a backslash or the end of the delta, as one slice. */
function readString(r: Reader, delta: string, index: number): number {
  const start = index;
  let code = 0;
  while (index < delta.length) {
    code = delta.charCodeAt(index);
    if (code === QUOTE || code === BACKSLASH || code < SPACE) break;
    index++;
  }
  if (index > start) appendText(r, delta.slice(start, index), delta.charCodeAt(index - 1));
  if (index === delta.length) return index;
  if (code === QUOTE) {
    closeString(r);
    return r.mode === COLON ? afterKey(r, delta, index + 1) : index + 1;
  }
  if (code !== BACKSLASH) return fail(r, delta, index, 'a string character (control characters must be escaped)');
  r.mode = ESCAPE;
  return index + 1;
}

function readEscape(r: Reader, delta: string, index: number): number {
  const code = delta.charCodeAt(index);
  if (code === 117) {
    r.hex = 0;
    r.hexDigits = 0;
    r.mode = UNICODE;
    return index + 1;
  }
  const escaped = ESCAPED[code];
  if (escaped === undefined) return fail(r, delta, index, 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
  appendText(r, escaped, escaped.charCodeAt(0));
  r.mode = STRING;
  return index + 1;
}

function readUnicode(r: Reader, delta: string, index: number): number {
  while (index < delta.length && r.hexDigits < 4) {
    const digit = hexDigit(delta.charCodeAt(index));
    if (digit < 0) return fail(r, delta, index, 'a hex digit');
    r.hex = r.hex * 16 + digit;
    r.hexDigits++;
    index++;
  }
  if (r.hexDigits === 4) {
    // Code units one at a time: an escaped surrogate pair (\uD83D\uDE00) pairs up in the text by itself.
    appendText(r, String.fromCharCode(r.hex), r.hex);
    r.mode = STRING;
  }
  return index;
}

/** Reads number characters; the first character that cannot continue the number ends it, and is read again. */
function readNumber(r: Reader, delta: string, index: number): number {
  const start = index;
  let state = r.numberState;
  while (index < delta.length) {
    const code = delta.charCodeAt(index);
    const next = nextNumberState(state, code);
    if (next < 0) break;
    if (next === NUMBER_INTEGER || next === NUMBER_FRACTION) {
      r.significand = r.significand * 10 + code - ZERO;
      if (next === NUMBER_FRACTION) r.fractionDigits++;
    } else if (next === NUMBER_EXPONENT) r.exponent = r.exponent * 10 + code - ZERO;
    else if (next === NUMBER_EXPONENT_SIGN) r.exponentNegative = code === MINUS;
    state = next;
    index++;
  }
  r.numberState = state;
  if (index === delta.length) {
    r.numberText += delta.slice(start, index);
    return index;
  }
  if (!canEndNumber(state)) return fail(r, delta, index, 'a digit');
  finishValue(r, numberValue(r, delta, start, index), false);
  return index;
}

/**
 * The finished number, as JSON.parse makes it (the nearest double). When its digits form an integer below 2^53 and
 * its power of ten is within ±22, both are exact doubles, and one multiplication or division of them rounds
 * correctly (Clinger's fast path): no text needed. Other numbers go through Number() on their text.
 */
function numberValue(r: Reader, delta: string, start: number, end: number): number {
  const power = (r.exponentNegative ? -r.exponent : r.exponent) - r.fractionDigits;
  if (r.significand <= Number.MAX_SAFE_INTEGER && power >= -22 && power <= 22) {
    const magnitude =
      power < 0 ? r.significand / (POWERS_OF_TEN[-power] as number) : r.significand * (POWERS_OF_TEN[power] as number);
    return r.negative ? -magnitude : magnitude;
  }
  return Number(r.numberText + delta.slice(start, end));
}

function readLiteral(r: Reader, delta: string, index: number): number {
  const literal = r.literal;
  while (index < delta.length && r.literalLength < literal.length) {
    if (delta.charCodeAt(index) !== literal.charCodeAt(r.literalLength)) return fail(r, delta, index, `"${literal}"`);
    r.literalLength++;
    index++;
  }
  if (r.literalLength === literal.length) finishValue(r, literal === 'null' ? null : literal === 'true', false);
  return index;
}

/** Before the value: whitespace, or an opening fence's backticks (then the rest of its line). */
function readLeading(r: Reader, delta: string, index: number): number {
  const code = delta.charCodeAt(index);
  if (code === BACKTICK && r.openingTicks < FENCE_TICKS) {
    r.openingTicks++;
    return index + 1;
  }
  if (r.openingTicks > 0 && r.openingTicks < FENCE_TICKS) return fail(r, delta, index, 'a code fence (```)');
  if (r.openingTicks === FENCE_TICKS) {
    r.mode = FENCE_LINE;
    return index;
  }
  if (isSpace(code)) return index + 1;
  return startValue(r, delta, index);
}

function readFenceLine(r: Reader, delta: string, index: number): number {
  const lineEnd = delta.indexOf('\n', index);
  if (lineEnd < 0) return delta.length;
  r.mode = VALUE;
  return lineEnd + 1;
}

/** After the value: whitespace, and the closing fence if an opening one was read. */
function readTrailing(r: Reader, delta: string, index: number): number {
  const code = delta.charCodeAt(index);
  if (code === BACKTICK && r.openingTicks === FENCE_TICKS && r.closingTicks < FENCE_TICKS) {
    r.closingTicks++;
    return index + 1;
  }
  if (r.closingTicks > 0 && r.closingTicks < FENCE_TICKS) return fail(r, delta, index, 'a code fence (```)');
  if (isSpace(code)) return index + 1;
  return fail(r, delta, index, 'nothing after the value');
}

/** Whitespace, then what the mode expects: a value, a key, ':', ',' or a closing bracket. */
function readStructure(r: Reader, delta: string, index: number): number {
  let code = delta.charCodeAt(index);
  while (isSpace(code)) {
    if (++index === delta.length) return index;
    code = delta.charCodeAt(index);
  }
  switch (r.mode) {
    case VALUE:
      return startValue(r, delta, index);
    case FIRST_ITEM:
      if (code !== CLOSE_BRACKET) return startValue(r, delta, index);
      closeContainer(r);
      return index + 1;
    case FIRST_KEY:
    case KEY:
      if (code === QUOTE) startString(r, true);
      else if (code === CLOSE_BRACE && r.mode === FIRST_KEY) closeContainer(r);
      else return fail(r, delta, index, r.mode === KEY ? 'a key' : 'a key or "}"');
      return index + 1;
    case COLON:
      if (code !== COLON_CHAR) return fail(r, delta, index, '":"');
      r.mode = VALUE;
      return index + 1;
    default: // AFTER_ITEM
      return readAfterItem(r, delta, index, code);
  }
}

function readAfterItem(r: Reader, delta: string, index: number, code: number): number {
  const inArray = Array.isArray((r.top as Frame).container);
  if (code === COMMA) {
    r.mode = inArray ? VALUE : KEY;
    // What follows (a key, a value) is read here rather than by going round the main loop.
    return index + 1 < delta.length ? readStructure(r, delta, index + 1) : index + 1;
  }
  if (code === (inArray ? CLOSE_BRACKET : CLOSE_BRACE)) closeContainer(r);
  else return fail(r, delta, index, inArray ? '"," or "]"' : '"," or "}"');
  return index + 1;
}

/** Reads from `delta[index]` in the current mode; returns where to go on. */
function step(r: Reader, delta: string, index: number): number {
  switch (r.mode) {
    case STRING:
      return readString(r, delta, index);
    case KNOWN_KEY:
      return readKnownKey(r, delta, index);
    case ESCAPE:
      return readEscape(r, delta, index);
    case UNICODE:
      return readUnicode(r, delta, index);
    case NUMBER:
      return readNumber(r, delta, index);
    case LITERAL:
      return readLiteral(r, delta, index);
    case LEADING:
      return readLeading(r, delta, index);
    case FENCE_LINE:
      return readFenceLine(r, delta, index);
    case TRAILING:
      return readTrailing(r, delta, index);
    default:
      return readStructure(r, delta, index);
  }
}

function push(r: Reader, delta: string): void {
  if (r.mode === FAILED) return;
  if (typeof delta !== 'string') {
    r.error = new StreamError('invalid-input', `delta must be a string (got ${typeof delta}).`, { field: 'delta' });
    r.mode = FAILED;
    return;
  }
  if (r.mode === ENDED && delta.length > 0) {
    fail(r, delta, 0, 'no text after end()');
    return;
  }
  let index = 0;
  while (index < delta.length) index = step(r, delta, index);
  r.offset += delta.length;
}

function end(r: Reader): void {
  if (r.mode === FAILED || r.mode === ENDED) return;
  if (r.mode === NUMBER && canEndNumber(r.numberState)) finishValue(r, numberValue(r, '', 0, 0), false);
  if (!r.done) fail(r, '', 0, 'the rest of the value');
  else if (r.closingTicks > 0 && r.closingTicks < FENCE_TICKS) fail(r, '', 0, 'a code fence (```)');
  else r.mode = ENDED;
}

/** The open string as shown: without a trailing high surrogate, whose low half may be in the next delta. */
const shownText = (r: Reader): string => (isHighSurrogate(r.lastUnit) ? r.text.slice(0, -1) : r.text);

/** The value as shown now: the previous one while nothing visible changed. */
function currentValue(r: Reader): unknown {
  if (r.viewVersion !== r.version) {
    r.view = r.done ? r.root : copyOpenPath(r);
    r.viewVersion = r.version;
  }
  return r.view;
}

/**
 * Copies the open path, innermost first: each container with its finished values, plus the copy of its open child
 * (the open string, or the next container's copy) as its last element or member.
 */
function copyOpenPath(r: Reader): unknown {
  let child: unknown = r.openString ? shownText(r) : undefined;
  for (let depth = r.stack.length - 1; depth >= 0; depth--) {
    const frame = r.stack[depth] as Frame;
    const container = frame.container;
    let copy: unknown[] | Record<string, unknown>;
    if (!Array.isArray(container)) {
      copy = { ...container };
      if (child !== undefined) setMember(copy, frame.key, child);
    } else if (child === undefined) copy = container.slice();
    else {
      // In and out again: one copy of the right length (slice, then push, would copy twice as it grows).
      container.push(child);
      copy = container.slice();
      container.pop();
    }
    child = frame.snapshot = copy;
    frame.snapshotVersion = r.version;
  }
  return child;
}

function isComplete(r: Reader, path: JsonPath): boolean {
  if (r.done) return hasPath(r.root, path, 0);
  const stack = r.stack;
  for (let depth = 0; depth < path.length; depth++) {
    const frame = stack[depth];
    if (frame === undefined) return false; // inside the open string
    const segment = path[depth];
    const container = frame.container;
    // The open child (shown, or a number not shown yet) is not in the container until it is finished.
    const openShown = depth < stack.length - 1 || r.openString;
    const openKey = Array.isArray(container) ? container.length : frame.key;
    if (openShown && segment === openKey) continue; // along the path being written
    return hasPath(container, path, depth);
  }
  return false; // an open container, or the root before it is done
}

async function validate<Output>(r: Reader, schema: StandardSchemaV1<unknown, Output>): Promise<StandardResult<Output>> {
  // Text after a whole value makes the text malformed too: a value followed by an error is not given as valid.
  if (!r.done || r.error) return { issues: [{ message: r.error?.message ?? 'The JSON value is not complete yet.' }] };
  return schema['~standard'].validate(r.root);
}

/** Creates a reader for one JSON document. See {@link PartialJson}. */
export function createPartialJson(): PartialJson {
  const r: Reader = {
    mode: LEADING,
    offset: 0,
    stack: [],
    top: undefined,
    root: undefined,
    done: false,
    error: undefined,
    version: 0,
    viewVersion: -1,
    view: undefined,
    text: '',
    lastUnit: 0,
    readingKey: false,
    keyCache: [],
    expectedKey: '',
    keyMatched: 0,
    openString: false,
    hex: 0,
    hexDigits: 0,
    numberText: '',
    numberState: NUMBER_START,
    negative: false,
    significand: 0,
    fractionDigits: 0,
    exponent: 0,
    exponentNegative: false,
    literal: '',
    literalLength: 0,
    openingTicks: 0,
    closingTicks: 0,
  };
  return {
    push: (delta) => push(r, delta),
    end: () => end(r),
    isComplete: (path) => isComplete(r, path),
    validate: (schema) => validate(r, schema),
    get value() {
      return currentValue(r);
    },
    get done() {
      return r.done;
    },
    get error() {
      return r.error;
    },
  };
}
