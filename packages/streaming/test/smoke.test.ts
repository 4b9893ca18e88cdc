import { createStreamingStore } from '@tokenflow/streaming/core';
import { expect, test } from 'vitest';

test('smoke', async () => {
  const store = createStreamingStore({
    transport: {
      async run(_r, sink) {
        sink.token('a');
        sink.token('b');
        sink.metadata({ finishReason: 'stop' });
      },
    },
  });
  const h = store.start({ prompt: 'x' });
  const r = await store.end(h);
  expect(r.text).toBe('ab');
  expect(r.tokens.map((t) => t.index)).toEqual([0, 1]);
});
