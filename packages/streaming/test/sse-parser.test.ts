import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { StreamSink } from '../src/core/types.js';
import { createSseParser } from '../src/transport/sse-parser.js';
import { readStream } from '../src/transport/sse-reader.js';

// The SSE parser of httpTransport (src/transport/sse-parser.ts) against eventsource-parser, the parser it replaced
// (a devDependency kept for this test only): random streams cut at random points give the same events and errors,
// and give each event as soon as its blank line is fed. Then the rules one by one, and the reader's size limit.
// A failure prints fast-check's seed and path; FC_NUM_RUNS sets the number of runs.

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 400);
const READER_LIMIT = 4 * 1024 * 1024;

/** What a parser reported, in order: events and error messages. */
type Report = { data: string; id: string | undefined; event: string | undefined } | { error: string };

function ours(maxChars = Number.POSITIVE_INFINITY): { feed: (text: string) => void; reports: Report[] } {
  const reports: Report[] = [];
  const feed = createSseParser(
    (event) => reports.push({ ...event }),
    (error) => reports.push({ error: error.message }),
    maxChars,
  );
  return { feed, reports };
}

function reference(maxBufferSize?: number): { feed: (text: string) => void; reports: Report[] } {
  const reports: Report[] = [];
  const parser = createParser({
    maxBufferSize,
    onEvent: ({ data, id, event }) => reports.push({ data, id, event }),
    onError: (error) => reports.push({ error: error.message }),
  });
  return { feed: (text) => parser.feed(text), reports };
}

/**
 * What eventsource-parser reports for `pieces`. It holds back a line ended by the CR that ends a piece until a later
 * piece brings a line break (it waits to see whether an LF follows), where the new parser reads the line at once.
 * When that CR ends the whole text, an LF is the rest of that line break either way, and makes it let go.
 */
function referenceReports(pieces: string[]): Report[] {
  const parser = reference();
  for (const piece of pieces) parser.feed(piece);
  if (pieces.join('').endsWith('\r')) parser.feed('\n');
  return parser.reports;
}

/** The text cut at the given offsets (sorted, deduplicated, empty pieces allowed at the ends). */
function cut(text: string, offsets: number[]): string[] {
  const at = [...new Set(offsets.map((offset) => offset % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
}

// Streams: events (data lines, ids, types, comments) and loose lines (known and unknown fields, `retry`, comments,
// blank lines, long lines), with values of any Unicode (NUL, lone surrogates, U+FEFF, "ï»¿", colons, spaces), each
// line ended by LF, CRLF or CR (the last line maybe not at all), a U+FEFF at the start now and then.
const eol = fc.constantFrom('\n', '\r\n', '\r');
const char = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: fc.constantFrom(' ', ':', ': ', '\0', '\uFEFF', 'ï»¿', '😀', 'é', '\u2028', '\t'), weight: 2 },
);
// Most values are one line; some carry a line end, and the rest of the value is then a line of its own.
const value = fc.oneof(
  { arbitrary: fc.string({ unit: char, maxLength: 12 }), weight: 6 },
  { arbitrary: fc.string({ unit: fc.oneof(char, eol), maxLength: 12 }), weight: 1 },
);
const fieldName = fc.oneof(
  { arbitrary: fc.constantFrom('data', 'id', 'event', 'retry'), weight: 8 },
  {
    arbitrary: fc.constantFrom('', 'Data', 'data ', ' data', 'ID', 'foo', 'verylongunknownfieldname_abcdefgh'),
    weight: 1,
  },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }), weight: 1 },
);
const separator = fc.constantFrom('', ':', ': ', ':  ', '::');
const field = (name: string) => fc.tuple(separator, value).map(([colon, text]) => `${name}${colon}${text}`);
const comment = value.map((text) => `:${text}`);
const longData = fc.integer({ min: 1_000, max: 8_000 }).map((n) => `data: ${'x'.repeat(n)}`);
const idLine = fc.oneof(
  field('id'),
  fc.tuple(fc.constantFrom('id:', 'id: '), value, value).map(([name, a, b]) => `${name}${a}\0${b}`),
);
const looseLine = fc.oneof(
  { arbitrary: fc.tuple(fieldName, separator, value).map((parts) => parts.join('')), weight: 6 },
  { arbitrary: fc.constantFrom('retry: 1000', 'retry:0', 'retry: 10s', 'retry:', 'retry: -1'), weight: 1 },
  { arbitrary: comment, weight: 1 },
  { arbitrary: fc.constant(''), weight: 3 },
  { arbitrary: longData, weight: 1 },
  { arbitrary: idLine, weight: 1 },
);
/** An event's lines (its blank line included): data lines, maybe an id, a type and comments, in any order. */
const eventLines = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: field('data'), weight: 6 }, { arbitrary: longData, weight: 1 }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.array(fc.oneof(idLine, field('event'), comment), { maxLength: 3 }),
  )
  .chain(([data, others]) => fc.shuffledSubarray([...data, ...others], { minLength: data.length + others.length }))
  .map((lines) => [...lines, '']);
const stream = fc
  .tuple(
    fc.constantFrom('', '', '', '', '\uFEFF', 'ï»¿'),
    fc
      .array(
        fc.oneof(
          eventLines,
          looseLine.map((text) => [text]),
        ),
        { maxLength: 20 },
      )
      .chain((groups) => {
        const lines = groups.flat();
        return fc
          .array(eol, { minLength: lines.length, maxLength: lines.length })
          .map((ends) => lines.map((text, i) => `${text}${ends[i]}`).join(''));
      }),
    fc.oneof(fc.constant(''), looseLine, field('data')),
  )
  // eventsource-parser strips a leading "ï»¿" (a BOM read as Latin-1); the new parser rightly keeps it as text. Each
  // stream that would start with it starts with a space instead; other "ï»¿" and U+FEFF are in the comparison.
  .map(([start, lines, last]) => `${start}${lines}${last}`)
  .map((text) => (text.startsWith('ï»¿') ? ` ${text}` : text));
// Cut anywhere, and often just after a CR: a CRLF cut in two, a piece ending with a CR that ends a line.
const cutStream = stream.chain((text) => {
  const afterCR = [...text.matchAll(/\r/g)].map((match) => match.index + 1);
  const anywhere = fc.nat(text.length);
  const offset = afterCR.length > 0 ? fc.oneof(anywhere, fc.constantFrom(...afterCR)) : anywhere;
  return fc.array(offset, { maxLength: 30, size: 'medium' }).map((offsets) => cut(text, offsets));
});

// About 1 ms a run here; the timeout grows with FC_NUM_RUNS, for long runs by hand.
describe('the same events and errors as eventsource-parser, on random streams cut at random points', {
  timeout: 30_000 + NUM_RUNS * 20,
}, () => {
  test('after each piece, it has reported what eventsource-parser reports for the text so far read at once', () => {
    fc.assert(
      fc.property(cutStream, (pieces) => {
        const parser = ours();
        pieces.forEach((piece, i) => {
          parser.feed(piece);
          expect(parser.reports).toEqual(referenceReports([pieces.slice(0, i + 1).join('')]));
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('eventsource-parser fed the same pieces reports the same, or less where it holds a line back', () => {
    fc.assert(
      fc.property(cutStream, (pieces) => {
        const parser = ours();
        for (const piece of pieces) parser.feed(piece);
        const theirs = referenceReports(pieces);
        // The lines it holds back: after a CR that ends a piece, until a later piece brings a line break.
        if (pieces.slice(0, -1).some((piece) => piece.endsWith('\r'))) {
          expect(parser.reports.slice(0, theirs.length)).toEqual(theirs);
        } else {
          expect(parser.reports).toEqual(theirs);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('the whole stream fed one character at a time gives what eventsource-parser reports for it read at once', () => {
    fc.assert(
      fc.property(stream, (text) => {
        const parser = ours();
        for (const piece of text) parser.feed(piece);
        expect(parser.reports).toEqual(referenceReports([text]));
      }),
      { numRuns: NUM_RUNS / 4 },
    );
  });

  test('a size limit: the same overflow error, after the same piece, with the same events before it', () => {
    // eventsource-parser counts a line that a piece's last CR ended as still buffered (it holds it back), the new
    // parser as read; so here a piece ending with a CR is fed together with the next one, and both count the same
    // text: the unfinished line plus the unfinished event's data.
    const limited = fc.tuple(cutStream, fc.integer({ min: 0, max: 3_000 })).map(([pieces, limit]) => {
      const joined: string[] = [];
      let carried = '';
      for (const piece of pieces) {
        carried += piece;
        if (carried.endsWith('\r')) continue;
        joined.push(carried);
        carried = '';
      }
      // A last piece ending with a CR is left out.
      return { pieces: joined, limit };
    });
    const overflowed = (reports: Report[]) => reports.some((r) => 'error' in r && r.error.startsWith('Buffered'));
    fc.assert(
      fc.property(limited, ({ pieces, limit }) => {
        const mine = ours(limit);
        const theirs = reference(limit);
        // eventsource-parser throws when fed after an overflow; the new parser ignores what it is fed then.
        for (const piece of pieces) {
          if (overflowed(theirs.reports)) break;
          mine.feed(piece);
          theirs.feed(piece);
          expect(mine.reports).toEqual(theirs.reports);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** Everything `feed` reports for `pieces`, fed in order. */
function parse(pieces: string[], maxChars?: number): Report[] {
  const parser = ours(maxChars);
  for (const piece of pieces) parser.feed(piece);
  return parser.reports;
}
const event = (data: string, id?: string, type?: string): Report => ({ data, id, event: type });

describe('the rules', () => {
  test('lines end at LF, CRLF or CR', () => {
    expect(parse(['data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\ndata: e\r\n\r'])).toEqual([
      event('a'),
      event('b'),
      event('c'),
      event('d\ne'),
    ]);
  });

  test('a CR ending one piece and an LF starting the next are one line break; the event is not held back', () => {
    const parser = ours();
    parser.feed('data: a\r');
    parser.feed('\ndata: b\r');
    parser.feed('\r');
    // Dispatched on the CR: a stream framed with CR alone shows its last event before any more text comes.
    expect(parser.reports).toEqual([event('a\nb')]);
    // Again: the LF is not a blank line (that would dispatch "c" alone), and an LF after it is a line break again.
    parser.feed('data: c\r');
    parser.feed('\n');
    parser.feed('data: d\n');
    parser.feed('\n');
    expect(parser.reports).toEqual([event('a\nb'), event('c\nd')]);
    // A CR then a CR: two line breaks.
    expect(parse(['data: d\r', '\r'])).toEqual([event('d')]);
  });

  test('empty pieces change nothing, also between a CR and its LF', () => {
    expect(parse(['', 'data: a\r', '', '\n', '', 'data: b\n', '', '\n'])).toEqual([event('a\nb')]);
  });

  test('one space after the colon is stripped; a line without a colon is a field with an empty value', () => {
    expect(parse(['data:a\n\ndata: a\n\ndata:  a\n\ndata:\tb\n\ndata\n\ndata:\n\ndata: x:y\n\n'])).toEqual([
      event('a'),
      event('a'),
      event(' a'),
      event('\tb'),
      event(''),
      event(''),
      event('x:y'),
    ]);
  });

  test('data lines join with LF; a blank line dispatches an event only if it had a data line', () => {
    expect(parse(['data: one\ndata:\ndata: two\n\n\n\nid: 3\nevent: ping\n\n: only a comment\n\n'])).toEqual([
      event('one\n\ntwo'),
    ]);
  });

  test("id and event belong to their event; an id containing NUL is ignored; an empty event is the default's", () => {
    expect(
      parse([
        'id: 1\nevent: delta\ndata: a\n\n',
        'data: b\n\n',
        'id: 2\nid: 3\0\ndata: c\n\n',
        'id: 4\0\ndata: d\n\n',
        'id\nevent\ndata: e\n\n',
        'event: x\nevent:\ndata: f\n\n',
      ]),
    ).toEqual([event('a', '1', 'delta'), event('b'), event('c', '2'), event('d'), event('e', ''), event('f')]);
  });

  test('comments are skipped, anywhere in an event', () => {
    expect(parse([':hi\ndata: a\n: x: y\ndata: b\n:\n\n'])).toEqual([event('a\nb')]);
  });

  test('an unfinished event is never dispatched', () => {
    expect(parse(['data: a\n\ndata: b\n'])).toEqual([event('a')]);
    expect(parse(['data: a\n\ndata: b'])).toEqual([event('a')]);
  });

  test('a retry that is not all digits and an unknown field are errors, and parsing goes on', () => {
    expect(parse(['retry: 1000\nretry: 1s\nfoo: bar\nverylongunknownfieldname: x\ndata: a\n\n'])).toEqual([
      { error: 'Invalid `retry` value: "1s"' },
      { error: 'Unknown field "foo"' },
      { error: 'Unknown field "verylongunknownfield…"' },
      event('a'),
    ]);
  });

  test('no BOM is stripped from text (TextDecoder strips the one a body starts with): U+FEFF and "ï»¿" are text', () => {
    expect(parse(['\uFEFFdata: a\n\n'])).toEqual([{ error: 'Unknown field "\uFEFFdata"' }]);
    expect(parse(['ï»¿data: a\n\n'])).toEqual([{ error: 'Unknown field "ï»¿data"' }]);
    expect(parse(['data: \uFEFFa\n\n'])).toEqual([event('\uFEFFa')]);
  });

  test('the size limit counts the unfinished line and the unfinished event, after each piece, then stops', () => {
    const overflow = { error: 'Buffered data exceeded max buffer size of 10 characters' };
    expect(parse(['data: 1234'], 10)).toEqual([]);
    expect(parse(['data: 12345'], 10)).toEqual([overflow]);
    // A long line in many pieces, and an event of many short lines.
    expect(parse(['data', ': 12', '34', '5'], 10)).toEqual([overflow]);
    expect(parse(['data: 12345\n', 'data: 12345\n'], 10)).toEqual([overflow]);
    // A whole event within one piece is not buffered after it; dispatched events do not count.
    expect(parse(['data: 12345678901234567890\n\n', 'data: 1\n\n'], 10)).toEqual([
      event('12345678901234567890'),
      event('1'),
    ]);
    // Events before the overflow in the same piece are reported; nothing after it.
    expect(parse(['data: a\n\ndata: 12345678901\n', 'data: b\n\n'], 10)).toEqual([event('a'), overflow]);
  });
});

// The reader around the parser: bytes decoded (a BOM stripped), events into a sink, failures typed.
function body(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces)
        controller.enqueue(typeof piece === 'string' ? new TextEncoder().encode(piece) : piece);
      // Left open: the reader must finish on the finish chunk, not on the body's end.
    },
  });
}

async function read(stream: ReadableStream<Uint8Array>): Promise<{ tokens: string[]; error?: unknown }> {
  const tokens: string[] = [];
  const sink = {
    handle: 'tf-test',
    token: (text: string) => tokens.push(text),
    reasoning() {},
    part() {},
    metadata() {},
    reconnecting() {},
    reconnected() {},
  } as unknown as StreamSink;
  const position = { streamId: undefined, lastEventId: undefined };
  try {
    await readStream(stream, sink, new AbortController().signal, position, () => {});
    return { tokens };
  } catch (error) {
    return { tokens, error };
  }
}

const delta = (text: string) => `data: ${JSON.stringify({ type: 'text-delta', id: 't', delta: text })}`;
const FINISH = 'data: {"type":"finish"}';

describe('the reader', () => {
  test('a BOM at the start of the body is stripped, also when its bytes come in separate reads', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    expect(await read(body(bom, `${delta('a')}\n\n${FINISH}\n\n`))).toEqual({ tokens: ['a'] });
    expect(await read(body(bom.slice(0, 1), bom.slice(1), `${delta('a')}\n\n${FINISH}\n\n`))).toEqual({
      tokens: ['a'],
    });
  });

  test('a stream framed with CR alone finishes on its finish chunk, with nothing after it', async () => {
    expect(await read(body(`${delta('a')}\r\r${delta('b')}\r`, `\r${FINISH}\r\r`))).toEqual({ tokens: ['a', 'b'] });
  });

  test('an event over the size limit is a protocol error, the tokens before it kept', async () => {
    const big = `data: ${'x'.repeat(READER_LIMIT)}`;
    const { tokens, error } = await read(body(`${delta('a')}\n\n`, big));
    expect(tokens).toEqual(['a']);
    expect(error).toMatchObject({
      code: 'protocol',
      message: `The event stream is malformed: Buffered data exceeded max buffer size of ${READER_LIMIT} characters`,
    });
  });

  test('an event just within the limit is read', async () => {
    const text = 'x'.repeat(READER_LIMIT - 200);
    expect(await read(body(`${delta(text)}\n\n${FINISH}\n\n`))).toEqual({ tokens: [text] });
  });
});
