// A Node program that runs one stream to its end and prints its result: it must exit right away, although the
// store still holds the ended handle for its release countdown.
import { createStreamingStore, type StreamTransport } from '../../src/core/index.js';

const transport: StreamTransport = {
  async run(request, sink) {
    sink.token(request.prompt ?? '');
  },
};
const store = createStreamingStore({ transport });
const result = await store.end(store.start({ prompt: 'Hi' }));
console.log(`${result.status}: ${result.text}`);
