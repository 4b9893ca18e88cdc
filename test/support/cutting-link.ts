import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 that cuts every connection after some bytes from the server: the bytes up to the
 * cut pass (often half an SSE event), then both sides get a reset, as when a network drops mid-stream.
 * `nextCut()` says, for each connection, after how many bytes.
 */
export async function startCuttingLink(targetPort: number, nextCut: () => number) {
  const sockets = new Set<Socket>();
  let cuts = 0;
  const server = createServer((near) => {
    const far = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(near).add(far);
    let left = nextCut();
    near.on('data', (data) => far.write(data));
    far.on('data', (data: Buffer) => {
      if (left <= 0) return;
      if (data.length < left) {
        left -= data.length;
        near.write(data);
        return;
      }
      near.write(data.subarray(0, left), () => {
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
