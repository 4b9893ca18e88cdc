import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { expect } from 'vitest';
import { demoOutputs, demoTools } from '../../apps/demo/api/_lib/demo-features.js';
import { createSimulatedModel, type SimulatedModelSettings } from '../../apps/demo/api/_lib/simulated-model.js';

/** A fast, steady pace, so the simulated answers take milliseconds. */
export const FAST = { tokensPerSecond: 5_000, firstTokenMs: 2, jitter: 0 };

/** A chunk of the UI message stream, with the time it arrived. */
export type Chunk = Record<string, unknown> & { type: string; at: number };

/**
 * The demo's route set-up (its weather tool, its recipe output, two steps at most) over simulated models:
 * `sim` thinks when asked, `reasoning` always; settings override both.
 */
export function simRoute(settings: Partial<SimulatedModelSettings> = {}, options: Partial<StreamHandlerOptions> = {}) {
  const model = (modelId: string, extra: Partial<SimulatedModelSettings> = {}) =>
    createSimulatedModel({ modelId, ...FAST, ...extra, ...settings });
  return createStreamHandler({
    models: { sim: model('sim'), reasoning: model('reasoning', { thinking: 'always' }) },
    defaultModel: 'sim',
    tools: demoTools({ SIM_TOOL_MS: '5' }),
    maxSteps: 2,
    outputs: demoOutputs,
    log: false,
    ...options,
  });
}

/** POSTs `body` and reads the whole answer as chunks, each stamped with its arrival time. */
export async function ask(handler: (request: Request) => Promise<Response>, body: unknown): Promise<Chunk[]> {
  const response = await handler(
    new Request('http://demo.test/api/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const chunks: Chunk[] = [];
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    const events = (pending + decoder.decode(value, { stream: true })).split('\n\n');
    pending = events.pop() ?? '';
    for (const event of events) {
      const data = event.replace(/^id: \d+\n/, '').replace(/^data: /, '');
      if (data !== '[DONE]') chunks.push({ ...(JSON.parse(data) as { type: string }), at: performance.now() });
    }
  }
}

/** The deltas of the chunks of `type` (`text-delta`, `reasoning-delta`, `tool-input-delta`). */
export const deltasOf = (chunks: readonly Chunk[], type: string): string[] =>
  chunks.filter((chunk) => chunk.type === type).map((chunk) => String(chunk.delta ?? chunk.inputTextDelta));
