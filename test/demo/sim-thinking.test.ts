import { streamText } from 'ai';
import { describe, expect, test } from 'vitest';
import { createSimulatedModel } from '../../apps/demo/api/_lib/simulated-model.js';
import { ask, deltasOf, FAST, simRoute } from './sim-kit.js';

const CAPITAL = 'What is the capital of France?';

describe('the simulated model thinks before it answers', () => {
  test('the reasoning model thinks before every answer: reasoning deltas first, then the text', async () => {
    const chunks = await ask(simRoute(), { prompt: CAPITAL, model: 'reasoning' });
    const types = chunks.map((chunk) => chunk.type);
    const thoughts = deltasOf(chunks, 'reasoning-delta');
    expect(thoughts.length).toBeGreaterThan(20);
    expect(types.lastIndexOf('reasoning-delta')).toBeLessThan(types.indexOf('text-delta'));
    expect(thoughts.join('')).toContain(`The user asks: "${CAPITAL}".`);
    expect(deltasOf(chunks, 'text-delta').join('')).toContain('Paris');
    // Its thoughts are billed as reasoning tokens, within the output tokens (the AI SDK usage the route sends).
    const finish = chunks.find((chunk) => chunk.type === 'finish') as unknown as {
      messageMetadata: { usage: unknown };
    };
    expect(finish.messageMetadata.usage).toMatchObject({ outputTokenDetails: { reasoningTokens: thoughts.length } });
  });

  test('the other models think when the prompt asks them to, and not otherwise', async () => {
    const route = simRoute();
    for (const prompt of ['Think it through: what is the capital of France?', 'Step by step, explain SSE tokens.']) {
      expect(deltasOf(await ask(route, { prompt }), 'reasoning-delta').length).toBeGreaterThan(10);
    }
    const plain = await ask(route, { prompt: CAPITAL });
    expect(plain.map((chunk) => chunk.type).filter((type) => type.startsWith('reasoning'))).toEqual([]);
  });

  test('it thinks at its own pace: it ponders after each sentence of its thoughts', async () => {
    const ponderMs = 40;
    const chunks = await ask(simRoute({ ponderMs }), { prompt: CAPITAL, model: 'reasoning' });
    const thoughts = chunks.filter((chunk) => chunk.type === 'reasoning-delta');
    const sentences = thoughts.filter((chunk) => /[.?!…]$/.test(String(chunk.delta))).length;
    expect(sentences).toBeGreaterThanOrEqual(3);
    const span = (thoughts.at(-1)?.at ?? 0) - (thoughts[0]?.at ?? 0);
    // Every sentence but the last is followed by a pause before the next thought (a little slack for clocks).
    expect(span).toBeGreaterThanOrEqual((sentences - 1) * ponderMs - 5);
  });

  test('maxOutputTokens counts the thoughts: a small limit cuts the answer, finish reason length', async () => {
    const chunks = await ask(simRoute(), { prompt: CAPITAL, model: 'reasoning', maxOutputTokens: 10 });
    expect(deltasOf(chunks, 'reasoning-delta')).toHaveLength(10);
    expect(deltasOf(chunks, 'text-delta')).toHaveLength(0);
    expect(chunks.find((chunk) => chunk.type === 'finish')).toMatchObject({ finishReason: 'length' });
  });

  test("a call with reasoning: 'none' gets no thoughts, even from the reasoning model", async () => {
    const model = createSimulatedModel({ modelId: 'reasoning', ...FAST, thinking: 'always' });
    const thinking = streamText({ model, prompt: CAPITAL });
    expect((await thinking.reasoningText)?.length).toBeGreaterThan(50);
    const none = streamText({ model, prompt: CAPITAL, reasoning: 'none' });
    expect(await none.text).toContain('Paris');
    expect(await none.reasoningText).toBeFalsy();
  });
});
