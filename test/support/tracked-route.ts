import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/** One request the route server received, and what became of it. */
export interface RouteExchange {
  readonly method: string;
  /** The request's path and query, as sent. */
  readonly path: string;
  /** When the server began to handle it (`performance.now()`): after its connection was accepted and read. */
  readonly receivedAt: number;
  readonly origin: string | undefined;
  /** The status the route answered, once it did. */
  status: number | undefined;
  /** The bytes read from the request's connection when the status line was written (a fresh connection's). */
  socketBytesReadAtResponse: number | undefined;
  /** `open` while answering; then `finished` or `client-gone` (the connection closed before the answer ended). */
  outcome: 'open' | 'finished' | 'client-gone';
}

export interface TrackedRoute {
  /** The route's URL, `http://127.0.0.1:PORT/api/stream`, and its origin. */
  readonly url: string;
  readonly origin: string;
  readonly exchanges: readonly RouteExchange[];
  openSockets(): number;
  readonly peakSockets: number;
  /** Requests being answered now, and the most at once. */
  openExchanges(): number;
  readonly peakOpenExchanges: number;
  forgetExchanges(): void;
  /**
   * How many of the requests received so far (their Node `IncomingMessage`) are still reachable. Call it after a
   * forced garbage collection: once a request has ended, nothing should keep it.
   */
  retainedRequests(): number;
  close(): Promise<void>;
}

/**
 * Serves a Web-standard route on 127.0.0.1 through @hono/node-server (as Node hosts an edge route), counting
 * sockets and requests: how many are open, the most at once, and how each request ended. Idle keep-alive sockets
 * are closed after `keepAliveTimeoutMs` (default 3,000; fetch's undici then keeps them 1 s and reuses them), so a
 * test can wait for "no open socket".
 */
export async function serveTrackedRoute(
  route: (request: Request) => Response | Promise<Response>,
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<TrackedRoute> {
  const listener = getRequestListener(route);
  let exchanges: RouteExchange[] = [];
  const received: WeakRef<IncomingMessage>[] = [];
  const sockets = new Set<Socket>();
  let peakSockets = 0;
  let open = 0;
  let peakOpen = 0;

  const server = createServer((req, res: ServerResponse) => {
    const origin = req.headers.origin;
    const exchange: RouteExchange = {
      method: req.method ?? '',
      path: req.url ?? '',
      receivedAt: performance.now(),
      origin: Array.isArray(origin) ? origin[0] : origin,
      status: undefined,
      socketBytesReadAtResponse: undefined,
      outcome: 'open',
    };
    exchanges.push(exchange);
    received.push(new WeakRef(req));
    open++;
    peakOpen = Math.max(peakOpen, open);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      exchange.status = typeof args[0] === 'number' ? args[0] : res.statusCode;
      exchange.socketBytesReadAtResponse = req.socket.bytesRead;
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    res.on('close', () => {
      exchange.status ??= res.statusCode;
      exchange.outcome = res.writableFinished ? 'finished' : 'client-gone';
      open--;
    });
    void listener(req, res);
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 3_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    peakSockets = Math.max(peakSockets, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/stream`,
    origin,
    get exchanges() {
      return exchanges;
    },
    openSockets: () => sockets.size,
    get peakSockets() {
      return peakSockets;
    },
    openExchanges: () => open,
    get peakOpenExchanges() {
      return peakOpen;
    },
    forgetExchanges() {
      exchanges = [];
    },
    retainedRequests: () => received.filter((ref) => ref.deref() !== undefined).length,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
