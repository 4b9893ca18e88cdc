import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseLoadPrompt, seededRandom, seededTokens } from './seeded-tokens.js';

/**
 * A fake OpenAI-compatible Chat Completions server on 127.0.0.1 that generates its answers (rather than replaying
 * recordings): each request's tokens come from the seed in its prompt (see `loadPrompt`), streamed at a realistic,
 * seeded pace. It counts what a load test needs to prove that nothing leaks: open sockets, and for every call
 * whether it finished or the client went away, and when.
 */

/** What one request is answered with. */
export type ProviderPlan =
  /** An HTTP error before any streaming, with these headers and this body. */
  | { error: { status: number; headers?: Record<string, string>; body: string } }
  /** These tokens, then either the usual finish (stop + usage + [DONE]) or, when given, this SSE error payload. */
  | { tokens: readonly string[]; errorPayload?: unknown };

/** One request the fake received. */
export interface ProviderCall {
  readonly id: number;
  readonly path: string;
  /** The seed of a `loadPrompt` prompt, when the prompt was one. */
  readonly seed: number | undefined;
  /** The authorization header (the API key the route sent). */
  readonly authorization: string | undefined;
  /** performance.now() when the request arrived, and when its response closed. */
  readonly startedAt: number;
  closedAt: number | undefined;
  /** `open` while answering; then `finished` (the whole answer was written) or `client-gone` (closed before). */
  outcome: 'open' | 'finished' | 'client-gone';
  tokensWritten: number;
}

export interface PacedOpenAIOptions {
  /** Each call's pace is drawn (from its seed) in this range of tokens per second (default 50–100). */
  tokensPerSecond?: readonly [number, number];
  /** How much each interval varies around the pace, 0–1 (default 0.3). */
  jitter?: number;
  /** The wait before the first token, after the headers and the role chunk (default 100 ms). */
  firstTokenMs?: number;
  /**
   * Idle keep-alive sockets are closed after this (default 3,000 ms), so "no open socket" can be awaited. Clients
   * reuse sockets (undici keeps one for this minus 2 s after its hint), as they would in production; under 2 s they
   * would open a connection per request.
   */
  keepAliveTimeoutMs?: number;
  /** Chooses the answer of a call (default: the `loadPrompt` tokens of its prompt, or 20 tokens of seed 0). */
  plan?: (call: ProviderCall, body: Record<string, unknown>) => ProviderPlan;
}

export interface PacedOpenAI {
  /** What `createOpenAI({ baseURL })` takes. */
  readonly baseURL: string;
  readonly calls: readonly ProviderCall[];
  /** Sockets open now, the most open at once, and all accepted so far. */
  openSockets(): number;
  readonly peakSockets: number;
  readonly totalSockets: number;
  /** Calls still being answered now, and the most at once. */
  openCalls(): number;
  readonly peakOpenCalls: number;
  /** Pacing loops still running (each stops as soon as its client goes away). */
  runningLoops(): number;
  /** Forgets the recorded calls (counters of sockets stay). */
  forgetCalls(): void;
  close(): Promise<void>;
}

/** The prompt text of a Chat Completions body: its last user message. */
function promptOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const last = messages.filter((message) => message.role === 'user').at(-1);
  if (typeof last?.content === 'string') return last.content;
  if (Array.isArray(last?.content)) {
    return (last.content as { text?: unknown }[])
      .map((part) => (typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

export async function startPacedOpenAI(options: PacedOpenAIOptions = {}): Promise<PacedOpenAI> {
  const [minRate, maxRate] = options.tokensPerSecond ?? [50, 100];
  const jitter = options.jitter ?? 0.3;
  const firstTokenMs = options.firstTokenMs ?? 100;
  let calls: ProviderCall[] = [];
  let nextId = 0;
  const sockets = new Set<Socket>();
  let peakSockets = 0;
  let totalSockets = 0;
  let openCalls = 0;
  let peakOpenCalls = 0;
  let loops = 0;

  const defaultPlan = (call: ProviderCall, body: Record<string, unknown>): ProviderPlan => {
    const asked = parseLoadPrompt(promptOf(body));
    return { tokens: seededTokens(call.seed ?? 0, asked?.count ?? 20) };
  };
  const plan = options.plan ?? defaultPlan;

  async function stream(res: ServerResponse, call: ProviderCall, tokens: readonly string[], errorPayload: unknown) {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const random = seededRandom((call.seed ?? call.id) ^ 0x5eed);
    const rate = minRate + random() * (maxRate - minRate);
    const interval = () => (1000 / rate) * (1 + jitter * (random() * 2 - 1));
    const id = `chatcmpl-load-${call.id}`;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      frame({
        id,
        object: 'chat.completion.chunk',
        created: 1_750_000_000,
        model: 'load-model',
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(chunk({ role: 'assistant', content: '' }));
    loops++;
    // Writes wait for the socket to drain, as a real server's do under TCP backpressure.
    const write = async (text: string) => {
      if (!res.write(text)) await once(res, 'drain', { signal: gone.signal });
    };
    try {
      await sleep(firstTokenMs, undefined, { signal: gone.signal });
      for (const [index, token] of tokens.entries()) {
        if (index > 0) await sleep(interval(), undefined, { signal: gone.signal });
        await write(chunk({ content: token }));
        call.tokensWritten++;
      }
      if (errorPayload !== undefined) {
        await write(frame(errorPayload));
      } else {
        await write(chunk({}, 'stop'));
        await write(
          frame({
            id,
            object: 'chat.completion.chunk',
            created: 1_750_000_000,
            model: 'load-model',
            choices: [],
            usage: { prompt_tokens: 12, completion_tokens: tokens.length, total_tokens: 12 + tokens.length },
          }),
        );
        await write('data: [DONE]\n\n');
      }
      res.end();
    } catch {
      // The client went away during a wait: stop here (the response is already closed).
    } finally {
      loops--;
    }
  }

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const piece of req) raw += piece;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // An unparsable body still gets the default answer.
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const call: ProviderCall = {
      id: nextId++,
      path,
      seed: parseLoadPrompt(promptOf(body))?.seed,
      authorization: req.headers.authorization,
      startedAt: performance.now(),
      closedAt: undefined,
      outcome: 'open',
      tokensWritten: 0,
    };
    calls.push(call);
    openCalls++;
    peakOpenCalls = Math.max(peakOpenCalls, openCalls);
    res.on('close', () => {
      call.closedAt = performance.now();
      call.outcome = res.writableFinished ? 'finished' : 'client-gone';
      openCalls--;
    });
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `paced-openai: no ${req.method} ${path}` } }));
      return;
    }
    const answer = plan(call, body);
    if ('error' in answer) {
      res.writeHead(answer.error.status, { 'content-type': 'application/json', ...answer.error.headers });
      res.end(answer.error.body);
      return;
    }
    await stream(res, call, answer.tokens, answer.errorPayload);
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 3_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    totalSockets++;
    peakSockets = Math.max(peakSockets, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get calls() {
      return calls;
    },
    openSockets: () => sockets.size,
    get peakSockets() {
      return peakSockets;
    },
    get totalSockets() {
      return totalSockets;
    },
    openCalls: () => openCalls,
    get peakOpenCalls() {
      return peakOpenCalls;
    },
    runningLoops: () => loops,
    forgetCalls() {
      calls = [];
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
