import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/** A request line: where a new request starts on a connection (clients here never pipeline). */
const REQUEST_LINE = /^([A-Z]+) \S+ HTTP\/1\.1\r\n/;

export interface ResponseCuttingOptions {
  /** After how many bytes of a response (from its status line) the connection is cut; drawn per response. */
  nextCut: (method: string) => number;
  /**
   * Methods whose responses are cut only after their first SSE event has passed (the budget counts from there).
   * A durable stream's POST needs it: until its first event arrives the client knows neither that the stream is
   * durable nor its position, so a cut there cannot be resumed.
   */
  spareFirstEventOf?: readonly string[];
}

/**
 * A TCP pass-through on 127.0.0.1 that cuts each HTTP response after a number of bytes drawn for it, with a reset on
 * both sides, as when a network drops mid-stream. Unlike `startCuttingLink` (one budget per connection), a kept-alive
 * connection draws a new budget for each request on it, so a reused connection is not cut at a leftover offset.
 */
export async function startResponseCuttingLink(targetPort: number, options: ResponseCuttingOptions) {
  const sockets = new Set<Socket>();
  let cuts = 0;
  const server = createServer((near) => {
    const far = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(near).add(far);
    let left = Number.POSITIVE_INFINITY;
    /** The response so far while its first event is spared, or undefined once the budget counts. */
    let head: string | undefined;
    near.on('data', (data: Buffer) => {
      const method = REQUEST_LINE.exec(data.toString('latin1', 0, 64))?.[1];
      if (method !== undefined) {
        left = options.nextCut(method);
        head = options.spareFirstEventOf?.includes(method) ? '' : undefined;
      }
      far.write(data);
    });
    far.on('data', (data: Buffer) => {
      if (left <= 0) return;
      let counted = data;
      if (head !== undefined) {
        const before = head.length;
        head += data.toString('latin1');
        // The first event ends with a blank line after the headers' own blank line.
        const bodyAt = head.indexOf('\r\n\r\n');
        const eventEnd = bodyAt < 0 ? -1 : head.indexOf('\n\n', bodyAt + 4);
        if (eventEnd < 0) {
          near.write(data);
          return;
        }
        head = undefined;
        near.write(data.subarray(0, eventEnd + 2 - before));
        counted = data.subarray(eventEnd + 2 - before);
      }
      if (counted.length < left) {
        left -= counted.length;
        near.write(counted);
        return;
      }
      near.write(counted.subarray(0, left), () => {
        cuts++;
        near.resetAndDestroy();
        far.resetAndDestroy();
      });
      left = 0;
    });
    for (const socket of [near, far]) {
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        (socket === near ? far : near).destroy();
      });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: (target: string) => Object.assign(new URL(target), { port: String(port) }).href,
    get cuts() {
      return cuts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
