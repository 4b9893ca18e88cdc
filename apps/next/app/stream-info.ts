import type { StreamHandle } from '@tokenflow/streaming';

/** The stream routes, one per runtime: a stream lives in the memory of the route that started it. */
export const ROUTES = { node: '/api/stream', edge: '/api/edge/stream' } as const;
export type Runtime = keyof typeof ROUTES;

/** The request's output: text, or the route's `recipe` output (JSON of the recipe schema, shown as a card). */
export type Output = 'text' | 'recipe';

/** What a page must know of a stream besides its handle: the route to read and stop it at, and how to show it. */
export interface StreamInfo {
  runtime: Runtime;
  output: Output;
}

const isRuntime = (value: unknown): value is Runtime => value === 'node' || value === 'edge';
const isOutput = (value: unknown): value is Output => value === 'text' || value === 'recipe';

/**
 * Kept for this page load, and in `sessionStorage` beside the handles `resumeOnReload` keeps there: a stream that
 * comes back after a reload is read from its own runtime's route, whichever runtime the page has chosen since.
 */
const known = new Map<StreamHandle, StreamInfo>();
const storageKey = (handle: StreamHandle) => `tokenflow-next:stream:${handle}`;

export function keepStreamInfo(handle: StreamHandle, info: StreamInfo): void {
  known.set(handle, info);
  try {
    sessionStorage.setItem(storageKey(handle), JSON.stringify(info));
  } catch {
    // Blocked or full storage: the stream runs on, it just will not come back after a reload.
  }
}

/** What this tab knows of a stream it started, opened or resumed; undefined for any other handle. */
export function streamInfo(handle: StreamHandle): StreamInfo | undefined {
  const info = known.get(handle);
  if (info) return info;
  try {
    const stored: Partial<StreamInfo> | null = JSON.parse(sessionStorage.getItem(storageKey(handle)) ?? 'null');
    if (isRuntime(stored?.runtime) && isOutput(stored?.output))
      return { runtime: stored.runtime, output: stored.output };
  } catch {
    // Unreadable: nothing known.
  }
  return undefined;
}

/** The address that opens a stream in another tab: its handle, and what is known of it. */
export function streamLink(handle: StreamHandle, { runtime, output }: StreamInfo): string {
  return `?${new URLSearchParams({ stream: handle, runtime, output })}`;
}

/** The stream a page's address names (`streamLink`), if it names one. */
export function linkedStream(search: string): ({ handle: StreamHandle } & StreamInfo) | undefined {
  const query = new URLSearchParams(search);
  const handle = query.get('stream');
  const runtime = query.get('runtime');
  const output = query.get('output') ?? 'text';
  return handle && isRuntime(runtime) && isOutput(output) ? { handle, runtime, output } : undefined;
}
