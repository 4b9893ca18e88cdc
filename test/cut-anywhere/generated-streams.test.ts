import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ChunkServer, startChunkServer } from '../../packages/streaming/test/support/chunk-server.js';
import { cutAt, cutPlans, readReceipts } from '../support/cut-stream.js';

// Generated UI message streams (text deltas of emoji with ZWJ sequences and skin tones, flags, CJK, combining
// marks, astral characters, newlines, quotes, backslashes, SSE look-alikes), framed with LF, CRLF or CR line ends,
// with or without comment lines, written by the chunk server cut at random byte offsets straight into
// httpTransport: every delta is one token, in order, and text, usage, finish reason and model are those sent.
// A failure prints fast-check's seed and path.

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);

/** Pieces of text that are hard to carry: multi-code-point graphemes, astral planes, escapes, line ends. */
const HARD_PIECES = [
  '👩‍👩‍👧‍👦', // ZWJ family
  '🧑🏿‍🚀', // skin tone + ZWJ
  '👍🏽',
  '🏳️‍🌈', // variation selector + ZWJ
  '🇫🇷', // regional indicators
  '你好',
  '世界',
  '日本語のテキスト',
  '한국어',
  'e\u0301', // combining acute
  'Z\u0337\u0322\u0348', // stacked combining marks
  '\u0915\u094d\u0937', // Devanagari conjunct
  'مرحبا',
  '\u202eRTL',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '𓀀',
  '🀄',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '"',
  '\\',
  '\\n',
  '\t',
  ' ',
  'data: ',
  '[DONE]',
  '\n\ndata: {"type":"finish"}\n\n',
  ': not a comment',
  '\u2028',
  '\u2029',
  '\u0000',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\ufffd',
  '€',
  '—',
  'ß',
];

const unit = fc.oneof(
  { arbitrary: fc.constantFrom(...HARD_PIECES), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 1 },
);
const delta = fc.string({ unit, minLength: 1, maxLength: 5 });

const stream = fc.record({
  deltas: fc.array(delta, { maxLength: 30 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  space: fc.boolean(),
  comments: fc.boolean(),
  finishReason: fc.constantFrom('stop', 'length', 'content-filter', 'tool-calls'),
  model: fc.string({ unit, maxLength: 3 }).map((noise) => `gpt-test${noise}`),
  usage: fc
    .tuple(fc.nat(100_000), fc.nat(100_000), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([input, output, share]) => ({
      inputTokens: input,
      outputTokens: output,
      cached: Math.floor(input * share),
      reasoning: Math.floor(output * share),
    })),
});
type Stream = typeof stream extends fc.Arbitrary<infer T> ? T : never;

/** The response body the AI SDK would write for this stream, in the generated framing. */
function body(generated: Stream): Uint8Array {
  const { eol, usage } = generated;
  const comment = generated.comments ? `: keep-alive${eol}` : '';
  const event = (data: string) => `${comment}data:${generated.space ? ' ' : ''}${data}${eol}${eol}`;
  const chunks = [
    { type: 'start', messageId: 'msg-1' },
    { type: 'start-step' },
    { type: 'text-start', id: 't1' },
    ...generated.deltas.map((text) => ({ type: 'text-delta', id: 't1', delta: text })),
    { type: 'text-end', id: 't1' },
    { type: 'finish-step' },
    {
      type: 'finish',
      finishReason: generated.finishReason,
      messageMetadata: {
        usage: {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          totalTokens: usage.inputTokens + usage.outputTokens,
          inputTokenDetails: { cacheReadTokens: usage.cached },
          outputTokenDetails: { reasoningTokens: usage.reasoning },
        },
        model: generated.model,
      },
    },
  ];
  const text = chunks.map((chunk) => event(JSON.stringify(chunk))).join('') + event('[DONE]');
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

let server: ChunkServer;
beforeAll(async () => {
  server = await startChunkServer();
});
afterAll(() => server?.close());

describe('generated UI message streams cut anywhere reach httpTransport whole', { timeout: 30_000 }, () => {
  test('every delta is one token, in order; text, usage, finish reason and model are as sent', async () => {
    const receipts = readReceipts();
    const store = createStreamingStore({
      transport: httpTransport({ api: server.url, fetch: receipts.fetch }),
      throttle: false,
    });
    // The plan depends on the body's bytes; the bytes are made again from the stream, not printed in a failure.
    const generated = stream.chain((value) =>
      cutPlans(body(value), { bytewise: true }).map((plan) => ({ value, plan })),
    );
    await fc.assert(
      fc.asyncProperty(generated, async ({ value, plan }) => {
        const bytes = body(value);
        const handle = store.start({ prompt: 'x' });
        const response = await server.nextRequest();
        let sent = 0;
        for (const piece of cutAt(bytes, plan.offsets)) {
          response.write(piece);
          sent += piece.length;
          await receipts.waitFor(sent);
        }
        response.end();
        const result = await store.end(handle);
        expect(result.error).toBeUndefined();
        expect(result.status).toBe('done');
        expect(result.tokens.map((token) => token.text)).toEqual(value.deltas);
        expect(result.tokenCount).toBe(value.deltas.length);
        expect(result.text).toBe(value.deltas.join(''));
        expect(result.finishReason).toBe(value.finishReason);
        expect(result.model).toBe(value.model);
        expect(result.usage).toEqual({
          inputTokens: value.usage.inputTokens,
          outputTokens: value.usage.outputTokens,
          totalTokens: value.usage.inputTokens + value.usage.outputTokens,
          cachedInputTokens: value.usage.cached,
          reasoningTokens: value.usage.reasoning,
        });
      }),
      { numRuns: NUM_RUNS },
    );
    // Every piece reached the reader alone: the cuts were real.
    expect(receipts.stats.late).toBe(0);
  });
});
