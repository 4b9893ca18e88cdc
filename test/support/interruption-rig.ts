import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { getRequestListener } from '@hono/node-server';
import {
  createStreamingStore,
  httpTransport,
  type StreamingStore,
  type StreamTransport,
} from '@tokenflow/streaming/core';
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { type Mock, vi } from 'vitest';
import { type FakeOpenAI, type QueuedAnswer, type Recording, readRecording, startFakeOpenAI } from './fake-openai.js';
import { startTcpLink, type TcpLink } from './tcp-link.js';

/**
 * Everything an interruption test needs, all real and on 127.0.0.1: the fake OpenAI provider serving real
 * recordings, our route (`createStreamHandler` over `@ai-sdk/openai`) on a Node server, and a client store with
 * the HTTP transport. Both hops go through a {@link TcpLink}, so a test can count and cut each connection:
 *
 *   store ──clientLink──▶ route server ──providerLink──▶ fake OpenAI
 */

export type Api = 'chat' | 'responses';
/** Both OpenAI APIs: every interruption cell runs on each. */
export const APIS: readonly Api[] = ['chat', 'responses'];
/**
 * The longest a closing may take to reach the provider after an abort or a disconnect. It tells "at once" from "at
 * a timeout" (seconds) or never. In a whole CI run most closings took 3–53 ms, but with Chromium and other test
 * files sharing 2 cores one took 106–135 ms, so the bound leaves room for that. Each cell's note keeps its time.
 */
export const CLOSE_MS = 250;
/** The stall timeouts of the stall cells: small, so they cost little. */
export const STALL_MS = 150;
/**
 * The route's `abandonAfterMs` in the cells where every client went away: the generation nobody reads is stopped
 * that long after its last reader left (checked every quarter of it).
 */
export const ABANDON_MS = 200;

/** Long real recordings of each API, and a frame count after which each has streamed some text, not all. */
export const LONG_RECORDING = {
  chat: { name: 'chat-completions-long-712-tokens.sse', midway: 40 },
  responses: { name: 'responses-background-queued-long.sse', midway: 40 },
} as const satisfies Record<Api, { name: string; midway: number }>;

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** The answer text the first `frames` frames of a recording carry (all by default), read from its payloads. */
export function textOf(recording: Recording, frames = recording.payloads.length): string {
  let text = '';
  for (const payload of recording.payloads.slice(0, frames).map(asRecord)) {
    if (recording.api === 'chat') {
      const choices = Array.isArray(payload.choices) ? payload.choices.map(asRecord) : [];
      const content = asRecord(choices.find((choice) => choice.index === 0)?.delta).content;
      if (typeof content === 'string') text += content;
    } else if (payload.type === 'response.output_text.delta') {
      text += String(payload.delta);
    }
  }
  return text;
}

/** The recording with a broken frame (cut-off JSON, as a provider bug or a proxy could send) inserted at `at`. */
export function withMalformedFrame(recording: Recording, at: number): Recording {
  const broken =
    recording.api === 'chat'
      ? 'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"LOST\n\n'
      : 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"LOST\n\n';
  return {
    ...recording,
    name: `${recording.name} (malformed frame at ${at})`,
    frames: [...recording.frames.slice(0, at), broken, ...recording.frames.slice(at)],
    payloads: [...recording.payloads.slice(0, at), undefined, ...recording.payloads.slice(at)],
  };
}

export interface RigOptions {
  api: Api;
  /** The route's provider stall timeouts. */
  routeIdleTimeoutMs?: number;
  firstTokenTimeoutMs?: number;
  authorize?: StreamHandlerOptions['authorize'];
  /** The client's `httpTransport({ idleTimeoutMs })` (default: the transport's own). */
  idleTimeoutMs?: number;
  /** The client's `httpTransport({ maxReconnects })` (default: the transport's own). */
  maxReconnects?: number;
  /** The route's `abandonAfterMs`: how long a generation nobody reads goes on (default: the route's own). */
  abandonAfterMs?: number;
  /** Wraps the route handler, e.g. to break its answer mid-way. */
  wrapRoute?: (route: (request: Request) => Promise<Response>) => (request: Request) => Promise<Response>;
}

/** What is still around once a stream is over; every count should be 0. */
export interface LeftBehind {
  /** Handles still in the store. */
  handles: number;
  /** `abort` listeners still on the signals the store gave the transport. */
  abortListeners: number;
  /** Active timers beyond those active before the stream started. */
  timers: number;
  /** Requests the route server is still answering. */
  routeRequests: number;
  /**
   * Connections to the route server that carried a request and are still open, once idle keep-alive ones are
   * closed (a spare connection Node's fetch opens after an abort, and never uses, is not counted).
   */
  routeConnections: number;
  /** Provider answers neither finished nor closed by the client. */
  providerAnswersOpen: number;
  /**
   * Connections from the route to the provider that carried a request and are still open (beyond those
   * expected to stay in the route's keep-alive pool).
   */
  providerConnections: number;
}

export interface Rig {
  readonly provider: FakeOpenAI;
  readonly providerLink: TcpLink;
  readonly clientLink: TcpLink;
  /** The route's URL through the client link (what the store calls). */
  readonly url: string;
  /** The route handler itself, for calling it without HTTP, as an edge runtime does. */
  readonly route: (request: Request) => Promise<Response>;
  readonly store: StreamingStore;
  /** The route's `onError`. */
  readonly onError: Mock<NonNullable<StreamHandlerOptions['onError']>>;
  /**
   * Each stream's run of the transport, in start order: the abort signal the store gave it, and when the
   * transport gave up or finished (`performance.now()`), i.e. when the client stopped reading.
   */
  readonly runs: readonly TransportRun[];
  /** Queues a provider answer, like `provider.serve`, and remembers it for {@link Rig.leftBehind}. */
  serve(...args: Parameters<FakeOpenAI['serve']>): TimedAnswer;
  fail(...args: Parameters<FakeOpenAI['fail']>): TimedAnswer;
  /**
   * Counts what a finished stream left behind, given the number of active timers before it started; waits
   * (up to `withinMs`, default 1 s) for closings and timers already under way. `keptAlive`: provider
   * connections expected to stay open because their response completed and the route's fetch keeps them in its
   * keep-alive pool (default 0: every provider connection must close).
   */
  leftBehind(timersBefore: number, options?: { keptAlive?: number; withinMs?: number }): Promise<LeftBehind>;
  close(): Promise<void>;
}

/** One run of the client's transport. */
export interface TransportRun {
  readonly signal: AbortSignal;
  /** When the store aborted the stream (its signal fired): `performance.now()`. */
  readonly abortedAt: Promise<number>;
  /** When the transport finished or gave up: `performance.now()`. */
  readonly settledAt: Promise<number>;
}

/** A queued provider answer that also knows when the client went away (`performance.now()`). */
export interface TimedAnswer extends QueuedAnswer {
  readonly goneAt: Promise<number>;
}

/** How many timers keep the event loop alive now (Node counts ref'ed timers only). */
export const activeTimers = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done(value)` or `withinMs` ran out, and answers the last value. Polls with its own timer
 * so that nothing of the polling (e.g. vi.waitFor's timers) is active while timers are counted.
 */
async function settleOn<T>(read: () => T | Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value) || performance.now() > deadline) return value;
    await tick(5);
  }
}

/** Rejects when `promise` takes longer than `ms`, naming what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const provider = await startFakeOpenAI();
  const providerLink = await startTcpLink(Number(new URL(provider.baseURL).port));
  const openai = createOpenAI({ apiKey: 'test-key', baseURL: providerLink.url(provider.baseURL) });
  const onError = vi.fn<NonNullable<StreamHandlerOptions['onError']>>();
  const handler = createStreamHandler({
    models: { 'gpt-4o-mini': options.api === 'chat' ? openai.chat('gpt-4o-mini') : openai.responses('gpt-4o-mini') },
    defaultModel: 'gpt-4o-mini',
    maxRetries: 0,
    onError,
    ...(options.routeIdleTimeoutMs !== undefined && { idleTimeoutMs: options.routeIdleTimeoutMs }),
    ...(options.firstTokenTimeoutMs !== undefined && { firstTokenTimeoutMs: options.firstTokenTimeoutMs }),
    ...(options.authorize && { authorize: options.authorize }),
    ...(options.abandonAfterMs !== undefined && { abandonAfterMs: options.abandonAfterMs }),
  });
  const route = options.wrapRoute ? options.wrapRoute(handler) : handler;

  let routeRequests = 0;
  const usedSockets = new Set<Socket>();
  const server = createServer(getRequestListener(route));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    routeRequests++;
    response.on('close', () => routeRequests--);
    const { socket } = request;
    if (!usedSockets.has(socket)) {
      usedSockets.add(socket);
      socket.on('close', () => usedSockets.delete(socket));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const routeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stream`;
  const clientLink = await startTcpLink(Number(new URL(routeUrl).port));
  const url = clientLink.url(routeUrl);

  const runs: TransportRun[] = [];
  /** The rig's own abort listeners (to time aborts), left out of the count of what the library left behind. */
  const ownListeners = new Set<unknown>();
  const http = httpTransport({
    api: url,
    ...(options.idleTimeoutMs !== undefined && { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxReconnects !== undefined && { maxReconnects: options.maxReconnects }),
    reconnectDelayMs: 20,
  });
  const transport: StreamTransport = {
    // Reconnecting and stopping at the source are the HTTP transport's own.
    ...http,
    run(request, sink, signal) {
      const running = http.run(request, sink, signal);
      const over = () => performance.now();
      const abortedAt = new Promise<number>((resolve) => {
        const onAbort = () => resolve(performance.now());
        ownListeners.add(onAbort);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      runs.push({ signal, abortedAt, settledAt: running.then(over, over) });
      return running;
    },
  };
  // Ended handles are released on the next task: what is left behind afterwards is a leak.
  const store = createStreamingStore({ transport, releaseAfterMs: 0 });

  const answers: QueuedAnswer[] = [];
  const timed = (answer: QueuedAnswer): TimedAnswer => {
    answers.push(answer);
    const goneAt = answer.clientGone.then(() => performance.now());
    return {
      clientGone: answer.clientGone,
      get isClientGone() {
        return answer.isClientGone;
      },
      finished: answer.finished,
      stalled: answer.stalled,
      resume: () => answer.resume(),
      goneAt,
    };
  };
  let answersOpen = 0;
  const trackOpen = (answer: QueuedAnswer) => {
    answersOpen++;
    void Promise.race([answer.finished, answer.clientGone]).then(() => answersOpen--);
  };

  return {
    provider,
    providerLink,
    clientLink,
    url,
    route,
    store,
    onError,
    runs,
    serve(...args) {
      const answer = provider.serve(...args);
      trackOpen(answer);
      return timed(answer);
    },
    fail(...args) {
      const answer = provider.fail(...args);
      trackOpen(answer);
      return timed(answer);
    },
    async leftBehind(timersBefore, { keptAlive = 0, withinMs = 1_000 } = {}) {
      const count = (): LeftBehind => ({
        handles: store.state.getState().views.size,
        abortListeners: runs.reduce(
          (sum, { signal }) =>
            sum + getEventListeners(signal, 'abort').filter((listener) => !ownListeners.has(listener)).length,
          0,
        ),
        timers: Math.max(0, activeTimers() - timersBefore),
        routeRequests,
        routeConnections: usedSockets.size,
        providerAnswersOpen: answersOpen,
        providerConnections: Math.max(0, providerLink.open - keptAlive),
      });
      // Closings already under way (a socket closing, a timer being cleared) finish within a few ticks; whatever
      // is still there after `withinMs` was left behind.
      return settleOn(
        () => {
          // Idle keep-alive connections are a pool, not a leak: close those, and count what stays open.
          if (routeRequests === 0) server.closeIdleConnections();
          return count();
        },
        (left) => Object.values(left).every((value) => value === 0),
        withinMs,
      );
    },
    async close() {
      await clientLink.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      await providerLink.close();
      await provider.close();
    },
  };
}

/** What a test expects {@link Rig.leftBehind} to find: nothing. */
export const NOTHING_LEFT: LeftBehind = {
  handles: 0,
  abortListeners: 0,
  timers: 0,
  routeRequests: 0,
  routeConnections: 0,
  providerAnswersOpen: 0,
  providerConnections: 0,
};

/** A long recording of the API, and the text of its first `midway` frames. */
export function longRecording(api: Api) {
  const { name, midway } = LONG_RECORDING[api];
  const recording = readRecording(name);
  const partial = textOf(recording, midway);
  return { recording, midway, partial, full: textOf(recording) };
}

/** The index of the first frame of a recording that carries answer text: the frames before are its preamble. */
export const firstTextFrame = (recording: Recording) =>
  recording.frames.findIndex((_, index) => textOf(recording, index + 1) !== '');

/** Milliseconds from `from` to the provider connection closing (bounded: fails after a second). */
export const closedAfter = async (goneAt: Promise<number>, from: number | Promise<number>) =>
  (await within(goneAt, 1_000, 'the provider connection closing')) - (await from);
