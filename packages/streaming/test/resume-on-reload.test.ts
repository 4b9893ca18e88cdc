import { createStreamingStore, type HandleStorage, StreamError } from '@tokenflow/streaming/core';
import { describe, expect, test } from 'vitest';
import { manualTransport, settle } from './support/manual-transport.js';

/** A storage like `sessionStorage`, in memory; each `MemoryStorage` stands for one tab across its page loads. */
class MemoryStorage implements HandleStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const KEY = 'tokenflow:running';
const stored = (storage: MemoryStorage) => JSON.parse(storage.getItem(KEY) ?? '[]');

/** A page load: a store over an attachable transport, as the HTTP transport is. */
function pageLoad(storage: HandleStorage | boolean) {
  const { transport, streams } = manualTransport({ attachable: true });
  const store = createStreamingStore({ transport, throttle: false, resumeOnReload: storage });
  return { store, streams };
}

describe('resumeOnReload: running streams come back after a reload', () => {
  test('a running stream is remembered while it runs, and forgotten once it ends', async () => {
    const storage = new MemoryStorage();
    const { store, streams } = pageLoad(storage);
    const first = store.start({ prompt: 'One' });
    const second = store.start({ prompt: 'Two' });
    expect(stored(storage)).toEqual([first, second]);
    streams[0]?.finish();
    await store.end(first);
    expect(stored(storage)).toEqual([second]);
    await store.end(second, { abort: true });
    expect(storage.items.has(KEY)).toBe(false);
  });

  test('the next page load attaches each one: same handle, from its first token, listed in state.handles', async () => {
    const storage = new MemoryStorage();
    const before = pageLoad(storage);
    const handle = before.store.start({ prompt: 'Tell me a story' });
    before.streams[0]?.tokens('Once');
    // The page reloads: nothing of the old store is left but the storage.
    const after = pageLoad(storage);
    expect(after.store.state.getState().handles).toEqual([handle]);
    expect(after.streams.map((stream) => stream.request)).toEqual([{ attached: handle }]);
    after.streams[0]?.tokens('Once', ' upon');
    after.streams[0]?.finish();
    expect(await after.store.end(handle)).toMatchObject({ status: 'done', text: 'Once upon' });
    expect(storage.items.has(KEY)).toBe(false);
  });

  test('a stream the route no longer has (404) is dropped quietly; any other failure shows', async () => {
    const storage = new MemoryStorage();
    const before = pageLoad(storage);
    const expired = before.store.start({ prompt: 'One' });
    const broken = before.store.start({ prompt: 'Two' });
    const after = pageLoad(storage);
    after.streams[0]?.fail(new StreamError('http', 'The route answered HTTP 404', { status: 404 }));
    after.streams[1]?.fail(new StreamError('http', 'The route answered HTTP 503', { status: 503 }));
    await settle();
    expect(after.store.state.getState().handles).toEqual([broken]);
    expect(after.store.getView(expired).status).toBe('idle');
    expect(after.store.getView(broken)).toMatchObject({ status: 'error', error: { status: 503 } });
    expect(storage.items.has(KEY)).toBe(false);
  });

  test('set later with configure, it resumes then; junk in the storage is ignored and cleared', () => {
    const storage = new MemoryStorage();
    const handle = 'resumed-handle-0123456789';
    storage.setItem(KEY, JSON.stringify(['not a handle!', 42, handle]));
    const { store, streams } = pageLoad(false);
    expect(streams).toHaveLength(0);
    store.configure({ resumeOnReload: storage });
    expect(store.state.getState().handles).toEqual([handle]);
    expect(stored(storage)).toEqual([handle]);
    storage.setItem(KEY, '{not json');
    expect(pageLoad(storage).streams).toHaveLength(0);
  });

  test('off by default, and with a transport that cannot attach nothing is stored', () => {
    const storage = new MemoryStorage();
    pageLoad(false).store.start({ prompt: 'One' });
    const { transport } = manualTransport();
    createStreamingStore({ transport, resumeOnReload: storage }).start({ prompt: 'Two' });
    expect(storage.items.size).toBe(0);
  });

  test('true means sessionStorage, where there is one; a storage that throws does not stop the stream', async () => {
    const session = new MemoryStorage();
    (globalThis as { sessionStorage?: HandleStorage }).sessionStorage = session;
    try {
      const handle = pageLoad(true).store.start({ prompt: 'One' });
      expect(stored(session)).toEqual([handle]);
    } finally {
      delete (globalThis as { sessionStorage?: HandleStorage }).sessionStorage;
    }
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const { store, streams } = pageLoad(full);
    const handle = store.start({ prompt: 'Two' });
    streams[0]?.tokens('fine');
    streams[0]?.finish();
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'fine' });
  });

  test('a bad value is refused with invalid-options', () => {
    expect(() => createStreamingStore({ resumeOnReload: 'yes' as never })).toThrow(
      expect.objectContaining({ code: 'invalid-options', field: 'resumeOnReload' }),
    );
  });
});
