'use client';

import { httpTransport, type StreamTransport, useStreamingStore } from '@tokenflow/streaming';
import { useEffect } from 'react';
import { ROUTES, type Runtime, streamInfo } from './stream-info';

/**
 * One HTTP transport per route, shared by every transport below: a stop goes through the one reading the stream.
 * (An HTTP transport has all three methods.)
 */
const routes = {
  node: httpTransport({ api: ROUTES.node }),
  edge: httpTransport({ api: ROUTES.edge }),
} as Record<Runtime, Required<StreamTransport>>;

/**
 * Starts streams on `runtime`'s route, and reads (attaches) and stops every stream at the route that started it
 * (what `keepStreamInfo` says), falling back to `runtime` for a stream nothing is known of.
 */
function runtimeTransport(runtime: Runtime): StreamTransport {
  const routeOf = (handle: string) => routes[streamInfo(handle)?.runtime ?? runtime];
  return {
    run: (request, sink, signal) => routes[runtime].run(request, sink, signal),
    attach: (sink, signal) => routeOf(sink.handle).attach(sink, signal),
    stop: (handle) => routeOf(handle).stop(handle),
  };
}

/**
 * Points the store at `runtime`'s route for the streams started from now on, and turns `resumeOnReload` on in the
 * same call: the streams an earlier load of this tab left running are attached at once, through this transport,
 * each at its own route. (The root layout, a server component, cannot hand the provider a transport.)
 */
export function useRuntimeTransport(runtime: Runtime): void {
  const store = useStreamingStore();
  useEffect(() => store.configure({ transport: runtimeTransport(runtime), resumeOnReload: true }), [store, runtime]);
}
