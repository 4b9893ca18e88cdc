import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL: under jsdom the global URL is jsdom's, which node:fs does not take.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'openai');

/**
 * One recorded OpenAI stream, as it goes over the wire (`frames`, concatenated they are the response body) and as
 * parsed JSON (`payloads[i]` is the payload of `frames[i]`, `undefined` for `[DONE]`).
 */
export interface Recording {
  readonly name: string;
  readonly api: 'chat' | 'responses';
  readonly frames: readonly string[];
  readonly payloads: readonly unknown[];
}

const payloadOf = (frame: string): unknown => {
  const data = frame
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
  return data === '' || data === '[DONE]' ? undefined : JSON.parse(data);
};

/**
 * Reads a recording from test/fixtures/openai. `.sse` files are raw bodies, split into their frames unchanged.
 * `.chunks.txt` files hold one payload per line; each becomes `data: ${line}\n\n` and `data: [DONE]\n\n` is
 * appended (as vercel/ai's own test helper does, for both APIs), unless the file already ends with `[DONE]`.
 */
export function readRecording(name: string): Recording {
  const raw = readFileSync(join(FIXTURES, name), 'utf8');
  let frames: string[];
  if (name.endsWith('.sse')) {
    frames = raw.split(/(?<=\n\n)/).filter((frame) => frame.trim() !== '');
  } else if (name.endsWith('.chunks.txt')) {
    const lines = raw.split('\n').filter((line) => line.trim() !== '');
    if (lines.at(-1) !== '[DONE]') lines.push('[DONE]');
    frames = lines.map((line) => `data: ${line}\n\n`);
  } else {
    throw new Error(`Unknown recording format: ${name}`);
  }
  const api = name.startsWith('responses-') ? 'responses' : 'chat';
  return { name, api, frames, payloads: frames.map(payloadOf) };
}

/** A request the fake provider received. */
export interface ProviderRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** The answer to one request, queued by the test before the request is made. */
export interface QueuedAnswer {
  /** Resolves when the client closed the connection before the response body ended. */
  readonly clientGone: Promise<void>;
  /** Whether `clientGone` has resolved. */
  readonly isClientGone: boolean;
  /** Resolves when the whole body was written and the response ended. */
  readonly finished: Promise<void>;
  /** In stall mode: resolves once the first frames were written and the answer waits. */
  readonly stalled: Promise<void>;
  /** In stall mode: writes the rest of the recording. */
  resume(): void;
}

export interface ServeOptions {
  /** Write only the first N frames, then wait for `resume()` (or for the client to go away). */
  stallAfterFrames?: number;
  /** How many writes the body is cut into (default 12; cuts fall at byte offsets, even inside a character). */
  writes?: number;
  /** Pause between writes in ms (default 2). */
  delayMs?: number;
}

export interface FakeOpenAI {
  /** What `createOpenAI({ baseURL })` takes: `http://127.0.0.1:PORT/v1`. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: readonly ProviderRequest[];
  /** Answers the next request with a recording, streamed as `text/event-stream` in several writes. */
  serve(recording: string | Recording, options?: ServeOptions): QueuedAnswer;
  /** Answers the next request with an HTTP error and a JSON body, as the OpenAI API does before streaming. */
  fail(status: number, body: unknown): QueuedAnswer;
  close(): Promise<void>;
}

type Responder = (res: ServerResponse) => Promise<void>;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Cuts a body into `count` pieces of about equal byte length (so a cut may split a UTF-8 character). */
function cut(body: Buffer, count: number): Buffer[] {
  const size = Math.max(1, Math.ceil(body.length / count));
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += size) pieces.push(body.subarray(offset, offset + size));
  return pieces;
}

function answer(
  respond: (res: ServerResponse, control: { gone: () => boolean; resumed: Promise<void> }) => Promise<void>,
) {
  let gone = false;
  let resolveGone!: () => void;
  let resolveFinished!: () => void;
  let resolveResumed!: () => void;
  const clientGone = new Promise<void>((resolve) => {
    resolveGone = resolve;
  });
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  const resumed = new Promise<void>((resolve) => {
    resolveResumed = resolve;
  });
  const responder: Responder = async (res) => {
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        resolveGone();
      }
    });
    await respond(res, { gone: () => gone, resumed: Promise.race([resumed, clientGone]) });
    if (gone) return;
    await new Promise<void>((resolve) => res.end(resolve));
    resolveFinished();
  };
  return { responder, clientGone, finished, resume: () => resolveResumed(), isGone: () => gone };
}

/**
 * A fake OpenAI API on 127.0.0.1: a real HTTP server that answers `POST …/chat/completions` and `POST …/responses`
 * with the recording (or error) the test queued, and records what it was sent.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: Responder[] = [];
  const requests: ProviderRequest[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const piece of req) raw += piece;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = { unparsed: raw };
    }
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const known = req.method === 'POST' && /\/(chat\/completions|responses)$/.test(path);
    const next = known ? queue.shift() : undefined;
    if (!next) {
      res.writeHead(known ? 500 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake-openai: no answer queued for ${req.method} ${path}` } }));
      return;
    }
    await next(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const queued = (made: ReturnType<typeof answer>, stalled: Promise<void>): QueuedAnswer => {
    queue.push(made.responder);
    return {
      clientGone: made.clientGone,
      get isClientGone() {
        return made.isGone();
      },
      finished: made.finished,
      stalled,
      resume: made.resume,
    };
  };

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    serve(recording, options = {}) {
      const { frames } = typeof recording === 'string' ? readRecording(recording) : recording;
      const { stallAfterFrames, writes = 12, delayMs = 2 } = options;
      let markStalled!: () => void;
      const stalled = new Promise<void>((resolve) => {
        markStalled = resolve;
      });
      const made = answer(async (res, control) => {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        res.flushHeaders();
        const send = async (part: readonly string[]) => {
          for (const piece of cut(Buffer.from(part.join(''), 'utf8'), writes)) {
            if (control.gone()) return;
            res.write(piece);
            await delay(delayMs);
          }
        };
        if (stallAfterFrames === undefined) {
          await send(frames);
          return;
        }
        await send(frames.slice(0, stallAfterFrames));
        markStalled();
        await control.resumed;
        await send(frames.slice(stallAfterFrames));
      });
      return queued(made, stalled);
    },
    fail(status, body) {
      const made = answer(async (res) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.write(text);
      });
      return queued(made, Promise.resolve());
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
