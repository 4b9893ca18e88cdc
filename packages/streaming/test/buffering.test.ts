import { createStreamingStore, type Token } from '@tokenflow/streaming/core';
import { describe, expect, test } from 'vitest';
import { createTokenBuffer, type TokenBuffer } from '../src/core/token-buffer.js';
import { manualTransport } from './support/manual-transport.js';

const words = (count: number): string[] => Array.from({ length: count }, (_, i) => `w${i} `);

async function streamWith(bufferSize: number, texts: string[]) {
  const { transport, streams } = manualTransport();
  const store = createStreamingStore({ transport, bufferSize, throttle: false });
  const handle = store.start({ prompt: 'Hi' });
  streams[0]?.tokens(...texts);
  const view = store.getView(handle);
  streams[0]?.finish();
  return { view, result: await store.end(handle) };
}

describe('buffering keeps exactly the last bufferSize tokens', () => {
  test('Infinity keeps every token', async () => {
    const texts = words(1_000);
    const { view, result } = await streamWith(Number.POSITIVE_INFINITY, texts);
    expect(view.tokens).toHaveLength(1_000);
    expect(result).toMatchObject({ text: texts.join(''), tokenCount: 1_000, truncated: false });
    expect(result.tokens.map((t) => t.index)).toEqual(texts.map((_, i) => i));
  });

  test('tokens are frozen arrays of { kind, index, text, at }, the same values the listeners got', async () => {
    const { transport, streams } = manualTransport();
    const heard: Token[] = [];
    const store = createStreamingStore({ transport, throttle: false, onToken: (t) => heard.push(t) });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens(...words(300));
    const view = store.getView(handle);
    expect(Object.isFrozen(view.tokens)).toBe(true);
    expect(view.tokens).toEqual(heard);
    expect(view.tokens).toBe(view.tokens); // built once per view
    streams[0]?.finish();
    const result = await store.end(handle);
    expect(Object.isFrozen(result.tokens)).toBe(true);
    expect(result.tokens).toEqual(heard);
    expect(result.tokens).toBe(result.tokens);
  });

  test.each([1, 3, 7, 256, 300, 999])('%i keeps the last tokens, their text, and marks truncation', async (size) => {
    const texts = words(1_000);
    const { view, result } = await streamWith(size, texts);
    const kept = texts.slice(-size);
    for (const seen of [view, result]) {
      expect(seen.tokens.map((t) => t.text)).toEqual(kept);
      expect(seen.tokens[0]?.index).toBe(1_000 - size);
      expect(seen).toMatchObject({ text: kept.join(''), tokenCount: 1_000, truncated: true });
    }
  });

  test('a bounded buffer that is not full is not truncated', async () => {
    const { result } = await streamWith(10, words(10));
    expect(result).toMatchObject({ tokenCount: 10, truncated: false, text: words(10).join('') });
  });

  test('0 keeps no token: listeners get them all, the view only counts them', async () => {
    const { transport, streams } = manualTransport();
    const heard: string[] = [];
    const store = createStreamingStore({ transport, bufferSize: 0, onToken: (t) => heard.push(t.text) });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens(...words(50));
    streams[0]?.finish();
    const result = await store.end(handle);
    expect(heard).toEqual(words(50));
    expect(result).toMatchObject({ text: '', tokens: [], tokenCount: 50, truncated: true });
  });

  test('a per-stream bufferSize overrides the store one', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, bufferSize: 2 });
    const handle = store.start({ prompt: 'Hi', bufferSize: Number.POSITIVE_INFINITY });
    streams[0]?.tokens('a', 'b', 'c');
    streams[0]?.finish();
    expect((await store.end(handle)).text).toBe('abc');
  });
});

describe('the token buffer', () => {
  test('a snapshot stays as it was while the stream goes on', () => {
    for (const capacity of [4, Number.POSITIVE_INFINITY]) {
      const buffer = createTokenBuffer(capacity);
      const push = (text: string) => buffer.push(text, 0);
      ['a', 'b', 'c'].forEach(push);
      const before = buffer.snapshot();
      ['d', 'e', 'f', 'g', 'h', 'i', 'j'].forEach(push);
      expect(before.text).toBe('abc');
      expect(before.materialize().map((t) => t.text)).toEqual(['a', 'b', 'c']);
    }
  });

  test.each([1, 3, 255, 256, 300, 1_000, Number.POSITIVE_INFINITY])(
    'capacity %s: every snapshot, taken at any point, keeps its text and tokens',
    (capacity) => {
      const buffer = createTokenBuffer(capacity);
      const texts = words(1_300); // several chunks of 256, with snapshots inside, at and across their ends
      const taken: { snapshot: ReturnType<TokenBuffer['snapshot']>; count: number }[] = [];
      texts.forEach((text, index) => {
        buffer.push(text, index / 2);
        // Irregular gaps (1, 2, … 7 tokens, and on every token near a chunk end), as frames fall in a real stream.
        if (index % 7 === index % 5 || index % 256 > 253) taken.push({ snapshot: buffer.snapshot(), count: index + 1 });
      });
      for (const { snapshot, count } of taken) {
        const from = Math.max(0, count - capacity);
        expect(snapshot.text).toBe(texts.slice(from, count).join(''));
        expect(snapshot.materialize()).toEqual(
          texts.slice(from, count).map((text, i) => ({ kind: 'text', index: from + i, text, at: (from + i) / 2 })),
        );
      }
    },
  );

  test('memory is bounded: a buffer of 100 holds at most 200 tokens whatever the stream length', () => {
    const buffer = createTokenBuffer(100);
    for (let i = 0; i < 100_000; i++) buffer.push('x', 0);
    const chunks = buffer.chunks;
    const held = chunks.reduce((sum, chunk) => sum + Math.max(chunk.texts.length, chunk.times.length), 0);
    expect(held).toBeLessThanOrEqual(200);
    expect(buffer.snapshot().keptCount).toBe(100);
    expect(buffer.count()).toBe(100_000);
  });

  test('trim, once the stream is over, frees the unfilled slots and keeps every snapshot right', () => {
    const buffer = createTokenBuffer(Number.POSITIVE_INFINITY);
    const texts = words(300);
    for (const [index, text] of texts.entries()) buffer.push(text, index);
    const before = buffer.snapshot();
    buffer.trim();
    const chunks = buffer.chunks;
    expect(chunks.map((chunk) => [chunk.texts.length, chunk.times.length])).toEqual([
      [256, 256],
      [44, 44],
    ]);
    for (const snapshot of [before, buffer.snapshot()]) {
      expect(snapshot.text).toBe(texts.join(''));
      expect(snapshot.materialize().map((t) => t.at)).toEqual(texts.map((_, index) => index));
    }
    expect(buffer.textSince(250)).toBe(texts.slice(250).join(''));
  });
});

describe('readTextSince gives a renderer only the new text', () => {
  test('the text from a token on, and the count it reaches, across chunk boundaries', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    const texts = words(600); // more than two chunks of 256
    streams[0]?.tokens(...texts);
    expect(store.readTextSince(handle, 0)).toEqual({ text: texts.join(''), tokenCount: 600 });
    expect(store.readTextSince(handle, 255)).toEqual({ text: texts.slice(255).join(''), tokenCount: 600 });
    expect(store.readTextSince(handle, 600)).toEqual({ text: '', tokenCount: 600 });
    expect(store.readTextSince(handle, 601)).toBeUndefined();
    expect(store.readTextSince('tf-unknown', 0)).toBeUndefined();
  });

  test('a bounded buffer answers for the tokens it keeps, and undefined for dropped ones', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, bufferSize: 10, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    const texts = words(25);
    streams[0]?.tokens(...texts);
    expect(store.readTextSince(handle, 14)).toBeUndefined();
    expect(store.readTextSince(handle, 15)).toEqual({ text: texts.slice(15).join(''), tokenCount: 25 });
    expect(store.readTextSince(handle, 20)).toEqual({ text: texts.slice(20).join(''), tokenCount: 25 });
  });
});
