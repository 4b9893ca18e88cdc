// @vitest-environment jsdom

import { cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  createStreamingStore,
  httpTransport,
  type StreamHandle,
  StreamingProvider,
  useTokens,
} from '@tokenflow/streaming';
import { afterEach, expect, test, vi } from 'vitest';
import { controlledModel, EXPECTED_USAGE, modelParts } from '../packages/streaming/test/support/mock-model.js';
import { plainAiSdkRoute } from './support/plain-ai-sdk-route.js';
import { serveRoute } from './support/serve-route.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  cleanup();
  await close?.();
  close = undefined;
});

function Answer({ handle }: { handle: StreamHandle }) {
  const { status, text, usage, model } = useTokens(handle);
  return (
    <output data-status={status} data-total={usage?.totalTokens ?? ''} data-model={model ?? ''}>
      {text}
    </output>
  );
}

test('useTokens renders, live, the text of a route written the plain AI SDK way (no createStreamHandler)', async () => {
  const feed = controlledModel();
  const served = await serveRoute(plainAiSdkRoute(feed.model));
  close = served.close;
  const store = createStreamingStore({ transport: httpTransport({ api: served.url }) });
  const handle = store.start({ prompt: 'Tell me about rivers' });
  render(
    <StreamingProvider store={store}>
      <Answer handle={handle} />
    </StreamingProvider>,
  );
  const output = () => screen.getByRole('status');

  await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
  const parts = modelParts(['Rivers ', 'run ', 'to the sea.']);
  // stream-start, response-metadata, text-start and the first delta: the first token only.
  feed.push(...parts.slice(0, 4));
  await waitFor(() => expect(output().textContent).toBe('Rivers '));
  expect(output().dataset.status).toBe('streaming');
  expect(output().dataset.total).toBe('');

  feed.push(...parts.slice(4));
  feed.close();
  await waitFor(() => expect(output().dataset.status).toBe('done'));
  expect(output().textContent).toBe('Rivers run to the sea.');
  expect(output().dataset.total).toBe(String(EXPECTED_USAGE.totalTokens));
  expect(output().dataset.model).toBe('mock-model-2025');
  expect(feed.calls[0]?.prompt).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Tell me about rivers' }] }]);
});
