import { createOpenAI } from '@ai-sdk/openai';
import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler } from '@tokenflow/streaming/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cutAt, cutPlans, type ReadReceipts, readReceipts, recut, startCutOpenAI } from '../support/cut-stream.js';
import { readRecording } from '../support/fake-openai.js';
import { serveRoute } from '../support/serve-route.js';

// Every real recording whose answer is text, served by a fake OpenAI cut at random byte offsets (inside UTF-8
// sequences, inside SSE lines, and for the small ones one byte at a time), through @ai-sdk/openai, our route
// (createStreamHandler) and httpTransport, whose input is cut again at random sizes: the client gets exactly the
// tokens, text, usage, finish reason and model of the same recording sent in one piece. A failure prints
// fast-check's seed and path.
//
// The recordings without a text answer are cut too (the second test): whatever their outcome (no text, a 502, a
// 429), it must be the same cut anywhere as in one piece. They are:
// - chat-completions-tool-call.sse, chat-completions-parallel-tool-calls.sse, responses-function-call.sse,
//   responses-gpt5-reasoning-function-call.sse: tool calls only (the route declares no tools).
// - chat-completions-multiple-choices-n3.sse: n=3, three answers interleaved; the AI SDK reads every choice as
//   the one answer and merges them into nonsense (the route never asks for n > 1; provider-openai.test.ts checks
//   that every delta of the three comes through, in order).
// - responses-mcp-call-failed.sse: @ai-sdk/openai 4.0.118 refuses its mcp_list_tools item
//   (AI_TypeValidationError), so the route answers 502 before any text.
// - responses-error-insufficient-quota.chunks.txt: an error, no output (provider-openai.test.ts covers it).

interface Subject {
  name: string;
  /** Also cut one byte at a time (small recordings only: every piece waits for the reader). */
  bytewise: boolean;
  numRuns: number;
  /** Largest piece size when the route's output is re-cut, to keep long answers to some thousands of pieces. */
  maxRoutePiece: number;
}

const small = (name: string): Subject => ({ name, bytewise: true, numRuns: 6, maxRoutePiece: 48 });
const large = (name: string): Subject => ({ name, bytewise: false, numRuns: 3, maxRoutePiece: 256 });

const SUBJECTS: Subject[] = [
  small('chat-completions-basic.sse'),
  small('chat-completions-cjk-short.chunks.txt'),
  small('chat-completions-include-usage-obfuscation.sse'),
  small('chat-completions-length-truncated.sse'),
  small('chat-completions-refusal.sse'),
  small('chat-completions-azure-content-filter.chunks.txt'),
  small('chat-completions-gpt5-moderation-trailing-chunk.sse'),
  small('responses-basic.sse'),
  large('chat-completions-long-712-tokens.sse'),
  large('chat-completions-long-300-tokens.chunks.txt'),
  large('responses-reasoning-summary-long-unicode.sse'),
  large('responses-web-search-annotations.sse'),
  large('responses-web-search-long.chunks.txt'),
  large('responses-background-queued-long.sse'),
];

const WITHOUT_TEXT_ANSWER: Subject[] = [
  small('chat-completions-tool-call.sse'),
  small('chat-completions-parallel-tool-calls.sse'),
  small('responses-function-call.sse'),
  large('responses-gpt5-reasoning-function-call.sse'),
  large('chat-completions-multiple-choices-n3.sse'),
  large('responses-mcp-call-failed.sse'),
  small('responses-error-insufficient-quota.chunks.txt'),
];

// ---------------------------------------------------------------------------------------------------------------

const providerReceipts: ReadReceipts = readReceipts();
const clientReceipts: ReadReceipts = readReceipts();
let provider: Awaited<ReturnType<typeof startCutOpenAI>>;
beforeAll(async () => {
  provider = await startCutOpenAI(providerReceipts);
});
afterAll(() => provider?.close());

/** The route on 127.0.0.1, its output re-cut into `routeSizes` when set, and a client store reading it. */
async function pipeline(api: 'chat' | 'responses') {
  const openai = createOpenAI({ apiKey: 'test-key', baseURL: provider.baseURL, fetch: providerReceipts.fetch });
  const handler = createStreamHandler({
    models: { 'gpt-4o-mini': api === 'chat' ? openai.chat('gpt-4o-mini') : openai('gpt-4o-mini') },
    defaultModel: 'gpt-4o-mini',
    maxRetries: 0,
    // Recordings that call OpenAI's hosted web_search tool are reported here (no such tool declared): not our case.
    onError: () => {},
  });
  let routeSizes: readonly number[] | undefined;
  const served = await serveRoute(async (request) => {
    const response = await handler(request);
    if (routeSizes === undefined || response.body === null || !response.ok) return response;
    return new Response(recut(response.body, routeSizes, clientReceipts), {
      status: response.status,
      headers: response.headers,
    });
  });
  const store = createStreamingStore({
    transport: httpTransport({ api: served.url, fetch: clientReceipts.fetch }),
    throttle: false,
  });
  return {
    close: served.close,
    /** Streams the recording's body in these pieces, the route's output re-cut into these sizes. */
    async run(pieces: Uint8Array[], sizes?: readonly number[]) {
      provider.serve(pieces);
      routeSizes = sizes;
      const result = await store.end(store.start({ prompt: 'x' }));
      return {
        status: result.status,
        error: result.error?.message,
        tokens: result.tokens.map((token) => token.text),
        text: result.text,
        usage: result.usage,
        finishReason: result.finishReason,
        model: result.model,
      };
    },
  };
}

type Outcome = Awaited<ReturnType<Awaited<ReturnType<typeof pipeline>>['run']>>;

/** Cuts a recording anywhere, many ways; each outcome must equal the one-piece outcome, checked first by `check`. */
async function cutsMatchWhole({ name, bytewise, numRuns, maxRoutePiece }: Subject, check: (whole: Outcome) => void) {
  const recording = readRecording(name);
  const body = new Uint8Array(Buffer.from(recording.frames.join(''), 'utf8'));
  const { run, close } = await pipeline(recording.api);
  try {
    const whole = await run([body]);
    check(whole);
    const routeSizes = fc.oneof(
      fc.array(fc.integer({ min: 1, max: maxRoutePiece }), { minLength: 1, maxLength: 16, size: 'max' }),
      ...(bytewise ? [fc.constant([1])] : []),
    );
    const late = providerReceipts.stats.late + clientReceipts.stats.late;
    await fc.assert(
      fc.asyncProperty(cutPlans(body, { bytewise }), routeSizes, async (plan, sizes) => {
        const pieces = cutAt(body, plan.offsets);
        expect(Buffer.concat(pieces).equals(body)).toBe(true);
        expect(await run(pieces, sizes)).toEqual(whole);
      }),
      { numRuns },
    );
    // Every piece reached the reader alone: the cuts were real.
    expect(providerReceipts.stats.late + clientReceipts.stats.late).toBe(late);
  } finally {
    await close();
  }
}

describe('real recordings cut anywhere give the same tokens, text and usage as in one piece', {
  timeout: 30_000,
}, () => {
  test.each(SUBJECTS)('$name', (subject) =>
    cutsMatchWhole(subject, (whole) => {
      expect(whole.error).toBeUndefined();
      expect(whole.status).toBe('done');
      expect(whole.text.length).toBeGreaterThan(0);
      expect(whole.text).not.toContain('\uFFFD');
      expect(whole.tokens.join('')).toBe(whole.text);
      expect(whole.usage?.totalTokens).toBeGreaterThan(0);
    }),
  );

  test.each(WITHOUT_TEXT_ANSWER)('$name (no text answer): the same outcome, cut anywhere', (subject) =>
    cutsMatchWhole(subject, (whole) => {
      expect(whole.status === 'done' || whole.status === 'error').toBe(true);
      expect(whole.text).not.toContain('\uFFFD');
    }),
  );
});
