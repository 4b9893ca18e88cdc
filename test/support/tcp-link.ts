import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 in front of a real server: what a test puts between two parties to count
 * their connections and to cut them the way a network or a crashed peer does.
 */
export interface TcpLink {
  /** `target` (a URL of the server behind the link) with the link's port instead. */
  url(target: string): string;
  /**
   * Connections through the link that carried a request (bytes from the near side) and are still open on either
   * side. Connections that never carried one are {@link TcpLink.spare}.
   */
  readonly open: number;
  /**
   * Open connections that never carried a byte: Node's fetch (undici) opens one to the origin when a request on
   * it is aborted, and keeps it in its pool, idle and unref'ed, until its keep-alive timeout.
   */
  readonly spare: number;
  /** Connections made through the link so far. */
  readonly opened: number;
  /**
   * Resets every open connection: both sides get a TCP RST (ECONNRESET), as when a peer crashes or a middlebox
   * drops the connection. Answers the moment it happened (`performance.now()`).
   */
  reset(): number;
  close(): Promise<void>;
}

/** Starts a link to the server listening on 127.0.0.1:`targetPort`. */
export async function startTcpLink(targetPort: number): Promise<TcpLink> {
  const pairs = new Set<{ near: Socket; far: Socket; used: boolean }>();
  let opened = 0;
  const server = createServer((near) => {
    opened++;
    const far = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair = { near, far, used: false };
    pairs.add(pair);
    near.once('data', () => {
      pair.used = true;
    });
    let closed = 0;
    const onClose = () => {
      if (++closed === 2) pairs.delete(pair);
    };
    // Either side going away takes the other with it, as one end-to-end connection would.
    near.on('close', () => {
      far.destroy();
      onClose();
    });
    far.on('close', () => {
      near.destroy();
      onClose();
    });
    near.on('error', () => far.destroy());
    far.on('error', () => near.destroy());
    near.pipe(far);
    far.pipe(near);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The link has no port.');
  const { port } = address;
  return {
    url(target) {
      const url = new URL(target);
      url.port = String(port);
      return url.href;
    },
    get open() {
      return [...pairs].filter((pair) => pair.used).length;
    },
    get spare() {
      return [...pairs].filter((pair) => !pair.used).length;
    },
    get opened() {
      return opened;
    },
    reset() {
      const at = performance.now();
      for (const { near, far } of pairs) {
        near.resetAndDestroy();
        far.resetAndDestroy();
      }
      return at;
    },
    async close() {
      for (const { near, far } of pairs) {
        near.destroy();
        far.destroy();
      }
      server.close();
      await once(server, 'close');
    },
  };
}
