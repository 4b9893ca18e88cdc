import { afterEach, describe, expect, test } from 'vitest';
import type { Recording } from '../support/fake-openai.js';
import {
  ABANDON_MS,
  APIS,
  activeTimers,
  CLOSE_MS,
  closedAfter,
  firstTextFrame,
  longRecording,
  NOTHING_LEFT,
  type Rig,
  type RigOptions,
  STALL_MS,
  startRig,
  within,
  withMalformedFrame,
} from '../support/interruption-rig.js';

/**
 * Interruption cells about the route letting go of the provider: whenever the model's stream fails (a reset, a
 * malformed chunk, a stall), the provider connection closes and the client hears a typed error. Whenever the
 * response fails instead (a cancelled body, the route's own failure), the generation is not cut, as it may be read
 * again; once nobody reads it for `abandonAfterMs`, the provider connection closes. Each once failed on the sources
 * (found by the matrix, fixed in stream-answer.ts and durable/generation.ts).
 */

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
async function setUp(options: RigOptions): Promise<Rig> {
  rig = await startRig(options);
  return rig;
}
/**
 * Whether the provider saw its connection close within CLOSE_MS of `from` (after `laterMs` more, for a generation
 * abandoned once nobody reads it, checked every quarter of that), and what was left behind then.
 */
async function closing(goneAt: Promise<number>, from: number, rig: Rig, timersBefore: number, laterMs = 0) {
  const bound = laterMs + laterMs / 4 + CLOSE_MS;
  const gone = await Promise.race([
    goneAt,
    new Promise<number>((resolve) => setTimeout(resolve, bound + 1_000, Number.NaN)),
  ]);
  return { providerClosedInTime: gone - from < bound, left: await rig.leftBehind(timersBefore) };
}
const CLOSED = { providerClosedInTime: true, left: NOTHING_LEFT };

const post = (url: string) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Tell me about pizza' }),
  });

describe.each(APIS)('(%s API)', (api) => {
  test('3. the provider connection is reset mid-stream: the route sends an error chunk (provider) and reports it', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const handle = rig.store.start({ prompt: 'Tell me about pizza' });
    await answer.stalled;
    await expect.poll(() => rig.store.getView(handle).text).toBe(partial);

    rig.providerLink.reset();
    const result = await rig.store.end(handle);

    expect(result).toMatchObject({ status: 'error', text: partial });
    expect({
      code: result.error?.code,
      onError: rig.onError.mock.calls.map(([, context]) => context.phase),
    }).toEqual({ code: 'provider', onError: ['streaming'] });
  });

  test('5b. the provider sends a malformed first chunk: the route answers 502 and closes the provider connection', async () => {
    const { recording } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(withMalformedFrame(recording, 0), { stallAfterFrames: 4 });
    const timersBefore = activeTimers();

    const result = await rig.store.end(rig.store.start({ prompt: 'Tell me about pizza' }));
    const answeredAt = performance.now();

    expect(result.error).toMatchObject({ code: 'http', status: 502, serverCode: 'provider-error' });
    expect(await closing(answer.goneAt, answeredAt, rig, timersBefore)).toEqual(CLOSED);
  });

  test("7c. the route's response body is cancelled without an abort (as edge runtimes do): the provider connection closes once the stream is abandoned", async () => {
    const { recording, midway } = longRecording(api);
    const rig = await setUp({ api, abandonAfterMs: ABANDON_MS });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();

    // The handler called as an edge runtime calls it: a Request whose signal never fires.
    const response = await rig.route(post(rig.url));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await answer.stalled;
    const cancelledAt = performance.now();
    await reader.cancel();

    expect(await closing(answer.goneAt, cancelledAt, rig, timersBefore, ABANDON_MS)).toEqual(CLOSED);
    expect((await answer.goneAt) - cancelledAt).toBeGreaterThanOrEqual(ABANDON_MS - 5);
  });

  test('9b. the route breaks mid-stream (its answer stream throws), and the client does not come back: the provider connection closes once the stream is abandoned', async () => {
    const { recording, midway } = longRecording(api);
    let brokeAt = Number.NaN;
    const rig = await setUp({
      api,
      maxReconnects: 0,
      abandonAfterMs: ABANDON_MS,
      wrapRoute: (route) => async (request) => {
        const response = await route(request);
        let chunks = 0;
        const breaking = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            if (++chunks > 20) {
              brokeAt = performance.now();
              throw new Error('a bug in the route');
            }
            controller.enqueue(chunk);
          },
        });
        return new Response(response.body?.pipeThrough(breaking), response);
      },
    });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();

    const result = await rig.store.end(rig.store.start({ prompt: 'Tell me about pizza' }));

    expect(result.error).toMatchObject({ code: 'network' });
    expect(await closing(answer.goneAt, brokeAt, rig, timersBefore, ABANDON_MS)).toEqual(CLOSED);
    expect((await answer.goneAt) - brokeAt).toBeGreaterThanOrEqual(ABANDON_MS - 5);
  });

  test.each([
    { stall: 'after the response headers', frames: () => 0 },
    // With the Responses API this case passes (see matrix.test.tsx); the Chat Completions preamble is one frame.
    ...(api === 'chat'
      ? [{ stall: 'after its preamble, before any text', frames: (recording: Recording) => firstTextFrame(recording) }]
      : []),
  ])('6b. the provider stalls $stall past firstTokenTimeoutMs: the route answers 504', async ({ frames }) => {
    const { recording } = longRecording(api);
    const rig = await setUp({ api, firstTokenTimeoutMs: STALL_MS });
    const answer = rig.serve(recording, { stallAfterFrames: frames(recording) });
    const stalledAt = answer.stalled.then(() => performance.now());

    const response = await within(rig.route(post(rig.url)), STALL_MS + 1_000, 'the route answering');

    expect(response.status).toBe(504);
    expect(await closedAfter(answer.goneAt, stalledAt)).toBeLessThan(STALL_MS + CLOSE_MS);
  });
});
