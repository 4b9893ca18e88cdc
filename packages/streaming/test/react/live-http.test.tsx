// @vitest-environment jsdom

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createStreamingStore, httpTransport, StreamingProvider, useTokens } from '@tokenflow/streaming';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type ChunkServer, startChunkServer } from '../support/chunk-server.js';

let server: ChunkServer;
beforeEach(async () => {
  server = await startChunkServer();
});
afterEach(async () => {
  cleanup();
  await server.close();
});

test('a component shows each token only once the server sent it, then the usage', async () => {
  const store = createStreamingStore({ transport: httpTransport({ api: server.url }) });
  const handle = store.start({ prompt: 'Hi' });
  function Live() {
    const { status, text, usage } = useTokens(handle);
    return (
      <output data-status={status} data-usage={usage?.totalTokens ?? ''}>
        {text}
      </output>
    );
  }
  render(
    <StreamingProvider store={store}>
      <Live />
    </StreamingProvider>,
  );
  const output = () => screen.getByRole('status');
  const request = await server.nextRequest();
  expect(output().dataset.status).toBe('pending');

  request.sendText('Not ');
  await waitFor(() => expect(output().textContent).toBe('Not '));
  request.sendText('yet, ', 'now.');
  await waitFor(() => expect(output().textContent).toBe('Not yet, now.'));
  expect(output().dataset.usage).toBe('');

  await act(async () => request.finish({ usage: { inputTokens: 2, outputTokens: 3 } }));
  await waitFor(() => expect(output().dataset.status).toBe('done'));
  expect(output().dataset.usage).toBe('5');
});
