// @vitest-environment edge-runtime
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import models from '../apps/demo/api/models.js';
import stream from '../apps/demo/api/stream.js';

const api = resolve(dirname(fileURLToPath(import.meta.url)), '../apps/demo/api');

const post = (body: unknown) =>
  stream(
    new Request('http://demo.test/api/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

/** The data of every SSE event of a UI message stream. */
async function chunks(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return (
    text
      .split('\n\n')
      // Each event is numbered (`id: <n>`, what a reader sends back to resume) before its data.
      .map((event) => event.replace(/^id: \d+\n/, '').replace(/^data: /, ''))
      .filter((data) => data !== '' && data !== '[DONE]')
      .map((data) => JSON.parse(data) as Record<string, unknown>)
  );
}

describe('the demo routes run on the edge runtime, on the embedded simulated model', () => {
  test('no file of the routes imports a Node built-in', () => {
    const files = [
      ...readdirSync(api).map((f) => resolve(api, f)),
      ...readdirSync(resolve(api, '_lib')).map((f) => resolve(api, '_lib', f)),
    ];
    const sources = files.filter((file) => file.endsWith('.ts')).map((file) => readFileSync(file, 'utf8'));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect(source).not.toMatch(/from '(node:|fs|path|http|crypto|child_process)/);
  });

  test('GET /api/models says the simulated model is live, with the fault model', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
    const catalog = (await (await models(new Request('http://demo.test/api/models'))).json()) as Record<
      string,
      unknown
    >;
    expect(catalog).toMatchObject({ live: 'simulated', faultModel: 'tokenflow-sim-faulty' });
    expect((catalog.models as { id: string }[]).map((model) => model.id)).toContain(catalog.defaultModel);
  });

  test('the simulated model streams tokens, stops at maxOutputTokens with finish reason length, and reports usage', async () => {
    const response = await post({
      prompt: 'Explain streams briefly',
      model: 'tokenflow-sim-fast',
      maxOutputTokens: 12,
    });
    expect(response.status).toBe(200);
    const events = await chunks(response);
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas).toHaveLength(12);
    const finish = events.find((event) => event.type === 'finish');
    expect(finish).toMatchObject({
      finishReason: 'length',
      messageMetadata: { model: 'tokenflow-sim-fast', usage: { outputTokens: 12 } },
    });
  });

  test('the faulty model fails mid-stream with an error chunk after some text', async () => {
    const events = await chunks(await post({ prompt: 'Explain streams', model: 'tokenflow-sim-faulty' }));
    const firstError = events.findIndex((event) => event.type === 'error');
    expect(firstError).toBeGreaterThan(0);
    expect(events.slice(0, firstError).some((event) => event.type === 'text-delta')).toBe(true);
  });
});
