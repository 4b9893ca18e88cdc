import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { describe, expect, test } from 'vitest';
import { mockModel, modelParts } from '../support/mock-model.js';

// Behind a framework or a proxy, `request.url` is often not what the browser asked for (Next.js gives
// http://localhost:PORT when the page is on 127.0.0.1). Same-origin is judged by the Host the browser sent, and by
// X-Forwarded-Host / -Proto only when the app says it trusts its proxy.

function route(options: Partial<StreamHandlerOptions> = {}) {
  const model = mockModel(modelParts(['Hi']));
  return createStreamHandler({ models: { m: model }, defaultModel: 'm', ...options });
}

const post = (url: string, headers: Record<string, string>) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ prompt: 'Hi' }),
  });

const status = async (handler: ReturnType<typeof route>, url: string, headers: Record<string, string>) =>
  (await handler(post(url, headers))).status;

describe('same-origin is judged by what the browser asked for', () => {
  test('the Host header, not request.url: a page on 127.0.0.1 served as localhost is same-origin', async () => {
    const handler = route();
    const headers = { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' };
    expect(await status(handler, 'http://localhost:3000/api/stream', headers)).toBe(200);
  });

  test('an Origin that is not the Host is cross-origin, and refused', async () => {
    const handler = route();
    const headers = { origin: 'http://evil.example', host: '127.0.0.1:3000' };
    expect(await status(handler, 'http://127.0.0.1:3000/api/stream', headers)).toBe(403);
  });

  test('forwarded headers are ignored unless the proxy is trusted: a client cannot spoof its way in', async () => {
    const handler = route();
    const spoofed = {
      origin: 'https://evil.example',
      host: 'app.internal:8080',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    };
    expect(await status(handler, 'http://app.internal:8080/api/stream', spoofed)).toBe(403);
  });

  test('with trustProxy, X-Forwarded-Host and -Proto say what the browser asked for', async () => {
    const handler = route({ trustProxy: true });
    const proxied = {
      origin: 'https://app.example',
      host: 'app.internal:8080',
      'x-forwarded-host': 'app.example',
      'x-forwarded-proto': 'https',
    };
    expect(await status(handler, 'http://app.internal:8080/api/stream', proxied)).toBe(200);
    // The proxy's own word on the host, with another origin: still refused.
    expect(
      await status(handler, 'http://app.internal:8080/api/stream', { ...proxied, origin: 'https://x.example' }),
    ).toBe(403);
    // A scheme that differs is another origin.
    expect(
      await status(handler, 'http://app.internal:8080/api/stream', { ...proxied, 'x-forwarded-proto': 'http' }),
    ).toBe(403);
  });

  test('without a Host header (some runtimes), request.url decides, as before', async () => {
    const handler = route();
    const request = post('http://route.test/api/stream', { origin: 'http://route.test' });
    request.headers.delete('host');
    expect((await handler(request)).status).toBe(200);
  });
});
