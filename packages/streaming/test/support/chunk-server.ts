import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received, answered by the test, chunk by chunk, when it says so. */
export interface PendingResponse {
  readonly method: string;
  /** The path and query asked for. */
  readonly url: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
  /** Sends the status and headers (default: 200 and those of an AI SDK UI message stream). */
  open(status?: number, headers?: Record<string, string>): void;
  /** Sends one UI message stream chunk as an SSE event (opens the response first if needed). */
  send(chunk: Record<string, unknown>): void;
  /** Sends one chunk as an SSE event numbered `id` (what a route with a log sends). */
  sendEvent(id: number, chunk: Record<string, unknown>): void;
  /** Sends text deltas, one chunk each. */
  sendText(...deltas: string[]): void;
  /** Sends raw bytes as they are. */
  write(raw: string | Uint8Array): void;
  /** Sends finish (with optional message metadata) and [DONE], then closes the response. */
  finish(messageMetadata?: Record<string, unknown>, finishReason?: string): void;
  /** Ends the response as it stands. */
  end(body?: string): void;
  /** Breaks the connection mid-stream, as a crashed server or a dropped network would. */
  destroy(): void;
  /** Resolves when the client closed the connection before the response ended. */
  readonly clientGone: Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that writes chunks on command, so a test can assert "not yet", then send a
 * chunk, then assert "now".
 */
export interface ChunkServer {
  readonly url: string;
  /** Resolves with the next request, in arrival order. */
  nextRequest(): Promise<PendingResponse>;
  close(): Promise<void>;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-vercel-ai-ui-message-stream': 'v1',
};

function pendingResponse(req: IncomingMessage, res: ServerResponse, raw: string): PendingResponse {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    body = { unparsed: raw };
  }
  const clientGone = new Promise<void>((resolve) => {
    res.on('close', () => {
      if (!res.writableFinished) resolve();
    });
  });
  const open = (status = 200, headers: Record<string, string> = SSE_HEADERS) => {
    if (!res.headersSent) {
      res.writeHead(status, headers);
      res.flushHeaders();
    }
  };
  const write = (raw: string | Uint8Array) => {
    open();
    res.write(raw);
  };
  const send = (chunk: Record<string, unknown>) => write(`data: ${JSON.stringify(chunk)}\n\n`);
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    body,
    headers: req.headers,
    open,
    send,
    sendEvent: (id, chunk) => write(`id: ${id}\ndata: ${JSON.stringify(chunk)}\n\n`),
    write,
    sendText: (...deltas) => {
      for (const delta of deltas) send({ type: 'text-delta', id: 't', delta });
    },
    finish: (messageMetadata, finishReason = 'stop') => {
      send({ type: 'finish', finishReason, ...(messageMetadata && { messageMetadata }) });
      write('data: [DONE]\n\n');
      res.end();
    },
    end: (text) => {
      open();
      res.end(text);
    },
    destroy: () => res.socket?.destroy(),
    clientGone,
  };
}

export async function startChunkServer(): Promise<ChunkServer> {
  const waiting: ((response: PendingResponse) => void)[] = [];
  const arrived: PendingResponse[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const piece of req) raw += piece;
    const response = pendingResponse(req, res, raw);
    const waiter = waiting.shift();
    if (waiter) waiter(response);
    else arrived.push(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stream`,
    nextRequest: () => {
      const first = arrived.shift();
      return first ? Promise.resolve(first) : new Promise((resolve) => waiting.push(resolve));
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
