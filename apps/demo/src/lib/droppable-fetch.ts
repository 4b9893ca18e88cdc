/**
 * A `fetch` for the demo's transport whose open response bodies can be cut at once, as when the network drops:
 * the transport sees a broken connection (not a stop), reconnects with the last event id, and the text goes on.
 */
export interface DroppableFetch {
  fetch: typeof fetch;
  /** Breaks every response being read now; answers how many there were. */
  drop(): number;
}

export function droppableFetch(): DroppableFetch {
  const open = new Set<TransformStreamDefaultController<Uint8Array>>();
  return {
    async fetch(input, init) {
      const response = await fetch(input, init);
      if (response.body === null) return response;
      let reading!: TransformStreamDefaultController<Uint8Array>;
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          start(controller) {
            reading = controller;
            open.add(controller);
          },
          flush() {
            open.delete(reading);
          },
        }),
      );
      // Erroring the piece we hand out also cancels the real body, so the browser closes that connection too.
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
    drop() {
      const count = open.size;
      for (const controller of open) controller.error(new TypeError('The network dropped (the demo’s switch).'));
      open.clear();
      return count;
    },
  };
}
