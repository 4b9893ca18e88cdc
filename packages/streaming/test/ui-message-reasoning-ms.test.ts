import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { describe, expect, test } from 'vitest';

/*
 * `reasoningMs` as the HTTP transport reads it: a route that measured the reasoning itself sends
 * `{ reasoningMs }` as message metadata after it, and a reader that got the reasoning in one burst (it attached late,
 * resumed after a reload or reconnected) shows the route's measure rather than its own ~0.
 */

/** The reasoning of a few seconds, as a late reader gets it from the route's log: in one read. */
function burst(metadata: string | undefined) {
  const chunks = [
    '{"type":"start"}',
    '{"type":"reasoning-start","id":"r"}',
    '{"type":"reasoning-delta","id":"r","delta":"Let me "}',
    '{"type":"reasoning-delta","id":"r","delta":"think."}',
    '{"type":"reasoning-end","id":"r"}',
    ...(metadata === undefined ? [] : [`{"type":"message-metadata","messageMetadata":${metadata}}`]),
    '{"type":"text-start","id":"t"}',
    '{"type":"text-delta","id":"t","delta":"Yes."}',
    '{"type":"text-end","id":"t"}',
    '{"type":"finish","finishReason":"stop","messageMetadata":{"model":"m","usage":{"outputTokens":3}}}',
  ];
  const body = chunks.map((chunk) => `data: ${chunk}\n\n`).join('');
  return async () =>
    new Response(new TextEncoder().encode(body), {
      headers: { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' },
    });
}

async function reasoningMsOf(metadata: string | undefined) {
  const store = createStreamingStore({ transport: httpTransport({ api: '/api/stream', fetch: burst(metadata) }) });
  const result = await store.end(store.start({ prompt: 'Think' }));
  expect(result).toMatchObject({ status: 'done', reasoning: 'Let me think.', text: 'Yes.', model: 'm' });
  return result.reasoningMs;
}

describe('reasoningMs from the route', () => {
  test('a message-metadata chunk with reasoningMs sets it; the finish metadata after it does not erase it', async () => {
    expect(await reasoningMsOf('{"reasoningMs":3000}')).toBe(3_000);
    expect(await reasoningMsOf('{"reasoningMs":2.5,"other":"kept by useChat, ignored here"}')).toBe(2.5);
  });

  test('without it, or with a value that is no finite number ≥ 0, the client measures: the burst took ~0 ms', async () => {
    for (const metadata of [undefined, '{}', '{"reasoningMs":-1}', '{"reasoningMs":"3000"}', '{"reasoningMs":1e400}']) {
      const measured = await reasoningMsOf(metadata);
      expect(measured).toBeGreaterThanOrEqual(0);
      expect(measured).toBeLessThan(100);
    }
  });
});
